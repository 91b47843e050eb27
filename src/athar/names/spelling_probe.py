"""Every true cross-script pair of the synthetic generator's names, scored by athar.names.

The generator (`athar.synth`, written independently of this package) keeps, for each of its given
and family names, the Arabic spellings clerks write and the Latin spellings of the English and
French habits, each with how often it is used. Scoring every (Arabic spelling, Latin spelling)
pair of one name finds whole classes of misreadings at once (د + ه read as ذ, a doubled letter
folded into one, a compound suffix not recognised), which a sample of full names only hints at.

Limits: one-part names only (the name engine's token level plus what a one-part name gets from
`compare_canonical`); the generator's habits are rules, so some spellings are ones no clerk writes
(سمير as "Samer", a Latin spelling of another dictionary name), and those stay below the
threshold by design: two dictionary names are two names.
"""

from __future__ import annotations

from dataclasses import dataclass

from athar.names.compare import NAME_MATCH_THRESHOLD, compare_canonical
from athar.names.romanise import canonical_tokens


@dataclass(frozen=True, slots=True)
class ProbedPair:
    score: float
    kind: str  # m, f or family
    arabic: str
    latin: str
    weight: float  # how often the generator writes this pair, relative to the others


def _shares(cumulative: tuple[float, ...]) -> list[float]:
    return [(c - (cumulative[i - 1] if i else 0.0)) / cumulative[-1] for i, c in enumerate(cumulative)]


def probe() -> list[ProbedPair]:
    """All true pairs, lowest score first."""
    from athar.synth.lexicon import lexicon

    lex = lexicon()
    out: list[ProbedPair] = []
    for kind, group in (("m", lex.male), ("f", lex.female), ("family", lex.family)):
        for name in group:
            arabic, ar_cum = name.arabic_table
            ar_shares = _shares(ar_cum)
            for latin, lat_cum in name.latin_tables.values():
                for a, wa in zip(arabic, ar_shares, strict=True):
                    ca = canonical_tokens(a)
                    for la, wl in zip(latin, _shares(lat_cum), strict=True):
                        score = compare_canonical(ca, canonical_tokens(la))
                        out.append(ProbedPair(score, kind, a, la, wa * wl * name.weight))
    out.sort(key=lambda p: (p.score, -p.weight))
    return out


def report(pairs: list[ProbedPair], *, lowest: int = 15) -> list[str]:
    """Share of the pairs (weighted by use) below `NAME_MATCH_THRESHOLD`, per kind, and the
    most used of the lowest-scoring pairs."""
    lines = [f"Synthetic generator's names, every Arabic x Latin spelling of one name ({len(pairs)} true pairs):"]
    for kind in ("m", "f", "family"):
        mine = [p for p in pairs if p.kind == kind]
        total = sum(p.weight for p in mine)
        below = sum(p.weight for p in mine if p.score < NAME_MATCH_THRESHOLD)
        count = sum(1 for p in mine if p.score < NAME_MATCH_THRESHOLD)
        lines.append(f"  {kind}: {count} of {len(mine)} pairs below {NAME_MATCH_THRESHOLD}; "
                     f"weighted by use {below / total:.2%}")
    # The same two spellings come from both Latin habits: one entry, their uses added.
    misses: dict[tuple[str, str], list[float]] = {}
    for p in pairs:
        if p.score < NAME_MATCH_THRESHOLD:
            entry = misses.setdefault((p.arabic, p.latin), [p.score, 0.0])
            entry[1] += p.weight
    worst = sorted(misses.items(), key=lambda item: -item[1][1])[:lowest]
    lines.append("  most used pairs below the threshold: "
                 + "; ".join(f"{arabic} / {latin} {score:.2f}" for (arabic, latin), (score, _) in worst))
    return lines
