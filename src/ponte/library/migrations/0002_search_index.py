"""The full-text index of pills: an FTS5 table on SQLite, a tsvector table with GIN on PostgreSQL.

Neither is a model: the search engine (library/search) reads and writes them with
parameterised SQL, and which one exists depends on the database the migration runs on. Both
follow the pill's life through triggers — a deleted pill (by cascade too) leaves the index, and
on PostgreSQL so does a truncated table (Django's flush) — rather than a foreign key, which
Django's TRUNCATE of the pills would refuse.
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
    # ``terms``: the lexemes alone (strip), small enough to stay in the row, for matching;
    # ``vector``: weights and positions, moved out of the row, read only to rank a page's window.
    "CREATE TABLE library_pill_search (pill_id bigint PRIMARY KEY, terms tsvector NOT NULL, vector tsvector NOT NULL)",
    "ALTER TABLE library_pill_search ALTER COLUMN terms SET STORAGE MAIN",
    "ALTER TABLE library_pill_search ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX library_pill_search_terms ON library_pill_search USING gin (terms)",
    "CREATE FUNCTION library_pill_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'TRUNCATE' THEN TRUNCATE library_pill_search; "
    "ELSE DELETE FROM library_pill_search WHERE pill_id = OLD.id; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER library_pill_search_forget AFTER DELETE ON library_pill "
    "FOR EACH ROW EXECUTE FUNCTION library_pill_search_forget()",
    "CREATE TRIGGER library_pill_search_truncate AFTER TRUNCATE ON library_pill "
    "FOR EACH STATEMENT EXECUTE FUNCTION library_pill_search_forget()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS library_pill_search_truncate ON library_pill",
    "DROP TRIGGER IF EXISTS library_pill_search_forget ON library_pill",
    "DROP FUNCTION IF EXISTS library_pill_search_forget()",
    "DROP TABLE IF EXISTS library_pill_search",
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
