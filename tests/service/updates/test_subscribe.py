"""Subscribing: iCalendar files read back by a real parser (icalendar), Atom feeds by feedparser."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import feedparser
import icalendar
from fastapi.testclient import TestClient

from service.updates.ical import escape, fold

A = "{http://www.w3.org/2005/Atom}"


def calendar_of(response) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    raw = response.content
    # RFC 5545 §3.1: CRLF line ends, no line longer than 75 octets.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    return icalendar.Calendar.from_ical(raw)


def test_one_event_imports_with_the_right_instant_uid_and_dtstamp(items_reader: TestClient) -> None:
    calendar = calendar_of(items_reader.get("/events/ev-soon.ics"))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    record = items_reader.get("/api/events/ev-soon").json()
    start = datetime.fromisoformat(record["start"])
    assert event.decoded("DTSTART") == start.astimezone(UTC)
    assert event.decoded("DTSTART").tzinfo is not None
    # 09:00 in Brussels, as the organiser wrote it.
    assert event.decoded("DTSTART").astimezone(zoneinfo.ZoneInfo("Europe/Brussels")).hour == start.hour
    assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert str(event["UID"]) == "event-ev-soon@testserver"
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    assert str(event["SUMMARY"]) == "Heat pump day in Ghent" and str(event["LOCATION"]) == "Ghent"
    assert "Chem Park Partners" in str(event["DESCRIPTION"])


def test_a_filtered_list_of_events_is_one_calendar(items_reader: TestClient) -> None:
    events = calendar_of(items_reader.get("/events.ics?show=all&sector=chemicals,metals")).walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == ["event-ev-soon", "event-ev-past"]
    assert str(calendar_of(items_reader.get("/events.ics")).walk("VEVENT")[0]["UID"]).startswith("event-ev-soon")
    uids = [str(e["UID"]) for e in calendar_of(items_reader.get("/events.ics?show=all")).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 4


def test_a_calls_closing_date_is_an_event_with_reminders(items_reader: TestClient) -> None:
    [event] = calendar_of(items_reader.get("/calls/call-soon.ics")).walk("VEVENT")
    closes = datetime.fromisoformat(items_reader.get("/api/calls/call-soon").json()["closes"])
    assert event.decoded("DTSTART") == closes.astimezone(UTC)
    alarms = event.walk("VALARM")
    assert sorted(a.decoded("TRIGGER") for a in alarms) == [timedelta(days=-7), timedelta(days=-1)]
    assert all(str(a["ACTION"]) == "DISPLAY" and a["DESCRIPTION"] for a in alarms)
    listed = calendar_of(items_reader.get("/calls.ics")).walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in listed] == ["call-call-soon", "call-call-later",
                                                              "call-call-forthcoming"]


def test_text_is_escaped_and_long_lines_folded_without_splitting_characters() -> None:
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "DESCRIPTION:" + "żółw " * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    parsed = icalendar.Calendar.from_ical("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
                                          "UID:u\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270101T000000Z\r\n"
                                          f"SUMMARY:{escape('Hot; cold, both')}\r\n{folded}\r\nEND:VEVENT\r\n"
                                          "END:VCALENDAR\r\n")
    event = parsed.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Hot; cold, both" and str(event["DESCRIPTION"]) == "żółw " * 40


def test_news_feed_is_atom_and_follows_the_filters(items_reader: TestClient) -> None:
    response = items_reader.get("/news.atom?impact=water-efficiency")
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10" and not parsed.bozo
    assert [e.link for e in parsed.entries] == ["http://testserver/news/news-old"]
    feed = ET.fromstring(response.content)
    for tag in ("id", "title", "updated", "author"):  # RFC 4287 §4.1.1: what a feed must have
        assert feed.find(f"{A}{tag}") is not None, tag
    for entry in feed.findall(f"{A}entry"):
        for tag in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{A}{tag}") is not None, tag
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "http://testserver/news.atom?impact=water-efficiency"


def test_events_and_calls_feeds_list_in_the_lists_order(items_reader: TestClient) -> None:
    events = feedparser.parse(items_reader.get("/events.atom").content)
    assert events.version == "atom10" and [e.id.rsplit("/", 1)[1] for e in events.entries] == ["ev-soon", "ev-later"]
    calls = feedparser.parse(items_reader.get("/calls.atom?show=closed").content)
    assert [e.id.rsplit("/", 1)[1] for e in calls.entries] == ["call-closed"]
