"""Catalogue of green-transition measures (domain knowledge) used to build the seed dataset.

``MEASURES`` is the list of all measures; see ``base.Measure`` for the fields.
"""
from . import (
    buildings,
    energy,
    materials,
    mobility,
    packaging,
    renewables,
    symbiosis_food,
    symbiosis_industry,
    waste,
    water,
)
from .base import ALL_SIZES, M, Measure
from .places import COUNTRIES
from .profiles import CLUSTER_TOPIC, PROFILES, SECTOR_PROFILES

MEASURES: list[Measure] = [
    *energy.MEASURES, *buildings.MEASURES, *renewables.MEASURES, *water.MEASURES, *materials.MEASURES,
    *packaging.MEASURES, *mobility.MEASURES, *waste.MEASURES, *symbiosis_food.MEASURES, *symbiosis_industry.MEASURES,
]

_keys = [m.key for m in MEASURES]
assert len(_keys) == len(set(_keys)), "duplicate measure keys"
for _m in MEASURES:
    for _p in _m.profiles:
        assert _p in PROFILES, (_m.key, _p)

__all__ = ["ALL_SIZES", "CLUSTER_TOPIC", "COUNTRIES", "M", "MEASURES", "Measure", "PROFILES", "SECTOR_PROFILES"]
