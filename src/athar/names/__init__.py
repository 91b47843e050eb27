"""athar.names: Arabic/Latin personal-name matching (pure Python, no Django, no models).

Knows that `محمد أحمد الحسن`, `Mhd Ahmad Al-Hasan` and `Muhammad Ahmed Alhasan` can be one person,
and that محمد/محمود, حسن/حسين, or two brothers with the same father, grandfather and family are not.

- `normalise_arabic`, `normalise_latin`, `detect_script`: matching forms (keep the original for display).
- `parse_name` → `ParsedName` (given, father, grandfather, family, tokens, script).
- `romanise`, `canonical_tokens`: one canonical ASCII form across scripts (lossy; see romanise.py).
- `token_similarity`, `name_similarity`, `compare_canonical` (optional `threshold` for early answers
  below it), `compare_canonical_many`, `token_weight`, `NAME_MATCH_THRESHOLD`.
- `blocking_keys`: short ASCII keys that the Arabic and Latin forms of a name share.

Limits, stated once here and in each module: Arabic romanisation is lossy (short vowels are not
written, so unlisted names meet their Latin spellings only approximately); the dictionary in
`data/` covers common Syrian names only; names alone cannot separate namesakes.
"""

from athar.names.arabic import normalise_arabic
from athar.names.compare import (
    NAME_MATCH_THRESHOLD,
    compare_canonical,
    compare_canonical_many,
    name_similarity,
    token_similarity,
    token_weight,
)
from athar.names.keys import blocking_keys
from athar.names.latin import normalise_latin
from athar.names.parse import ParsedName, detect_script, parse_name
from athar.names.romanise import canonical_tokens, romanise

__all__ = [
    "NAME_MATCH_THRESHOLD",
    "ParsedName",
    "blocking_keys",
    "canonical_tokens",
    "compare_canonical",
    "compare_canonical_many",
    "detect_script",
    "name_similarity",
    "normalise_arabic",
    "normalise_latin",
    "parse_name",
    "romanise",
    "token_similarity",
    "token_weight",
]
