"""The synthetic sources, each with its own habits, rendering a person as rows of the records CSV.

| source | script | habits |
|---|---|---|
| family_reports | Arabic | 4-part name in columns (sometimes also full_name), mother's name and family, birth date, missing report or arrest; a few reported twice |
| ngo_list_en | Latin, English habit | full_name of 2–4 parts, birth year, arrest month; a few duplicates |
| ngo_list_fr | Latin, French habit | first/father/family columns, family name often in capitals, father and family swapped now and then |
| prison_register | Arabic, typed from photos | family name first, reading errors (dots, ة/ه, alef, split/joined words), one row per entry or transfer, national number; a few dates written DD/MM/YYYY (deliberately invalid) |
| death_certificates | Arabic | full name, mother's full name, national number, birth date, date and place of death; some for people seen alive later |
| testimonies | Arabic or Latin | two-part names, age instead of birth date, sightings in facilities, deaths witnessed |

Across sources: empty cells for what a source did not record, values typed into the wrong
column (grandfather_name holding the family name, governorate holding the birth place), and
small typos in national numbers."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from athar.synth.lexicon import Name, pick
from athar.synth.noise import ocr_noise
from athar.synth.people import Person
from athar.synth.world import World

Row = dict[str, str]
SOURCES: tuple[str, ...] = (
    "family_reports", "ngo_list_en", "ngo_list_fr", "prison_register", "death_certificates", "testimonies",
)
# Rows with an event_date the spec does not allow, on purpose (a register's DD/MM/YYYY).
INVALID_DATE_RATE = 0.005
_ID_LIMIT = 10**8


def _permute(number: int, key: int) -> int:
    """A keyed bijection of [0, 10**8): record numbers say nothing about the order rows were made
    in (a small Feistel network on 28 bits, cycle-walked back into range)."""
    value = number
    while True:
        left, right = value >> 14, value & 0x3FFF
        for round_key in (0x2545F491, 0x9E3779B9, 0x85EBCA6B):
            mixed = ((right * 0x5BD1E995 + round_key + key * 0x27D4EB2F) >> 7) & 0x3FFF
            left, right = right, left ^ mixed
        value = (left << 14) | right
        if value < _ID_LIMIT:
            return value


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


class Renderer:
    """Renders persons into rows; keeps per-source counters so record ids are unique."""

    def __init__(self, rng: random.Random, world: World, *, invalid_dates: bool = True) -> None:
        self.rng = rng
        self.world = world
        self.invalid_dates = invalid_dates
        self.counters = dict.fromkeys(SOURCES, 0)

    # -- helpers -----------------------------------------------------------------------------
    def _number(self, source: str) -> int:
        self.counters[source] += 1
        count = self.counters[source]
        if count >= _ID_LIMIT:
            raise ValueError(f"too many records for one source (limit {_ID_LIMIT - 1:,})")
        return _permute(count, SOURCES.index(source))

    def _date(self, day: int, weights: tuple[float, float, float]) -> str:
        """A partial date: day, month or year precision with the given probabilities."""
        text = _iso(day)
        roll = self.rng.random()
        if roll < weights[0]:
            return text
        if roll < weights[0] + weights[1]:
            return text[:7]
        if roll < weights[0] + weights[1] + weights[2]:
            return text[:4]
        return ""

    def _ar(self, name: Name) -> str:
        return pick(name.arabic_table, self.rng)

    def _lat(self, name: Name, style: str, house: float) -> str:
        values, cumulative = name.latin_tables[style]
        # A list keeper mostly writes a name the same way ("house" spelling), sometimes not.
        if self.rng.random() < house:
            return values[0]
        return pick((values, cumulative), self.rng)

    def _place(self, place_id: str, script: str) -> str:
        forms = self.world.forms[place_id]
        return pick(forms.arabic if script == "ar" else forms.latin, self.rng)

    def _national_id(self, person: Person) -> str:
        nid = person.national_id
        if self.rng.random() < 0.03:
            i = self.rng.randrange(2, len(nid))
            nid = nid[:i] + str((int(nid[i]) + 1) % 10) + nid[i + 1:]
        return nid

    @staticmethod
    def _row(source: str, record_id: str) -> Row:
        return {"record_id": record_id, "source": source}

    # -- sources -----------------------------------------------------------------------------
    def family_reports(self, person: Person) -> list[Row]:
        rng = self.rng
        rows = []
        for _ in range(2 if rng.random() < 0.04 else 1):
            row = self._row("family_reports", f"FR-{self._number('family_reports'):08d}")
            parts = [self._ar(person.first), self._ar(person.father), self._ar(person.grandfather),
                     self._ar(person.family)]
            if rng.random() < 0.9:
                row["first_name"], row["father_name"] = parts[0], parts[1]
                row["grandfather_name"], row["family_name"] = parts[2], parts[3]
                if rng.random() < 0.08:
                    row["grandfather_name"] = ""
            if rng.random() < 0.4 or "first_name" not in row:
                row["full_name"] = " ".join(p for p in parts if p)
            if rng.random() < 0.9:
                row["mother_name"] = self._ar(person.mother_first)
                if rng.random() < 0.7:
                    row["mother_family_name"] = self._ar(person.mother_family)
            row["sex"] = person.sex if rng.random() < 0.7 else ("ذكر" if person.sex == "M" else "أنثى")
            row["birth_date"] = self._date(person.birth, (0.5, 0.05, 0.35))
            if rng.random() < 0.85:
                row["birth_place"] = self._place(person.hometown, "ar")
            if rng.random() < 0.8:
                row["governorate"] = self._place(person.governorate, "ar")
            if rng.random() < 0.3:
                row["national_id"] = self._national_id(person)
            row["event_type"] = "missing_report" if rng.random() < 0.7 else "arrest"
            row["event_date"] = self._date(person.arrest_day, (0.4, 0.4, 0.17))
            if rng.random() < 0.7:
                row["event_place"] = self._place(person.arrest_place, "ar")
            if rng.random() < 0.015 and row.get("family_name"):
                # Shifted one column left: the family name lands in grandfather_name.
                row["grandfather_name"], row["family_name"] = row["family_name"], ""
            if rng.random() < 0.01 and row.get("birth_place"):
                row["governorate"], row["birth_place"] = row["birth_place"], ""
            rows.append(row)
        return rows

    def _latin_names(self, person: Person, style: str, house: float) -> tuple[str, str, str, str]:
        return (self._lat(person.first, style, house), self._lat(person.father, style, house),
                self._lat(person.grandfather, style, house), self._lat(person.family, style, house))

    def ngo_list_en(self, person: Person) -> list[Row]:
        rng = self.rng
        rows = []
        for _ in range(2 if rng.random() < 0.02 else 1):
            year = date.fromordinal(person.arrest_day).year
            row = self._row("ngo_list_en", f"NGO-{year}-{self._number('ngo_list_en'):08d}")
            first, father, grand, family = self._latin_names(person, "en", 0.55)
            roll = rng.random()
            parts = ([first, father, family] if roll < 0.6 else [first, family] if roll < 0.85
                     else [first, father, grand, family])
            if rng.random() < 0.01:
                row["first_name"] = " ".join(parts)  # the whole name typed into one column
            else:
                row["full_name"] = " ".join(parts)
            if rng.random() < 0.9:
                row["sex"] = person.sex
            if rng.random() < 0.6:
                row["birth_date"] = _iso(person.birth)[:4]
            if rng.random() < 0.5:
                row["birth_place"] = self._place(person.hometown, "la")
            if rng.random() < 0.9:
                row["governorate"] = self._place(person.governorate, "la")
            row["event_type"] = "arrest" if rng.random() < 0.85 else "missing_report"
            row["event_date"] = self._date(person.arrest_day, (0.3, 0.6, 0.1))
            if rng.random() < 0.7:
                place = self._place(person.arrest_place, "la")
                if rng.random() < 0.1:
                    where = self.world.places[person.arrest_place].governorate_id or person.governorate
                    place = f"{place}, {self._place(where, 'la')}"
                elif rng.random() < 0.05:
                    place = place.upper() if rng.random() < 0.5 else place.lower()
                row["event_place"] = place
            rows.append(row)
        return rows

    def ngo_list_fr(self, person: Person) -> list[Row]:
        rng = self.rng
        row = self._row("ngo_list_fr", f"LF{self._number('ngo_list_fr'):08d}")
        first, father, _grand, family = self._latin_names(person, "fr", 0.45)
        if rng.random() < 0.3:
            family = family.upper()
        row["first_name"] = first
        if rng.random() < 0.8:
            row["father_name"] = father
        row["family_name"] = family
        if rng.random() < 0.03 and row.get("father_name"):
            row["father_name"], row["family_name"] = row["family_name"], row["father_name"]
        if rng.random() < 0.3:
            row["mother_name"] = self._lat(person.mother_first, "fr", 0.45)
        row["sex"] = person.sex
        if rng.random() < 0.5:
            row["birth_date"] = self._date(person.birth, (0.3, 0.0, 0.7))
        if rng.random() < 0.85:
            row["governorate"] = self._place(person.governorate, "la")
        if rng.random() < 0.4:
            row["birth_place"] = self._place(person.hometown, "la")
        row["event_type"] = "arrest" if rng.random() < 0.7 else "missing_report"
        row["event_date"] = self._date(person.arrest_day, (0.2, 0.5, 0.3))
        if rng.random() < 0.6:
            row["event_place"] = self._place(person.arrest_place, "la")
        return [row]

    def _noisy(self, text: str) -> str:
        return ocr_noise(text, self.rng) if self.rng.random() < 0.25 else text

    def prison_register(self, person: Person, *, later_than: int | None = None) -> list[Row]:
        rng = self.rng
        rows = []
        stints = person.stints if later_than is None else [s for s in person.stints if s.end > later_than]
        for stint in stints:
            if later_than is None and rng.random() < 0.35:
                continue
            code = stint.facility.split("-")[0].upper()[:4]
            start = max(stint.start, later_than + 1) if later_than is not None else stint.start
            if start > stint.end:
                continue
            day = rng.randint(start, stint.end)
            row = self._row("prison_register", "")
            parts = [self._ar(person.family), self._ar(person.first), self._ar(person.father)]
            if rng.random() < 0.3:
                parts.append(self._ar(person.grandfather))
            row["full_name"] = self._noisy(" ".join(parts))
            if rng.random() < 0.7:
                row["mother_name"] = self._noisy(self._ar(person.mother_first))
            if rng.random() < 0.8:
                row["birth_date"] = self._date(person.birth, (0.25, 0.0, 0.75))
            if rng.random() < 0.4:
                row["national_id"] = self._national_id(person)
            if rng.random() < 0.5:
                row["birth_place"] = self._noisy(self._place(person.hometown, "ar"))
            released = person.outcome == "released" and stint is person.stints[-1]
            roll = rng.random()
            if released and roll < 0.4:
                row["event_type"], day = "release", stint.end
            elif roll < 0.3 and stint is not person.stints[0] and later_than is None:
                row["event_type"], day = "transfer", stint.start
            elif roll < 0.36:
                row["event_type"] = "trial"
            else:
                row["event_type"] = "detention_sighting"
            number = self._number("prison_register")
            row["record_id"] = f"{code}/{date.fromordinal(day).year}/{number:08d}"
            row["event_date"] = _iso(day)
            if self.invalid_dates and rng.random() < INVALID_DATE_RATE:
                d = date.fromordinal(day)
                row["event_date"] = f"{d.day:02d}/{d.month:02d}/{d.year}"
            if rng.random() < 0.95:
                place = stint.facility
                if row["event_type"] == "trial":
                    place = "military-field-court" if rng.random() < 0.7 else "counter-terrorism-court"
                row["event_place"] = self._place(place, "ar")
            rows.append(row)
        return rows

    def death_certificates(self, person: Person) -> list[Row]:
        rng = self.rng
        if person.certificate_day is None:
            return []
        issued = date.fromordinal(person.certificate_issued or person.certificate_day).year
        row = self._row("death_certificates", f"DC-{issued}-{self._number('death_certificates'):08d}")
        parts = [self._ar(person.first), self._ar(person.father), self._ar(person.grandfather), self._ar(person.family)]
        row["full_name"] = " ".join(parts)
        if rng.random() < 0.5:
            row["first_name"], row["father_name"] = parts[0], parts[1]
            row["grandfather_name"], row["family_name"] = parts[2], parts[3]
        mother = self._ar(person.mother_first)
        if rng.random() < 0.8:
            row["mother_name"] = f"{mother} {self._ar(person.mother_family)}"
        else:
            row["mother_name"] = mother
        row["sex"] = person.sex
        if rng.random() < 0.9:
            row["national_id"] = self._national_id(person)
        row["birth_date"] = self._date(person.birth, (0.8, 0.0, 0.2))
        if rng.random() < 0.8:
            row["birth_place"] = self._place(person.hometown, "ar")
        if rng.random() < 0.6:
            row["governorate"] = self._place(person.governorate, "ar")
        row["event_type"] = "death_certificate"
        row["event_date"] = _iso(person.certificate_day)
        if rng.random() < 0.7 and person.death_place:
            row["event_place"] = self._place(person.death_place, "ar")
        return [row]

    def testimonies(self, person: Person, *, later_than: int | None = None) -> list[Row]:
        rng = self.rng
        candidates = person.stints if later_than is None else [s for s in person.stints if s.end > later_than]
        if not candidates:
            return []
        stint = rng.choice(candidates)
        low = stint.start if later_than is None else max(stint.start, later_than + 1)
        day = rng.randint(low, stint.end)
        row = self._row("testimonies", f"TST-{self._number('testimonies'):08d}")
        arabic = rng.random() < 0.65
        if arabic:
            first, other = self._ar(person.first), self._ar(person.family if rng.random() < 0.8 else person.father)
        else:
            first = self._lat(person.first, "en", 0.4)
            other = self._lat(person.family if rng.random() < 0.8 else person.father, "en", 0.4)
        row["full_name"] = f"{first} {other}"
        if rng.random() < 0.9:
            row["sex"] = person.sex
        if rng.random() < 0.7:
            age = (day - person.birth) // 365 + rng.choice((-2, -1, 0, 0, 0, 0, 1, 2))
            row["age"] = str(max(age, 10))
        dead_here = person.outcome == "dead" and stint is person.stints[-1] and later_than is None
        if dead_here and rng.random() < 0.5:
            row["event_type"], day = "death_report", person.outcome_day
        else:
            row["event_type"] = "detention_sighting" if rng.random() < 0.9 else "testimony"
        row["event_date"] = self._date(day, (0.1, 0.5, 0.4))
        place = self._place(stint.facility, "ar" if arabic else "la")
        if rng.random() < 0.02:
            row["birth_place"] = place  # typed into the wrong column
        else:
            row["event_place"] = place
        if rng.random() < 0.3:
            row["governorate"] = self._place(person.governorate, "ar" if arabic else "la")
        return [row]

    # -- all sources for one person -----------------------------------------------------------
    def render(self, person: Person) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []
        plan: list[tuple[float, Callable[[Person], list[Row]]]] = [
            (0.55, self.family_reports), (0.42, self.ngo_list_en), (0.22, self.ngo_list_fr),
            (0.3, self.prison_register), (0.18, self.testimonies),
        ]
        for probability, source in plan:
            if rng.random() < probability:
                rows += source(person)
        if person.certificate_day is not None and (person.false_certificate or rng.random() < 0.8):
            rows += self.death_certificates(person)
            if person.false_certificate:
                # The certificate is contradicted by a later sighting in some source.
                later = (self.prison_register(person, later_than=person.certificate_day) if rng.random() < 0.6
                         else self.testimonies(person, later_than=person.certificate_day))
                rows += later[:1]
        if not rows:
            rows += self.family_reports(person) if rng.random() < 0.6 else self.ngo_list_en(person)
        return rows
