# Loads régions, départements, communes and postcodes so that every database, the tests' too,
# knows French communes from its first migration. Later vintages of the COG get a migration
# of their own calling the same upsert.
from django.db import migrations


def load(apps, schema_editor):
    from boucle.geo.loader import load_territories

    load_territories()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
