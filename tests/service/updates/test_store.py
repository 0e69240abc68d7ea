"""The items table and its outbox on SQLite and PostgreSQL: migration 0004 up and down, upserts that
queue exactly the changed items, instants that survive the round trip."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, select, text

from service.db import make_engine, make_sessionmaker, migrate, session_scope
from service.updates import store
from service.updates.models import Item, ItemOutboxEntry
from service.updates.schemas import validate_item
from tests.service.submissions.test_migrations import run, tables
from tests.service.updates.conftest import known_items

REVISION, PREVIOUS = "0004", "0003_published_at"


def test_migration_from_the_previous_revision_keeps_submissions_and_goes_down_and_up(store_url: str) -> None:
    run(store_url, command.upgrade, PREVIOUS)
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO submissions (tracking_hash, status, record, raw_payload, submitter_name, submitter_email, "
            "consent, title, country, sectors_key, created_at, updated_at) VALUES ('h', 'pending', '{}', '{}', "
            "'Ann', 'a@example.org', true, 'A practice submitted before', 'DE', ';', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"))
    engine.dispose()
    run(store_url, command.upgrade, "head")
    assert {"items", "items_outbox"} <= tables(store_url)
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM submissions")).scalar_one() == "practice"
    assert "kind" in {c["name"] for c in inspect(engine).get_columns("submissions")}
    engine.dispose()
    run(store_url, command.downgrade, PREVIOUS)
    assert not {"items", "items_outbox"} & tables(store_url)
    run(store_url, command.upgrade, "head")
    assert {"items", "items_outbox"} <= tables(store_url)


def test_upserts_queue_changed_items_only_and_keep_instants_exact(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    records = [validate_item(raw) for raw in known_items()]
    with session_scope(factory) as session:
        assert set(store.upsert_many(session, records)) == {"created"}
    with session_scope(factory) as session:  # the same records again: nothing written, nothing queued
        assert set(store.upsert_many(session, records)) == {"unchanged"}
        assert store.pending(session) == len(records)
    changed = validate_item({**known_items()[0], "place": "Ghent, Flanders Expo"})
    with session_scope(factory) as session:
        assert store.upsert(session, changed) == "updated"
        assert store.pending(session) == len(records) + 1
        item = session.get(Item, "ev-soon")
        assert item is not None and item.record() == changed.record()
        assert item.record()["start"] == validate_item(known_items()[0]).record()["start"]
        entries = session.scalars(select(ItemOutboxEntry.item_id).order_by(ItemOutboxEntry.seq)).all()
        assert entries[-1] == "ev-soon"
    engine.dispose()
