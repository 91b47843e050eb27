"""Fuzzing the reader (hypothesis): no crash on any bytes, and no row lost from a well-formed file."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athar.errors import InputError
from athar.interchange import read_records

HEADER = ["record_id", "source", "full_name", "birth_date", "event_type"]
CELL = st.one_of(st.text(alphabet=list("aZ7 م،محمد,;\"'\n\r\t=+-@/.٣\x1b\u202e"), max_size=12),
                 st.sampled_from(["2013", "صيف 2012", "اعتقال", "03/04/2013", "1433 هـ", '"x" y']))


def _read(data: bytes) -> object:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.csv"
        path.write_bytes(data)
        try:
            return read_records(path, default_source="fuzz")
        except InputError as error:
            assert error.file == str(path) or str(path) in str(error.file)  # noqa: PT017 - names the file
            return error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_it_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    _read(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_it_never_crashes_on_bytes_after_a_good_header(data: bytes) -> None:
    _read(b"record_id,source,full_name\n" + data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=0, max_size=7), max_size=12),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), st.sampled_from([",", ";", "\t"]))
def test_every_written_row_comes_back_or_the_file_is_refused(rows: list[list[str]], encoding: str,
                                                            delimiter: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    result = _read(buffer.getvalue().encode(encoding))
    if isinstance(result, InputError):
        return  # the whole file refused, with its name: nothing silently half-read
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert len(result.rows) == len(expected)  # type: ignore[attr-defined]
    for written, row in zip(expected, result.rows, strict=True):  # type: ignore[attr-defined]
        if "(line as written)" in row.raw:  # a row the grammar refused: kept whole, never usable
            assert not row.is_usable
            continue
        assert [row.raw[h] for h in HEADER] == (written + [""] * len(HEADER))[: len(HEADER)]
