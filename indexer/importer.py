"""Import: read → validate → normalise → upsert into the store, then bring the index up to date."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from service.db import session_scope
from service.practices import service as practices
from service.practices.record_format import Row
from service.practices.schemas import RECORD_FIELDS, PracticeCreate, validation_problems

BATCH = 500


KNOWN_FIELDS = frozenset(RECORD_FIELDS)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # one message per problem, naming record and field
    rejected_records: int = 0
    # A column or key that is not a field of the format -> the labels of the records that had it.
    unknown_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    def reject(self, messages: list[str]) -> None:
        self.rejected.extend(messages)
        self.rejected_records += 1

    def rejected_text(self) -> str:
        """"2 records (3 problems)": a record may have several problems."""
        if len(self.rejected) == self.rejected_records:
            return plural(self.rejected_records, "record")
        return f"{plural(self.rejected_records, 'record')} ({plural(len(self.rejected), 'problem')})"

    def warnings(self, *, strict: bool) -> list[str]:
        """One line per unknown field: where it was seen and the field it was probably meant to be."""
        out = []
        for name, labels in self.unknown_fields.items():
            guess = difflib.get_close_matches(name.lower(), RECORD_FIELDS, n=1, cutoff=0.7)
            hint = f"; did you mean {guess[0]!r}?" if guess else f"; the fields are: {', '.join(RECORD_FIELDS)}"
            where = labels[0] if len(labels) == 1 else f"{labels[0]} and {plural(len(labels) - 1, 'more record')}"
            fate = "those records were rejected (--strict)" if strict else "its values were ignored"
            out.append(f"unknown field {name!r} ({where}): {fate}{hint}")
        return out


def _unknown_field_problems(label: str, raw: dict, report: ImportReport) -> list[str]:
    unknown = [key for key in raw if key not in KNOWN_FIELDS]
    for key in unknown:
        report.unknown_fields.setdefault(key, []).append(label)
    return [f"{label}: field {key!r} is not a field of the format" for key in unknown]


def validate_rows(rows: Iterable[Row], report: ImportReport, *, strict: bool = False) -> Iterable[PracticeCreate]:
    """Valid records, in order. Problems go to the report; so does the same id seen twice in one source
    (the first is kept: a file that names one practice twice is a mistake, not an update)."""
    first_seen: dict[str, str] = {}
    for label, raw in rows:
        if isinstance(raw, str):
            report.reject([f"{label}: {raw}"])
            continue
        name = f"{label} (id {raw['id']})" if isinstance(raw.get("id"), str) else label
        unknown = _unknown_field_problems(name, raw, report)
        try:
            record = PracticeCreate.model_validate(raw)
        except ValidationError as exc:
            report.reject([f"{name}: field {problem.field!r}: {problem.message}"
                           for problem in validation_problems(exc)] + (unknown if strict else []))
            continue
        if strict and unknown:
            report.reject(unknown)
            continue
        assert record.id is not None
        if record.id in first_seen:
            report.reject([f"{label} (id {record.id}): the same id as {first_seen[record.id]}; only the first "
                           "was kept (give each practice its own id)"])
            continue
        first_seen[record.id] = label
        yield record


def import_rows(factory: sessionmaker[Session], rows: Iterable[Row], *, progress: bool = True,
                strict: bool = False) -> ImportReport:
    """Upsert every valid record in batches; invalid ones are reported and skipped."""
    report = ImportReport()
    batch: dict[str, PracticeCreate] = {}
    bar = tqdm(desc="importing", unit=" records", disable=None if progress else True, leave=False)

    def flush() -> None:
        with session_scope(factory) as session:
            outcomes = practices.upsert_many(session, records=list(batch.values()))
        report.created += outcomes.count("created")
        report.updated += outcomes.count("updated")
        report.unchanged += outcomes.count("unchanged")
        bar.update(len(batch))
        batch.clear()

    for record in validate_rows(rows, report, strict=strict):
        assert record.id is not None
        batch[record.id] = record
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    bar.close()
    return report
