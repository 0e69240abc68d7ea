"""What the moderation API answers: submissions with their submitter (admin eyes only), and history."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from service.admin.models import ModerationEvent
from service.submissions.models import Submission


class SubmissionSummary(BaseModel):
    id: int
    status: str
    title: str
    country: str
    sectors: list[str]
    submitter_name: str
    submitter_email: str
    practice_id: str | None
    reason: str | None
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, s: Submission) -> SubmissionSummary:
        return cls(id=s.id, status=s.status, title=s.title, country=s.country,
                   sectors=list(s.record.get("sectors", [])), submitter_name=s.submitter_name,
                   submitter_email=s.submitter_email, practice_id=s.practice_id, reason=s.reason,
                   created_at=s.created_at, decided_at=s.decided_at)


class Event(BaseModel):
    id: int
    created_at: datetime
    actor: str
    action: str
    submission_id: int | None
    practice_id: str | None
    changes: dict[str, Any]
    reason: str | None

    @classmethod
    def of(cls, e: ModerationEvent) -> Event:
        return cls(id=e.id, created_at=e.created_at, actor=e.actor, action=e.action, submission_id=e.submission_id,
                   practice_id=e.practice_id, changes=e.changes or {}, reason=e.reason)


class SubmissionDetail(SubmissionSummary):
    record: dict[str, Any]
    raw_payload: dict[str, Any]
    similar: list[dict[str, Any]] | None  # None: the search backend could not be asked
    history: list[Event]

    @classmethod
    def build(cls, s: Submission, *, similar: list[dict[str, Any]] | None,
              events: list[ModerationEvent]) -> SubmissionDetail:
        return cls(**SubmissionSummary.of(s).model_dump(), record=s.record, raw_payload=json.loads(s.raw_payload),
                   similar=similar, history=[Event.of(e) for e in events])


class SubmissionList(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[SubmissionSummary]


class Reason(BaseModel):
    reason: str


class PracticeDetail(BaseModel):
    id: str
    status: str
    record: dict[str, Any]
    history: list[Event]
