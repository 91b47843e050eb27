"""athar.stats: what analysts see — counts of persons (linked clusters, never records) by fate,
governorate, year of arrest, sex, age group and source, with small cells suppressed, as tables, CSV
and charts; and multiple systems estimation from the registry's linked persons (athar.estimation).

Nothing here returns a name or a record-level field: every output is a count of five or more, or
"fewer than 5"."""
