"""Filters read from the query's words: budgets, payback, countries and company sizes.

"LED retrofit under 10k", "pays back within 2 years", "in Poland", "Polish SME" are how cluster staff
type what the page's filters say. The words that make a filter are taken out of the text search (a
practice need not contain "euro" or "Poland" in its text) and returned with a label, so that the page
can show them as chips and the API as what it understood. The words come from seed/understanding/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from service.search.analysis.model import UnderstoodFilter
from service.taxonomy import Taxonomy, fold

TWO_NUMBERS = re.compile(r"\d\D+\d")  # what a range needs, looked for before the range's long pattern
NUMBER = r"\d{1,3}(?:[ .,'’\u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"


def _alternation(terms: list[str], *, after_digits: bool = False) -> str:
    """A regex alternation of terms, accents optional (both spellings), longest first, whole words (or,
    with ``after_digits``, words that may follow a number directly: "10k", "5m")."""
    variants = {t.lower() for t in terms} | {fold(t) for t in terms}
    pieces = []
    for term in sorted(variants, key=len, reverse=True):
        body = r"[\s-]+".join(re.escape(part) for part in term.split())  # "pay back", "pay-back"
        left = r"(?<![^\W\d_])" if after_digits and term[:1].isalnum() else (
            r"(?<![^\W_])" if term[:1].isalnum() else "")
        right = r"(?![^\W_])" if term[-1:].isalnum() else ""
        pieces.append(left + body + right)
    return "(?:" + "|".join(pieces) + ")"


@dataclass(frozen=True)
class _Patterns:
    amount: re.Pattern[str]
    range: re.Pattern[str]
    quick_payback: re.Pattern[str]
    quick_payback_max: float
    low_cost: re.Pattern[str]
    low_cost_max: float
    multipliers: dict[str, float]
    currency: frozenset[str]
    at_least: frozenset[str]
    payback_words: re.Pattern[str]
    investment_words: re.Pattern[str]
    number_words: dict[str, float]
    worded_amount: re.Pattern[str]  # a number in words before a unit: what an amount without digits needs


class Understanding:
    """Reads understood filters out of a query's text; built once from seed/understanding/."""

    def __init__(self, seed_dir: Path, taxonomy: Taxonomy) -> None:
        folder = seed_dir / "understanding"
        amounts = json.loads((folder / "amounts.json").read_text(encoding="utf-8"))
        sizes = json.loads((folder / "company_sizes.json").read_text(encoding="utf-8"))
        countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
        self.taxonomy = taxonomy
        comparators = _alternation(amounts["at_most"] + amounts["at_least"])
        comparators_after = _alternation(amounts["at_most_after"] + amounts["at_least_after"])
        currency = _alternation(amounts["currency"], after_digits=True)
        multiplier = _alternation(list(amounts["multipliers"]), after_digits=True)
        units = _alternation(amounts["year_words"] + amounts["month_words"], after_digits=True)
        subject = _alternation(amounts["investment_words"] + amounts["payback_words"])
        connector = _alternation(amounts["connectors"])
        # A number in words only before a duration or a multiplier: "within a year", "under two years", "under
        # a million" ("a" alone is no number).
        number_words = _alternation(list(amounts["number_words"]))
        # [subject [connector]] [comparator] [currency] number [multiplier] [currency | years | months]
        # [comparator after] [subject]
        start = _alternation(amounts["range_start"])
        joiner = _alternation(amounts["range_joiners"])
        def one(n: int) -> str:  # an amount of a range: [currency] number [multiplier] [currency]
            # A number starts and ends where its digits do: a long run of digits is tried once, not at
            # every digit (hostile input stays linear).
            return (rf"(?P<cur{n}>{currency})?\s*(?<![\d.,])(?P<num{n}>{NUMBER})(?![\d])\s*"
                    rf"(?P<mult{n}>{multiplier})?\s*(?P<curb{n}>{currency})?")

        self.patterns = _Patterns(
            # [subject [connector]] [between | from] amount (and | to | -) amount [currency | years | months]
            # [subject]: the first amount is the minimum, the second the maximum.
            range=re.compile(
                rf"(?:(?P<subject>{subject})\s*(?:{connector})?\s*)?(?:(?P<start>{start})\s+)?"
                + one(1) + rf"\s*(?P<joiner>{joiner})\s*" + one(2)
                + rf"\s*(?P<unit>{units})?(?:\s+(?P<after>{subject}))?(?![^\W_])",
                re.IGNORECASE),
            amount=re.compile(
                rf"(?:(?P<subject>{subject})\s*(?:{connector})?\s*)?(?:(?P<cmp>{comparators})\.?\s*)?"
                rf"(?P<cur1>{currency})?\s*(?:(?P<num>{NUMBER})|(?P<numword>{number_words})(?=\s*(?:{units}|{multiplier})))\s*"
                rf"(?P<mult>{multiplier})?\s*(?:(?P<cur2>{currency})|(?P<unit>{units}))?"
                rf"(?:\s*(?P<cmp2>{comparators_after}))?(?:\s+(?P<after>{subject}))?(?![^\W_])",
                re.IGNORECASE),
            quick_payback=re.compile(_alternation(amounts["quick_payback"]["phrases"]), re.IGNORECASE),
            quick_payback_max=float(amounts["quick_payback"]["payback_max"]),
            low_cost=re.compile(_alternation(amounts["low_cost"]["phrases"]), re.IGNORECASE),
            low_cost_max=float(amounts["low_cost"]["investment_max"]),
            multipliers={fold(k): float(v) for k, v in amounts["multipliers"].items()},
            currency=frozenset(fold(c) for c in amounts["currency"]),
            at_least=frozenset(fold(" ".join(c.split())) for c in amounts["at_least"] + amounts["at_least_after"]),
            payback_words=re.compile(_alternation(amounts["payback_words"]), re.IGNORECASE),
            investment_words=re.compile(_alternation(amounts["investment_words"]), re.IGNORECASE),
            number_words={fold(k): float(v) for k, v in amounts["number_words"].items()},
            worded_amount=re.compile(rf"{number_words}\s*(?:{units}|{multiplier})", re.IGNORECASE),
        )
        self.months = frozenset(fold(m) for m in amounts["month_words"])
        self.sizes = {fold(k): tuple(v) for k, v in sizes["sizes"].items()}
        self.size_pattern = re.compile(_alternation(list(sizes["sizes"])), re.IGNORECASE)
        # A country's names, and a region's ("Nordic", "Baltic", "Benelux"): the countries they mean.
        places: dict[tuple[str, ...], list[str]] = {(code,): terms for code, terms in countries["countries"].items()}
        places.update({tuple(region["codes"]): region["terms"] for region in countries.get("regions", {}).values()})
        self.country_terms: dict[str, tuple[str, ...]] = {}
        case_sensitive = set(countries.get("case_sensitive", []))
        for codes, terms in places.items():
            for term in terms:
                if term not in case_sensitive:
                    self.country_terms[fold(term)] = codes
        self.case_sensitive = {term: codes for codes, terms in places.items() for term in terms
                               if term in case_sensitive}
        self.country_pattern = re.compile(_alternation([t for ts in places.values() for t in ts
                                                        if t not in case_sensitive]), re.IGNORECASE)
        self.case_pattern = re.compile("|".join(rf"\b{re.escape(t)}\b" for t in case_sensitive) or "(?!)")
        # "in", "from", "w", "в" just before a place go with it (a filter takes its words out of the query).
        self.place_before = re.compile(_alternation(countries.get("before", [])) + r"\s+$", re.IGNORECASE)

    def read(self, text: str) -> tuple[list[UnderstoodFilter], str]:
        """The filters found in ``text`` and the text without the words that made them."""
        found: list[UnderstoodFilter] = []
        spans: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in spans)

        for match in self.patterns.range.finditer(text) if TWO_NUMBERS.search(text) else ():
            pair = self._range(match)
            if pair and free(*match.span()):
                found.extend(pair)
                spans.append(match.span())
        has_amount = any(c.isdigit() for c in text) or self.patterns.worded_amount.search(text)
        for match in self.patterns.amount.finditer(text) if has_amount else ():
            understood = self._amount(match)
            if understood and free(*match.span()):
                found.append(understood)
                spans.append(match.span())
        for match in self.patterns.quick_payback.finditer(text):
            if free(*match.span()) and not any(f.name == "payback_max" for f in found):
                found.append(UnderstoodFilter("payback_max", self.patterns.quick_payback_max, match.group(),
                                              f"Payback ≤ {self.patterns.quick_payback_max:g} years",
                                              (match.group(),)))
                spans.append(match.span())
        for match in self.patterns.low_cost.finditer(text):
            if free(*match.span()) and not any(f.name == "investment_max" for f in found):
                found.append(UnderstoodFilter("investment_max", self.patterns.low_cost_max, match.group(),
                                              f"Investment ≤ €{self.patterns.low_cost_max:,.0f}", (match.group(),)))
                spans.append(match.span())
        sizes: list[str] = []
        typed: list[str] = []
        for match in self.size_pattern.finditer(text):
            if free(*match.span()):
                sizes.extend(s for s in self.sizes[fold(" ".join(match.group().split()))] if s not in sizes)
                typed.append(match.group())
                spans.append(match.span())
        if sizes:
            labels = ", ".join(self.taxonomy.label("company_size", s).split(" (")[0] for s in sizes)
            found.append(UnderstoodFilter("company_size", tuple(sizes), " ".join(typed), f"Company size: {labels}",
                                          tuple(typed)))
        codes: list[str] = []
        typed = []
        pieces = []  # what leaves the query: a place's name with the word before it ("in Poland")
        for pattern, lookup in ((self.country_pattern, lambda t: self.country_terms.get(fold(" ".join(t.split())))),
                                (self.case_pattern, self.case_sensitive.get)):
            for match in pattern.finditer(text):
                place = lookup(match.group())
                if place and free(*match.span()):
                    codes.extend(code for code in place if code not in codes)
                    typed.append(match.group())
                    before = self.place_before.search(text, 0, match.start())
                    start = before.start() if before and free(before.start(), match.start()) else match.start()
                    spans.append((start, match.end()))
                    pieces.append(text[start:match.end()])
        if codes:
            labels = ", ".join(self.taxonomy.label("country", c) for c in codes)
            found.append(UnderstoodFilter("country", tuple(codes), " ".join(typed), f"Country: {labels}",
                                          tuple(pieces)))
        rest = text
        for start, end in sorted(spans, reverse=True):
            rest = rest[:start] + " " + rest[end:]
        return found, rest

    def _range(self, match: re.Match[str]) -> tuple[UnderstoodFilter, UnderstoodFilter] | None:
        """Two amounts typed as a range: the minimum and the maximum filter, or None when they say neither a
        budget nor a payback ("2019-2021"), or "and" joins them without "between"."""
        p = self.patterns
        joiner = fold(match.group("joiner"))
        if joiner not in ("-", "–", "—") and not match.group("start") and fold(joiner) != "to":
            return None
        subject = " ".join(filter(None, (match.group("subject"), match.group("after")))).lower()
        unit = fold(match.group("unit") or "")
        currency = any(match.group(g) for g in ("cur1", "curb1", "cur2", "curb2"))
        mults = [match.group("mult1"), match.group("mult2")]
        payback_subject = bool(subject and p.payback_words.search(subject))
        is_payback = bool(unit) or payback_subject
        is_investment = (currency or any(mults)
                         or bool(subject and not payback_subject and p.investment_words.search(subject)))
        if is_payback == is_investment:
            return None
        low, high = _number(match.group("num1")), _number(match.group("num2"))
        if low is None or high is None:
            return None
        if is_payback:
            if unit in self.months:
                low, high = low / 12, high / 12
            names = ("payback_min", "payback_max")
        else:
            # A multiplier typed once counts for both ("10-50k").
            low *= p.multipliers.get(fold(mults[0] or mults[1] or ""), 1.0)
            high *= p.multipliers.get(fold(mults[1] or mults[0] or ""), 1.0)
            names = ("investment_min", "investment_max")
        low, high = min(low, high), max(low, high)
        typed = match.group().strip()
        return (UnderstoodFilter(names[0], low, typed, _label(names[0], low), (typed,)),
                UnderstoodFilter(names[1], high, typed, _label(names[1], high), ()))

    def _amount(self, match: re.Match[str]) -> UnderstoodFilter | None:
        p = self.patterns
        subject = " ".join(filter(None, (match.group("subject"), match.group("after")))).lower()
        cmp = fold(" ".join((match.group("cmp") or match.group("cmp2") or "").split()))
        unit = fold(match.group("unit") or "")
        has_currency = bool(match.group("cur1") or match.group("cur2"))
        mult = match.group("mult")
        payback_subject = bool(subject and p.payback_words.search(subject))
        is_payback = bool(unit) or payback_subject
        # "return on investment" says payback, though it names the investment.
        is_investment = (has_currency or bool(mult)
                         or bool(subject and not payback_subject and p.investment_words.search(subject)))
        if is_payback == is_investment:  # neither (a bare number: "ISO 50001") or both: leave the words alone
            return None
        if not (cmp or subject or has_currency):  # "3 years", "10k" alone say too little
            return None
        value = (p.number_words.get(fold(match.group("numword"))) if match.group("numword")
                 else _number(match.group("num")))
        if value is None:
            return None
        bound = "min" if cmp in p.at_least else "max"
        if is_payback:
            if unit in self.months:
                value = value / 12
            name = f"payback_{bound}"
        else:
            if mult:
                value *= p.multipliers.get(fold(mult), 1.0)
            name = f"investment_{bound}"
        typed = match.group().strip()
        return UnderstoodFilter(name, value, typed, _label(name, value), (typed,))


def _label(name: str, value: float) -> str:
    sign = "≥" if name.endswith("_min") else "≤"
    if name.startswith("payback"):
        return f"Payback {sign} {value:g} {'year' if value == 1 else 'years'}"
    return f"Investment {sign} €{value:,.0f}"


def _number(raw: str) -> float | None:
    """'10.000', '50 000', '10,000' (thousands) and '2.5', '2,5' (decimals) as numbers."""
    compact = re.sub(r"[ \u00a0\u202f'’]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        compact = re.sub(r"[.,]", "", compact)
    compact = compact.replace(",", ".")
    try:
        return float(compact)
    except ValueError:
        return None
