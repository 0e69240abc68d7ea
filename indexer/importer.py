"""Import: read → validate → normalise → upsert into the store, then bring the index up to date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from service.db import session_scope
from service.practices import service as practices
from service.practices.record_format import Row
from service.practices.schemas import PracticeCreate, validation_problems

BATCH = 500


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # one message per problem, naming record and field

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


def validate_rows(rows: Iterable[Row], report: ImportReport) -> Iterable[PracticeCreate]:
    for label, raw in rows:
        if isinstance(raw, str):
            report.rejected.append(f"{label}: {raw}")
            continue
        try:
            record = PracticeCreate.model_validate(raw)
        except ValidationError as exc:
            name = f"{label} (id {raw['id']})" if isinstance(raw.get("id"), str) else label
            for problem in validation_problems(exc):
                report.rejected.append(f"{name}: field {problem.field!r}: {problem.message}")
            continue
        yield record


def import_rows(factory: sessionmaker[Session], rows: Iterable[Row], *, progress: bool = True) -> ImportReport:
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

    for record in validate_rows(rows, report):
        assert record.id is not None
        if record.id in batch:  # the same id twice in one file: the later one wins, as in a re-import
            flush()
        batch[record.id] = record
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    bar.close()
    return report
