"""A small, deterministic, cross-script records generator for the linkage tests.

Not `athar.synth` (that one aims at realism at scale): this one makes a few hundred records
whose truth is known exactly, with the hard cases the linker must get right — the same person in
Arabic and in Latin script, spelling variants, ages instead of birth dates, and brothers who share
father, grandfather, family and mother's names."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
COLUMNS = ("source", "record_id", "full_name", "first_name", "father_name", "grandfather_name",
           "family_name", "mother_name", "sex", "birth_date", "age", "birth_place", "event_date",
           "event_place", "national_id")


def _names() -> dict[str, list[tuple[str, list[str]]]]:
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for line in (DATA / "names.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, arabic, latin = line.split("\t")
        out.setdefault(kind, []).append((arabic, latin.split("|")))
    return out


@dataclass
class Person:
    person_id: str
    given: int
    father: int
    grandfather: int
    family: int
    mother: int
    birth_year: int
    place: int
    national_id: str


def generate(n_families: int, *, seed: int = 7) -> tuple[list[dict[str, str]], dict[tuple[str, str], str]]:
    """Records (dicts with COLUMNS) and the truth: (source, record_id) → person id."""
    rng = random.Random(seed)
    names = _names()
    given = names["given"]
    persons: list[Person] = []
    for f in range(n_families):
        father, grandfather = rng.sample(range(len(given)), 2)
        family = rng.randrange(len(names["family"]))
        mother = rng.randrange(len(names["mother"]))
        place = rng.randrange(len(names["place"]))
        year = rng.randint(1960, 1998)
        n_sons = rng.choice((1, 1, 1, 2, 2, 3))
        sons = rng.sample([g for g in range(len(given)) if g not in (father, grandfather)], n_sons)
        for s, son in enumerate(sons):
            persons.append(Person(f"P{f:04d}-{s}", son, father, grandfather, family, mother,
                                  year + 3 * s + rng.randint(0, 1), place,
                                  f"0{rng.randint(10**9, 10**10 - 1)}"))
    records: list[dict[str, str]] = []
    truth: dict[tuple[str, str], str] = {}
    counters = {"ar": 0, "lat": 0, "reg": 0}
    for p in persons:
        sources = rng.sample(["ar", "lat", "reg"], rng.choice((1, 2, 2, 3)))
        for source in sources:
            counters[source] += 1
            rid = f"{source}-{counters[source]:05d}"
            rec = dict.fromkeys(COLUMNS, "")
            rec.update(source=source, record_id=rid, sex="M")
            g, fa, gf, fam = given[p.given], given[p.father], given[p.grandfather], names["family"][p.family]
            mo, pl = names["mother"][p.mother], names["place"][p.place]
            if source == "ar":  # an Arabic full name, a birth year, an Arabic place
                rec["full_name"] = f"{g[0]} {fa[0]} {gf[0]} {fam[0]}"
                rec["birth_date"] = str(p.birth_year)
                rec["mother_name"] = mo[0]
                rec["birth_place"] = pl[0]
            elif source == "lat":  # Latin parts in some spelling, a full birth date sometimes
                rec["first_name"] = rng.choice(g[1])
                rec["father_name"] = rng.choice(fa[1])
                rec["family_name"] = rng.choice(fam[1])
                if rng.random() < 0.5:
                    rec["grandfather_name"] = rng.choice(gf[1])
                rec["mother_name"] = rng.choice(mo[1])
                rec["birth_date"] = f"{p.birth_year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" \
                    if rng.random() < 0.3 else str(p.birth_year)
                rec["birth_place"] = rng.choice(pl[1])
                rec["national_id"] = p.national_id if rng.random() < 0.5 else ""
            else:  # a register: Arabic parts, age at an event, the national ID
                rec["first_name"], rec["father_name"], rec["family_name"] = g[0], fa[0], fam[0]
                rec["event_date"] = "2013-05"
                rec["age"] = str(2013 - p.birth_year)
                rec["event_place"] = rng.choice(names["place"])[0]
                rec["national_id"] = p.national_id
            records.append(rec)
            truth[(source, rid)] = p.person_id
    rng.shuffle(records)
    return records, truth


def write_records(path: Path, records: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    return path


def read_clusters(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["source"], r["record_id"]): r["cluster_id"] for r in csv.DictReader(handle)}
