"""athar.bench: what `athar bench` measures on, and where it writes what it measured.

- `challenges`: small synthetic record sets, each made in code with a fixed seed, for one kind
  of data the project's own generator (`athar.synth`) does not produce: two name-only lists
  across scripts, single-part names, names of non-Arab origin in Arabic script, and classic
  Latin-script lists with typos, swapped names and mistyped IDs. They test how athar's linker
  generalises; they are not a copy of any outside benchmark.
- `results`: dated result files (JSON + a Markdown table, with the command line that made them).

Pure Python: no Django; imports `athar.synth` for its name lists and transliteration habits,
never `athar.names` (a generator built from the matcher would flatter it)."""

from athar.bench.challenges import CHALLENGES, ChallengeSet, make_challenge
from athar.bench.results import ResultFile, write_results

__all__ = ["CHALLENGES", "ChallengeSet", "ResultFile", "make_challenge", "write_results"]
