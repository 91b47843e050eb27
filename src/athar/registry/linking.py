"""Resolve the registry's records into persons with the linker (athar.linkage).

The registry hands the linker what it imported — the parsed fields of every record, written as a
records CSV of the interchange spec — and applies the clusters it returns with `apply_clusters`, so
person ids stay stable and human judgements are never overruled. Review judgements come in as
labels (`athar.linkage.Label`, given by the caller: the registry does not know the review app):
positive ones are must-links and train the model's m probabilities, negative ones are cannot-links
the clustering never crosses. Records in quarantine are not in the registry, so they are never
linked."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from athar.interchange import COLUMNS, restore_cell
from athar.linkage import Judgement as LabelJudgement
from athar.linkage import Label, link
from athar.linkage.extra_columns import parse_compare
from athar.registry.kept_run import keep_run
from athar.registry.models import Record
from athar.registry.services import ClusterReport, apply_clusters
from athar.registry.signals import persons_resolved

Report = Callable[[str], None]
Progress = Callable[[str, int, int], None]  # (stage, done, total), as athar.linkage.Progress
EXPORT_PROGRESS_EVERY = 2000


@dataclass
class RegistryLinkReport:
    """Counts only: safe to print or log."""

    n_records: int
    n_pairs: int
    n_clusters: int
    clusters: ClusterReport
    pairs_csv: Path  # the run's scored pairs (personal data: stays in the private work dir)
    n_labels: int = 0
    # Pairs judged "different people" that still share a person after the run (0 unless a human
    # link placed both): counted, never fixed silently.
    cannot_links_together: int = 0
    # What the apps listening to `persons_resolved` did with the new persons, one line each
    # (tracing: open requests matched again).
    followups: list[str] = field(default_factory=list)


def registry_compare() -> list[str]:
    """The extra columns the registry's runs compare (ATHAR_LINK_COMPARE, `COLUMN[:KIND]` each)."""
    return list(getattr(settings, "LINK_COMPARE", []))


def _raw_cell(raw: Mapping[str, Any] | None, column: str) -> str:
    """A column of the verbatim row, its header matched ignoring case and surrounding spaces
    (sources write "Address", "address ")."""
    if not raw:
        return ""
    wanted = column.strip().casefold()
    for header, value in raw.items():
        if str(header).strip().casefold() == wanted:
            return "" if value is None else str(value)
    return ""


def export_records_csv(path: Path, progress: Progress | None = None, *, records: QuerySet[Record] | None = None,
                       compare: Sequence[str] = ()) -> int:
    """Write registry records (all, or `records`) as rows of the records CSV; return how many.

    `compare`: extra columns (`COLUMN[:KIND]`) written after the spec's own, read from each record's
    verbatim row, so the linker can compare them (`athar link --compare`)."""
    fields = [c for c in COLUMNS if c != "source"]
    extras = [column.name for column in parse_compare(compare)]
    chosen = Record.objects.all() if records is None else records
    count = 0
    total = chosen.count() if progress is not None else 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", *fields, *extras])
        # The verbatim row is decrypted only when a column of it is wanted.
        wanted = ["source__name", *fields, *(["raw"] if extras else [])]
        for values in chosen.order_by("id").values_list(*wanted).iterator(2000):
            cells = ["" if v is None else str(v) for v in values[:len(fields) + 1]]
            if extras:
                raw = values[-1]
                cells += [_raw_cell(raw, column) for column in extras]
            writer.writerow(cells)
            count += 1
            if progress is not None and (count % EXPORT_PROGRESS_EVERY == 0 or count == total):
                progress("exporting records", count, total)
    return count


def _best_probabilities(pairs_csv: Path, cluster_of: dict[tuple[str, str], str]) -> dict[tuple[str, str], float]:
    """Per record, the highest probability linking it to another member of its own cluster."""
    best: dict[tuple[str, str], float] = {}
    with pairs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            left = (restore_cell(row["source_l"]), restore_cell(row["record_id_l"]))
            right = (restore_cell(row["source_r"]), restore_cell(row["record_id_r"]))
            if cluster_of.get(left) is None or cluster_of.get(left) != cluster_of.get(right):
                continue
            p = float(row["match_probability"])
            for key in (left, right):
                if p > best.get(key, 0.0):
                    best[key] = p
    return best


def _cannot_links_together(labels: Iterable[Label]) -> int:
    """How many negative labels' two records are on one person now."""
    latest: dict[tuple[tuple[str, str], tuple[str, str]], LabelJudgement] = {}
    for label in labels:
        latest[label.pair] = label.judgement
    together = 0
    for (a, b), judgement in latest.items():
        if judgement is not LabelJudgement.NEGATIVE:
            continue
        persons = [Record.objects.filter(source__name=s, record_id=r).values_list("person_id", flat=True).first()
                   for s, r in (a, b)]
        if persons[0] is not None and persons[0] == persons[1]:
            together += 1
    return together


def link_registry(work_dir: Path, *, threshold: float = 0.5, run_id: str, labels: Iterable[Label] = (),
                  report: Report = lambda _: None, progress: Progress | None = None,
                  compare: Sequence[str] | None = None) -> RegistryLinkReport:
    """Link all records of the registry and resolve the clusters into persons.

    `compare`: extra columns of the verbatim rows to compare as evidence (`COLUMN[:KIND]`, see
    athar.linkage.extra_columns); by default the registry's setting ATHAR_LINK_COMPARE.

    `work_dir` receives the exported records and the linker's outputs (pairs.csv, clusters.csv,
    model.json): they hold personal data, so it must be a private directory. `progress(stage, done,
    total)` follows the export, the linker's steps and the moves of records to persons."""
    work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    records_csv = work_dir / "registry_records.csv"
    compare = registry_compare() if compare is None else list(compare)
    n = export_records_csv(records_csv, progress, compare=compare)
    labels = list(labels)
    result = link([records_csv], work_dir / "link", threshold=threshold, labels=labels, report=report,
                  progress=progress or (lambda _stage, _done, _total: None), compare=compare)
    with (result.out_dir / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(restore_cell(r["source"]), restore_cell(r["record_id"]), restore_cell(r["cluster_id"]))
                for r in csv.DictReader(handle)]
    cluster_of = {(s, r): c for s, r, c in rows}
    probabilities = _best_probabilities(result.out_dir / "pairs.csv", cluster_of)
    clusters = apply_clusters(rows, run_id=run_id, probabilities=probabilities, progress=progress)
    linked = RegistryLinkReport(n_records=n, n_pairs=result.n_pairs, n_clusters=result.n_clusters,
                                 clusters=clusters, pairs_csv=result.out_dir / "pairs.csv", n_labels=len(labels),
                                 cannot_links_together=_cannot_links_together(labels))
    # What matching against the registry needs outlives the run's working folder (kept_run).
    try:
        run_dir = keep_run(result.out_dir, run_id)
    except OSError as error:  # the persons are resolved already: say so, never undo the run
        linked.followups.append(f"the run's model was not kept for matching ({type(error).__name__}): "
                                "requests and imports are matched against the previous run")
        return linked
    for _receiver, line in persons_resolved.send(sender=link_registry, run_id=run_id, run_dir=run_dir):
        if line:
            linked.followups.append(str(line))
    return linked
