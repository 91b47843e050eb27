"""`tokens.similarity_bound`: never below the similarity it bounds (the linker's SQL skips the
name engine on the pairs the bound rules out, so a bound too low would hide a close name)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from athar.names import lexicon
from athar.names.tokens import _canonical_similarity, form_weight, hard_letters, similarity_bound

# Canonical forms are ASCII letters; the digraphs and the letters that the comparison form
# rewrites (kh, sh, q, c, p, v, o) are all in this alphabet.
_TOKENS = st.text(alphabet="abdefghijklmnopqrstuvwxyz'", min_size=1, max_size=12)


def _exact(a: str, b: str) -> float:
    return 1.0 if a == b else _canonical_similarity(a, b)


@settings(max_examples=3000, deadline=None)
@given(_TOKENS, _TOKENS)
def test_the_bound_is_never_below_the_similarity(a: str, b: str) -> None:
    assert similarity_bound(a, b) >= _exact(a, b) - 1e-12


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(sorted(lexicon.get().freq)), st.data())
def test_the_bound_holds_for_listed_names_and_their_damaged_copies(name: str, data: st.DataObject) -> None:
    # One letter dropped, doubled or changed: the near misses the fuzzy levels exist for.
    i = data.draw(st.integers(0, len(name) - 1))
    letter = data.draw(st.sampled_from("aeiubdhklmnrstwy"))
    for other in (name[:i] + name[i + 1:], name[:i] + name[i] + name[i:], name[:i] + letter + name[i + 1:]):
        if other:
            assert similarity_bound(name, other) >= _exact(name, other) - 1e-12


def test_the_bound_rules_out_different_names_and_keeps_close_ones() -> None:
    assert similarity_bound("ahmad", "khalil") < 0.85
    assert similarity_bound("jlad", "jalad") == 1.0  # only vowels differ
    assert similarity_bound("hariri", "harir") == 1.0


def test_the_letters_are_those_of_the_comparison_form() -> None:
    # q and k are one letter there, y and w are left out, vowels weigh 0.3.
    assert hard_letters("qasim") == hard_letters("kasim")
    assert hard_letters("yusuf") == hard_letters("sif")
    assert form_weight("ali") == 1.0 + 0.3 + 0.3
