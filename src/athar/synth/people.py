"""Synthetic families and what happened to them: the ground truth the sources are rendered from.

Syrian name structure: a person is known by their given name, their father's given name, their
paternal grandfather's given name and the family name, plus the mother's given and family name.
So brothers share everything but the first name (the hard case for linkage), a son's
father_name is his father's first name and his grandfather_name his father's father_name, and
cousins share grandfather and family. Eldest sons are often named after the paternal grandfather.

Timelines run from the arrest (2011–2024) through one to three facilities to an outcome:
still missing, released, or dead (death place a facility or a military hospital). Some dead get
a death certificate; a few living people get one too — the conflicting-claims case."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from athar.synth.lexicon import Lexicon, Name, pick
from athar.synth.world import GOVERNORATE_CODES, World

START = date(2011, 3, 15).toordinal()
END = date(2024, 12, 8).toordinal()  # the prisons were opened on 8 December 2024
_YEAR_WEIGHTS = ((2011, 8), (2012, 20), (2013, 20), (2014, 14), (2015, 10), (2016, 8), (2017, 6), (2018, 5),
                 (2019, 3), (2020, 2), (2021, 2), (2022, 1), (2023, 1), (2024, 1))
_YEAR_TABLE = (tuple(y for y, _ in _YEAR_WEIGHTS),
               tuple(float(sum(w for _, w in _YEAR_WEIGHTS[: i + 1])) for i in range(len(_YEAR_WEIGHTS))))


@dataclass(slots=True)
class Stint:
    facility: str
    start: int  # date ordinals
    end: int


@dataclass(slots=True)
class Person:
    person_id: str
    family_id: str
    relation: str  # father, son, daughter (relation to the family's parents)
    sex: str
    first: Name
    father: Name
    grandfather: Name
    family: Name
    mother_first: Name
    mother_family: Name
    birth: int
    hometown: str
    governorate: str
    national_id: str
    arrest_day: int = 0
    arrest_place: str = ""
    stints: list[Stint] = field(default_factory=list)
    outcome: str = "missing"  # missing, released, dead
    outcome_day: int = 0
    death_place: str = ""
    certificate_day: int | None = None  # date of death the certificate states
    certificate_issued: int | None = None
    false_certificate: bool = False  # certificate for someone later seen alive


def _name(names: tuple[Name, ...], weights: tuple[float, ...], rng: random.Random) -> Name:
    return pick((names, weights), rng)


def _day_in(year: int, rng: random.Random) -> int:
    first = max(date(year, 1, 1).toordinal(), START)
    last = min(date(year, 12, 31).toordinal(), END - 30)
    return rng.randint(first, last)


class Population:
    """Makes families one at a time; each call of `family()` returns the detained members."""

    def __init__(self, rng: random.Random, lexicon: Lexicon, world: World) -> None:
        self.rng = rng
        self.lex = lexicon
        self.world = world
        self.persons = 0
        self.families = 0

    def _male(self) -> Name:
        return _name(self.lex.male, self.lex.male_weights, self.rng)

    def _female(self) -> Name:
        return _name(self.lex.female, self.lex.female_weights, self.rng)

    def _family_name(self) -> Name:
        return _name(self.lex.family, self.lex.family_weights, self.rng)

    def _national_id(self, governorate: str) -> str:
        return f"{GOVERNORATE_CODES[governorate]:02d}{self.rng.randrange(10**9):09d}"

    def _person(self, family_id: str, relation: str, sex: str, first: Name, father: Name, grandfather: Name,
                family: Name, mother: tuple[Name, Name], birth_year: int, hometown: str, governorate: str) -> Person:
        self.persons += 1
        birth = date(birth_year, 1, 1).toordinal() + self.rng.randrange(365)
        return Person(f"P{self.persons:07d}", family_id, relation, sex, first, father, grandfather, family,
                      mother[0], mother[1], birth, hometown, governorate, self._national_id(governorate))

    def family(self) -> list[Person]:
        rng = self.rng
        self.families += 1
        family_id = f"F{self.families:07d}"
        governorate = pick(self.world.governorates, rng)
        hometown = pick(self.world.hometowns[governorate], rng)
        family = self._family_name()
        grandfather, great = self._male(), self._male()
        father_first = self._male()
        mother = (self._female(), family if rng.random() < 0.2 else self._family_name())
        father_birth = rng.randint(1940, 1975)
        roll = rng.random()
        detained: list[Person] = []

        def child(relation: str, sex: str, first: Name, year: int) -> Person:
            return self._person(family_id, relation, sex, first, father_first, grandfather, family, mother, year,
                                hometown, governorate)

        def sons(count: int) -> list[Person]:
            out, used = [], set()
            for i in range(count):
                # The eldest son is often named after his paternal grandfather.
                first = grandfather if i == 0 and rng.random() < 0.3 else self._male()
                while first.arabic in used or first is father_first:
                    first = self._male()
                used.add(first.arabic)
                year = min(father_birth + rng.randint(20, 36) + 2 * i, 2006)
                out.append(child("son", "M", first, year))
            return out

        if roll < 0.66:
            if rng.random() < 0.08:
                detained.append(child("daughter", "F", self._female(), min(father_birth + rng.randint(20, 36), 2004)))
            else:
                detained += sons(1)
        elif roll < 0.88:
            detained += sons(rng.choice((2, 2, 2, 3)))
            if rng.random() < 0.1:
                detained.append(child("daughter", "F", self._female(), min(father_birth + rng.randint(20, 40), 2004)))
        elif roll < 0.96:
            father_mother = (self._female(), self._family_name())
            detained.append(self._person(family_id, "father", "M", father_first, grandfather, great, family,
                                         father_mother, father_birth, hometown, governorate))
            detained += sons(rng.choice((1, 1, 2)))
        else:
            # Cousins: sons of two brothers share grandfather and family name only.
            detained += sons(1)
            uncle = self._male()
            while uncle is father_first:
                uncle = self._male()
            other_mother = (self._female(), self._family_name())
            detained.append(self._person(family_id, "cousin", "M", self._male(), uncle, grandfather, family,
                                         other_mother, min(father_birth + rng.randint(18, 40), 2004),
                                         hometown, governorate))
        together = rng.random() < 0.5  # relatives are often taken in the same raid
        shared = _day_in(pick(_YEAR_TABLE, rng), rng)
        for person in detained:
            self._timeline(person, shared if together else _day_in(pick(_YEAR_TABLE, rng), rng))
        return detained

    def _timeline(self, person: Person, arrest_day: int) -> None:
        rng, world = self.rng, self.world
        arrest_day = max(arrest_day, person.birth + 15 * 365)
        arrest_day = min(arrest_day, END - 30)
        person.arrest_day = arrest_day
        first = pick(world.first_branch[person.governorate], rng)
        person.arrest_place = person.hometown if rng.random() < 0.7 else first
        day = arrest_day + rng.randint(0, 3)
        end = min(day + rng.randint(7, 240), END)
        person.stints.append(Stint(first, day, end))
        for _ in range(2):
            if end >= END or rng.random() > (0.65 if len(person.stints) == 1 else 0.3):
                break
            if person.sex == "F" and rng.random() < 0.7:
                facility = "adra-womens-prison"
            else:
                facility = pick(world.later_facility[person.governorate], rng)
            if facility == person.stints[-1].facility:
                break
            start = end + rng.randint(0, 10)
            if start >= END:
                break
            end = min(start + rng.randint(30, 1500), END)
            person.stints.append(Stint(facility, start, end))
        roll = rng.random()
        last = person.stints[-1]
        if roll < 0.3:
            person.outcome = "dead"
            person.outcome_day = rng.randint(last.start, last.end)
            last.end = person.outcome_day
            person.death_place = last.facility if rng.random() < 0.5 else pick(world.death_places, rng)
            if rng.random() < 0.6:
                person.certificate_day = person.outcome_day
                person.certificate_issued = min(person.outcome_day + rng.randint(0, 1800), END)
        elif roll < 0.6 and last.end < END:
            person.outcome = "released"
            person.outcome_day = last.end
        else:
            person.outcome = "missing"
            person.outcome_day = 0
        if person.outcome != "dead" and rng.random() < 0.04 and last.end - person.stints[0].start > 60:
            # A certificate states a death while the person is seen later: the conflicting claim.
            stated = rng.randint(person.stints[0].start, last.end - 30)
            person.certificate_day = stated
            person.certificate_issued = min(stated + rng.randint(0, 600), END)
            person.false_certificate = True
            person.death_place = pick(world.death_places, rng)
