"""Challenge sets: two records CSVs (list A, list B) and the truth, made in code with a seed.

Each set holds one kind of data that athar's own generator does not make, so a benchmark can
show how the linker generalises beyond it. Every set is two lists linked with `--link-only`;
a person appears at most once per list; about 70 % of the persons are in both lists.

- `names-only`: 2–3-part Levantine names (given [father] family), nothing else. List A in
  Arabic script as families write it, list B in Latin letters in the English and French habits
  of `athar.synth.styles` (several spellings per name). Namesakes occur as the name
  frequencies make them.
- `single-part`: the same, but a fifth of the persons are known by one part only (a given or
  a family name), the same part in both lists: weak evidence, decisive only when rare.
- `non-arab`: the same, with a third of the persons bearing a Kurdish, Armenian, Assyrian or
  European given or family name, written in Arabic script in list A (ريتشارد واين) and in
  Latin letters in list B (Richard Wayne): names the Arabic name dictionary does not know.
  Their spellings, below, were written for athar.
- `latin-classic`: given and family name, birth date, a national ID, an address and a postcode
  (extra columns), all in Latin letters; list B repeats persons of list A with the classic
  errors: a typo in one or both names, given and family name swapped, an ID one digit off or
  with two adjacent digits transposed, a birth date with day and month swapped, missing values.
- `latin-careless`: `latin-classic` typed as carelessly as the FEBRL benchmark sets: besides its
  errors, some records of list B carry another ID altogether or a birth year with a mistyped
  digit, so that different IDs or distant birth years do not tell two persons apart there.

What the sets cannot show: the statistics of any real list. Names, frequencies and error rates
are plausible choices, written here, not measured."""

from __future__ import annotations

import csv
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from athar.synth.lexicon import Name, lexicon, pick

OVERLAP = 0.7  # share of persons in both lists; the rest are split between A only and B only


@dataclass(frozen=True)
class ChallengeSet:
    name: str
    records: tuple[Path, Path]
    truth: Path
    n_persons: int
    n_records: int


@dataclass(frozen=True)
class _Person:
    person_id: str
    a: dict[str, str]  # the row of list A (without source and record_id)
    b: dict[str, str]


def _lists(rng: random.Random, n_persons: int) -> list[tuple[bool, bool]]:
    """(in A, in B) per person."""
    out = []
    for _ in range(n_persons):
        roll = rng.random()
        out.append((True, True) if roll < OVERLAP else ((True, False) if roll < (1 + OVERLAP) / 2 else (False, True)))
    return out


def _write(out_dir: Path, name: str, persons: list[_Person], presence: list[tuple[bool, bool]],
           columns: tuple[str, ...], rng: random.Random) -> ChallengeSet:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / f"{name}-a.csv", out_dir / f"{name}-b.csv")
    truth_path = out_dir / f"{name}-truth.csv"
    rows: tuple[list[dict[str, str]], list[dict[str, str]]] = ([], [])
    for person, (in_a, in_b) in zip(persons, presence, strict=True):
        if in_a:
            rows[0].append({"person_id": person.person_id, **person.a})
        if in_b:
            rows[1].append({"person_id": person.person_id, **person.b})
    n_records = 0
    with truth_path.open("w", encoding="utf-8", newline="") as handle:
        truth = csv.writer(handle)
        truth.writerow(("source", "record_id", "person_id"))
        for side, (path, side_rows) in enumerate(zip(paths, rows, strict=True)):
            source = f"list_{'ab'[side]}"
            rng.shuffle(side_rows)  # list order tells nothing
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=("source", "record_id", *columns), extrasaction="ignore")
                writer.writeheader()
                for n, row in enumerate(side_rows, start=1):
                    record_id = f"{'ab'[side]}{n:06d}"
                    writer.writerow({"source": source, "record_id": record_id, **row})
                    truth.writerow((source, record_id, row["person_id"]))
                    n_records += 1
    return ChallengeSet(name, paths, truth_path, len(persons), n_records)


# -- Levantine names, names only ---------------------------------------------------------------

def _latin(name: Name, rng: random.Random) -> str:
    style = "en" if rng.random() < 0.7 else "fr"
    return pick(name.latin_tables[style], rng)


@dataclass(frozen=True)
class _Foreign:
    """A name of non-Arab origin: its Latin and Arabic spellings (see `_NON_ARAB_GIVEN`)."""

    latin: tuple[str, ...]
    arabic: tuple[str, ...]

    def written(self, rng: random.Random, script: str) -> str:
        spellings = self.latin if script == "latin" else self.arabic
        # The usual spelling most of the time, another attested one sometimes.
        return spellings[0] if rng.random() < 0.7 else rng.choice(spellings)


_Part = Name | _Foreign


def _written(part: _Part, rng: random.Random, script: str) -> str:
    if isinstance(part, _Foreign):
        return part.written(rng, script)
    return pick(part.arabic_table, rng) if script == "arabic" else _latin(part, rng)


def _levantine(n_persons: int, seed: int, out_dir: Path, *, single_part: float, foreign: float,
               name: str) -> ChallengeSet:
    rng = random.Random(f"{name}:{seed}")
    lex = lexicon()
    foreign_given, foreign_family = _foreign(_NON_ARAB_GIVEN), _foreign(_NON_ARAB_FAMILY)
    persons = []
    for i in range(n_persons):
        is_male = rng.random() < 0.75
        given: _Part = pick((lex.male, lex.male_weights) if is_male else (lex.female, lex.female_weights), rng)
        father: _Part = pick((lex.male, lex.male_weights), rng)
        family: _Part = pick((lex.family, lex.family_weights), rng)
        if rng.random() < foreign:
            # A Kurdish, Armenian, Assyrian or European name: the given name, the family name
            # or both (a Kurdish given name with an Arab family name is common).
            roll = rng.random()
            if roll < 0.7:
                family = rng.choice(foreign_family)
            if roll > 0.3:
                given = rng.choice(foreign_given)
                father = rng.choice(foreign_given) if rng.random() < 0.5 else father
        if rng.random() < single_part:
            parts: tuple[_Part, ...] = (given,) if rng.random() < 0.5 else (family,)
        elif rng.random() < 0.5:
            parts = (given, family)
        else:
            parts = (given, father, family)
        arabic = " ".join(_written(p, rng, "arabic") for p in parts)
        latin = " ".join(_written(p, rng, "latin") for p in parts)
        persons.append(_Person(f"N{i:06d}", {"full_name": arabic}, {"full_name": latin}))
    return _write(out_dir, name, persons, _lists(rng, n_persons), ("full_name",), rng)


def names_only(n_persons: int, seed: int, out_dir: Path) -> ChallengeSet:
    return _levantine(n_persons, seed, out_dir, single_part=0.0, foreign=0.0, name="names-only")


def single_part(n_persons: int, seed: int, out_dir: Path) -> ChallengeSet:
    return _levantine(n_persons, seed, out_dir, single_part=0.2, foreign=0.0, name="single-part")


def non_arab(n_persons: int, seed: int, out_dir: Path) -> ChallengeSet:
    """Names-only lists where a third of the persons have a name of non-Arab origin."""
    return _levantine(n_persons, seed, out_dir, single_part=0.0, foreign=0.33, name="non-arab")


# -- names of non-Arab origin ------------------------------------------------------------------

# Latin spellings | Arabic spellings, as Syrian lists write them (Kurdish, Armenian, Assyrian,
# European). Written for athar from general knowledge.
_NON_ARAB_GIVEN = """
Richard|Rishard	ريتشارد|ريشارد
John	جون
Michael|Mikael	مايكل|ميكائيل
David	ديفيد|دافيد
George|Georges	جورج
Peter|Pierre	بيتر|بيير
Thomas	توماس
James	جيمس
Robert	روبرت
William	ويليام|وليام
Daniel	دانيال|دانييل
Paul	بول
Mark|Marc	مارك
Stephen|Steven|Stefan	ستيفن|ستيفان
Patrick	باتريك
Martin	مارتن|مارتين
Anna	آنا|انا
Maria	ماريا
Elizabeth	إليزابيث|اليزابيث
Catherine|Katherine	كاترين|كاثرين
Hagop|Hakob|Hakop	هاكوب|هاغوب
Garo	كارو|غارو
Vartan|Vardan	فارتان|فاردان
Armen	أرمين|ارمين
Sevan	سيفان
Aram	آرام|ارام
Kevork|Gevorg	كيفورك|غيفورك
Shirin|Sherin	شيرين
Rojin	روجين
Azad	آزاد|ازاد
Dilan	ديلان
Rezan	ريزان
Berivan|Bervan	بريفان|بيريفان
Hozan	هوزان
Baran	باران
Serhat	سرهات|سيرهات
Alan	آلان|الان
Gabriel	غابرييل|غبريال
Ninos	نينوس
Aphram|Afram	أفرام|افرام
"""
_NON_ARAB_FAMILY = """
Wayne	واين|وين
Smith	سميث
Johnson	جونسون
Brown	براون
Miller	ميلر
Wilson	ويلسون
Taylor	تايلور
Anderson	أندرسون|اندرسون
Garcia	غارسيا|جارسيا
Kevorkian|Gevorkian|Kevorkyan	كيفوركيان
Hagopian|Hakobian	هاكوبيان|هاغوبيان
Manoukian|Manukyan	مانوكيان
Sarkissian|Sarkisian|Sargsyan	سركيسيان|ساركيسيان
Petrosyan|Petrossian	بتروسيان|بيتروسيان
Boghossian|Boghosian	بوغوصيان|بوغوسيان
Arakelian	أراكيليان|اراكيليان
Barzani|Berzani	بارزاني|البارزاني
Talabani	طالباني|الطالباني
Sheikho|Shexo|Cheikho	شيخو
Temo|Tammo	تمو
Mamo	مامو
Bozan	بوزان
Hajo	حاجو
Reso	ريسو
Khoshaba|Khoshabo	خوشابا
Odisho|Odishu	أوديشو|اوديشو
Shlemon|Shlimon	شليمون
Berzinji|Barzanji	برزنجي
Mirza	ميرزا
Kaplan	كابلان
"""


def _foreign(text: str) -> list[_Foreign]:
    out = []
    for line in text.strip().splitlines():
        latin, arabic = line.split("\t")
        out.append(_Foreign(tuple(latin.split("|")), tuple(arabic.split("|"))))
    return out


# -- classic Latin-script lists ----------------------------------------------------------------

_LATIN_GIVEN = (  # noqa: SIM905 — a word list reads better as text
    "james john robert michael william david richard joseph thomas charles christopher daniel matthew "
    "anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason "
    "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel "
    "gregory alexander patrick frank raymond jack dennis jerry tyler aaron henry douglas peter adam "
    "nathan zachary walter kyle harold carl arthur gerald roger keith jeremy lawrence terry sean albert "
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret "
    "sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon "
    "laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine "
    "christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia"
).split()
_LATIN_FAMILY = (  # noqa: SIM905 — a word list reads better as text
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez "
    "wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark "
    "ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams "
    "nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker "
    "cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper "
    "peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james "
    "bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster "
    "jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher "
    "vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno "
    "west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall "
    "owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb "
    "tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason"
).split()
_STREETS = ("main", "oak", "pine", "maple", "cedar", "elm", "view", "lake", "hill", "park", "church",
            "mill", "river", "station", "north", "south", "high", "king", "queen", "market")
_STREET_KINDS = ("street", "road", "avenue", "lane", "drive", "place", "court")
_KEYBOARD = {c: n for c, n in zip(string.ascii_lowercase, (
    "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn", "jiolm", "kop",
    "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx"),
    strict=True)}


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: a neighbouring key, a letter dropped or doubled, two letters swapped."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + rng.choice(_KEYBOARD.get(word[i], word[i])) + word[i + 1:]
    if kind < 0.6:
        return word[:i] + word[i + 1:]
    if kind < 0.8:
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def _digits_off(number: str, rng: random.Random) -> str:
    i = rng.randrange(len(number))
    return number[:i] + rng.choice([d for d in string.digits if d != number[i]]) + number[i + 1:]


def _digits_transposed(number: str, rng: random.Random) -> str:
    i = rng.randrange(len(number) - 1)
    while number[i] == number[i + 1]:
        i = rng.randrange(len(number) - 1)
    return number[:i] + number[i + 1] + number[i] + number[i + 2:]


_LATIN_COLUMNS = ("first_name", "family_name", "sex", "birth_date", "national_id", "address", "postcode")


def latin_classic(n_persons: int, seed: int, out_dir: Path) -> ChallengeSet:
    return _latin_lists(n_persons, random.Random(f"latin-classic:{seed}"), out_dir, "latin-classic", _latin_errors)


def latin_careless(n_persons: int, seed: int, out_dir: Path) -> ChallengeSet:
    return _latin_lists(n_persons, random.Random(f"latin-careless:{seed}"), out_dir, "latin-careless", _careless_errors)


def _latin_lists(n_persons: int, rng: random.Random, out_dir: Path, name: str,
                 errors: Callable[[dict[str, str], random.Random], dict[str, str]]) -> ChallengeSet:
    persons = []
    for i in range(n_persons):
        female = rng.random() < 0.5
        half = len(_LATIN_GIVEN) // 2
        given = rng.choice(_LATIN_GIVEN[half:] if female else _LATIN_GIVEN[:half])
        family = rng.choice(_LATIN_FAMILY)
        year, month, day = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
        a = {"first_name": given.capitalize(), "family_name": family.capitalize(), "sex": "F" if female else "M",
             "birth_date": f"{year:04d}-{month:02d}-{day:02d}", "national_id": f"{rng.randrange(10**8):08d}",
             "address": f"{rng.randint(1, 300)} {rng.choice(_STREETS).capitalize()} {rng.choice(_STREET_KINDS).capitalize()}",
             "postcode": f"{rng.randint(2000, 7999)}"}
        persons.append(_Person(f"L{i:06d}", a, errors(a, rng)))
    return _write(out_dir, name, persons, _lists(rng, n_persons), _LATIN_COLUMNS, rng)


def _latin_errors(a: dict[str, str], rng: random.Random) -> dict[str, str]:
    b = dict(a)
    roll = rng.random()
    if roll < 0.25:
        b["first_name"] = _typo(b["first_name"].lower(), rng).capitalize()
    elif roll < 0.5:
        b["family_name"] = _typo(b["family_name"].lower(), rng).capitalize()
    elif roll < 0.6:
        b["first_name"] = _typo(b["first_name"].lower(), rng).capitalize()
        b["family_name"] = _typo(b["family_name"].lower(), rng).capitalize()
    if rng.random() < 0.08:
        b["first_name"], b["family_name"] = b["family_name"], b["first_name"]
    roll = rng.random()
    if roll < 0.1:
        b["national_id"] = _digits_off(b["national_id"], rng)
    elif roll < 0.2:
        b["national_id"] = _digits_transposed(b["national_id"], rng)
    elif roll < 0.3:
        b["national_id"] = ""
    roll = rng.random()
    year, month, day = b["birth_date"].split("-")
    if roll < 0.06 and int(day) <= 12 and day != month:
        b["birth_date"] = f"{year}-{day}-{month}"
    elif roll < 0.12:
        b["birth_date"] = f"{year}-{month}-{_digits_off(day, rng) if int(day) < 10 else day}"
        if not 1 <= int(b["birth_date"][-2:]) <= 28:
            b["birth_date"] = f"{year}-{month}-{day}"
    elif roll < 0.2:
        b["birth_date"] = ""
    if rng.random() < 0.3:
        b["address"] = _typo(b["address"].lower(), rng).title()
    if rng.random() < 0.1:
        b["postcode"] = _digits_off(b["postcode"], rng)
    if rng.random() < 0.1:
        b["sex"] = ""
    return b


def _careless_errors(a: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The classic errors, and the careless typing of lists such as FEBRL's: 6 % of list B's
    records carry another number altogether as ID, 8 % a birth year with one digit mistyped (1975
    for 1965, 1930 for 1980): on the pairs athar is sure of, some 4 % then disagree on the ID and
    on the birth year, as in those benchmark sets (3–6 %)."""
    b = _latin_errors(a, rng)
    if b["national_id"] and rng.random() < 0.06:
        b["national_id"] = f"{rng.randrange(10**8):08d}"
    if b["birth_date"] and rng.random() < 0.08:
        year = b["birth_date"][:4]
        i = rng.choice((2, 3))
        b["birth_date"] = year[:i] + rng.choice([d for d in string.digits if d != year[i]]) + year[i + 1:] \
            + b["birth_date"][4:]
    return b


Maker = Callable[[int, int, Path], ChallengeSet]
CHALLENGES: dict[str, Maker] = {
    "names-only": names_only,
    "single-part": single_part,
    "non-arab": non_arab,
    "latin-classic": latin_classic,
    "latin-careless": latin_careless,
}


def make_challenge(name: str, n_persons: int, *, seed: int, out_dir: Path) -> ChallengeSet:
    """Write challenge set `name` for `n_persons` persons into `out_dir`."""
    try:
        maker = CHALLENGES[name]
    except KeyError:
        raise ValueError(f"unknown challenge {name!r}; known: {', '.join(CHALLENGES)}") from None
    return maker(n_persons, seed, out_dir)
