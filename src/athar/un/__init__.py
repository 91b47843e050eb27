"""UN communications: a case file per registry person holding what the UN mechanisms ask (WGEID,
WGAD, the Special Rapporteur on Torture), readiness per mechanism, generated communications (DOCX,
PDF, JSON) stored encrypted with their SHA-256, and the tracking of each submission for years.

What a mechanism's form looks like, its addresses, deadlines and lifecycle are data
(`athar/un/data/mechanisms.toml`, replaceable with ATHAR_UN_MECHANISMS_CONFIG), not code: the UN
changes forms and working methods, and many of these rules are unverified (docs/un.md)."""
