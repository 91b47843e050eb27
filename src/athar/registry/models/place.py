"""The gazetteer: governorates, cities, towns and facilities (prisons, security branches, military
airports, hospitals, courts), with names in Arabic and Latin script and the aliases people use.

Facilities are Places of a facility kind, not a separate table: a register says "Saydnaya" and a
witness says "سجن صيدنايا", and both must resolve to the same row whatever its kind; `Facility` is a
proxy whose manager shows only facility kinds. The primary key is the gazetteer's stable slug
(`saydnaya-prison`), so a reloaded gazetteer keeps every reference valid."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from athar.registry.choices import PlaceKind

FACILITY_KINDS: frozenset[str] = frozenset({
    PlaceKind.PRISON, PlaceKind.SECURITY_BRANCH, PlaceKind.MILITARY_AIRPORT, PlaceKind.HOSPITAL,
    PlaceKind.COURT,
})


class Place(models.Model):
    id = models.SlugField(max_length=100, primary_key=True, help_text="Stable gazetteer id.")
    name_ar = models.CharField(max_length=200, blank=True, default="")
    name_en = models.CharField(max_length=200, blank=True, default="", help_text="Name in Latin script.")
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings, any script.")
    kind = models.CharField(max_length=32, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    number = models.CharField(
        max_length=20, blank=True, default="", help_text="A facility's number (branch 235, hospital 601).")
    notes = models.TextField(blank=True, default="", help_text="Gazetteer notes for whoever resolves places.")
    governorate = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"kind": PlaceKind.GOVERNORATE})
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name_en or self.name_ar or self.id

    @property
    def is_facility(self) -> bool:
        return self.kind in FACILITY_KINDS

    def display_name(self, language: str = "ar") -> str:
        first, second = (self.name_ar, self.name_en) if language == "ar" else (self.name_en, self.name_ar)
        return first or second or self.id


class FacilityManager(models.Manager["Facility"]):
    def get_queryset(self) -> models.QuerySet[Facility]:
        return super().get_queryset().filter(kind__in=FACILITY_KINDS)


class Facility(Place):
    """Places where people are held, tried or treated: prisons, branches, airports, hospitals, courts."""

    objects: ClassVar[FacilityManager] = FacilityManager()

    class Meta:
        proxy = True
        verbose_name_plural = "facilities"
