"""What the query-analysis stage hands to every backend: a backend-neutral reading of the query."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for: a word (or a multi-word term) with every way a text may say it.

    A practice matches the query when it matches every concept (what the totals count); a concept
    matches when any of its alternatives does.
    """

    typed: str  # as the user typed it ("Abwärme", "heat pumps")
    words: tuple[str, ...]  # folded tokens of what was typed
    # Folded token sequences that say the same: synonyms, joined and split spellings.
    alternatives: tuple[tuple[str, ...], ...] = ()
    concept_ids: tuple[str, ...] = ()  # vocabulary concepts: matched through documents' concept tokens
    has_synonyms: bool = False  # some alternatives come from seed/synonyms.json (not only other spellings)
    # A vocabulary term searched as typed (its words, forms, typos, synonyms) in English practices, not as the
    # whole concept, which also lists its siblings and narrower terms; other languages' practices still match
    # through the concept (seed/understanding/reading.json).
    narrow: bool = False
    weight: float = 1.0  # how much the word says: field terms 1.0, everyday words down to MIN_WEIGHT
    fuzzy: bool = True  # typo matching allowed
    prefix: bool = False  # the word may be half-typed (the last word, 3+ letters, not a known word)
    label: str = ""  # how the page names it ("waste heat (Abwärme)")
    # False for an everyday word beside field terms ("reduce", "costs" in "reduce energy costs in a hotel"):
    # it ranks the practices that say it first, but the totals do not require it.
    required: bool = True

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class UnderstoodFilter:
    """A filter read from the query's words ("under 10k" -> investment_max 10000)."""

    name: str  # a SearchQuery range parameter or a facet name
    value: Any  # a number, or a tuple of facet slugs
    typed: str  # the words it was read from
    label: str  # "Investment ≤ €10,000"
    spans: tuple[str, ...] = ()  # the pieces of the query they were read from, as typed

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"name": self.name, "value": value, "typed": self.typed, "label": self.label}


@dataclass(frozen=True)
class Analysis:
    q: str
    concepts: tuple[Concept, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # quoted: every practice must contain each phrase
    exclusions: tuple[tuple[str, ...], ...] = ()  # -word / -"two words": no practice may contain them
    filters: tuple[UnderstoodFilter, ...] = ()
    language: str | None = None
    understand: bool = True
    last_is_prefix: bool = False
    rest_q: str = ""  # the query without the words read as filters (syntax kept): what the page's URL shows
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_text(self) -> bool:
        return bool(self.concepts or self.phrases)

    def widened(self, indexes: list[int]) -> Analysis:
        """The analysis with these narrow concepts searched as their whole vocabulary concept: a term typed as
        no practice says it ("small wind turbine") still finds what it means, rather than nothing."""
        concepts = tuple(replace(c, narrow=False) if i in indexes else c for i, c in enumerate(self.concepts))
        return replace(self, concepts=concepts)

    @property
    def named_only(self) -> bool:
        """Every required concept is a precise term (Concept.narrow) and nothing is quoted: the practices
        counted name the terms in their title, technologies, resources or summary, not only in passing in
        their description ("makes parts for boats and wind turbines" is no wind turbine case), unless none
        does. Both backends: the embedded index by column, Meilisearch by `attributesToSearchOn`."""
        required = [self.concepts[i] for i in self.required]
        return bool(required) and all(c.narrow for c in required) and not self.phrases

    @property
    def required(self) -> list[int]:
        """Indexes of the concepts every counted practice must match."""
        return [i for i, c in enumerate(self.concepts) if c.required]

