"""python -m indexer import/validate for news, events and calls: a kind column or --kind, the practices'
messages and exit codes, and --shift-dates-from for the illustrative seed."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from indexer.items import shift
from service.db import make_engine, make_sessionmaker, session_scope
from service.settings import Settings
from service.updates.models import Item
from tests.indexer.test_import import run
from tests.service.updates.conftest import SEED, SEED_ANCHOR, known_items


def test_a_kind_column_in_csv_imports_items_and_reimporting_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "items.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", "title", "summary", "start", "timezone", "place", "sectors",
                                                 "closes", "countries"])
        writer.writeheader()
        writer.writerow({"kind": "event", "title": "Heat pump day", "summary": "A day about heat pumps in industry.",
                         "start": "2030-03-04T09:00", "timezone": "Europe/Brussels", "place": "Ghent",
                         "sectors": "energy;chemicals"})
        writer.writerow({"kind": "call", "title": "Audit vouchers", "summary": "Vouchers for energy audits in SMEs.",
                         "closes": "2030-05-01", "countries": "DE;Austria"})
    code, out, err = run("import", str(source), data_dir=tmp_path / "data")
    assert code == 0, err
    assert "imported 2 items (2 new" in out and "items index synced: 2 changes" in out
    code, out, _ = run("import", str(source), data_dir=tmp_path / "data")
    assert code == 0 and "(0 new, 0 updated, 2 unchanged)" in out


def test_kind_flag_and_rejections_name_line_field_and_allowed_values(tmp_path: Path) -> None:
    source = tmp_path / "events.ndjson"
    good = {k: v for k, v in known_items()[0].items() if k != "kind"}
    bad_sector = {**good, "id": "bad-sector", "sectors": ["space mining"]}
    bad_zone = {**good, "id": "bad-zone", "timezone": "Moon/Base"}
    source.write_text("\n".join(json.dumps(r) for r in (good, bad_sector, bad_zone)) + "\n", encoding="utf-8")
    code, out, err = run("import", str(source), "--kind", "event", data_dir=tmp_path / "data")
    assert code == 1
    assert "line 2 (id bad-sector): field 'sectors': 'space mining' is not a known sector; allowed: agriculture" in err
    assert "line 3 (id bad-zone): field 'timezone': expected an IANA time zone" in err
    assert "imported 1 item (1 new" in out and "rejected 2 records in" in out  # records, not "0 records (2 problems)"
    code, _, err = run("validate", str(source), "--kind", "call", data_dir=tmp_path / "data")
    assert code == 1 and "field 'start': not a field of a call" in err
    assert run("import", str(tmp_path / "missing.json"), "--kind", "news", data_dir=tmp_path / "data")[0] == 2


def test_the_seed_has_enough_illustrative_items_and_shifting_keeps_them_upcoming(tmp_path: Path) -> None:
    counts = {name: json.loads((SEED / f"{name}.json").read_text(encoding="utf-8")) for name in ("news", "events",
                                                                                               "calls")}
    assert len(counts["news"]) >= 40 and len(counts["events"]) >= 30 and len(counts["calls"]) >= 20
    assert all("fictional" in r["body"] for records in counts.values() for r in records)
    data = tmp_path / "data"
    for name in ("news", "events", "calls"):
        code, out, err = run("import", str(SEED / f"{name}.json"), "--shift-dates-from", SEED_ANCHOR.isoformat(),
                             data_dir=data)
        assert code == 0, err
    # Whatever day this runs, the events the seed wrote as upcoming are upcoming.
    written_upcoming = sum(1 for r in counts["events"] if date.fromisoformat(r["start"][:10]) > SEED_ANCHOR)
    engine = make_engine(Settings(data_dir=data).store_url)
    with session_scope(make_sessionmaker(engine)) as session:
        now = datetime.now(UTC).replace(tzinfo=None)
        starts = [i.starts_at.replace(tzinfo=None) for i in session.query(Item).filter(Item.kind == "event")
                  if i.starts_at is not None]
    engine.dispose()
    assert sum(1 for s in starts if s > now) == written_upcoming


def test_shift_moves_dates_and_date_times_by_whole_days() -> None:
    moved = shift({"start": "2026-12-03T09:00", "closes": "2026-12-31", "opens": "not a date", "title": "x"}, 10)
    assert moved == {"start": "2026-12-13T09:00:00", "closes": "2027-01-10", "opens": "not a date", "title": "x"}
    assert shift({"published": "2026-12-01"}, -1) == {"published": (date(2026, 12, 1) - timedelta(days=1)).isoformat()}
