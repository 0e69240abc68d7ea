"""Numbers formatted for people."""

from __future__ import annotations

import pytest

from service.pages.format import eur, number, payback, per_year, years
from service.pages.service import param_text

S = "\u00a0"


@pytest.mark.parametrize("value, expected", [
    (12500, f"12{S}500"), (12500.4, f"12{S}500"), (1_250_000, f"1{S}250{S}000"), (180, "180"),
    (2.4, "2.4"), (2.0, "2"), (12.25, "12.2"), (0, "0"), (0.35, "0.35"), (0.5, "0.5"), (None, ""),
])
def test_number(value: float | None, expected: str) -> None:
    assert number(value) == expected


def test_units() -> None:
    assert eur(12500) == f"€{S}12{S}500"
    assert years(2.4) == f"2.4{S}years"
    assert years(1) == f"1{S}year"
    assert per_year(180, "MWh") == f"180{S}MWh/year"
    assert per_year(95, "t CO2e") == f"95{S}t CO2e/year"
    assert eur(None) == years(None) == per_year(None, "t") == ""


@pytest.mark.parametrize("value, expected", [(None, ""), (1500000.0, "1500000"), (3.5, "3.5"), (0.0, "0")])
def test_range_values_go_back_into_the_form_without_exponents(value: float | None, expected: str) -> None:
    assert param_text(value) == expected


def test_payback_has_one_precision_and_zero_says_no_investment() -> None:
    assert years(0.76) == f"0.8{S}years" and years(0.9) == f"0.9{S}years" and years(12.25) == f"12.2{S}years"
    assert years(3.0) == f"3{S}years" and years(1250) == f"1{S}250{S}years"
    assert payback(0) == "immediate (no investment)" and payback(2.44) == f"2.4{S}years" and payback(None) == ""
