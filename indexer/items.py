"""Importing news, events and calls: the practices' import (same reports, messages and exit codes) with
the item record; a `kind` column, or --kind for files of one kind.

--shift-dates-from DATE moves every date of the file by whole days, from DATE to today: the illustrative
seed is written as if today were its anchor date, so that its upcoming events stay upcoming whenever it
is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from indexer.importer import BATCH, ImportReport
from service.db import session_scope
from service.practices.record_format import Row
from service.updates import store
from service.updates.schemas import DATE_FIELDS, ItemBase, problems_of, validate_item


def has_kind(rows: list[Row]) -> bool:
    """Whether the file holds items: its records carry a `kind`."""
    return any(isinstance(raw, dict) and "kind" in raw for _, raw in rows)


def shift(raw: dict[str, Any], days: int) -> dict[str, Any]:
    """The record with each date or date-time moved by `days`; values that are not dates are left to
    validation to reject."""
    moved = dict(raw)
    for name in DATE_FIELDS:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        text = value.strip()
        try:
            if len(text) == 10:
                moved[name] = (date.fromisoformat(text) + timedelta(days=days)).isoformat()
            else:
                moved[name] = (datetime.fromisoformat(text) + timedelta(days=days)).isoformat()
        except ValueError:
            pass
    return moved


def days_since(anchor: date, today: date | None = None) -> int:
    return ((today or datetime.now(UTC).date()) - anchor).days


def validate_item_rows(rows: Iterable[Row], report: ImportReport, *, kind: str | None = None,
                       shift_days: int = 0) -> Iterator[ItemBase]:
    for label, raw in rows:
        if isinstance(raw, str):
            report.reject([f"{label}: {raw}"])
            continue
        try:
            record = validate_item(shift(raw, shift_days) if shift_days else raw, kind=kind)
        except ValidationError as exc:
            name = f"{label} (id {raw['id']})" if isinstance(raw.get("id"), str) else label
            # reject() counts the record once, however many problems it has ("rejected 2 records").
            report.reject([f"{name}: field {problem['field']!r}: {problem['message']}" for problem in problems_of(exc)])
            continue
        yield record


def import_item_rows(factory: sessionmaker[Session], rows: Iterable[Row], *, kind: str | None = None,
                     shift_days: int = 0) -> ImportReport:
    """Upsert every valid item in batches; invalid ones are reported and skipped."""
    report = ImportReport()
    batch: dict[str, ItemBase] = {}

    def flush() -> None:
        with session_scope(factory) as session:
            outcomes = store.upsert_many(session, list(batch.values()))
        report.created += outcomes.count("created")
        report.updated += outcomes.count("updated")
        report.unchanged += outcomes.count("unchanged")
        batch.clear()

    for record in validate_item_rows(rows, report, kind=kind, shift_days=shift_days):
        assert record.id is not None
        if record.id in batch:
            flush()
        batch[record.id] = record
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return report
