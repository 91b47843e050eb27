"""The database refuses UPDATE and DELETE on audit rows (SQLite and PostgreSQL triggers), so even
code that bypasses the service layer, or a person with the application's database account, cannot
quietly rewrite history. (Whoever owns the database file or is a PostgreSQL superuser can still drop
a trigger: `athar audit verify` is what detects that kind of tampering.)"""

from django.db import migrations

from athar.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [migrations.RunPython(install, remove)]
