"""Name search over the registry: the one engine behind the web person list and `athar search`.

A query in any script ("Mhd Hasan", "محمد الحسن") is turned into script-independent keys with
`athar.names`; records sharing a key are the candidates (looked up in a stored key index, kept up to
date incrementally); candidates are ranked by `athar.names` name similarity, grouped into the persons
they belong to, and persons ranked by their best record.

Entry points (import from the modules; this app's models load only once Django is ready):
- `athar.search.engine.search_persons(query, *, limit) -> SearchResult`
- `athar.search.index.refresh_index() -> int`

What it cannot do: it finds names, not people. A hit is a candidate for a caseworker to check,
never a confirmed identity. Names written in a script the name engine does not know (Kurdish
Latin with diacritics is folded, Cyrillic is not) are matched only within their own script."""
