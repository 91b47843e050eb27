"""`PartialDateField`: a model field that stores and returns `athar.interchange.PartialDate`.

Stored as the ISO text of the date at its own precision (`2012`, `2012-06`, `2012-06-03`), or for a
season, a part of a year or a Hijri year its stored form (`2012-22`, `2012-H1433`; see
athar.interchange.dates), which sorts after the year's ISO dates and before the next year. That text
sorts chronologically, a less precise date before the more precise ones inside its period
(`2012` < `2012-06` < `2012-06-03` < `2013`), so `order_by` and range lookups work in the database
without inventing a day the source never gave. Lookups accept a PartialDate or its ISO text:
`Event.objects.filter(date__gte=PartialDate(2012))`, `date__startswith="2013"` (all of 2013).

Invalid dates (`2012-13`, `2013-02-30`, `12/2012`) are refused: `to_python` and `full_clean` raise
ValidationError, and saving one raises ValueError before it reaches the database."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models

from athar.interchange import PartialDate


def _parse(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise ValueError(f"expected a PartialDate or its ISO text, not {type(value).__name__}")


class PartialDateField(models.CharField):
    description = "A partial date: YYYY, YYYY-MM or YYYY-MM-DD"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> PartialDate | None:
        if value is None or value == "":
            return None
        return PartialDate.parse(value)

    def to_python(self, value: Any) -> PartialDate | None:
        try:
            return _parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid_partial_date") from None

    def get_prep_value(self, value: Any) -> str | None:
        # ValueError (not ValidationError) on save: a bad date reaching here is a bug in the caller.
        parsed = _parse(value)
        return None if parsed is None else parsed.as_text()

    def value_to_string(self, obj: models.Model) -> str:
        value = cast("PartialDate | None", self.value_from_object(obj))
        return "" if value is None else value.as_text()
