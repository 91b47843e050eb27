"""A small named world for the review tests (docs/users.md): Omar the data manager, Rima the
caseworker, Reem the reviewer, Sami the analyst, Nour a caseworker of another team.

Records (all arrested at Saydnaya in June 2012):
- F-1 محمد أحمد خليل الحسن (family reports) and N-1 Mohammad Ahmad Khalil Al-Hasan (NGO list): one man;
- W-1 محمد الحسن (witness): a thin record, name and family only, that fits him and F-2;
- F-2 محمد علي الحسن: another man (his father is Ali);
- S-1 in a restricted source nobody but Omar was granted.
`linked_world` puts them in persons as the linker did (F-1, N-1, W-1, F-2 in one person — chained
through W-1 — S-1 alone) and queues the pairs a run leaves uncertain."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import make_cast, make_record, make_source

from athar.registry.grants import grant_source
from athar.registry.models import Record, Sensitivity
from athar.registry.services import apply_clusters
from athar.review.models import CandidateKind, CandidatePair

RECORDS = [
    ("F-1", "family_reports", {"first_name": "محمد", "father_name": "أحمد", "grandfather_name": "خليل",
                               "family_name": "الحسن", "mother_name": "فاطمة", "sex": "M"}),
    ("N-1", "ngo_list", {"first_name": "Mohammad", "father_name": "Ahmad", "grandfather_name": "Khalil",
                         "family_name": "Al-Hasan", "mother_name": "Fatima", "sex": "M"}),
    ("W-1", "witness", {"full_name": "محمد الحسن"}),
    ("F-2", "family_reports", {"first_name": "محمد", "father_name": "علي", "family_name": "الحسن", "sex": "M"}),
    ("S-1", "secret_list", {"first_name": "محمد", "father_name": "أحمد", "family_name": "الحسن", "sex": "M"}),
]


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return make_cast()


def make_world(cast: dict[str, Any]) -> dict[str, Record]:
    records = {}
    for record_id, source_name, names in RECORDS:
        sensitivity = Sensitivity.RESTRICTED if source_name == "secret_list" else Sensitivity.INTERNAL
        source = make_source(source_name, sensitivity=sensitivity)
        records[record_id] = make_record(record_id, source=source, event_type="arrest", event_date="2012-06",
                                         event_place="Saydnaya", **names)
    grant_source(make_source("secret_list"), actor=None, user=cast["omar"])
    return records


def make_pair(a: Record, b: Record, probability: float, kind: str = CandidateKind.BAND,
              explanation: str = "given=exact +0.2; father=different -4.4; arrest_date=same month +6.4") -> CandidatePair:
    left, right = sorted((a, b), key=lambda r: r.pk)
    return CandidatePair.objects.create(left=left, right=right, match_probability=probability,
                                        kind=kind, run_id="test-run", explanation=explanation)


@pytest.fixture
def world(cast: dict[str, Any]) -> dict[str, Any]:
    records = make_world(cast)
    apply_clusters([("family_reports", "F-1", "c1"), ("ngo_list", "N-1", "c1"), ("witness", "W-1", "c1"),
                    ("family_reports", "F-2", "c1"), ("secret_list", "S-1", "c2")], run_id="test-run")
    records = {k: Record.objects.get(pk=r.pk) for k, r in records.items()}
    pairs = {
        "F1-F2": make_pair(records["F-1"], records["F-2"], 0.479),
        "W1-F2": make_pair(records["W-1"], records["F-2"], 0.943, CandidateKind.AMBIGUOUS),
        "F1-S1": make_pair(records["F-1"], records["S-1"], 0.61),
    }
    return {**cast, "records": records, "pairs": pairs}
