"""The administrator's and data manager's pages: accounts and roles, who may read which source, and
the audit log. Every page checks its capability on the server; every change goes through the
services of athar.accounts and athar.registry (audited there)."""
