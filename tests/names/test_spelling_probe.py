"""The synthetic generator's names across scripts (`athar.names.spelling_probe`)."""

from __future__ import annotations

from athar.names import NAME_MATCH_THRESHOLD
from athar.names.spelling_probe import probe, report


def test_it_scores_every_true_pair_and_finds_few_below_the_threshold() -> None:
    pairs = probe()
    assert len(pairs) > 50_000
    assert [p.score for p in pairs] == sorted(p.score for p in pairs)
    scores = {(p.arabic, p.latin): p.score for p in pairs}
    # Each of these was below it (score 0) before the romaniser wrote the vowels whose absence
    # was misread, and before Abdool / -den were read as compounds.
    for pair in [("دهني", "AL DAHNI"), ("دهام", "AL DAHHAM"), ("ممنوع", "Mamnu"), ("فالح", "AL FALIH"),
                 ("عبدالرحمن", "Abdool Rahman"), ("نور الدين", "Nur al-Den")]:
        assert scores[pair] >= NAME_MATCH_THRESHOLD
    # Weighted by how often each spelling is written: 1.91 % below before, 1.39 % after.
    total = sum(p.weight for p in pairs)
    assert sum(p.weight for p in pairs if p.score < NAME_MATCH_THRESHOLD) / total < 0.015
    lines = report(pairs)
    assert lines[0].startswith("Synthetic generator's names") and len(lines) == 5
