"""Items' dates for people: month names in the page's language, times in the item's own named zone."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.updates import format as fmt

START, END, ZONE = "2027-03-04T09:00:00+01:00", "2027-03-04T17:00:00+01:00", "Europe/Brussels"


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "4 March 2027, 09:00–17:00 (Europe/Brussels)"),
    ("de", "4. März 2027, 09:00–17:00 (Europe/Brussels)"),
    ("pl", "4 marca 2027, 09:00–17:00 (Europe/Brussels)"),
    ("bg", "4 март 2027\u202fг., 09:00–17:00 (Europe/Brussels)"),  # a narrow no-break space before г.
])
def test_an_event_s_span_is_written_in_the_page_s_language(locale: str, expected: str) -> None:
    assert fmt.span(START, END, ZONE, locale) == expected


def test_several_days_date_both_ends_and_a_news_day_has_no_time() -> None:
    assert fmt.span(START, "2027-03-05T12:00:00+01:00", ZONE, "de") == \
        "4. März 2027, 09:00 – 5. März 2027, 12:00 (Europe/Brussels)"
    assert fmt.day("2026-10-18", "UTC", "it") == "18 ottobre 2026"


def test_the_calls_page_in_polish_names_its_months_in_polish(items_reader: TestClient) -> None:
    english = items_reader.get("/calls").text
    polish = items_reader.get("/calls?lang=pl").text
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    assert any(month in english for month in months)
    assert not any(month in polish for month in months)
    polish_months = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
                     "października", "listopada", "grudnia")
    assert any(month in polish for month in polish_months)
