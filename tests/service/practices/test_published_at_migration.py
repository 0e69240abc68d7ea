"""0003_published_at on SQLite and PostgreSQL: stored practices get the date they were created; down and up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, inspect, text

from tests.service.submissions.test_migrations import insert_kept_practice, run


def _columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("practices")}
    finally:
        engine.dispose()


def test_published_at_is_added_filled_from_created_at_and_removed_again(store_url):
    from alembic import command

    run(store_url, command.upgrade, "0002")
    insert_kept_practice(store_url, created_at=datetime(2024, 3, 1, 10, 0, 0))
    run(store_url, command.upgrade, "0003_published_at")
    engine = create_engine(store_url)
    with engine.connect() as conn:
        published = conn.execute(text("SELECT published_at FROM practices WHERE id = 'kept'")).scalar()
    engine.dispose()
    assert str(published).startswith("2024-03-01 10:00:00")
    run(store_url, command.downgrade, "0002")
    assert "published_at" not in _columns(store_url)
    run(store_url, command.upgrade, "head")
    assert "published_at" in _columns(store_url)

