"""An Atom feed (RFC 4287) of a filtered list of news, events or calls; ElementTree escapes every text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
SITE_NAME = "Green transition good practices"


def _stamp(value: datetime | None) -> str:
    value = value or datetime(2000, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def build_feed(items: Iterable[Any], *, title: str, self_url: str, page_url: str, base_url: str,
               path: str) -> bytes:
    items = list(items)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", self_url)
    _sub(feed, "title", f"{SITE_NAME}: {title}")
    _sub(feed, "updated", max((_stamp(i.updated_at) for i in items), default=_stamp(None)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    _sub(_sub(feed, "author"), "name", SITE_NAME)
    for item in items:
        link = f"{base_url}/{path}/{item.id}"
        entry = _sub(feed, "entry")
        _sub(entry, "id", link)
        _sub(entry, "title", item.title)
        _sub(entry, "updated", _stamp(item.updated_at))
        if item.kind == "news" and item.published_at is not None:
            _sub(entry, "published", _stamp(item.published_at))
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "summary", item.summary, type="text")
        for name in (item.organiser, item.funder):
            if name:
                _sub(_sub(entry, "author"), "name", name)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
