"""Alembic on SQLite and PostgreSQL: from empty, from the previous revision, and down and up again."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from service.db import MIGRATIONS_DIR

OUR_TABLES = {"submissions", "moderation_events"}
REVISION = "0002"


def run(url: str, action, target: str) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, target)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def previous_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    down = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


def insert_kept_practice(url: str, *, created_at: datetime | None = None) -> None:
    """A practice stored at an older revision, to see that an upgrade keeps it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO practices (id, title, summary, country, sectors, impacts, key_areas, technologies, inputs, "
            "outputs, language, status, created_at, updated_at) VALUES ('kept', 'A kept practice', "
            "'A practice stored before the upgrade.', 'DE', '[]', '[]', '[]', '[]', '[]', '[]', 'en', 'published', "
            ":created, :created)"), {"created": created_at or datetime.now(UTC).replace(tzinfo=None)})
    engine.dispose()


def test_from_empty_to_head(store_url):
    run(store_url, command.upgrade, "head")
    assert OUR_TABLES | {"practices", "search_outbox", "alembic_version"} <= tables(store_url)


def test_from_the_previous_revision_with_data_then_down_and_up_again(store_url):
    run(store_url, command.upgrade, previous_revision())
    assert not OUR_TABLES & tables(store_url)
    insert_kept_practice(store_url)
    run(store_url, command.upgrade, "head")
    assert OUR_TABLES <= tables(store_url)
    run(store_url, command.downgrade, previous_revision())
    assert not OUR_TABLES & tables(store_url)
    run(store_url, command.upgrade, "head")
    assert OUR_TABLES <= tables(store_url)
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM practices WHERE id = 'kept'")).scalar() == "A kept practice"
    engine.dispose()
