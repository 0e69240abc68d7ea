"""Request dependencies as Annotated aliases; handlers declare them and never build clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from service.db import session_scope
from service.search.backend import SearchBackend
from service.settings import Settings
from service.taxonomy import Taxonomy


def get_session(request: Request) -> Iterator[Session]:
    """The one place requests commit: on success; on error everything rolls back."""
    with session_scope(request.app.state.sessions) as session:
        yield session


def get_search(request: Request) -> SearchBackend:
    return request.app.state.search


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


# scope="function": the commit happens before the response is sent, so a failed commit is an error
# response, never a 200 for a change that was lost.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SearchDep = Annotated[SearchBackend, Depends(get_search)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
