"""Load the gazetteer shipped with athar (athar.gazetteer.load_places) into registry.Place.
Reversible: unapplying deletes the places it loaded."""

from django.db import migrations


def load(apps, schema_editor):
    from athar.gazetteer import load_places
    from athar.registry.places import copy_gazetteer_places

    copy_gazetteer_places(apps.get_model("registry", "Place"), load_places())


def unload(apps, schema_editor):
    from athar.gazetteer import load_places
    from athar.registry.places import remove_gazetteer_places

    remove_gazetteer_places(apps.get_model("registry", "Place"), load_places())


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
