"""Moderating proposed news, events and calls: the practices' moderation (service.admin.service) calls
these for a submission whose kind is not "practice". Same transaction rules: functions flush, the
route commits, and the item's outbox entry is written with the approval."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.errors import BadRequest, Conflict
from service.submissions.models import Submission
from service.updates import store
from service.updates.schemas import ItemBase, fields_of, problems_of, validate_item

Log = Callable[..., None]


def set_record(submission: Submission, record: dict[str, Any]) -> None:
    """The submission's record and the copies the queue filters on (an item's first country)."""
    submission.record = record
    submission.title = record["title"]
    submission.country = (record.get("countries") or [""])[0]
    submission.sectors_key = ";" + ";".join(record.get("sectors", [])) + ";"


def validate(record: dict[str, Any], kind: str) -> ItemBase:
    try:
        return validate_item({k: v for k, v in record.items() if k in fields_of(kind)}, kind=kind)
    except ValidationError as exc:
        problems = problems_of(exc)
        raise BadRequest(f"{problems[0]['field']}: {problems[0]['message']}", details=problems) from None


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {name: {"from": before.get(name), "to": after.get(name)} for name in dict.fromkeys([*before, *after])
            if before.get(name) != after.get(name)}


def approve(session: Session, submission: Submission, *, actor: str, log: Log) -> Submission:
    record = validate(submission.record, submission.kind)
    existing = store.get(session, record.id or "")
    if existing is not None and existing.id != submission.practice_id:
        raise Conflict(f"an item with id {existing.id!r} already exists (a duplicate?); change the id, or reject "
                       "this submission", details=[{"field": "id", "message": "already used by another item"}])
    before = existing.record() if existing is not None else {}
    store.upsert(session, record, status="published")
    submission.status, submission.practice_id = "published", record.id
    submission.reason, submission.decided_at = None, datetime.now(UTC)
    log(session, actor=actor, action="approved", submission_id=submission.id, practice_id=record.id,
        changes=diff(before, record.record()))
    session.flush()
    return submission


def reject(session: Session, submission: Submission) -> None:
    """A published item leaves the lists (kept, unpublished); the caller records the rejection."""
    if submission.practice_id:
        store.set_status(session, item_id=submission.practice_id, status="unpublished")


def edit(session: Session, submission: Submission, *, record: dict[str, Any], actor: str, log: Log) -> Submission:
    validated = validate({**submission.record, **record, "id": record.get("id") or submission.record.get("id")},
                         submission.kind)
    new = validated.record()
    changes = diff(submission.record, new)
    if not changes:
        return submission
    if submission.status == "published" and new["id"] != submission.practice_id:
        raise BadRequest("id: a published item keeps its id")
    set_record(submission, new)
    if submission.status == "published":
        store.upsert(session, validated, status="published")
    log(session, actor=actor, action="edited", submission_id=submission.id, practice_id=submission.practice_id,
        changes=changes)
    session.flush()
    return submission
