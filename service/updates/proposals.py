"""Proposals of news items, events and calls: validated like an import, stored as pending submissions in
the practices' moderation queue (kind says what they propose). Functions flush; the route commits."""

from __future__ import annotations

import json
import secrets
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.errors import BadRequest
from service.submissions.models import Submission
from service.submissions.schemas import SUBMITTER_FIELDS, Submitter, _submitter_problems
from service.submissions.service import hash_token
from service.updates.kinds import Kind
from service.updates.moderation import set_record
from service.updates.schemas import ALL_FIELDS, ItemBase, fields_of, problems_of, validate_item


def validate_submission(payload: dict[str, Any], kind: Kind) -> tuple[ItemBase, Submitter]:
    problems: list[dict[str, str]] = []
    record = None
    try:
        # Every item field is passed on, so that another kind's field is refused by name, as on import.
        record = validate_item({k: payload[k] for k in ALL_FIELDS if k in payload and k != "kind"}, kind=kind)
    except ValidationError as exc:
        problems.extend(problems_of(exc))
    submitter, submitter_problems = _submitter_problems(payload)
    problems.extend(submitter_problems)
    if problems or record is None or submitter is None:
        raise BadRequest(f"{problems[0]['field']}: {problems[0]['message']}", details=problems)
    return record, submitter


def raw_payload(payload: dict[str, Any], kind: Kind) -> str:
    kept = {k: payload[k] for k in (*fields_of(kind), *SUBMITTER_FIELDS) if k in payload}
    # As practices' raw_payload: lone surrogates, which no database can store, become U+FFFD.
    raw = json.dumps(kept, ensure_ascii=False, default=str)
    raw = raw.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return raw


def create(session: Session, *, record: ItemBase, submitter: Submitter, raw: str) -> str:
    """Store a pending proposal; returns its tracking token (shown once, stored only hashed)."""
    token = secrets.token_urlsafe(32)
    submission = Submission(tracking_hash=hash_token(token), status="pending", kind=record.kind, raw_payload=raw,
                            submitter_name=submitter.name, submitter_email=submitter.email, consent=True)
    set_record(submission, record.record())
    session.add(submission)
    session.flush()
    return token

