"""Taxonomy labels, band edges and country names: data from seed/, read once at start-up."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from service.settings import SEED_DIR

# Facet names as they appear in the search parameters (SPEC §3), each with the record field it filters.
FACET_FIELDS: dict[str, str] = {
    "sector": "sectors",
    "impact": "impacts",
    "key_area": "key_areas",
    "country": "country",
    "company_size": "company_size",
    "investment_band": "investment_band",
    "payback_band": "payback_band",
}


def fold(text: str) -> str:
    """Lower-case and strip accents, the way the search index folds text."""
    if text.isascii():
        return text.lower()
    # Only the runs of non-ASCII letters need decomposing; the result is that of decomposing the whole text
    # (a letter decomposes alone, and combining marks, dropped anyway, never move across an ASCII letter).
    # Lower-cased once, at the end, as the whole text ("Σ" lower-cases by what is around it). Indexing
    # folds every practice's text: this is four times faster than decomposing it all.
    return _NON_ASCII_RUN.sub(_without_accents, text).lower()


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _without_accents(match: re.Match[str]) -> str:
    return _decomposed(match.group())


@lru_cache(maxsize=65_536)
def _decomposed(run: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", run) if not unicodedata.combining(c))


def _key(text: str) -> str:
    # Labels and slugs compare equal ignoring case, accents, punctuation and spacing:
    # "Food & beverages" == "food-beverages" == "food and beverages".
    folded = fold(text).replace("&", " and ")
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split()).replace(" and ", " ")


@dataclass(frozen=True)
class Band:
    slug: str
    label: str
    min: float
    max: float | None
    min_exclusive: bool = False

    def contains(self, value: float) -> bool:
        """The upper edge belongs to the band, as it belongs to a range: a payback of exactly 3 years is in
        "Over 1, up to 3 years", and payback_max=3 finds the same practices as the bands up to 3 years."""
        above = value > self.min if self.min_exclusive else value >= self.min
        if self.max is None:
            return above
        if self.max == self.min:  # the "none" band: exactly zero
            return value == self.min
        return above and value <= self.max


@dataclass(frozen=True)
class Facet:
    name: str  # search parameter name
    values: dict[str, str]  # slug -> label, in display order
    aliases: dict[str, str] = field(default_factory=dict)  # folded label/slug/alias -> slug

    def normalise(self, raw: str) -> str | None:
        return self.aliases.get(_key(raw))


@dataclass(frozen=True)
class Taxonomy:
    facets: dict[str, Facet]
    investment_bands: tuple[Band, ...]
    payback_bands: tuple[Band, ...]
    # language -> facet -> slug -> label, from seed/taxonomy_labels/<language>.json (for the pages).
    translations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def facet(self, name: str) -> Facet:
        return self.facets[name]

    def label(self, facet: str, slug: str) -> str:
        return self.facets[facet].values.get(slug, slug)

    def translated_label(self, language: str, facet: str, slug: str) -> str | None:
        """The label in `language`, or None where the seed has no translation (English is `label`)."""
        return self.translations.get(language, {}).get(facet, {}).get(slug)

    def investment_band(self, value: float | None) -> str | None:
        return _band_of(self.investment_bands, value)

    def payback_band(self, value: float | None) -> str | None:
        return _band_of(self.payback_bands, value)

    def as_dict(self) -> dict:
        return {name: [{"value": slug, "label": label} for slug, label in facet.values.items()]
                for name, facet in self.facets.items()}


def _band_of(bands: tuple[Band, ...], value: float | None) -> str | None:
    if value is None:
        return None
    for band in bands:
        if band.contains(value):
            return band.slug
    return None


def _facet(name: str, rows: list[dict], extra_aliases: dict[str, list[str]] | None = None) -> Facet:
    values = {row["slug"]: row["label"] for row in rows}
    aliases: dict[str, str] = {}
    for slug, label in values.items():
        for alias in [slug, label, *(extra_aliases or {}).get(slug, [])]:
            aliases[_key(alias)] = slug
    return Facet(name=name, values=values, aliases=aliases)


@lru_cache(maxsize=4)
def load_taxonomy(seed_dir: Path = SEED_DIR) -> Taxonomy:
    raw = json.loads((seed_dir / "taxonomy.json").read_text(encoding="utf-8"))
    countries = json.loads((seed_dir / "countries.json").read_text(encoding="utf-8"))
    country_rows = [{"slug": c["code"], "label": c["name"]} for c in countries]
    country_aliases = {c["code"]: c["aliases"] for c in countries}
    investment = tuple(Band(b["slug"], b["label"], b["min"], b["max"], b.get("min_exclusive", False))
                       for b in raw["investment_bands"])
    payback = tuple(Band(b["slug"], b["label"], b["min"], b["max"], b.get("min_exclusive", False))
                    for b in raw["payback_bands"])
    facets = {
        "sector": _facet("sector", raw["sectors"]),
        "impact": _facet("impact", raw["impacts"]),
        "key_area": _facet("key_area", raw["key_areas"]),
        "country": _facet("country", country_rows, country_aliases),
        "company_size": _facet("company_size", raw["company_sizes"]),
        "investment_band": _facet("investment_band", [{"slug": b.slug, "label": b.label} for b in investment]),
        "payback_band": _facet("payback_band", [{"slug": b.slug, "label": b.label} for b in payback]),
    }
    return Taxonomy(facets=facets, investment_bands=investment, payback_bands=payback,
                    translations=load_label_translations(seed_dir / "taxonomy_labels"))


def load_label_translations(labels_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Every <language>.json of translated labels: {"language": "de", "labels": {facet: {slug: label}}}."""
    translations: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(labels_dir.glob("*.json")) if labels_dir.is_dir() else []:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("language") != path.stem:
            raise ValueError(f"{path}: \"language\" must be {path.stem!r}")
        translations[path.stem] = raw["labels"]
    return translations
