"""Storing submissions and reading their status. Functions flush; `transaction` is where routes commit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import session_scope
from service.errors import NotFound
from service.practices.schemas import PracticeCreate
from service.submissions.models import Submission, SubmissionState
from service.submissions.schemas import SubmissionStatus, Submitter

MAX_TOKEN_CHARS = 100
# Where a published submission can be read, by what it proposed (service.updates for the three items).
PUBLIC_PATHS = {"practice": "practices", "news": "news", "event": "events", "call": "calls"}


@contextmanager
def transaction(request: Request) -> Iterator[Session]:
    """One write transaction that begins and commits inside the calling worker thread.

    Why not SessionDep: its commit runs in the dependency's teardown, which needs a *second* worker
    thread. Under load every worker can be busy waiting for SQLite's write lock while the lock holder
    waits for a worker to commit: a deadlock that ends in "database is locked" after busy_timeout
    (seen with 200 concurrent submissions). Committing in the same thread as the INSERT keeps the lock
    short and always held by a running thread. It also commits before the answer is sent, so a
    failed commit is an error answer, never a success followed by a lost write.
    """
    with session_scope(request.app.state.sessions) as session:
        yield session


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, *, record: PracticeCreate, submitter: Submitter, raw: str) -> tuple[Submission, str]:
    """Store a pending submission; returns it and its tracking token (shown once, stored only hashed)."""
    token = secrets.token_urlsafe(32)
    # An INSERT and nothing read before it: on SQLite the write lock is taken at once (and waited for
    # with busy_timeout), so concurrent submissions queue up instead of failing.
    submission = Submission(tracking_hash=hash_token(token), status=SubmissionState.PENDING, raw_payload=raw,
                            submitter_name=submitter.name, submitter_email=submitter.email, consent=True)
    submission.set_record(record.record())
    session.add(submission)
    session.flush()
    return submission, token


def get_by_token(session: Session, *, token: str) -> Submission:
    submission = None
    if 0 < len(token) <= MAX_TOKEN_CHARS:
        submission = session.scalar(select(Submission).where(Submission.tracking_hash == hash_token(token)))
    if submission is None:
        raise NotFound("no submission with this tracking link")
    return submission


def status_of(submission: Submission) -> SubmissionStatus:
    published = submission.status == SubmissionState.PUBLISHED and submission.practice_id
    path = PUBLIC_PATHS.get(submission.kind, "practices")
    return SubmissionStatus(
        status=submission.status, title=submission.title, submitted_at=submission.created_at,
        decided_at=submission.decided_at,
        reason=submission.reason if submission.status in (SubmissionState.REJECTED, SubmissionState.UNPUBLISHED)
        else None,
        practice_id=submission.practice_id if published else None,
        practice_url=f"/{path}/{submission.practice_id}" if published else None)
