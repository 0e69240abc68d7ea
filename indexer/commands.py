"""The indexer's commands, each a plain function of parsed arguments returning an exit status."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from indexer import items, sources
from indexer.importer import ImportReport, import_rows, plural, validate_rows
from service.db import make_engine, make_sessionmaker, migrate, session_scope
from service.outbox import queue
from service.practices import record_format
from service.practices import service as practices
from service.search import indexing, sync
from service.search.factory import make_backend
from service.settings import Settings
from service.taxonomy import load_taxonomy
from service.updates import sync as item_sync

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
        if fmt == "csv" and (delimiter := record_format.csv_delimiter(text)) != ",":
            print(f"note: the header is separated by {delimiter!r}, so cells are read as separated by it too",
                  file=sys.stderr)
        return list(record_format.read_rows(text, fmt))
    except (sources.SourceError, record_format.RecordFormatError) as exc:
        raise CommandError(str(exc)) from None


def _print_rejections(report: ImportReport, *, strict: bool) -> None:
    for warning in report.warnings(strict=strict):
        print(f"warning: {warning}", file=sys.stderr)
    for message in report.rejected[:MAX_MESSAGES]:
        print(f"rejected: {message}", file=sys.stderr)
    if len(report.rejected) > MAX_MESSAGES:
        print(f"… and {plural(len(report.rejected) - MAX_MESSAGES, 'more problem')}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    return {"import": import_command, "validate": validate_command, "rebuild": rebuild_command,
            "sync": sync_command, "export": export_command}[args.command](args)


def _is_items(args: argparse.Namespace, rows: list[record_format.Row]) -> bool:
    return bool(getattr(args, "kind", None)) or items.has_kind(rows)


def _shift_days(args: argparse.Namespace) -> int:
    anchor = getattr(args, "shift_dates_from", None)
    return items.days_since(anchor) if anchor else 0


def validate_command(args: argparse.Namespace) -> int:
    report = ImportReport()
    rows = _rows(args)
    checked = items.validate_item_rows(rows, report, kind=args.kind, shift_days=_shift_days(args)) \
        if _is_items(args, rows) else validate_rows(rows, report, strict=args.strict)
    valid = sum(1 for _ in checked)
    _print_rejections(report, strict=args.strict)
    print(f"{plural(valid, 'valid record')}, {report.rejected_text()} rejected")
    return 1 if report.rejected else 0


def import_command(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if _is_items(args, rows):
        return _import_items(args, rows)
    with _context() as (_settings, factory, backend, taxonomy):
        started = time.perf_counter()
        report = import_rows(factory, rows, progress=not args.no_progress, strict=args.strict)
        _print_rejections(report, strict=args.strict)
        print(f"imported {plural(report.accepted, 'record')} ({report.created} new, {report.updated} updated, "
              f"{report.unchanged} unchanged), rejected {report.rejected_text()} "
              f"in {time.perf_counter() - started:.1f} s")
        _bring_index_up_to_date(factory, backend, taxonomy)
    return 1 if report.rejected else 0


def _import_items(args: argparse.Namespace, rows: list[record_format.Row]) -> int:
    with _context() as (settings, factory, _backend, _taxonomy):
        started = time.perf_counter()
        report = items.import_item_rows(factory, rows, kind=args.kind, shift_days=_shift_days(args))
        _print_rejections(report, strict=args.strict)
        print(f"imported {plural(report.accepted, 'item')} ({report.created} new, {report.updated} updated, "
              f"{report.unchanged} unchanged), rejected {report.rejected_text()} "
              f"in {time.perf_counter() - started:.1f} s")
        index = item_sync.make_item_index(settings)
        try:
            applied = item_sync.sync(factory, index)
            print(f"items index synced: {applied} changes")
        except Exception as exc:  # the store has the items; the outbox keeps what is still to index
            print(f"warning: the items index is not up to date yet ({exc}); run 'python -m indexer sync' "
                  "when the search backend is reachable", file=sys.stderr)
        finally:
            index.close()
    return 1 if report.rejected else 0


def _bring_index_up_to_date(factory, backend, taxonomy) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        with session_scope(factory) as session:
            pending = queue.pending_count(session)
        # Many changes at once: a fresh build is faster than applying them one by one.
        if pending > 1000 or backend.count() == 0:
            count = indexing.rebuild(factory, backend, taxonomy)
            print(f"index rebuilt: {plural(count, 'document')} in {time.perf_counter() - started:.1f} s")
        else:
            applied = sync.sync(factory, backend, taxonomy)
            print(f"index synced: {plural(applied, 'change')} in {time.perf_counter() - started:.1f} s")
    except Exception as exc:  # the store has the records; the outbox keeps what is still to index
        print(f"warning: the search index is not up to date yet ({exc}); run 'python -m indexer sync' "
              "when the search backend is reachable", file=sys.stderr)


def rebuild_command(args: argparse.Namespace) -> int:
    with _context() as (settings, factory, backend, taxonomy):
        started = time.perf_counter()
        try:
            count = indexing.rebuild(factory, backend, taxonomy)
        except Exception as exc:
            raise CommandError(f"rebuild failed, the previous index is still in use: {exc}") from exc
        elapsed = time.perf_counter() - started
        rate = count / max(elapsed, 1e-9)
        print(f"index rebuilt: {plural(count, 'document')} in {elapsed:.1f} s ({rate:.0f} per second)")
        items_count = _with_item_index(settings, lambda i: item_sync.rebuild(factory, i))
        print(f"items index rebuilt: {plural(items_count, 'item')}")
    return 0


def _with_item_index(settings: Settings, work):  # type: ignore[no-untyped-def]
    index = item_sync.make_item_index(settings)
    try:
        return work(index)
    except Exception as exc:
        raise CommandError(f"items index: {exc}") from exc
    finally:
        index.close()


def sync_command(args: argparse.Namespace) -> int:
    with _context() as (settings, factory, backend, taxonomy):
        try:
            applied = sync.sync(factory, backend, taxonomy)
        except Exception as exc:
            raise CommandError(f"sync failed, changes stay queued: {exc}") from exc
        print(f"index synced: {plural(applied, 'change')}")
        items_applied = _with_item_index(settings, lambda i: item_sync.sync(factory, i))
        print(f"items index synced: {plural(items_applied, 'change')}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    with _context() as (_settings, factory, _backend, _taxonomy):
        with session_scope(factory) as session:
            records = list(practices.iter_records(session, published_only=True))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            record_format.write_records(records, args.format, out)
        print(f"exported {plural(len(records), 'record')} to {args.out}", file=sys.stderr)
    else:
        record_format.write_records(records, args.format, sys.stdout)
    return 0
