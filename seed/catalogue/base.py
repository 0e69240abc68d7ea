"""The Measure record: one kind of green intervention, written as domain knowledge.

A measure holds alternative title/summary/description fragments (str.format templates) and
realistic ranges for its figures. ``seed/build_seed.py`` expands measures over fictional
organisations.

Placeholders available in fragments (see build_seed.py for how they are filled):
  {org} {short} {city} {region} {country} {year} {staff}
  {actor} {a_actor} {site} {a_site} {city_site} {a_city_site} {Intro} {intro}
  {energy} {co2} {water} {waste} {invest} {savings} {payback}   (figures, formatted)
  plus the measure's own ``vars`` (e.g. {pct}, {n}, {kw}).
Abbreviation tokens such as [PV], [CHP], [VSD], [VSDs], [HVAC], [MVR], [LED], [HVO] are
expanded per record to the long form, the short form, or "long form (SHORT)".
Ranges:
  invest   (min, max) EUR, (0, 0) for no-cost measures (then ``savings`` gives EUR/year)
  payback  (min, max) years
  energy   (min, max) MWh/year, from a micro to a large company; energy_kind says what it
           replaces ("el", "gas", "oil", "diesel", "mix", "heat") to derive CO2 when
           ``co2`` is not given
  co2, water, waste   (min, max) t / m3 / t per year
  vars     name -> (lo, hi) or (lo, hi, "s") for size-scaled values
"""
from __future__ import annotations

from dataclasses import dataclass, field

ALL_SIZES = ("micro", "small", "medium", "large")


@dataclass(frozen=True)
class Measure:
    key: str
    titles: tuple
    summaries: tuple
    what: tuple
    how: tuple
    results: tuple
    impacts: tuple
    key_areas: tuple
    technologies: tuple
    sectors: tuple = ()          # sector slugs the measure fits (primary candidates)
    profiles: tuple = ()         # or: specific organisation profiles (see profiles.py)
    co_sectors: tuple = ()       # sectors that may be added as 2nd/3rd sector
    exclude_profiles: tuple = () # profiles of the listed sectors that do not fit (e.g. a dental practice has no steam traps)
    nexts: tuple = ()
    inputs: tuple = ()
    outputs: tuple = ()
    invest: tuple = (0, 0)
    payback: tuple | None = None
    savings: tuple | None = None
    energy: tuple | None = None
    energy_kind: str = "el"
    co2: tuple | None = None
    water: tuple | None = None
    waste: tuple | None = None
    vars: dict = field(default_factory=dict)
    sizes: tuple = ALL_SIZES
    countries: tuple = ()

    @property
    def symbiosis(self) -> bool:
        return bool(self.inputs or self.outputs)


def M(key, **kw) -> Measure:
    """Build a Measure, turning lists into tuples."""
    for k, v in list(kw.items()):
        if isinstance(v, list):
            kw[k] = tuple(v)
    return Measure(key=key, **kw)
