"""Build the illustrative news, events and calls: seed/updates/{news,events,calls}.json.

The stories, organisers, funders and programmes are written for this project and fictional (like the
practices' organisations); they live in catalogue.json, where each date is an offset in days from its
`anchor`. The files built here hold absolute dates as if today were the anchor, and
`python -m indexer import ... --shift-dates-from ANCHOR` moves them to the day they are loaded, so that
"upcoming" and "open" stay true whenever the seed is loaded. Run: python seed/updates/build_updates.py
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = ("title", "summary", "sectors", "impacts", "countries")


def build(catalogue: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    anchor, note = date.fromisoformat(catalogue["anchor"]), catalogue["note"]

    def day(offset: int) -> date:
        return anchor + timedelta(days=offset)

    def item(kind: str, entry: dict[str, Any], url: str, **fields: Any) -> dict[str, Any]:
        return {"kind": kind, **{k: entry[k] for k in SHARED}, "body": f"{entry['summary']}\n\n{note}",
                **fields, "language": "en", "url": url}

    news = [item("news", e, "https://example.org/news", published=day(e["day"]).isoformat(), source=e["source"])
            for e in catalogue["news"]]
    events = []
    for e in catalogue["events"]:
        end_offset, end_hour = divmod(e["hour"] + e["hours"], 24)
        events.append(item("event", e, "https://example.org/register",
                           start=f"{day(e['day']).isoformat()}T{e['hour']:02d}:00",
                           end=f"{day(e['day'] + end_offset).isoformat()}T{end_hour:02d}:00",
                           timezone=e["timezone"], place=e["place"], organiser=e["organiser"]))
    calls = [item("call", e, "https://example.org/call", funder=e["funder"], opens=day(e["opens_day"]).isoformat(),
                  closes=f"{day(e['closes_day']).isoformat()}T17:00", timezone=e["timezone"],
                  budget_eur=e["budget_eur"]) for e in catalogue["calls"]]
    return {"news": news, "events": events, "calls": calls}


def main() -> None:
    catalogue = json.loads((HERE / "catalogue.json").read_text(encoding="utf-8"))
    for name, records in build(catalogue).items():
        (HERE / f"{name}.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"seed/updates/{name}.json: {len(records)} items")


if __name__ == "__main__":
    main()
