"""Exports of personal data: requested by one person, approved by another, built only after the
approval from what the requester may see, stored encrypted, downloaded by the requester alone a
limited number of times before an expiry. Every step is audited (export_request, export_approve,
export). See docs/exports.md."""
