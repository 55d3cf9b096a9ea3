"""The full-text index of pills: an FTS5 table on SQLite, a tsvector column with GIN on PostgreSQL.

Neither is a model field: the search engine (library/search) reads and writes them with
parameterised SQL, and which one exists depends on the database the migration runs on. Both
follow the pill row's life: the PostgreSQL column is part of it, and on SQLite a trigger drops
the FTS row when the pill goes (by cascade too). Neither is a table of its own that Django's
flush would not know of, nor a foreign key that its TRUNCATE would trip over.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE library_pill_fts USING fts5("
    "title, tags, summary, body, transcript, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER library_pill_fts_forget AFTER DELETE ON library_pill "
    "BEGIN DELETE FROM library_pill_fts WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS library_pill_fts_forget",
    "DROP TABLE IF EXISTS library_pill_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE library_pill ADD COLUMN search_vector tsvector",
    "CREATE INDEX library_pill_search_vector ON library_pill USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS library_pill_search_vector",
    "ALTER TABLE library_pill DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
