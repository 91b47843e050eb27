"""The records CSV and link outputs of shared/spec/interchange.md: stable formats others rely on.

Reading never drops a row: every row comes back either as a `RecordRow` or as a `RowProblem`
naming file, row and column, so the caller can import it or quarantine it."""

from athar.interchange.dates import (
    AmbiguousDateError,
    DateOrder,
    DatePrecision,
    PartialDate,
    YearPart,
    read_date,
)
from athar.interchange.read import (
    Preview,
    ReadResult,
    RecordRow,
    RowProblem,
    declared_date_order,
    header_key,
    match_columns,
    preview_records,
    read_many,
    read_records,
    suggest_field,
)
from athar.interchange.schema import (
    COLUMNS,
    EVENT_TYPE_WORDS,
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
    "HEADER_SUGGESTIONS",
    "Preview",
    "preview_records",
    "suggest_field",
    "EVENT_TYPE_WORDS",
    "AmbiguousDateError",
    "DateOrder",
    "YearPart",
    "declared_date_order",
    "header_key",
    "match_columns",
    "read_date",
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
