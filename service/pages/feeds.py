"""An Atom feed (RFC 4287) of the practices recently added that match a search; ElementTree escapes every text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from sqlalchemy.orm import Session

from service.pages.service import describe, url
from service.practices import service as practices
from service.practices.schemas import CONTROL_RE
from service.search.backend import SearchBackend
from service.search.query import SearchQuery
from service.search.service import run_search
from service.taxonomy import Taxonomy

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
SITE_NAME = "Green transition good practices"


def _timestamp(value: datetime | None) -> str:
    value = value or datetime(2000, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:  # SQLite hands back naive datetimes; the store writes UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        # Stored text is cleaned at validation; records stored before U+FFFE/U+FFFF were refused are not.
        element.text = CONTROL_RE.sub("", text)
    return element


def build_feed(*, session: Session, backend: SearchBackend, taxonomy: Taxonomy, query: SearchQuery,
               base_url: str) -> bytes:
    """The practices most recently added to the catalogue first, at most FEED_SIZE entries."""
    newest = replace(query, sort="recent", page=1, per_page=FEED_SIZE)
    hits = run_search(backend, newest).hits
    newest_practices = practices.published_in_order(session, [hit["id"] for hit in hits])

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    filters = replace(query, sort="relevance", page=1, per_page=20)
    self_url = base_url + url("/feed.atom", filters)
    _sub(feed, "id", self_url)
    searched = describe(query, taxonomy)
    _sub(feed, "title", f"{SITE_NAME}: recently added, {searched}" if searched
         else f"{SITE_NAME}: recently added practices")
    _sub(feed, "updated", _timestamp(max((p.updated_at for p in newest_practices), default=None,
                                         key=lambda d: _timestamp(d))))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=base_url + url("/search", newest, per_page=20))
    author = _sub(feed, "author")
    _sub(author, "name", SITE_NAME)
    for practice in newest_practices:
        link = f"{base_url}/practices/{practice.id}"
        entry = _sub(feed, "entry")
        _sub(entry, "id", link)
        _sub(entry, "title", practice.title)
        _sub(entry, "published", _timestamp(practice.published_at or practice.created_at))
        _sub(entry, "updated", _timestamp(practice.updated_at))
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "summary", practice.summary, type="text")
        if practice.organisation:
            _sub(_sub(entry, "author"), "name", practice.organisation)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
