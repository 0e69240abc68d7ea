"""Moderation: the queue, edits, approval, rejection, (un)publishing, and the history of all of it.

Functions flush, never commit. Approval writes the practice through practices.service.upsert, so its
outbox row is part of the same transaction: the approval stands even when the search index is down.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.admin.models import ModerationEvent
from service.errors import BadRequest, Conflict, NotFound
from service.practices import service as practices
from service.practices.models import Practice, PracticeStatus
from service.practices.schemas import RECORD_FIELDS, clean_text
from service.search.backend import SearchBackend
from service.search.query import SearchQuery
from service.search.service import run_search
from service.submissions.models import STATUSES, Submission, SubmissionState
from service.submissions.schemas import validate_record
from service.taxonomy import Taxonomy

log = logging.getLogger(__name__)
MAX_REASON_CHARS = 2000
MAX_FILTER_CHARS = 200


def _now() -> datetime:
    return datetime.now(UTC)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: {"from": old, "to": new}} for each record field that differs."""
    return {name: {"from": before.get(name), "to": after.get(name)} for name in RECORD_FIELDS
            if before.get(name) != after.get(name)}


def _log(session: Session, *, actor: str, action: str, submission_id: int | None = None,
         practice_id: str | None = None, changes: dict[str, Any] | None = None, reason: str | None = None) -> None:
    session.add(ModerationEvent(actor=actor, action=action, submission_id=submission_id, practice_id=practice_id,
                                changes=changes or {}, reason=reason))


def facet_filter(taxonomy: Taxonomy, facet: str, raw: str | None) -> str | None:
    """A queue filter value as its slug; an unknown one is a 400 naming the allowed values."""
    if not raw:
        return None
    slug = taxonomy.facet(facet).normalise(raw)
    if slug is None:
        raise BadRequest(f"{facet}: unknown value; allowed: {', '.join(taxonomy.facet(facet).values)}")
    return slug


def list_submissions(session: Session, *, status: str | None = None, sector: str | None = None,
                     country: str | None = None, q: str | None = None, page: int = 1,
                     per_page: int = 50) -> tuple[int, list[Submission]]:
    """The queue, newest first, filtered by status, sector, country and text in title/summary/organisation."""
    statement = select(Submission)
    if status:
        if status not in STATUSES:
            raise BadRequest(f"status: unknown value; allowed: {', '.join(STATUSES)}")
        statement = statement.where(Submission.status == status)
    if sector:
        statement = statement.where(Submission.sectors_key.contains(f";{sector};", autoescape=True))
    if country:
        statement = statement.where(Submission.country == country)
    if q:
        if len(q) > MAX_FILTER_CHARS:
            raise BadRequest(f"q: at most {MAX_FILTER_CHARS} characters")
        pattern = f"%{_escape_like(q.lower())}%"
        statement = statement.where(or_(func.lower(Submission.title).like(pattern, escape="\\"),
                                        func.lower(Submission.submitter_name).like(pattern, escape="\\"),
                                        Submission.practice_id == q))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(Submission.created_at.desc(), Submission.id.desc())
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return total, list(rows)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_submission(session: Session, *, submission_id: int, lock: bool = False) -> Submission:
    statement = select(Submission).where(Submission.id == submission_id)
    # On PostgreSQL two moderators acting on one submission queue up; SQLite serialises writers anyway.
    submission = session.scalar(statement.with_for_update() if lock else statement)
    if submission is None:
        raise NotFound(f"no submission {submission_id}")
    return submission


def edit_submission(session: Session, *, submission_id: int, record: dict[str, Any], actor: str) -> Submission:
    """Replace the submission's record (validated like an import); a published one updates its practice."""
    submission = get_submission(session, submission_id=submission_id, lock=True)
    validated = validate_record({**record, "id": record.get("id") or submission.record.get("id")})
    new = validated.record()
    changes = diff(submission.record, new)
    if not changes:
        return submission
    if submission.status == SubmissionState.PUBLISHED and new["id"] != submission.practice_id:
        raise BadRequest("id: a published practice keeps its id; unpublish it and submit anew to change it")
    submission.set_record(new)
    if submission.status == SubmissionState.PUBLISHED:
        practices.upsert(session, record=validated, status=PracticeStatus.PUBLISHED)
    _log(session, actor=actor, action="edited", submission_id=submission.id, practice_id=submission.practice_id,
         changes=changes)
    session.flush()
    return submission


def approve(session: Session, *, submission_id: int, actor: str) -> Submission:
    """Publish the submission as a practice (store + outbox in this transaction)."""
    submission = get_submission(session, submission_id=submission_id, lock=True)
    if submission.status == SubmissionState.PUBLISHED:
        raise Conflict("this submission is already published")
    record = validate_record(submission.record)
    existing = practices.get(session, practice_id=record.id or "")
    if existing is not None and existing.id != submission.practice_id:
        raise Conflict(f"a practice with id {existing.id!r} already exists (a duplicate?); change the id "
                       "in the edit form, or reject this submission",
                       details=[{"field": "id", "message": "already used by another practice"}])
    before = existing.record() if existing is not None else {}
    practice, _ = practices.upsert(session, record=record, status=PracticeStatus.PUBLISHED)
    submission.status, submission.practice_id = SubmissionState.PUBLISHED, practice.id
    submission.reason, submission.decided_at = None, _now()
    _log(session, actor=actor, action="approved", submission_id=submission.id, practice_id=practice.id,
         changes=diff(before, practice.record()))
    session.flush()
    return submission


def clean_reason(reason: Any, *, required: bool) -> str | None:
    text = clean_text(reason) if isinstance(reason, str) else ""
    if required and not text:
        raise BadRequest("reason: a reason is required", details=[{"field": "reason", "message": "required"}])
    if len(text) > MAX_REASON_CHARS:
        raise BadRequest(f"reason: at most {MAX_REASON_CHARS} characters",
                         details=[{"field": "reason", "message": f"at most {MAX_REASON_CHARS} characters"}])
    return text or None


def reject(session: Session, *, submission_id: int, reason: Any, actor: str) -> Submission:
    """Reject with a reason the submitter sees; a published submission's practice is unpublished."""
    text = clean_reason(reason, required=True)
    submission = get_submission(session, submission_id=submission_id, lock=True)
    if submission.status == SubmissionState.REJECTED:
        raise Conflict("this submission is already rejected")
    if submission.practice_id and practices.get(session, practice_id=submission.practice_id) is not None:
        practices.set_status(session, practice_id=submission.practice_id, status=PracticeStatus.UNPUBLISHED)
    submission.status, submission.reason, submission.decided_at = SubmissionState.REJECTED, text, _now()
    _log(session, actor=actor, action="rejected", submission_id=submission.id,
         practice_id=submission.practice_id, reason=text)
    session.flush()
    return submission


def get_practice(session: Session, *, practice_id: str) -> Practice:
    return practices.get_or_raise(session, practice_id=practice_id, published_only=False)


def edit_practice(session: Session, *, practice_id: str, record: dict[str, Any], actor: str) -> Practice:
    """Replace a stored practice's record (validated like an import), keeping its id and status."""
    practice = get_practice(session, practice_id=practice_id)
    if record.get("id") not in (None, "", practice_id):
        raise BadRequest("id: a practice keeps its id", details=[{"field": "id", "message": "cannot change"}])
    validated = validate_record({**record, "id": practice_id})
    before = practice.record()
    practice, _ = practices.upsert(session, record=validated, status=practice.status)
    changes = diff(before, practice.record())
    if changes:
        for submission in _linked(session, practice_id):
            submission.set_record(practice.record())
        _log(session, actor=actor, action="edited", practice_id=practice_id, changes=changes)
    session.flush()
    return practice


def set_practice_status(session: Session, *, practice_id: str, status: str, actor: str,
                        reason: Any = None) -> Practice:
    """Unpublish (hidden, kept, removed from search) or publish again; linked submissions follow."""
    text = clean_reason(reason, required=False)
    practice = get_practice(session, practice_id=practice_id)
    if practice.status == status:
        return practice
    practices.set_status(session, practice_id=practice_id, status=status)
    for submission in _linked(session, practice_id):
        submission.status, submission.decided_at = status, _now()
        submission.reason = text if status == PracticeStatus.UNPUBLISHED else None
    _log(session, actor=actor, action=status, practice_id=practice_id, reason=text,
         changes={"status": {"from": str(PracticeStatus.PUBLISHED if status == PracticeStatus.UNPUBLISHED
                                         else PracticeStatus.UNPUBLISHED), "to": str(status)}})
    session.flush()
    return practice


def _linked(session: Session, practice_id: str) -> list[Submission]:
    return list(session.scalars(select(Submission).where(Submission.practice_id == practice_id)))


def history(session: Session, *, submission_id: int | None = None, practice_id: str | None = None,
            limit: int = 200) -> list[ModerationEvent]:
    statement = select(ModerationEvent)
    if submission_id is not None:
        statement = statement.where(ModerationEvent.submission_id == submission_id)
    if practice_id is not None:
        statement = statement.where(ModerationEvent.practice_id == practice_id)
    return list(session.scalars(statement.order_by(ModerationEvent.created_at.desc(), ModerationEvent.id.desc())
                                .limit(limit)))


def similar_practices(backend: SearchBackend, *, title: str, exclude: str | None = None,
                      limit: int = 5) -> list[dict[str, Any]] | None:
    """The published practices most like this title (to catch duplicates); None when search is down."""
    try:
        result = run_search(backend, SearchQuery(q=title[:200], per_page=limit + 1))
    except Exception as exc:  # noqa: BLE001 - moderation goes on without the hint
        log.warning("similar practices unavailable: %s", exc)
        return None
    return [hit for hit in result.hits if hit.get("id") != exclude][:limit]
