"""By-product matching: who takes in what a company gives off, and who gives off what it could take in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process

from service.errors import BadRequest
from service.practices.schemas import clip
from service.symbiosis.index import KIND_RANK, MatchIndex, MatchKind, Side, classify
from service.symbiosis.resources import Analysis, correct_typos, words_of
from service.taxonomy import fold

MAX_RESOURCE_CHARS = 200
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ORGANISATIONS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LETTER = re.compile(r"[^\W\d_]")

Direction = Literal["output", "input"]
# A company that gives a stream off looks for practices that take it in, and the other way round.
SIDE_OF: dict[str, Side] = {"output": "inputs", "input": "outputs"}


@dataclass(frozen=True)
class MatchRequest:
    direction: Direction
    resource: str
    limit: int = DEFAULT_LIMIT


def _bad(field: str, message: str) -> BadRequest:
    return BadRequest(f"{field}: {message}", details=[{"field": field, "message": message}])


def parse_request(params: Iterable[tuple[str, str]]) -> MatchRequest:
    """Exactly one of ``output`` / ``input``, a plain resource name; optional ``limit``."""
    given: dict[str, list[str]] = {}
    for key, value in params:
        if key in ("output", "input", "limit"):
            given.setdefault(key, []).append(value)
    directions = [name for name in ("output", "input") if name in given]
    if len(directions) != 1:
        raise BadRequest("give exactly one of output= (what you give off) or input= (what you could take in)",
                         details=[{"field": "output", "message": "exactly one of output, input"}])
    direction: Direction = directions[0]  # type: ignore[assignment]
    if len(given[direction]) > 1:
        raise _bad(direction, "give one resource name")
    resource = given[direction][0].strip()
    if not resource:
        raise _bad(direction, "must not be empty")
    if len(resource) > MAX_RESOURCE_CHARS:
        raise _bad(direction, f"at most {MAX_RESOURCE_CHARS} characters, got {len(resource)}")
    if _CONTROL.search(resource):
        raise _bad(direction, "must not contain control characters")
    if not _LETTER.search(resource):
        raise _bad(direction, f"expected the name of a resource stream, got {clip(resource)!r}")
    return MatchRequest(direction=direction, resource=resource, limit=_limit(given.get("limit")))


def _limit(values: list[str] | None) -> int:
    if not values:
        return DEFAULT_LIMIT
    raw = values[-1].strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise _bad("limit", f"expected a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def find_matches(index: MatchIndex, *, request: MatchRequest) -> dict[str, Any]:
    """Practices whose streams on the opposite side name the same resource, best matches first."""
    side = SIDE_OF[request.direction]
    streams = index.sides[side]
    vocabulary = index.vocabulary
    words = words_of(request.resource)
    query = vocabulary.analyse_words(words)
    found = _matching_streams(index, side=side, query=query)
    corrected_words, corrections = correct_typos(words, index.known_words)
    understood = set(query.groups)
    if corrections:
        corrected = vocabulary.analyse_words(corrected_words)
        understood |= corrected.groups
        for key in _matching_streams(index, side=side, query=corrected):
            found.setdefault(key, "typo")

    per_practice: dict[str, list[dict[str, Any]]] = {}
    for key, kind in found.items():
        stream = streams.streams[key]
        groups = sorted(stream.analysis.groups)
        for practice_id in stream.practice_ids:
            per_practice.setdefault(practice_id, []).append({
                "stream": stream.name, "match": kind,
                "resource": vocabulary.canonical(groups[0]) if groups else None})

    def order(pid: str) -> tuple[int, float, str]:
        card = index.cards[pid]
        best = min(KIND_RANK[m["match"]] for m in per_practice[pid])
        return best, -(card["annual_savings_eur"] or 0), card["title"].lower()

    ranked = sorted(per_practice, key=order)
    matches = [_match_card(index.cards[pid], per_practice[pid]) for pid in ranked[:request.limit]]
    return {
        "direction": request.direction,
        "resource": request.resource,
        "searched": side,
        "understood_as": sorted(vocabulary.canonical(g) for g in understood),
        "corrections": [{"typed": typed, "corrected": fixed} for typed, fixed in corrections],
        "total": len(ranked),
        "matches": matches,
        "organisations": _organisations(index, ranked),
        "hint": None if ranked else _hint(index, side=side, request=request,
                                           query=vocabulary.analyse_words(corrected_words)),
    }


def _matching_streams(index: MatchIndex, *, side: Side, query: Analysis) -> dict[tuple[str, ...], MatchKind]:
    streams = index.sides[side].streams
    found: dict[tuple[str, ...], MatchKind] = {}
    for key in index.sides[side].candidates(query):
        kind = classify(query, streams[key].analysis)
        if kind:
            found[key] = kind
    return found


def _match_card(card: dict[str, Any], matched: list[dict[str, Any]]) -> dict[str, Any]:
    matched.sort(key=lambda m: (KIND_RANK[m["match"]], m["stream"].lower()))
    return {**card, "url": f"/practices/{card['id']}", "match": matched[0]["match"],
            "matched_streams": matched}


def _organisations(index: MatchIndex, ranked: list[str]) -> list[dict[str, Any]]:
    """Who to contact: each organisation once, in the order of its best practice (the first 100)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for pid in ranked:
        card = index.cards[pid]
        if not card["organisation"]:
            continue
        key = (card["organisation"], card["country"])
        if key not in seen and len(seen) >= MAX_ORGANISATIONS:
            continue
        entry = seen.setdefault(key, {"name": card["organisation"], "country": card["country"],
                                      "practices": 0, "practice_ids": [], "links": []})
        entry["practices"] += 1
        entry["practice_ids"].append(pid)
        # Where to read more before getting in touch: the practice page and the organisation's own source.
        entry["links"].append({"title": card["title"], "url": f"/practices/{pid}", "source_url": card["source_url"]})
    return list(seen.values())


def _hint(index: MatchIndex, *, side: Side, request: MatchRequest, query: Analysis) -> dict[str, Any]:
    """Where to go from an empty answer: streams spelled alike, common streams, the other direction."""
    names = {key: fold(stream.name) for key, stream in index.sides[side].streams.items()}
    close = process.extract(fold(request.resource), names, scorer=fuzz.WRatio, score_cutoff=75, limit=5)
    suggestions = sorted({index.sides[side].streams[key].name.lower() for _, _, key in close})
    other: Side = "outputs" if side == "inputs" else "inputs"
    other_ids = {pid for key in _matching_streams(index, side=other, query=query)
                 for pid in index.sides[other].streams[key].practice_ids}
    if side == "inputs":
        verb, others = "takes in", "give it off too: they may already know who uses it"
    else:
        verb, others = "gives off", "take it in: they may know who supplies it"
    message = f"No published practice {verb} {clip(request.resource)!r} yet."
    if other_ids:
        message += f" {len(other_ids)} practice(s) {others}."
    return {
        "message": message + " Try another name for the stream, or one of the common streams.",
        "suggestions": suggestions,
        "common": index.common(side),
        "other_direction": {"direction": "input" if request.direction == "output" else "output",
                            "total": len(other_ids)},
    }
