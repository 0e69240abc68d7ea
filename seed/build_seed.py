#!/usr/bin/env python3
"""Build the seed dataset of green good practices (SPEC §1 records) from the measure catalogue.

    python seed/build_seed.py                      # writes seed/practices.json (640 records)
    python seed/build_seed.py --count 2000 --seed 7 --out /tmp/p.json

As a library (e.g. for a benchmark):

    from seed.build_seed import generate           # from the repository root
    records = generate(100_000, seed=1)             # deterministic list of dicts

Each record expands one measure of ``seed/catalogue`` over a fictional organisation in a real
European city. Figures are drawn inside the measure's ranges and scaled by company size;
``annual_savings_eur`` is derived from investment and payback so that
``payback_years == round(investment_eur / annual_savings_eur, 2)``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import string
import sys
import time
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

if not __package__:  # run as a script: python seed/build_seed.py
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from seed.catalogue import CLUSTER_TOPIC, COUNTRIES, MEASURES, PROFILES, SECTOR_PROFILES  # noqa: E402
from seed.catalogue import context as C  # noqa: E402
from seed.catalogue.names import INTL, LOCAL  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_COUNT = 640
DEFAULT_SEED = 20250611
DEFAULT_OUT = os.path.join(HERE, "practices.json")

with open(os.path.join(HERE, "taxonomy.json"), encoding="utf-8") as _f:
    _TAX = json.load(_f)
SECTORS = [s["slug"] for s in _TAX["sectors"]]
IMPACTS = [s["slug"] for s in _TAX["impacts"]]
KEY_AREAS = [s["slug"] for s in _TAX["key_areas"]]
SIZES = [s["slug"] for s in _TAX["company_sizes"]]
with open(os.path.join(HERE, "countries.json"), encoding="utf-8") as _f:
    ISO_CODES = {c["code"] for c in json.load(_f)}

SIZE_WEIGHTS = {"micro": 20, "small": 35, "medium": 30, "large": 18}
SIZE_U = {"micro": (0.0, 0.28), "small": (0.12, 0.5), "medium": (0.35, 0.78), "large": (0.65, 1.0)}
STAFF = {"micro": (3, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 2400)}
YEAR_WEIGHTS = {2012: 3, 2013: 3, 2014: 4, 2015: 5, 2016: 5, 2017: 6, 2018: 7, 2019: 8, 2020: 7, 2021: 8, 2022: 10, 2023: 11, 2024: 10, 2025: 6}
# Measures that only became common (or possible) in later years.
MIN_YEAR = {"hvo-trucks": 2016, "agrivoltaics": 2018, "electrolyser-forklifts": 2019, "biolng-trucks": 2018, "energy-community": 2020,
            "green-ppa": 2016, "anaesthetic-gas": 2018, "reusable-food-containers": 2019, "high-temp-heat-pump": 2019, "pv-battery": 2016,
            "cargo-bikes": 2015, "electric-vans": 2015, "food-waste-measurement": 2015, "machine-vision": 2017, "additive-spares": 2016,
            "right-sized-boxes": 2016, "co2-refrigeration": 2013, "mono-material-packaging": 2018, "data-centre-heat": 2014,
            "reusable-sharps": 2016, "flow-chemistry": 2015, "textile-take-back": 2015}
PROFILE_COUNTRIES = {"ski": ("AT", "CH", "IT", "FR", "DE", "SI", "NO", "SE", "SK", "PL", "BG", "ES", "FI"),
                     "citrus-olive": ("ES", "PT", "IT", "GR", "CY", "MT", "HR", "FR")}
FUEL_CO2 = {"gas": 0.202, "oil": 0.267, "diesel": 0.267, "heat": 0.15}

# Abbreviation tokens: token -> (base, long form, short form).
ABBR = {
    "PV": ("PV", "photovoltaic", "PV"), "CHP": ("CHP", "combined heat and power", "CHP"),
    "VSD": ("VSD", "variable speed drive", "VSD"), "VSDs": ("VSD", "variable speed drives", "VSDs"),
    "HVAC": ("HVAC", "heating, ventilation and air-conditioning", "HVAC"), "MVR": ("MVR", "mechanical vapour recompression", "MVR"),
    "LED": ("LED", "light-emitting diode", "LED"), "HVO": ("HVO", "hydrotreated vegetable oil", "HVO"),
    "EV": ("EV", "electric vehicle", "EV"), "ORC": ("ORC", "organic Rankine cycle", "ORC"), "BMS": ("BMS", "building management system", "BMS"),
    "CIP": ("CIP", "cleaning-in-place", "CIP"), "RO": ("RO", "reverse osmosis", "RO"), "AD": ("AD", "anaerobic digestion", "AD"),
    "SRF": ("SRF", "solid recovered fuel", "SRF"), "MQL": ("MQL", "minimum quantity lubrication", "MQL"),
    "GGBS": ("GGBS", "ground granulated blast furnace slag", "GGBS"), "PPA": ("PPA", "power purchase agreement", "PPA"),
}
_TOKEN_RE = re.compile(r"\[([A-Za-z]+)\]")
_ARTICLE_RE = re.compile(r"(^|[\s(])(a|an|A|An)\s$")
_AN_LETTERS = set("AEFHILMNORSX")   # letters read with a leading vowel sound (an HVAC, an LED, an ORC)
_FORMATTER = string.Formatter()
_FIELDS_CACHE: dict[str, frozenset] = {}


# ----------------------------------------------------------------------------- small helpers
def _fields(template: str) -> frozenset:
    f = _FIELDS_CACHE.get(template)
    if f is None:
        f = frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)
        _FIELDS_CACHE[template] = f
    return f


@cache
def _strip_accents(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode() or s


@cache
def _article(word: str) -> str:
    first = _strip_accents(word[:1]).lower()
    return "an" if first in "aeiou" else "a"


def _a(word: str) -> str:
    return f"{_article(word)} {word}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _loginterp(lo: float, hi: float, u: float) -> float:
    u = min(1.0, max(0.0, u))
    if lo <= 0 or hi <= lo:
        return lo + (hi - lo) * u
    return lo * (hi / lo) ** u


def _nice(x: float):
    """Round a yearly figure to a sensible precision (int when >= 10)."""
    if x >= 1000:
        return int(round(x, -1))
    if x >= 10:
        return int(round(x))
    return max(0.1, round(x, 1))


def _round100(x: float) -> int:
    return max(100, int(round(x / 100.0)) * 100)


def _fmt_num(v) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.1f}"
    return f"{int(v):,}"


def _fmt_eur(v: float) -> str:
    if v >= 1_000_000:
        s = f"{v / 1_000_000:.1f}".rstrip("0").rstrip(".")
        return f"€{s} million"
    return f"€{int(v):,}"


def _fmt_payback(p: float) -> str:
    if p < 1:
        months = max(1, int(round(p * 12)))
        return "about a year" if months >= 12 else ("one month" if months == 1 else f"{months} months")
    s = f"{p:.1f}".rstrip("0").rstrip(".")
    return f"{s} year" if s == "1" else f"{s} years"


def _expand(text: str, modes: dict, seen: set, rng: random.Random, tech: bool = False) -> str:
    """Expand [ABBR] tokens: short form, long form, or 'long (SHORT)' on first use."""
    if "[" not in text:
        return text
    res = ""
    pos = 0
    for mt in _TOKEN_RE.finditer(text):
        tok = mt.group(1)
        spec = ABBR.get(tok)
        if spec is None:
            continue
        base, long, short = spec
        mode = modes.get(base)
        if mode is None:
            if base == "LED":
                mode = "both" if rng.random() < 0.25 else "short"
            else:
                mode = rng.choices(("short", "both", "long"), (0.4, 0.35, 0.25))[0]
            modes[base] = mode
        if tech:
            rep = short if mode == "short" else long
        elif mode == "short" or (mode == "both" and base in seen):
            rep = short
        elif mode == "long":
            rep = long
        else:
            rep = f"{long} ({short})"
        if not tech:
            seen.add(base)
        res += text[pos:mt.start()]
        pos = mt.end()
        am = _ARTICLE_RE.search(res)
        if am:
            art = am.group(2)
            vowel = (rep[0] in _AN_LETTERS) if rep.startswith(short) else (rep[0].lower() in "aeiou")
            new = ("an" if vowel else "a")
            if art[0].isupper():
                new = _cap(new)
            res = res[:am.start(2)] + new + " "
        stripped = res.rstrip()
        if not stripped or (stripped[-1] in ".!?:" and res.endswith(" ")):
            rep = _cap(rep)
        res += rep
    return res + text[pos:]


# ----------------------------------------------------------------------------- organisations
def _org_name(rng: random.Random, country: dict, lang: str, trade: str, size: str, city: str):
    table = LOCAL.get(lang, {})
    patterns = table.get(trade) or INTL[trade]
    pat = rng.choice(patterns)
    surnames = country["surnames"]
    if isinstance(surnames, dict):
        surnames = surnames.get(lang) or next(iter(surnames.values()))
    s1 = rng.choice(surnames)
    s2 = rng.choice([s for s in surnames if s != s1] or surnames)
    legal_tab = country.get(f"legal_{lang}") or country["legal"]
    legal = rng.choice(legal_tab[size])
    de_c = ("d'" if _strip_accents(city[:1]).lower() in "aeiouh" else "de ") + city
    name = pat.format(S=s1, S2=s2, C=city, L=legal, deC=de_c).strip()
    name = re.sub(r"\s+", " ", name)
    name = _cap(name)
    if "{S}" in pat and pat.endswith("{L}"):
        short = s1
    else:
        short = name[: -len(legal)].strip() if pat.endswith("{L}") else name
    return name, _cap(short)


# ----------------------------------------------------------------------------- state
class _State:
    def __init__(self):
        self.sector_count = {s: 0 for s in SECTORS}
        self.country_count = {c: 0 for c in COUNTRIES}
        self.titles: set[str] = set()
        self.title_suffix: dict[str, int] = {}
        self._countries = list(COUNTRIES)
        self._cweights = [COUNTRIES[c]["weight"] for c in self._countries]
        self._years = list(YEAR_WEIGHTS)
        self._yweights = list(YEAR_WEIGHTS.values())
        self._sizes = list(SIZE_WEIGHTS)
        self._candidates: dict[str, tuple] = {}
        self._year_cache: dict[int, tuple] = {}
        self._unused_left = len(COUNTRIES)

    def candidates(self, m):
        c = self._candidates.get(m.key)
        if c is None:
            if m.profiles:
                profs = list(m.profiles)
            else:
                profs = [p for s in m.sectors for p in SECTOR_PROFILES.get(s, []) if p not in m.exclude_profiles]
            by_sector: dict[str, list] = {}
            for p in profs:
                by_sector.setdefault(PROFILES[p][0], []).append(p)
            c = self._candidates[m.key] = (by_sector, list(by_sector))
        return c

    def pick_country(self, rng, allowed=None):
        if allowed:
            codes = [c for c in allowed if c in COUNTRIES]
            weights = [COUNTRIES[c]["weight"] for c in codes]
        else:
            codes, weights = self._countries, self._cweights
        unused = [c for c in codes if self.country_count[c] == 0] if self._unused_left else None
        if unused and rng.random() < 0.35:
            code = rng.choice(unused)
        else:
            code = rng.choices(codes, weights)[0]
        if self.country_count[code] == 0:
            self._unused_left -= 1
        self.country_count[code] += 1
        return code

    def years_from(self, lo: int):
        c = self._year_cache.get(lo)
        if c is None:
            ys = [y for y in self._years if y >= lo]
            c = self._year_cache[lo] = (ys, [YEAR_WEIGHTS[y] for y in ys])
        return c


# ----------------------------------------------------------------------------- one record
_FILTER_CACHE: dict = {}


def _usable(templates, available):
    """Templates whose placeholders are all available (cached: few distinct combinations)."""
    key = (id(templates), available)
    ok = _FILTER_CACHE.get(key)
    if ok is None:
        ok = _FILTER_CACHE[key] = [t for t in templates if _fields(t) <= available]
    return ok


def _pick(rng, templates, available):
    ok = _usable(templates, available)
    return rng.choice(ok) if ok else None


def _pick_cond(rng, entries, c, available):
    ok = [t for t, cond in entries if (cond is None or cond(c)) and _fields(t) <= available]
    return rng.choice(ok) if ok else None


@dataclass
class _Who:
    """The fictional organisation behind a practice, and where it is."""

    primary: str  # the sector it was picked for
    actor: str
    site: str
    does: str
    size: str
    code: str
    country: dict
    city: str
    region: str
    org: str
    short: str


@dataclass
class _Figures:
    invest: float | None = None
    savings: float | None = None
    payback: float | None = None
    energy: float | None = None
    co2: float | None = None
    water: float | None = None
    waste: float | None = None


def _pick_who(m, rng: random.Random, st: _State) -> _Who:
    """A profile from the sector with the fewest practices so far, a size, a country, a city, a name."""
    by_sector, sectors = st.candidates(m)
    low = min(st.sector_count[s] for s in sectors)
    pool = [s for s in sectors if st.sector_count[s] <= low + 2]
    primary = rng.choice(pool)
    profile_key = rng.choice(by_sector[primary])
    _p_sector, actor, site, does, trade, p_sizes = PROFILES[profile_key]
    allowed_sizes = [s for s in m.sizes if p_sizes is None or s in p_sizes] or list(p_sizes or m.sizes)
    size = rng.choices(allowed_sizes, [SIZE_WEIGHTS[s] for s in allowed_sizes])[0]

    allowed_c = m.countries or PROFILE_COUNTRIES.get(profile_key)
    code = st.pick_country(rng, allowed_c)
    country: dict[str, Any] = COUNTRIES[code]
    place: tuple[str, ...] = rng.choice(country["places"])
    city, region = place[0], place[1]
    lang = place[2] if len(place) > 2 else country["lang"]
    org, short = _org_name(rng, country, lang, trade, size, city)
    return _Who(primary=primary, actor=actor, site=site, does=does, size=size, code=code, country=country,
                city=city, region=region, org=org, short=short)


def _pick_year(m, rng: random.Random, st: _State) -> int:
    years, yweights = st.years_from(MIN_YEAR.get(m.key, 2012))
    return rng.choices(years, yweights)[0]


def _pick_sectors(m, primary: str, rng: random.Random, st: _State) -> list[str]:
    """The profile's sector, and sometimes one or two of the measure's other sectors."""
    sectors_out = [primary]
    if m.co_sectors:
        extra = [s for s in m.co_sectors if s != primary]
        if extra and rng.random() < 0.75:
            sectors_out.append(rng.choice(extra))
            extra = [s for s in extra if s not in sectors_out]
            if extra and rng.random() < 0.15:
                sectors_out.append(rng.choice(extra))
    for s in sectors_out:
        st.sector_count[s] += 1
    return sectors_out


def _draw_figures(m, country: dict, u: float, rng: random.Random) -> _Figures:
    """Figures inside the measure's ranges, at position ``u`` (company size) of each range."""

    def draw(rng_pair, spread=0.12):
        return _loginterp(rng_pair[0], rng_pair[1], u + rng.uniform(-spread, spread))

    f = _Figures()
    if m.invest is not None:
        if m.invest == (0, 0):
            f.invest, f.payback = 0, 0
            f.savings = _round100(draw(m.savings or (500, 20000)))
        else:
            f.invest = _round100(draw(m.invest, 0.08))
            pb = rng.uniform(*m.payback) if m.payback else rng.uniform(1, 5)
            f.savings = _round100(f.invest / pb)
            f.payback = round(f.invest / f.savings, 2)
    f.energy = _nice(draw(m.energy)) if m.energy else None
    if m.co2:
        f.co2 = _nice(draw(m.co2))
    elif f.energy is not None:
        grid: float = country["grid"]
        factor = grid if m.energy_kind == "el" else (
            0.5 * grid + 0.5 * 0.202 if m.energy_kind == "mix" else FUEL_CO2.get(m.energy_kind, 0.2))
        f.co2 = _nice(f.energy * factor * rng.uniform(0.95, 1.05))
    f.water = _nice(draw(m.water)) if m.water else None
    f.waste = _nice(draw(m.waste)) if m.waste else None
    return f


def _drop_one_figure(f: _Figures, rng: random.Random) -> None:
    """About 10% of records leave out one optional figure, as real reports do."""
    if rng.random() >= 0.1:
        return
    options = []
    if f.water is not None:
        options.append("water")
    if f.payback:
        options += ["payback", "invest", "savings"]
    if f.co2 is not None and f.energy is not None:
        options.append("co2")
    if options:
        drop = rng.choice(options)
        if drop == "water":
            f.water = None
        elif drop == "payback":
            f.payback = None
        elif drop == "invest":
            f.invest, f.payback = None, None
        elif drop == "savings":
            f.savings, f.payback = None, None
        elif drop == "co2":
            f.co2 = None


def _draw_vars(m, u: float, rng: random.Random) -> dict[str, str]:
    """The measure's own placeholders: a choice from a list, or a number from a range."""
    vars_ = {}
    for name, spec in m.vars.items():
        if isinstance(spec, list):
            vars_[name] = rng.choice(spec)
            continue
        lo, hi = spec[0], spec[1]
        if len(spec) > 2:
            v = _loginterp(lo, hi, u + rng.uniform(-0.08, 0.08))
        else:
            v = rng.uniform(lo, hi)
        if isinstance(lo, float) or isinstance(hi, float):
            vars_[name] = f"{v:.1f}"
        else:
            v = int(round(v, -1)) if v >= 1000 else int(round(v))
            vars_[name] = f"{max(v, 1):,}"
    return vars_


def _text_context(who: _Who, year: int, f: _Figures, vars_: dict[str, str], rng: random.Random) -> dict[str, Any]:
    """Every placeholder the templates may use; a figure's placeholder exists only if the figure does."""
    size, city, region, actor, site, org = who.size, who.city, who.region, who.actor, who.site, who.org
    staff = rng.randint(*STAFF[size]) if size != "large" else int(_loginterp(250, 2400, rng.random()))
    topic = rng.choice(CLUSTER_TOPIC[who.primary])
    size_adj = rng.choice(C.SIZE_ADJ[size])
    intro_tail = rng.choice((f"in {city}", f"in {city}", f"from {region}", f"near {city}"))
    intro = f"{_a(size_adj)} {actor} {intro_tail}"
    ctx: dict[str, Any] = {
        "org": org, "short": who.short, "city": city, "region": region, "country": who.country["name"], "year": year,
        "prev_year": year - 1, "staff": f"{staff:,}", "actor": actor, "a_actor": _a(actor), "site": site, "a_site": _a(site),
        "Site": _cap(site), "city_site": f"{city} {site}", "a_city_site": f"{_article(city)} {city} {site}", "does": who.does,
        "cluster": f"{topic} cluster in {region}", "a_size_word": _a(C.SIZE_WORD[size]), "founded": max(1870, year - rng.randint(8, 95)),
        "subsidy": rng.choice((20, 25, 30, 35, 40, 50)), "other": rng.choice(C.OTHER_TOPICS),
        "intro": intro if rng.random() < 0.8 else f"{org}, {_a(actor)} in {city},",
    }
    ctx["Intro"] = _cap(ctx["intro"])
    if ctx["intro"].endswith(","):
        ctx["intro"] = intro  # the apposition form only reads well at the start of a sentence
    if f.energy is not None:
        ctx["energy"] = _fmt_num(f.energy)
    if f.co2 is not None:
        ctx["co2"] = _fmt_num(f.co2)
    if f.water is not None:
        ctx["water"] = _fmt_num(f.water)
    if f.waste is not None:
        ctx["waste"] = _fmt_num(f.waste)
    if f.invest:
        ctx["invest"] = _fmt_eur(f.invest)
    if f.savings:
        ctx["savings"] = _fmt_eur(f.savings)
    if f.payback:
        ctx["payback"] = _fmt_payback(f.payback)
    ctx.update(vars_)
    ctx["_size_adj"] = size_adj  # for the summary's intro, not a template placeholder
    return ctx


class _Writer:
    """Renders a measure's templates for one record; expansions chosen once are kept across its texts."""

    def __init__(self, m, ctx: dict[str, Any], cond_ctx: dict[str, Any], rng: random.Random) -> None:
        self.m, self.ctx, self.cond_ctx, self.rng = m, ctx, cond_ctx, rng
        self.available = frozenset(k for k in ctx if not k.startswith("_"))
        self.modes: dict = {}
        self.seen: set = set()

    def render(self, t: str, seen: set | None = None) -> str:
        return _cap(_expand(t.format_map(self.ctx), self.modes, self.seen if seen is None else seen, self.rng))

    def title(self, who: _Who, year: int, st: _State) -> str:
        """A title no earlier record has (case-insensitive); place, organisation or a number make it so."""
        pats = list(_usable(self.m.titles, self.available))
        self.rng.shuffle(pats)
        title = None
        for p in pats:
            s: set = set()
            t = self.render(p, s)
            if t.lower() not in st.titles:
                title, self.seen = t, s
                break
        if title is None:
            s = set()
            base = self.render(pats[0], s)
            self.seen = s
            org, city = who.org, who.city
            suffixes = []
            if city not in base:
                suffixes.append(f" in {city}")
            if who.short not in base:
                suffixes.append(f" at {org}")
            suffixes += [f" ({org}, {city})", f" ({org}, {city}, {year})"]
            for suf in suffixes:
                t = base + suf
                if t.lower() not in st.titles:
                    title = t
                    break
            while title is None:
                k = st.title_suffix[base] = st.title_suffix.get(base, 1) + 1
                t = f"{base} ({org}, {city}, {year}, case {k})"
                if t.lower() not in st.titles:
                    title = t
        st.titles.add(title.lower())
        return title

    def summary(self, who: _Who) -> str:
        stemplate = _pick(self.rng, self.m.summaries, self.available)
        if "{city}" in stemplate:   # avoid "a dairy in Parma ... near Parma"
            self.ctx["Intro"] = self.ctx["intro"] = f"{_a(self.ctx['_size_adj'])} {who.actor} from {who.region}"
            if "{Intro}" in stemplate:
                self.ctx["Intro"] = _cap(self.ctx["Intro"])
        return self.render(stemplate)

    def description(self, invest: float | None) -> str:
        """Context, trigger, what, how, result(s), funding, next: 3-6 sentences, sometimes two paragraphs."""
        m, rng, available, cond_ctx, render = self.m, self.rng, self.available, self.cond_ctx, self.render
        first = [render(_pick_cond(rng, C.CONTEXT, cond_ctx, available))]
        if rng.random() < 0.6:
            trig = _pick_cond(rng, C.TRIGGERS, cond_ctx, available)
            if trig:
                first.append(render(trig))
        body = [render(_pick(rng, m.what, available))]
        hows = list(_usable(m.how, available))
        rng.shuffle(hows)
        if hows and rng.random() < 0.95:
            body.append(render(hows[0]))
            if len(hows) > 1 and rng.random() < 0.3:
                body.append(render(hows[1]))
        res = list(_usable(m.results, available))
        rng.shuffle(res)
        used_fields: set = set()
        if res:
            body.append(render(res[0]))
            used_fields |= _fields(res[0])
            if len(res) > 1 and rng.random() < 0.35:
                body.append(render(res[1]))
                used_fields |= _fields(res[1])
        physical = {"energy", "co2", "water", "waste"} & available
        money = {"savings", "invest", "payback"} & available
        missing = (physical | money) - used_fields
        if physical and not physical & used_fields:
            # always state at least one physical figure in the text
            gen = [t for t, need in C.GENERIC_RESULTS if set(need) <= missing and set(need) <= physical]
            if gen:
                t = rng.choice(gen)
                body.append(render(t))
                missing -= _fields(t)
        if invest == 0 and "savings" in missing:
            body.append(render(C.ZERO_COST_RESULT))
        elif money and not money & used_fields and rng.random() < 0.6:
            gen = [t for t, need in C.GENERIC_RESULTS if set(need) <= missing and set(need) <= money]
            if gen:
                body.append(render(rng.choice(gen)))
        if invest and rng.random() < 0.25:
            funding = _pick_cond(rng, C.FUNDING, cond_ctx, available)
            if funding:
                body.append(render(funding))
        if rng.random() < 0.5:
            nexts = _usable(m.nexts, available)
            if nexts and rng.random() < 0.6:
                body.append(render(rng.choice(nexts)))
            else:
                n = _pick_cond(rng, C.NEXTS, cond_ctx, available)
                if n:
                    body.append(render(n))
        # keep 3-6 sentences: drop optional tail sentences first, then the trigger
        while len(first) + len(body) > 6:
            if len(body) > 3:
                body.pop()
            else:
                first.pop()
        if rng.random() < 0.5:
            return " ".join(first) + "\n\n" + " ".join(body)
        return " ".join(first + body)

    def technologies(self) -> list[str]:
        techs = list(self.m.technologies)
        k = min(len(techs), self.rng.randint(2, 4))
        chosen = [techs[0]] + self.rng.sample(techs[1:], k - 1) if k > 1 else techs[:1]
        return [_expand(t, self.modes, set(), self.rng, tech=True) for t in chosen]


def _streams(names: tuple | list, rng: random.Random) -> list[str]:
    """The first stream always, and a random selection of the others when there are more than two."""
    if len(names) <= 2:
        return list(names)
    return [names[0]] + rng.sample(list(names[1:]), rng.randint(1, len(names) - 1))


def _make_record(m, idx: int, rng: random.Random, st: _State) -> dict:
    who = _pick_who(m, rng, st)
    year = _pick_year(m, rng, st)
    sectors = _pick_sectors(m, who.primary, rng, st)
    ulo, uhi = SIZE_U[who.size]
    u = rng.uniform(ulo, uhi)
    figures = _draw_figures(m, who.country, u, rng)
    _drop_one_figure(figures, rng)
    ctx = _text_context(who, year, figures, _draw_vars(m, u, rng), rng)
    cond_ctx = {"size": who.size, "year": year, "impacts": set(m.impacts), "b2b": who.primary in C.B2B,
                "symbiosis": m.symbiosis, "invest": bool(figures.invest)}
    writer = _Writer(m, ctx, cond_ctx, rng)
    title = writer.title(who, year, st)
    summary = writer.summary(who)
    description = writer.description(figures.invest)
    rec = {
        "id": f"gp-{idx:04d}", "title": title, "summary": summary, "description": description,
        "organisation": who.org, "country": who.code, "region": who.region, "sectors": sectors,
        "impacts": list(m.impacts), "key_areas": list(m.key_areas), "company_size": who.size,
        "investment_eur": figures.invest, "annual_savings_eur": figures.savings, "payback_years": figures.payback,
        "energy_saved_mwh": figures.energy, "co2_avoided_t": figures.co2, "water_saved_m3": figures.water,
        "waste_avoided_t": figures.waste, "technologies": writer.technologies(),
    }
    if m.inputs:
        rec["inputs"] = _streams(m.inputs, rng)
    if m.outputs:
        rec["outputs"] = _streams(m.outputs, rng)
    rec["year"] = year
    rec["language"] = "en"
    return {k: v for k, v in rec.items() if v is not None}


# ----------------------------------------------------------------------------- public API
def generate(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[dict]:
    """Return ``count`` practice records (SPEC §1), deterministic for a given (count, seed).

    The records for a smaller count are a prefix of those for a larger count with the same seed.
    Every measure of the catalogue is used once before any is used again.
    """
    rng = random.Random(seed)
    st = _State()
    out = []
    order: list[int] = []
    for i in range(count):
        if not order:
            order = list(range(len(MEASURES)))
            rng.shuffle(order)
        out.append(_make_record(MEASURES[order.pop()], i + 1, rng, st))
    return out


SEARCH_ABBR = [("PV", "photovoltaic"), ("CHP", "combined heat and power"), ("VSD", "variable speed drive"), ("HVAC", "heating, ventilation"),
               ("MVR", "mechanical vapour recompression"), ("LED", "light-emitting diode"), ("HVO", "hydrotreated vegetable oil")]
_ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")
# a sentence ends with . ! ? followed by the end or by a capitalised word (legal forms such as "S.r.l." rarely are)
_SENT_END = re.compile(r"(?<!\bSt)(?<!\bDr)[.!?](?=\s*$|\s+[\"0-9€A-ZÀ-ÞĀ-ſ])")
_NUMERIC = ("investment_eur", "annual_savings_eur", "payback_years", "energy_saved_mwh", "co2_avoided_t", "water_saved_m3", "waste_avoided_t")


def validate(records: list[dict], coverage: bool = True) -> dict:
    """Check every record against SPEC §1 and the dataset rules; raise AssertionError loudly."""
    errors = []
    titles = set()
    by_sector = {s: 0 for s in SECTORS}
    by_impact = {s: 0 for s in IMPACTS}
    by_country: dict[str, int] = {}
    for r in records:
        rid = r.get("id", "?")

        def err(msg, rid=rid):
            errors.append(f"{rid}: {msg}")
        if not _ID_RE.match(rid):
            err("bad id")
        t = r.get("title", "")
        if not 5 <= len(t) <= 200:
            err(f"title length {len(t)}")
        if t.lower() in titles:
            err(f"duplicate title {t!r}")
        titles.add(t.lower())
        if not 20 <= len(r.get("summary", "")) <= 600:
            err(f"summary length {len(r.get('summary', ''))}")
        d = r.get("description", "")
        if len(d) > 20000:
            err("description too long")
        if "{" in d or "}" in d or "[" in d or "{" in t or "[" in t or "{" in r["summary"] or "[" in r["summary"]:
            err("unfilled placeholder")
        n_sent = len(_SENT_END.findall(d))
        if not 3 <= n_sent <= 7:
            err(f"description has {n_sent} sentences")
        secs = r.get("sectors", [])
        if not 1 <= len(secs) <= 3 or any(s not in SECTORS for s in secs) or len(set(secs)) != len(secs):
            err(f"sectors {secs}")
        imps = r.get("impacts", [])
        if not imps or any(s not in IMPACTS for s in imps):
            err(f"impacts {imps}")
        if any(s not in KEY_AREAS for s in r.get("key_areas", [])):
            err(f"key_areas {r.get('key_areas')}")
        if r.get("company_size") not in SIZES:
            err(f"company_size {r.get('company_size')}")
        if r.get("country") not in ISO_CODES:
            err(f"country {r.get('country')}")
        if r.get("language") != "en":
            err("language")
        if not 1990 <= r.get("year", 0) <= 2100:
            err(f"year {r.get('year')}")
        for k in _NUMERIC:
            if k in r and (not isinstance(r[k], (int, float)) or r[k] < 0):
                err(f"{k}={r[k]!r}")
        inv, sav, pb = r.get("investment_eur"), r.get("annual_savings_eur"), r.get("payback_years")
        if pb is not None:
            if inv is None or sav is None:
                err("payback without investment and savings")
            elif sav > 0 and pb != round(inv / sav, 2):
                err(f"payback {pb} != {inv}/{sav}")
            elif sav <= 0:
                err("payback with zero savings")
        if inv == 0 and sav is not None and sav <= 0:
            err("zero-investment measure without savings")
        for s in set(secs):
            if s in by_sector:
                by_sector[s] += 1
        for s in set(imps):
            if s in by_impact:
                by_impact[s] += 1
        country = str(r.get("country"))
        by_country[country] = by_country.get(country, 0) + 1
    if coverage:
        for s, n in by_sector.items():
            if n < 15:
                errors.append(f"sector {s}: only {n} practices (need 15)")
        for s, n in by_impact.items():
            if n < 40:
                errors.append(f"impact {s}: only {n} practices (need 40)")
        if len(by_country) < 25:
            errors.append(f"only {len(by_country)} countries (need 25)")
        # search words: each abbreviation appears with its long form in some records and alone in others
        for short, long in SEARCH_ABBR:
            pat = re.compile(r"\b" + short + r"s?\b")
            both = alone = 0
            for r in records[:5000]:
                text = " ".join((r["title"], r["summary"], r.get("description", ""), *r.get("technologies", [])))
                has_short, has_long = bool(pat.search(text)), long in text.lower()
                both += has_short and has_long
                alone += has_short and not has_long
            if not both or not alone:
                errors.append(f"abbreviation {short}: {both} records with the long form, {alone} with the abbreviation only")
    if errors:
        raise AssertionError(f"{len(errors)} problem(s):\n  " + "\n  ".join(errors[:50]))
    return {"records": len(records), "by_sector": by_sector, "by_impact": by_impact, "by_country": by_country}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    records = generate(args.count, args.seed)
    dt = time.perf_counter() - t0
    stats = validate(records, coverage=args.count >= DEFAULT_COUNT)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(records, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(records)} records from {len(MEASURES)} measures in {dt:.2f}s -> {args.out}")
    print(f"min per sector {min(stats['by_sector'].values())}, min per impact {min(stats['by_impact'].values())}, "
          f"countries {len(stats['by_country'])} (min {min(stats['by_country'].values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
