"""The indexer's commands, each a plain function of parsed arguments returning an exit status."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from indexer import sources
from indexer.importer import ImportReport, import_rows, validate_rows
from service.db import make_engine, make_sessionmaker, migrate, session_scope
from service.outbox import queue
from service.practices import record_format
from service.practices import service as practices
from service.search import indexing, sync
from service.search.factory import make_backend
from service.settings import Settings
from service.taxonomy import load_taxonomy

MAX_MESSAGES = 200


class CommandError(Exception):
    """The command cannot run at all (unreadable source, bad settings)."""


@contextmanager
def _context() -> Iterator[tuple]:
    try:
        settings = Settings()
    except ValidationError as exc:
        raise CommandError(f"invalid settings: {exc.errors()[0]['msg']}") from None
    engine = make_engine(settings.store_url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    backend = make_backend(settings)
    try:
        yield settings, factory, backend, load_taxonomy(settings.seed_dir)
    finally:
        backend.close()
        engine.dispose()


def _rows(args: argparse.Namespace) -> list[record_format.Row]:
    try:
        text = sources.load_text(args.source)
        fmt = args.format or record_format.detect_format(args.source, text)
        return list(record_format.read_rows(text, fmt))
    except (sources.SourceError, record_format.RecordFormatError) as exc:
        raise CommandError(str(exc)) from None


def _print_rejections(report: ImportReport) -> None:
    for message in report.rejected[:MAX_MESSAGES]:
        print(f"rejected: {message}", file=sys.stderr)
    if len(report.rejected) > MAX_MESSAGES:
        print(f"… and {len(report.rejected) - MAX_MESSAGES} more problems", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    return {"import": import_command, "validate": validate_command, "rebuild": rebuild_command,
            "sync": sync_command, "export": export_command}[args.command](args)


def validate_command(args: argparse.Namespace) -> int:
    report = ImportReport()
    valid = sum(1 for _ in validate_rows(_rows(args), report))
    _print_rejections(report)
    print(f"{valid} valid records, {len(report.rejected)} problems")
    return 1 if report.rejected else 0


def import_command(args: argparse.Namespace) -> int:
    rows = _rows(args)
    with _context() as (_settings, factory, backend, taxonomy):
        started = time.perf_counter()
        report = import_rows(factory, rows, progress=not args.no_progress)
        _print_rejections(report)
        print(f"imported {report.accepted} records ({report.created} new, {report.updated} updated, "
              f"{report.unchanged} unchanged), rejected {len(report.rejected)} problems "
              f"in {time.perf_counter() - started:.1f} s")
        _bring_index_up_to_date(factory, backend, taxonomy)
    return 1 if report.rejected else 0


def _bring_index_up_to_date(factory, backend, taxonomy) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        with session_scope(factory) as session:
            pending = queue.pending_count(session)
        # Many changes at once: a fresh build is faster than applying them one by one.
        if pending > 1000 or backend.count() == 0:
            count = indexing.rebuild(factory, backend, taxonomy)
            print(f"index rebuilt: {count} documents in {time.perf_counter() - started:.1f} s")
        else:
            applied = sync.sync(factory, backend, taxonomy)
            print(f"index synced: {applied} changes in {time.perf_counter() - started:.1f} s")
    except Exception as exc:  # the store has the records; the outbox keeps what is still to index
        print(f"warning: the search index is not up to date yet ({exc}); run 'python -m indexer sync' "
              "when the search backend is reachable", file=sys.stderr)


def rebuild_command(args: argparse.Namespace) -> int:
    with _context() as (_settings, factory, backend, taxonomy):
        started = time.perf_counter()
        try:
            count = indexing.rebuild(factory, backend, taxonomy)
        except Exception as exc:
            raise CommandError(f"rebuild failed, the previous index is still in use: {exc}") from exc
        elapsed = time.perf_counter() - started
        print(f"index rebuilt: {count} documents in {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f} per second)")
    return 0


def sync_command(args: argparse.Namespace) -> int:
    with _context() as (_settings, factory, backend, taxonomy):
        try:
            applied = sync.sync(factory, backend, taxonomy)
        except Exception as exc:
            raise CommandError(f"sync failed, changes stay queued: {exc}") from exc
        print(f"index synced: {applied} changes")
    return 0


def export_command(args: argparse.Namespace) -> int:
    with _context() as (_settings, factory, _backend, _taxonomy):
        with session_scope(factory) as session:
            records = list(practices.iter_records(session, published_only=True))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            record_format.write_records(records, args.format, out)
        print(f"exported {len(records)} records to {args.out}", file=sys.stderr)
    else:
        record_format.write_records(records, args.format, sys.stdout)
    return 0
