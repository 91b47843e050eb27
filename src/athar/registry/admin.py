"""Django admin for operators (active only if django.contrib.admin is installed). Read-mostly: the
registry is written through services, so the records and links are shown, not edited here."""

from __future__ import annotations

from django.contrib import admin

from athar.registry.models import (
    Event,
    FateClaim,
    ImportBatch,
    Person,
    PersonRecordLink,
    Place,
    Record,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "sensitivity", "acquired_on", "created_at")
    list_filter = ("kind", "sensitivity")
    search_fields = ("name", "organisation")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "file_name", "row_count", "imported_count", "skipped_count", "quarantined_count",
                    "created_at")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("id", "name_ar", "name_en", "kind", "governorate")
    list_filter = ("kind",)
    search_fields = ("id", "name_ar", "name_en")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence and judgements change only through services (with their history)."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("id", "source", "record_id", "event_type", "person", "created_at")
    list_filter = ("source", "event_type")
    search_fields = ("record_id",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "display_name", "retired_at", "created_at")
    search_fields = ("public_id",)


@admin.register(PersonRecordLink)
class PersonRecordLinkAdmin(ReadOnlyAdmin):
    list_display = ("record", "person", "method", "match_probability", "run_id", "created_at", "ended_at")
    list_filter = ("method",)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("id", "event_type", "date", "place", "person", "record")
    list_filter = ("event_type",)


@admin.register(FateClaim)
class FateClaimAdmin(ReadOnlyAdmin):
    list_display = ("id", "fate", "claimed_on", "person", "source", "event")
    list_filter = ("fate",)
