"""`--compare COLUMN[:KIND]`: extra columns as evidence, through Splink's comparison library."""

from __future__ import annotations

import csv
import json

import pytest

from athar.bench import make_challenge
from athar.errors import InputError
from athar.linkage.extra_columns import ExtraColumn, parse_compare
from athar.linkage.incremental import link_new
from athar.linkage.pipeline import link


def test_it_parses_kinds_and_reports_every_bad_option_at_once():
    assert parse_compare(["address", "phone:PHONE", "detainee number:id"]) == [
        ExtraColumn("address", "text"), ExtraColumn("phone", "phone"), ExtraColumn("detainee number", "id")]
    with pytest.raises(InputError) as error:
        parse_compare(["address:fuzzy", "national_id", "address", ":id"])
    message = str(error.value)
    assert "unknown kind 'fuzzy'" in message and "already compares" in message and "no column name" in message


@pytest.mark.parametrize(("kind", "written", "normalised"), [
    ("text", "  12  Mill   Street ", "12 mill street"),
    ("id", "SN-2013/00042", "sn201300042"),
    ("phone", "+963 (944) 123-456", "944123456"),
    ("phone", "0944 123 456", "944123456"),
    ("exact", "", None),
])
def test_values_are_normalised_by_kind(kind, written, normalised):
    assert ExtraColumn("x", kind).normalise(written) == normalised


def test_the_feature_column_is_an_sql_identifier():
    assert ExtraColumn("Detainee No. (Saydnaya)").feature == "extra_detainee_no_saydnaya"


def test_a_compared_column_is_weighed_saved_with_the_model_and_used_by_incremental_runs(tmp_path):
    made = make_challenge("latin-classic", 400, seed=2, out_dir=tmp_path / "data")
    out = tmp_path / "out"
    link(list(made.records), out, link_only=True, compare=["address", "postcode:exact"])
    with (out / "pairs.csv").open(encoding="utf-8") as handle:
        explanations = [row["explanation"] for row in csv.DictReader(handle)]
    assert any("extra_address=" in e for e in explanations)
    assert any("extra_postcode=Exact match" in e for e in explanations)
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert model["training"]["compare"] == ["address:text", "postcode:exact"]
    # A new record matched against the run gets the same extra columns.
    with made.records[1].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        row, fields = next(reader), reader.fieldnames or []
    new = tmp_path / "new.csv"
    with new.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow({**row, "source": "list_c", "record_id": "c1"})
    link_new([new], out, tmp_path / "inc")
    with (tmp_path / "inc" / "pairs.csv").open(encoding="utf-8") as handle:
        assert any("extra_address=" in r["explanation"] for r in csv.DictReader(handle))


def test_a_column_missing_from_the_input_is_refused_with_its_name(tmp_path):
    made = make_challenge("latin-classic", 50, seed=2, out_dir=tmp_path / "data")
    with pytest.raises(InputError, match="no such column") as error:
        link(list(made.records), tmp_path / "out", compare=["adress"])
    assert error.value.column == "adress"
