"""Building the search index from the store: the store is the truth, the index is derived."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from service.db import session_scope
from service.outbox import queue
from service.outbox.lock import index_writer
from service.practices import service as practices
from service.search.backend import SearchBackend
from service.search.documents import to_document
from service.taxonomy import Taxonomy


def store_documents(session: Session, taxonomy: Taxonomy) -> Iterator[dict[str, Any]]:
    for record, published_at in practices.iter_records_with_publication(session):
        yield to_document(record, taxonomy, published_at=published_at)


def rebuild(factory: sessionmaker[Session], backend: SearchBackend, taxonomy: Taxonomy) -> int:
    """Rebuild the whole index from the store and swap it in; returns the number of documents.

    Holds the index-writer lock throughout, so that no sync writes to the index being replaced.
    """
    with index_writer(factory.kw["bind"], wait=True):
        with session_scope(factory) as session:
            # Changes queued after this point are synced afterwards; earlier ones are in the new index.
            seq = queue.last_seq(session)
            count = backend.rebuild(store_documents(session, taxonomy))
        with session_scope(factory) as session:
            queue.mark_done_through(session, seq=seq)
    return count
