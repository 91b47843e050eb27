"""Candidate pairs and the judgements given on them. Nothing here is ever deleted: a pair that
leaves the queue is marked not current, a judgement is ended (by an undo or a later judgement)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField


class Verdict(models.TextChoices):
    """The values are `athar.linkage.Judgement`'s, so a judgement is a label as it stands."""

    POSITIVE = "positive", "Same person"
    NEGATIVE = "negative", "Different people"
    UNSURE = "unsure", "Cannot tell"


class CandidateKind(models.TextChoices):
    BAND = "band", "Uncertain probability"
    AMBIGUOUS = "ambiguous", "Fits several persons"
    PERSON = "person", "A thin record's candidate person"


class EndReason(models.TextChoices):
    UNDONE = "undone", "Undone"
    SUPERSEDED = "superseded", "Replaced by a later judgement"


class CandidatePair(models.Model):
    """Two records the linker could not settle, left for a person. `left` has the smaller id; the
    pair is unique and updated (probability, run) each time a run finds it again."""

    left = models.ForeignKey("registry.Record", on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey("registry.Record", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=CandidateKind.choices, default=CandidateKind.BAND)
    match_probability = models.FloatField()
    match_weight = models.FloatField(null=True, blank=True)
    explanation = models.CharField(
        max_length=1000, blank=True, default="",
        help_text="The linker's compact explanation from pairs.csv: field=level weight; levels only, no values.")
    run_id = models.CharField(max_length=100, help_text="The linker run that last proposed the pair.")
    is_current = models.BooleanField(
        default=True, help_text="Proposed by the last run; pairs it no longer proposes stay for history.")
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="review_one_pair_per_two_records"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="review_pair_ordered"),
        ]
        indexes = [models.Index(fields=["is_current", "match_probability"])]

    def __str__(self) -> str:
        return f"pair {self.pk} (records {self.left_id}, {self.right_id})"


class Judgement(models.Model):
    """One person's decision on a pair, open until ended. `effects` lists what the decision changed
    in the registry (ids only) so that an undo can put it back:
    `{"moves": [{"record", "link", "from_person", "from_method", "from_probability", "from_run",
    "to_person"}], "new_person": id}`."""

    pair = models.ForeignKey(CandidatePair, on_delete=models.PROTECT, related_name="judgements")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    reason = EncryptedTextField(blank=True, default="", help_text="Why, in the reviewer's words (encrypted).")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Empty: the command line.")
    created_at = models.DateTimeField(auto_now_add=True)
    effects = models.JSONField(default=dict, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair"], condition=models.Q(ended_at__isnull=True),
                                    name="review_one_open_judgement_per_pair"),
        ]

    def __str__(self) -> str:
        return f"judgement {self.pk} on pair {self.pair_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
