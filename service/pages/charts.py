"""Charts drawn on the server as inline SVG: no script, no CDN, readable without colour or sight.

Each chart is a plain data structure first (what is compared, which numbers) and SVG second, so tests
check the numbers and the markup separately. Every text is escaped; every chart has a text equivalent
(aria-label and visible labels), and bars that filter a search are links.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from service.pages.i18n import N_

MIN_PEERS = 3  # a median of fewer practices says little
BAR_WIDTH = 400  # the SVG's own units; it scales to the page's width


@dataclass(frozen=True)
class Comparison:
    label: str  # "Investment"
    value: float
    median: float
    peers: int  # how many practices the median is over
    shown_value: str  # "€ 511 100"
    shown_median: str

    @property
    def verdict_message(self) -> str:
        """The comparison in words (a message to translate, see verdict_values), as a reader would say it."""
        if self.median == 0:
            return N_("above the median") if self.value > 0 else N_("the median")
        change = self.value / self.median - 1
        if abs(change) < 0.1:
            return N_("about the median")
        if change >= 1:
            return N_("%(times)s times the median")
        return N_("%(percent)s%% above the median") if change > 0 else N_("%(percent)s%% below the median")

    @property
    def verdict_values(self) -> dict[str, str]:
        change = self.value / self.median - 1 if self.median else 0.0
        return {"times": f"{change + 1:.1f}", "percent": f"{abs(change) * 100:.0f}"}

    @property
    def verdict(self) -> str:
        return self.verdict_message % self.verdict_values


def compare(record: dict[str, Any], peers: list[dict[str, Any]],
            figures: tuple[tuple[str, str, Any], ...]) -> list[Comparison]:
    """The record's figures against the median of the same figure over ``peers`` (those that report it)."""
    out = []
    for name, label, fmt in figures:
        value = record.get(name)
        known = [p[name] for p in peers if p.get(name) is not None]
        if value is None or len(known) < MIN_PEERS:
            continue
        median = statistics.median(known)
        out.append(Comparison(label, float(value), float(median), len(known), fmt(value), fmt(median)))
    return out


def comparison_svg(item: Comparison) -> Markup:
    """One bar for the practice, a tick for the median, on a scale that fits both."""
    top = max(item.value, item.median) * 1.1 or 1.0
    width = max(item.value / top * BAR_WIDTH, 1.5)
    tick = item.median / top * BAR_WIDTH
    text = f"{item.label}: {item.shown_value}; median of {item.peers} similar practices: {item.shown_median}"
    return Markup(
        f'<svg viewBox="0 0 {BAR_WIDTH} 24" preserveAspectRatio="none" role="img" aria-label="{escape(text)}">'
        f'<rect class="axis" x="0" y="11" width="{BAR_WIDTH}" height="1"/>'
        f'<rect class="bar" x="0" y="4" width="{width:.1f}" height="16" rx="2"/>'
        f'<line class="median" x1="{tick:.1f}" x2="{tick:.1f}" y1="0" y2="24"/></svg>')


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str
    selected: bool


def distribution_svg(bars: list[Bar], *, title: str, short_labels: list[str], width: int = 260) -> Markup:
    """Columns of counts with short labels below; each column links to the search narrowed to it. The
    default width is the filter column's, so 12 units of text are 12 pixels there."""
    if not bars:
        return Markup("")
    height, label_room, gap = 90, 22, 6
    column = (width - gap * (len(bars) - 1)) / len(bars)
    top = max(b.count for b in bars) or 1
    parts = [f'<svg viewBox="0 0 {width} {height + label_room}" role="group" aria-label="{escape(title)}">']
    for i, bar in enumerate(bars):
        x = i * (column + gap)
        h = bar.count / top * (height - 16)
        y = height - h
        name = f"{bar.label}: {bar.count} practice{'' if bar.count == 1 else 's'}"
        words = short_labels[i]
        # The column is the link, named in full; the short labels drawn beside it are for the eye only,
        # so a screen reader hears each column once.
        parts.append(
            f'<a href="{escape(bar.url)}" aria-label="{escape(name)}">'
            f'<rect class="bar{"" if bar.selected or not any(b.selected for b in bars) else " other"}" '
            f'x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{max(h, 1):.1f}" rx="2"/></a>'
            f'<text aria-hidden="true" x="{x + column / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{bar.count}</text>'
            f'<text aria-hidden="true" class="muted" x="{x + column / 2:.1f}" y="{height + 16}" '
            f'text-anchor="middle">{escape(words)}</text>')
    parts.append(f'<rect class="axis" x="0" y="{height}" width="{width}" height="1"/></svg>')
    return Markup("".join(parts))
