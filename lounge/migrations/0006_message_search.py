import django.contrib.postgres.search
from django.db import migrations

# The "simple" configuration: chats mix many languages, so words are matched as written
# (lower-cased, no stemming or stop words that would suit one language and break others).
POSTGRES_FORWARD = [
    "CREATE INDEX lounge_message_search_gin ON lounge_message USING gin (search_vector)",
    """
    CREATE TRIGGER lounge_message_search_update
    BEFORE INSERT OR UPDATE OF body ON lounge_message
    FOR EACH ROW EXECUTE FUNCTION
    tsvector_update_trigger(search_vector, 'pg_catalog.simple', body)
    """,
    "UPDATE lounge_message SET search_vector = to_tsvector('pg_catalog.simple', body)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS lounge_message_search_update ON lounge_message",
    "DROP INDEX IF EXISTS lounge_message_search_gin",
]


def _run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: search matches the text instead (lounge.search)
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("lounge", "0005_alter_channel_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            _run_on_postgres(POSTGRES_FORWARD), _run_on_postgres(POSTGRES_BACKWARD)
        ),
    ]
