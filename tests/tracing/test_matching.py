"""Matching a request against the registry's persons with the linker's incremental path."""

from __future__ import annotations

import pytest
from tests.tracing.conftest import BROTHER, STRANGER

from athar.interchange import PartialDate
from athar.tracing.intake import create_request
from athar.tracing.matching import match_request

pytestmark = pytest.mark.django_db


def _description(values: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = dict(values)
    for name in ("birth_date", "last_seen_on"):
        out[name] = PartialDate.parse(values[name])
    return out


def test_it_ranks_the_brother_first(linked_registry, cast):
    rima = cast["rima"]
    request = create_request(description=_description(BROTHER), requester={"relationship": "sister"}, actor=rima)
    summary = match_request(request, actor=rima)
    candidates = list(request.candidates.order_by("rank"))
    assert summary.candidates == len(candidates) >= 1
    assert candidates[0].person == linked_registry["brother"]
    assert candidates[0].match_probability >= 0.9


def test_a_stranger_gets_no_confident_candidate(linked_registry, cast):
    rima = cast["rima"]
    request = create_request(description=_description(STRANGER), requester={}, actor=rima)
    match_request(request, actor=rima)
    assert not request.candidates.filter(match_probability__gte=0.5).exists()
