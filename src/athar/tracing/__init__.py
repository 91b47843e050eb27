"""Families' tracing requests and their consent, per recipient, to share what they told us.

Consent is recorded per person and recipient (internal documentation, WGEID, WGAD, the Special
Rapporteur on Torture, the IIMP, the National Commission, ICRC, publication), with the date, the
wording shown and who took it. Publication is never assumed. A withdrawal takes effect everywhere at
once because every use asks `has_consent` at the moment of use (exports, UN submissions, sharing
packages), and every such check is audited."""
