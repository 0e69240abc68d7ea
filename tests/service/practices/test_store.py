"""The store on SQLite and PostgreSQL: upserts, the outbox written in the same transaction, migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from service.db import make_engine, make_sessionmaker, migrate, session_scope
from service.outbox import queue
from service.outbox.models import OutboxEntry
from service.practices import service as practices
from service.practices.schemas import PracticeCreate
from tests.conftest import load_fixture_records


@pytest.fixture
def factory(store_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(store_url)
    migrate(engine)
    yield make_sessionmaker(engine)
    engine.dispose()


def record(**changes) -> PracticeCreate:  # type: ignore[no-untyped-def]
    return PracticeCreate.model_validate({**load_fixture_records()[0], **changes})


def test_migrations_create_the_tables_and_run_again_without_change(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine)
    migrate(engine)  # idempotent: already at head
    tables = set(inspect(engine).get_table_names())
    assert {"practices", "search_outbox", "alembic_version"} <= tables
    engine.dispose()


def test_upsert_inserts_then_updates_and_queues_each_change(factory) -> None:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        practice, created = practices.upsert(session, record=record())
        assert created
    with session_scope(factory) as session:
        _, created = practices.upsert(session, record=record(title="LED high-bay lighting, second phase"))
        assert not created
    with session_scope(factory) as session:
        stored = practices.get_or_raise(session, practice_id="fx-led-warehouse")
        assert stored.title == "LED high-bay lighting, second phase"
        assert stored.sectors == ["logistics"] and stored.technologies == ["LED lighting", "motion sensors"]
        queued = session.scalars(select(OutboxEntry.practice_id)).all()
        assert queued == ["fx-led-warehouse", "fx-led-warehouse"]


def test_an_unchanged_record_writes_nothing(factory) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with session_scope(factory) as session:
            practices.upsert(session, record=record())
    with session_scope(factory) as session:
        assert queue.pending_count(session) == 1


def test_a_failed_transaction_leaves_neither_the_practice_nor_its_outbox_row(factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        practices.upsert(session, record=record())
        raise RuntimeError("crash after the write, before the commit")
    with session_scope(factory) as session:
        assert practices.get(session, practice_id="fx-led-warehouse") is None
        assert queue.pending_count(session) == 0


def test_record_round_trips_through_the_store(factory) -> None:  # type: ignore[no-untyped-def]
    originals = [PracticeCreate.model_validate(r) for r in load_fixture_records()]
    with session_scope(factory) as session:
        for original in originals:
            practices.upsert(session, record=original)
    with session_scope(factory) as session:
        stored = {r["id"]: r for r in practices.iter_records(session)}
    assert stored == {r.id: r.record() for r in originals}


def test_unpublished_practices_are_hidden_from_public_reads(factory) -> None:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        practices.upsert(session, record=record())
    with session_scope(factory) as session:
        practices.set_status(session, practice_id="fx-led-warehouse", status="unpublished")
    with session_scope(factory) as session:
        assert list(practices.iter_records(session)) == []
        assert practices.get(session, practice_id="fx-led-warehouse") is not None


def test_a_batch_upsert_stores_what_single_upserts_store_and_queues_only_changes(factory) -> None:  # type: ignore[no-untyped-def]
    originals = [PracticeCreate.model_validate(r) for r in load_fixture_records()]
    with session_scope(factory) as session:
        assert practices.upsert_many(session, records=originals) == ["created"] * len(originals)
    with session_scope(factory) as session:
        stored = {r["id"]: r for r in practices.iter_records(session)}
        practice = practices.get_or_raise(session, practice_id=originals[0].id or "")
        assert practice.created_at is not None and practice.updated_at is not None
    assert stored == {r.id: r.record() for r in originals}

    edited = originals[1].model_copy(update={"title": originals[1].title + " (second phase)"})
    batch = [originals[0], edited, record(id="fx-new-one", title="A new practice in the same batch")]
    with session_scope(factory) as session:
        assert practices.upsert_many(session, records=batch) == ["unchanged", "updated", "created"]
    with session_scope(factory) as session:
        assert practices.get_or_raise(session, practice_id=edited.id or "").title.endswith("(second phase)")
        queued = session.scalars(select(OutboxEntry.practice_id).order_by(OutboxEntry.seq)).all()
    # One entry per created or changed practice, in order; the unchanged one queued nothing more.
    assert queued == [r.id for r in originals] + [edited.id, "fx-new-one"]


def test_a_failed_batch_leaves_nothing_behind(factory) -> None:  # type: ignore[no-untyped-def]
    originals = [PracticeCreate.model_validate(r) for r in load_fixture_records()]
    with pytest.raises(RuntimeError), session_scope(factory) as session:
        practices.upsert_many(session, records=originals)
        raise RuntimeError("crash after the batch, before the commit")
    with session_scope(factory) as session:
        assert list(practices.iter_records(session, published_only=False)) == []
        assert queue.pending_count(session) == 0
