"""What a submission carries: a record validated exactly like an imported one, plus the submitter."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from service.errors import BadRequest
from service.practices.schemas import RECORD_FIELDS, PracticeCreate, clean_text, validation_problems

SUBMITTER_FIELDS = ("submitter_name", "submitter_email", "consent")
# A field people never see (hidden by CSS, skipped by keyboard and screen readers); bots fill it in.
HONEYPOT = "website"
# A pragmatic address check: one @, no spaces or markup, a dotted domain. Deliverability is not ours to test.
EMAIL_RE = re.compile(r"^[^@\s<>()\[\]\\,;:\"\x00-\x1f\x7f\ud800-\udfff]{1,64}"
                      r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$")
TRUE_WORDS = {"true", "on", "yes", "1"}


class Submitter(BaseModel):
    name: str
    email: str


def _submitter_problems(payload: dict[str, Any]) -> tuple[Submitter | None, list[dict[str, str]]]:
    problems = []
    name = payload.get("submitter_name")
    if not isinstance(name, str) or not (1 <= len(clean_text(name)) <= 200):
        problems.append({"field": "submitter_name", "message": "expected your name, 1–200 characters"})
    email = payload.get("submitter_email")
    if not isinstance(email, str) or len(email.strip()) > 254 or not EMAIL_RE.match(email.strip()):
        problems.append({"field": "submitter_email", "message": "expected an e-mail address such as name@example.org"})
    consent = payload.get("consent")
    if not (consent is True or (isinstance(consent, str) and consent.strip().lower() in TRUE_WORDS)):
        problems.append({"field": "consent", "message": "consent to publication is required to submit"})
    if problems:
        return None, problems
    return Submitter(name=clean_text(str(name)), email=str(email).strip()), []


def check_honeypot(payload: dict[str, Any]) -> None:
    value = payload.get(HONEYPOT)
    if value not in (None, ""):
        raise BadRequest(f"the field {HONEYPOT!r} must be left empty (it catches automated spam)",
                         details=[{"field": HONEYPOT, "message": "must be left empty"}])


def validate_submission(payload: dict[str, Any]) -> tuple[PracticeCreate, Submitter]:
    """Validate the record (as the importer does) and the submitter; every problem is reported at once."""
    record_part = {k: payload[k] for k in RECORD_FIELDS if k in payload}
    problems: list[dict[str, str]] = []
    record = None
    try:
        record = PracticeCreate.model_validate(record_part)
    except ValidationError as exc:
        problems.extend({"field": p.field or "", "message": p.message} for p in validation_problems(exc))
    submitter, submitter_problems = _submitter_problems(payload)
    problems.extend(submitter_problems)
    if problems or record is None or submitter is None:
        first = problems[0]
        raise BadRequest(f"{first['field']}: {first['message']}", details=problems)
    return record, submitter


def validate_record(data: dict[str, Any]) -> PracticeCreate:
    """Validate a record as edited by a moderator: the same rules as an import."""
    try:
        return PracticeCreate.model_validate(data)
    except ValidationError as exc:
        problems = [{"field": p.field or "", "message": p.message} for p in validation_problems(exc)]
        raise BadRequest(f"{problems[0]['field']}: {problems[0]['message']}", details=problems) from None


def raw_payload(payload: dict[str, Any]) -> str:
    """The fields as sent (record and submitter), as JSON text.

    json.dumps escapes control characters (NUL included); lone surrogates, which no database or page can
    encode, become U+FFFD. Everything else is kept exactly as typed.
    """
    kept = {k: payload[k] for k in (*RECORD_FIELDS, *SUBMITTER_FIELDS) if k in payload}
    text = json.dumps(kept, ensure_ascii=False, default=str)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class SubmissionReceipt(BaseModel):
    status: str
    tracking_token: str
    tracking_url: str
    status_url: str


class SubmissionStatus(BaseModel):
    """What the tracking link shows: never the submitter's name or e-mail."""

    status: str
    title: str
    submitted_at: datetime
    decided_at: datetime | None = None
    reason: str | None = None
    practice_id: str | None = None
    practice_url: str | None = None
