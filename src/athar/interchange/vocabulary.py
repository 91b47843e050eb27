"""Read the coded columns of the records CSV (event_type, sex) as sources write them: the
interchange value, or a word for it in Arabic or English (اعتقال → arrest). A word not in the
vocabulary is refused, never guessed."""

from __future__ import annotations

import functools

from athar.interchange.dates import fold
from athar.interchange.schema import EVENT_TYPE_WORDS, EventType, Sex


def _key(text: str) -> str:
    words = fold(text).replace("_", " ").replace("-", " ").split()
    # The Arabic article: "الاعتقال" is "اعتقال". Short words keep theirs (ال alone is not a word).
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words)


_EVENT_TYPES: dict[str, EventType] = {_key(e.value): e for e in EventType}
for _event_type, _words in EVENT_TYPE_WORDS.items():
    for _word in _words:
        _EVENT_TYPES.setdefault(_key(_word), _event_type)

_SEXES: dict[str, Sex] = {_key(w): sex for sex, words in {
    Sex.MALE: ("m", "male", "h", "man", "ذكر"),
    Sex.FEMALE: ("f", "female", "woman", "أنثى"),
}.items() for w in words}


@functools.lru_cache(maxsize=4096)
def read_event_type(text: str) -> EventType | None:
    """The event type a cell names, or None when the word is not in the vocabulary."""
    return _EVENT_TYPES.get(_key(text))


@functools.lru_cache(maxsize=1024)
def read_sex(text: str) -> Sex | None:
    return _SEXES.get(_key(text))
