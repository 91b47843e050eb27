"""The records CSV and link outputs of shared/spec/interchange.md: stable formats others rely on.

Reading never drops a row: every row comes back either as a `RecordRow` or as a `RowProblem`
naming file, row and column, so the caller can import it or quarantine it."""

from athar.interchange.dates import DatePrecision, PartialDate
from athar.interchange.read import ReadResult, RecordRow, RowProblem, read_many, read_records
from athar.interchange.schema import (
    COLUMNS,
    NAME_COLUMNS,
    REQUIRED_COLUMNS,
    EventType,
    Sex,
)
from athar.interchange.write import (
    CLUSTER_COLUMNS,
    PAIR_COLUMNS,
    neutralise_cell,
    neutralise_sql,
    restore_cell,
    restore_sql,
    write_clusters,
    write_pairs,
)

__all__ = [
    "CLUSTER_COLUMNS",
    "COLUMNS",
    "NAME_COLUMNS",
    "PAIR_COLUMNS",
    "REQUIRED_COLUMNS",
    "DatePrecision",
    "EventType",
    "PartialDate",
    "ReadResult",
    "RecordRow",
    "RowProblem",
    "Sex",
    "neutralise_cell",
    "neutralise_sql",
    "read_many",
    "read_records",
    "restore_cell",
    "restore_sql",
    "write_clusters",
    "write_pairs",
]
