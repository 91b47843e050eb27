"""`search_persons`: candidates from the key index, ranked persons, records grouped under them."""

from __future__ import annotations

import pytest
from tests.factories import make_record, make_source

from athar.registry.models import Record
from athar.registry.services import apply_clusters
from athar.search import engine, keys
from athar.search.engine import search_persons
from athar.search.index import pending_count, refresh_index
from athar.search.keys import INDEXED_FIELDS
from athar.search.models import IndexedRecord, NameKey

pytestmark = pytest.mark.django_db

# Ten fathers' names, so that the register's names are ten different men.
FATHERS = ("خالد", "سعيد", "حسين", "عمر", "علي", "حسن", "يوسف", "كريم", "وليد", "زياد", "فراس")


def _hasan_family() -> dict[str, Record]:
    family = make_source("family_reports")
    registry = make_source("civil_registry")
    ngo = make_source("ngo_list")
    records = {
        "FR-1": make_record("FR-1", source=family, full_name="محمد أحمد الحسن"),
        "CR-7": make_record("CR-7", source=registry, first_name="Mhd", father_name="Ahmad", family_name="Al-Hasan"),
        "FR-2": make_record("FR-2", source=family, full_name="محمد الحسن"),
        "FR-3": make_record("FR-3", source=family, full_name="محمود حسين العلي"),
        "NL-4": make_record("NL-4", source=ngo, full_name="Mohamad Hassan", national_id="02010123456"),
    }
    apply_clusters([("family_reports", "FR-1", "a"), ("civil_registry", "CR-7", "a"),
                    ("family_reports", "FR-2", "b"), ("family_reports", "FR-3", "c")], run_id="test")
    return records


def test_it_finds_arabic_records_from_a_latin_query() -> None:
    records = _hasan_family()
    result = search_persons("Mhd Hasan", limit=10)
    found = {r.record_id for hit in result.hits for r in hit.records}
    assert {"FR-1", "CR-7", "FR-2", "NL-4"} <= found
    assert "FR-3" not in found  # محمود حسين is another man
    assert records["FR-3"].pk not in {r.record_pk for hit in result.hits for r in hit.records}


def test_it_groups_the_records_of_one_person_under_one_rank() -> None:
    _hasan_family()
    result = search_persons("Mhd Hasan", limit=10)
    person_a = next(hit for hit in result.hits if any(r.record_id == "FR-1" for r in hit.records))
    assert {r.record_id for r in person_a.records} == {"FR-1", "CR-7"}
    assert person_a.public_id and person_a.public_id.startswith("P-")
    assert [hit.rank for hit in result.hits] == list(range(1, len(result.hits) + 1))


def test_it_ranks_the_exact_name_first() -> None:
    _hasan_family()
    result = search_persons("محمد الحسن", limit=10)
    assert [r.record_id for r in result.hits[0].records] == ["FR-2"]
    assert result.hits[0].score >= result.hits[1].score


def test_it_keeps_a_record_without_a_person_on_its_own() -> None:
    _hasan_family()
    result = search_persons("Mhd Hasan", limit=10)
    loose = [hit for hit in result.hits if hit.person_pk is None]
    assert [[r.record_id for r in hit.records] for hit in loose] == [["NL-4"]]
    assert loose[0].public_id is None


def test_it_counts_persons_against_the_limit_and_says_when_more_matched() -> None:
    _hasan_family()
    result = search_persons("Mhd Hasan", limit=1)
    assert len(result.hits) == 1
    assert result.is_truncated
    assert not search_persons("Mhd Hasan", limit=10).is_truncated


def test_it_finds_a_record_by_its_id_or_national_id() -> None:
    _hasan_family()
    assert [r.record_id for r in search_persons("CR-7", limit=5).hits[0].records] == ["CR-7"]
    assert [r.record_id for r in search_persons("02010123456", limit=5).hits[0].records] == ["NL-4"]


def test_it_indexes_records_added_after_the_last_search() -> None:
    _hasan_family()
    search_persons("Mhd Hasan", limit=10)
    make_record("LATE-1", source=make_source("late_list"), full_name="Muhammad al-Hasan")
    assert pending_count() == 1
    found = {r.record_id for hit in search_persons("Mhd Hasan", limit=10).hits for r in hit.records}
    assert "LATE-1" in found
    assert pending_count() == 0


def test_it_reindexes_when_the_key_function_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    _hasan_family()
    assert refresh_index() == 5
    assert refresh_index() == 0
    monkeypatch.setattr(keys, "fingerprint", lambda: "another-version")
    from athar.search import index

    monkeypatch.setattr(index, "fingerprint", lambda: "another-version")
    assert pending_count() == 5
    assert refresh_index() == 5
    assert set(IndexedRecord.objects.values_list("fingerprint", flat=True)) == {"another-version"}
    # Outdated entries are counted on both sides of the current fingerprint (two index ranges).
    for version in ("0-sorts-before", "~sorts-after"):
        monkeypatch.setattr(index, "fingerprint", lambda version=version: version)
        assert pending_count() == 5
        assert refresh_index() == 5
        assert pending_count() == 0
    assert NameKey.objects.filter(key="muhammad").count() == 4  # no duplicated keys after re-indexing


def test_it_stores_keys_shared_by_both_scripts() -> None:
    records = _hasan_family()
    refresh_index()
    arabic = set(NameKey.objects.filter(record=records["FR-1"]).values_list("key", flat=True))
    latin = set(NameKey.objects.filter(record=records["CR-7"]).values_list("key", flat=True))
    assert {"muhammad", "ahmad", "hasan"} <= arabic & latin


def test_it_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="limit"):
        search_persons("Mhd Hasan", limit=0)


@pytest.mark.parametrize(("chunk", "window"), [(2, 4), (1000, 4), (2, 1), (1000, 1)])
def test_it_caps_candidates_among_the_records_the_caller_may_read(monkeypatch: pytest.MonkeyPatch,
                                                                  chunk: int, window: int) -> None:
    """A restricted source holding the best-keyed records must not use up the candidate cap of a
    caseworker who cannot read it: the readable match further down is still found."""
    from tests.factories import make_cast

    from athar.registry.access import visible_records
    from athar.registry.choices import Sensitivity
    from athar.search import engine

    cast = make_cast()
    hidden = make_source("hidden_list", sensitivity=Sensitivity.RESTRICTED)
    shown = make_source("shown_list", sensitivity=Sensitivity.PUBLIC)
    for n in range(6):  # created first: lower primary keys, so they win every tie in the ranking
        make_record(f"H-{n}", source=hidden, full_name="محمد أحمد الحسن")
    make_record("S-1", source=shown, full_name="محمد أحمد الحسن")
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(engine, "_FETCH_CHUNK", chunk)
    # window 1: the first LIMITed look (3 records, all hidden) finds nothing readable and the whole
    # ranking is read; window 4: the first look holds every record sharing a key.
    monkeypatch.setattr(engine, "_FIRST_WINDOW", window)
    records = visible_records(cast["rima"])
    for narrow in (False, True):
        result = search_persons("محمد أحمد الحسن", limit=10, records=records, narrow_candidates=narrow)
        assert [[r.record_id for r in hit.records] for hit in result.hits] == [["S-1"]]
    # An administrator still gets the cap's worth, best-keyed first.
    everything = search_persons("محمد أحمد الحسن", limit=10, records=visible_records(cast["yusuf"]))
    assert sorted(r.record_id for hit in everything.hits for r in hit.records) == ["H-0", "H-1", "H-2"]


def test_a_common_given_name_selects_through_its_pair_with_the_family_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """When محمد holds more index entries than a search may read, its records are not candidates
    for sharing محمد alone; محمد with the family name (a pair key) ranks the right record first."""
    from athar.search import engine

    source = make_source("family_reports")
    for n in range(8):
        make_record(f"M-{n}", source=source, full_name=f"محمد {['عمر', 'خالد', 'سعيد', 'علي'][n % 4]} الحسن")
    make_record("F-1", source=source, full_name="محمد عمر خالد الفهد")
    make_record("F-2", source=source, full_name="عمر محمد الفهد")  # Omar son of Muhammad: no pair with محمد first
    refresh_index()
    monkeypatch.setattr(engine, "POSTINGS_BUDGET", 8)
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 2)
    result = search_persons("Mohammad Fahd", limit=10)
    assert [r.record_id for hit in result.hits for r in hit.records] == ["F-1", "F-2"]
    assert result.candidates == 2


def test_a_search_narrowed_by_filters_reads_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within one facility or year a common name's few records may share nothing else with the
    query: the postings budget is for searches over everything the caller may read."""
    from athar.search import engine

    source = make_source("family_reports")
    for n in range(6):
        make_record(f"M-{n}", source=source, full_name="محمد سعيد العلي")
    make_record("T-1", source=source, full_name="محمد خالد سعيد الفهد")  # محمد and سعيد, not as a pair
    make_record("T-2", source=source, full_name="عمر الحسن")
    refresh_index()
    monkeypatch.setattr(engine, "POSTINGS_BUDGET", 1)
    one = Record.objects.filter(record_id__in=["T-1", "T-2"])
    broad = search_persons("Mohammad Said", limit=10, records=one)
    narrow = search_persons("Mohammad Said", limit=10, records=one, narrow_candidates=True)
    assert [r.record_id for hit in broad.hits for r in hit.records] == []
    assert [r.record_id for hit in narrow.hits for r in hit.records] == ["T-1"]


def test_it_tells_which_records_a_search_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """`candidate_ids`: the records `search_persons` scores, best-keyed first (a benchmark asks
    whether a missed record was retrieved at all)."""
    from athar.search import engine
    from athar.search.engine import candidate_ids

    records = _hasan_family()
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 3)
    picked = candidate_ids("Mhd Ahmad Hasan")
    assert len(picked) == search_persons("Mhd Ahmad Hasan", limit=10).candidates == 3
    assert picked[:2] == sorted([records["FR-1"].pk, records["CR-7"].pk])  # they hold all three names
    assert records["FR-3"].pk not in picked
    assert candidate_ids("02010123456") == [records["NL-4"].pk]  # a national ID finds its record


@pytest.mark.parametrize(("factor", "found"), [(1.0, False), (2.0, True)])
def test_a_short_list_entry_is_a_candidate_through_the_given_and_family_name(
        monkeypatch: pytest.MonkeyPatch, factor: float, found: bool) -> None:
    """A list that writes given and family name only shares one pair key with a four-part query;
    longer records sharing its middle parts sum more keys. The first-and-last pair key weighs
    double (`ENDS_PAIR_FACTOR`), so the short entry stays among the candidates."""
    from athar.search import engine

    source = make_source("ngo_list")
    for n, family in enumerate(["Al-Khalid", "Al-Hasan", "Al-Omar"]):
        make_record(f"L-{n}", source=source, full_name=f"Osama Abdullah Walid {family}")
    # As at a million records, the query's other parts are common names: each weighs little.
    for n in range(6):
        make_record(f"O-{n}", source=source, full_name="Omar Al-Mohammad")
    for n in range(12):
        make_record(f"W-{n}", source=source, full_name="Walid Abdullah Al-Ali")
    make_record("T-1", source=source, full_name="Osama Al-Mohammad")
    refresh_index()
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(engine, "ENDS_PAIR_FACTOR", factor)
    picked = engine.candidate_ids("اسامة عبدالله وليد المحمد")
    assert (Record.objects.get(record_id="T-1").pk in picked) is found


def test_a_register_that_writes_family_first_has_its_silent_names_read_in_its_habit() -> None:
    # Among the candidates, the register's names that say their order (the article on the first
    # part) say family first: its منصور أحمد محمد is then Ahmad Mansour, the query's man.
    register = make_source("prison_register")
    reports = make_source("family_reports")
    make_record("R-1", source=register, full_name="منصور أحمد محمد")
    for i in range(engine.MIN_ROWS_FOR_HABIT):
        make_record(f"R-{i + 2}", source=register, full_name=f"المنصور {FATHERS[i]} أحمد")
    make_record("F-1", source=reports, full_name="منصور أحمد محمد")  # a family report: given first
    result = search_persons("Ahmad Mansur", limit=20)
    scores = {r.record_id: r.score for hit in result.hits for r in hit.records}
    assert scores["R-1"] > scores.get("F-1", 0.0)
    assert scores["R-1"] == max(scores.values())


def test_too_few_names_that_say_their_order_decide_no_habit() -> None:
    register = make_source("prison_register")
    make_record("R-1", source=register, full_name="منصور أحمد محمد")
    for i in range(engine.MIN_ROWS_FOR_HABIT - 1):
        make_record(f"R-{i + 2}", source=register, full_name=f"المنصور {FATHERS[i]} أحمد")
    rows = list(Record.objects.values("pk", "source__name", *INDEXED_FIELDS))
    assert engine._family_first_sources(rows) == frozenset()
    make_record("R-99", source=register, full_name=f"المنصور {FATHERS[-1]} أحمد")
    rows = list(Record.objects.values("pk", "source__name", *INDEXED_FIELDS))
    assert engine._family_first_sources(rows) == {"prison_register"}


def test_a_register_row_with_its_parts_is_not_moved_by_the_habit() -> None:
    # The habit is learnt on full names only, and only they are read in it: a row whose parts
    # are given is in Syrian order already, whatever its full name.
    register = make_source("prison_register")
    for i in range(engine.MIN_ROWS_FOR_HABIT):
        make_record(f"R-{i + 2}", source=register, full_name=f"المنصور {FATHERS[i]} أحمد")
    make_record("R-1", source=register, full_name="منصور أحمد محمد")
    make_record("R-P", source=register, full_name="منصور أحمد محمد", first_name="منصور", father_name="أحمد",
                family_name="محمد")
    rows = list(Record.objects.filter(record_id__in=["R-1", "R-P", "R-2"]).order_by("record_id")
                .values("pk", "source__name", *INDEXED_FIELDS))
    rows += list(Record.objects.exclude(record_id__in=["R-1", "R-P", "R-2"]).values("pk", "source__name", *INDEXED_FIELDS))
    scores = engine.score_rows("Ahmad Mansur", rows)
    assert scores[0] > scores[2]  # R-1 read family first; R-P as its parts say (Mansour son of Ahmad)
