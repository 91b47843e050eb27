"""The linker on data unlike athar's own generator: names only across scripts, names of
non-Arab origin, classic Latin lists (athar.bench challenge sets, small and seeded)."""

from __future__ import annotations

import pytest

from athar.bench import make_challenge
from athar.linkage.benchmark import pairwise_accuracy
from athar.linkage.pipeline import link


@pytest.mark.parametrize(("name", "min_recall"), [("names-only", 0.85), ("non-arab", 0.75), ("latin-classic", 0.93)])
def test_it_links_lists_that_carry_little_besides_names(name, min_recall, tmp_path):
    # 400 persons make about 680 records: enough to train on (not the shipped default model).
    made = make_challenge(name, 400, seed=7, out_dir=tmp_path / "data")
    result = link(list(made.records), tmp_path / "out", link_only=True)
    accuracy = pairwise_accuracy(tmp_path / "out" / "clusters.csv", made.truth, cross_source_only=True)
    assert result.n_records == made.n_records
    assert accuracy.precision >= 0.95
    assert accuracy.recall >= min_recall, accuracy


def test_a_name_only_list_borrows_the_name_weights_of_the_shipped_model(tmp_path):
    made = make_challenge("names-only", 400, seed=7, out_dir=tmp_path / "data")
    result = link(list(made.records), tmp_path / "out", link_only=True)
    # Two-part names pair no EM session's records: their weights come from the default model.
    assert "given: exact" in result.training["m_from_default_model"]
