"""The toolkit: loading its content, and connecting each step to the practices that illustrate it."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from service.errors import AppError, NotFound
from service.practices.schemas import clip
from service.search.backend import SearchBackend
from service.search.query import parse_query
from service.search.service import run_search
from service.taxonomy import Taxonomy
from service.toolkit.schemas import PracticeLink, Step, Toolkit

log = logging.getLogger(__name__)


def load_toolkit(seed_dir: Path, taxonomy: Taxonomy) -> Toolkit:
    """Read seed/toolkit/intro.json and steps.json; raise ValueError naming what is wrong."""
    folder = seed_dir / "toolkit"
    data = {"intro": json.loads((folder / "intro.json").read_text(encoding="utf-8")),
            "steps": json.loads((folder / "steps.json").read_text(encoding="utf-8"))}
    toolkit = Toolkit.model_validate(data)
    for step in toolkit.steps:
        for link in step.practice_links:
            try:
                parse_query(list(link.params.items()), taxonomy)
            except AppError as exc:
                raise ValueError(f"toolkit step {step.slug}, link {link.label!r}: {exc.message}") from exc
    return toolkit


def get_step_or_raise(toolkit: Toolkit, *, slug: str) -> Step:
    step = toolkit.step(slug)
    if step is None:
        allowed = [s.slug for s in toolkit.steps]
        raise NotFound(f"no toolkit step {clip(slug)!r}; steps: {', '.join(allowed)}",
                       details=[{"field": "step", "message": "unknown step", "allowed": allowed}])
    return step


def search_href(link: PracticeLink) -> str:
    return "/search?" + urlencode(list(link.params.items()))


def count_practices(backend: SearchBackend, taxonomy: Taxonomy, link: PracticeLink) -> int | None:
    """How many practices the link's search finds; None when search is down (the page still renders)."""
    query = parse_query([*link.params.items(), ("per_page", "1")], taxonomy)
    try:
        return run_search(backend, query).total
    except AppError as exc:
        log.warning("toolkit link count unavailable: %s", exc.message)
        return None


def links_of(step: Step, backend: SearchBackend, taxonomy: Taxonomy) -> list[dict[str, Any]]:
    return [{"label": link.label, "params": link.params, "href": search_href(link),
             "api_href": "/api" + search_href(link), "count": count_practices(backend, taxonomy, link)}
            for link in step.practice_links]


def overview(toolkit: Toolkit) -> dict[str, Any]:
    return {
        "intro": toolkit.intro.model_dump(),
        "steps": [{"slug": s.slug, "number": s.number, "title": s.title, "summary": s.summary,
                   "url": f"/toolkit/{s.slug}", "api_url": f"/api/toolkit/{s.slug}",
                   "checklist_items": len(s.checklist)} for s in toolkit.steps],
        "finder": {"url": "/symbiosis", "api_url": "/api/symbiosis/matches"},
    }


def checklist_items(toolkit: Toolkit, step: Step | None = None) -> list[dict[str, str]]:
    """The checklist as flat rows, for the browser's export (one step, or all of them)."""
    steps = [step] if step else toolkit.steps
    return [{"step": s.slug, "step_title": s.title, "id": item.id, "text": item.text}
            for s in steps for item in s.checklist]


def neighbours(toolkit: Toolkit, step: Step) -> tuple[Step | None, Step | None]:
    at = toolkit.steps.index(step)
    return (toolkit.steps[at - 1] if at > 0 else None,
            toolkit.steps[at + 1] if at + 1 < len(toolkit.steps) else None)


def step_detail(toolkit: Toolkit, step: Step, backend: SearchBackend, taxonomy: Taxonomy) -> dict[str, Any]:
    previous, following = neighbours(toolkit, step)
    return {**step.model_dump(), "practice_links": links_of(step, backend, taxonomy),
            "previous": previous.slug if previous else None, "next": following.slug if following else None}
