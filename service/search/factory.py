"""Choose and build the configured search backend."""

from __future__ import annotations

from service.search.backend import SearchBackend
from service.search.sqlite_backend import SqliteSearchBackend
from service.search.text import load_synonyms
from service.settings import Settings
from service.taxonomy import load_taxonomy


def make_embedded_backend(settings: Settings) -> SqliteSearchBackend:
    return SqliteSearchBackend(settings.index_path, taxonomy=load_taxonomy(settings.seed_dir),
                               synonyms=load_synonyms(settings.seed_dir / "synonyms.json"))


def make_backend(settings: Settings) -> SearchBackend:
    if settings.search_backend == "meilisearch":
        from service.search.meili_backend import make_meili_backend

        return make_meili_backend(settings)
    return make_embedded_backend(settings)
