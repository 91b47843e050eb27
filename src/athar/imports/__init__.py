"""Importing files into the registry: the records CSV pipeline (`services.import_records_file`) and
the quarantine of rows that could not be used (`QuarantinedRow`), kept verbatim with file, row,
column and reason so nothing is ever dropped. Import batches themselves are registry provenance
(`athar.registry.models.ImportBatch`)."""
