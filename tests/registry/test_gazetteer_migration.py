"""The data migration loads the gazetteer into Place, and unloads it when reversed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from athar.gazetteer import load_places
from athar.registry.models import Facility, Place

pytestmark = pytest.mark.django_db

migration = importlib.import_module("athar.registry.migrations.0002_load_gazetteer")


def test_it_loads_every_gazetteer_place() -> None:
    assert Place.objects.count() == len(load_places())


def test_it_loads_saydnaya_with_its_arabic_name_and_governorate() -> None:
    prison = Place.objects.get(id="saydnaya-prison")
    assert prison.name_ar == "سجن صيدنايا العسكري"
    assert prison.kind == "prison" and prison.is_facility
    assert "صيدنايا" in prison.aliases
    assert prison.governorate.name_en == "Rif Dimashq"
    assert prison.parent.id == "saydnaya"
    assert Facility.objects.filter(id="saydnaya-prison").exists()
    assert not Facility.objects.filter(id="saydnaya").exists()  # the town is not a facility


def test_it_is_reversible() -> None:
    migration.unload(apps, None)
    assert not Place.objects.filter(id__in=[p.id for p in load_places()]).exists()
    migration.load(apps, None)
    assert Place.objects.get(id="gov-damascus").name_ar == "دمشق"
    assert Place.objects.count() == len(load_places())
