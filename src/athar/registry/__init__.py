"""The case registry: sources and their records (kept verbatim), the persons they are resolved into,
the events they report, the places (gazetteer and facilities) they name, and the fate claims they
support. Every write goes through `athar.registry.services`; reads shared by views and the CLI are in
`athar.registry.queries`."""
