"""Pages in the user's language: ?lang= and Accept-Language, the language kept in links, labels translated."""

from __future__ import annotations

import contextvars
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from service.pages import format as fmt
from service.pages.i18n import LANGUAGES, accepted_languages, catalogues, choose_language, use_language
from tests.service.submissions.fixtures import csrf_of, good_payload

HTML = {"Accept": "text/html"}


class Links(HTMLParser):
    """Every link, form and hidden field of a page, and the page's lang attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.links: list[dict[str, str]] = []
        self.forms: list[dict[str, str]] = []
        self.hidden: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "a" and "href" in a:
            self.links.append(a)
        elif tag == "form":
            self.forms.append(a)
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden.append((a.get("name", ""), a.get("value", "")))


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def same_site(href: str) -> bool:
    parts = urlsplit(href)
    return (not parts.netloc or parts.netloc == "testserver") and parts.path.startswith("/") \
        and not parts.path.startswith("/static/")


def lang_of(href: str) -> list[str]:
    return [v for k, v in parse_qsl(urlsplit(href).query) if k == "lang"]


def text(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")  # keeps no-break spaces


def test_accept_language_is_read_by_quality_then_order() -> None:
    assert accepted_languages("de-CH, de;q=0.9, fr;q=0.8, en;q=0.7") == ["de", "de", "fr", "en"]
    assert accepted_languages("fr;q=0.5, pl") == ["pl", "fr"]
    assert accepted_languages("bg;q=0, it;q=oops, es") == ["es"]  # q=0 is "not this"; a bad q counts as 0
    assert accepted_languages("") == []


def test_the_language_is_lang_then_the_header_then_english() -> None:
    assert choose_language("de", "fr") == ("de", True)
    assert choose_language(" PL ", None) == ("pl", True)
    assert choose_language("cs", "cs, it;q=0.8") == ("it", False)  # not a page language: the header decides
    assert choose_language(None, "pt-BR, sv") == ("en", False)
    assert choose_language(None, None) == ("en", False)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_lang_gives_the_search_page_in_that_language(loaded_client: TestClient, language: str) -> None:
    response = loaded_client.get(f"/search?q=heat&lang={language}", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-language"] == language
    assert "Accept-Language" in response.headers["vary"]
    page = parse(response.text)
    assert page.html_lang == language
    words = text(response.text)
    translate = catalogues()[language].gettext
    for message in ("Search practices", "Sort by", "Apply filters", "Share and reuse this search", "Sector"):
        assert translate(message) in words, (language, message)
    if language != "en":
        assert "Sort by" not in words and "Apply filters" not in words


def test_accept_language_chooses_the_page_language_and_links_stay_clean(loaded_client: TestClient) -> None:
    response = loaded_client.get("/search?q=heat", headers={**HTML, "Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert response.headers["content-language"] == "pl"
    page = parse(response.text)
    assert page.html_lang == "pl"
    assert "Szukaj praktyk" in text(response.text)
    # Nothing to keep: the next page negotiates the same language from the same header.
    assert [a["href"] for a in page.links if same_site(a["href"]) and lang_of(a["href"]) and "hreflang" not in a] \
        == []


def test_an_unknown_lang_falls_back_without_an_error(loaded_client: TestClient) -> None:
    response = loaded_client.get("/search?q=heat&lang=xx", headers=HTML)
    assert response.status_code == 200
    assert parse(response.text).html_lang == "en"
    assert "lang=xx" not in response.text


@pytest.mark.parametrize("path", ["/search?q=led&per_page=1&sector=retail&sector=logistics&investment_max=900000",
                                  "/search?q=nothing-matches-this&sector=healthcare", "/practices/fx-led-warehouse",
                                  "/embed?q=led&per_page=1", "/submit", "/toolkit", "/toolkit/consolidation",
                                  "/symbiosis?output=waste+heat", "/practices/no-such-practice"])
def test_every_link_and_form_keeps_the_chosen_language(loaded_client: TestClient, path: str) -> None:
    response = loaded_client.get(f"{path}{'&' if '?' in path else '?'}lang=fr", headers=HTML)
    assert response.status_code in (200, 404)
    page = parse(response.text)
    assert page.html_lang == "fr"
    links = [a for a in page.links if same_site(a["href"])]
    assert links
    for a in links:
        expected = [a["hreflang"]] if "hreflang" in a else ["fr"]  # the language menu switches language
        assert lang_of(a["href"]) == expected, a["href"]
    for form in page.forms:
        if form.get("method", "get").lower() == "get":
            assert ("lang", "fr") in page.hidden, form
        else:
            assert lang_of(form["action"]) == ["fr"], form


def test_pagination_and_facet_chips_keep_the_language(loaded_client: TestClient) -> None:
    html = loaded_client.get("/search?impact=energy-efficiency&per_page=1&lang=de", headers=HTML).text
    page = parse(html)
    nxt = next(a["href"] for a in page.links if a.get("rel") == "next")
    assert dict(parse_qsl(urlsplit(nxt).query)) == {"impact": "energy-efficiency", "per_page": "1", "page": "2",
                                                  "lang": "de"}
    chip = next(a for a in page.links if "chip" in a.get("class", ""))
    assert chip["aria-label"] == "Filter Wirkung: Energieeffizienz entfernen"
    assert lang_of(chip["href"]) == ["de"]


def test_facet_and_taxonomy_labels_are_translated(loaded_client: TestClient) -> None:
    words = text(loaded_client.get("/search?q=led&lang=it", headers=HTML).text)
    assert "Commercio all’ingrosso e al dettaglio" in words and "Wholesale & retail" not in words
    assert "Germania" in words and "Germany" not in words  # country names from CLDR
    assert "Oltre 1, fino a 3 anni" in words and "Over 1, up to 3 years" not in words  # payback band
    assert "Ordina per" in words and "Ritorno più rapido" in words  # sort names
    # The API keeps the English labels: they are data for programs, not the page's words.
    api = loaded_client.get("/api/search?q=led&lang=it", headers={"Accept-Language": "it"}).json()
    assert "Germany" in [f["label"] for f in api["facets"]["country"]]


def test_the_practice_page_translates_its_labels_not_the_practice(loaded_client: TestClient) -> None:
    html = loaded_client.get("/practices/fx-led-warehouse?lang=pl", headers=HTML).text
    words = text(html)
    assert "Okres zwrotu" in words and "2\u00a0lata" in words and "Niemcy" in words  # 2: the "few" form
    assert "Payback time" not in words
    dairy = loaded_client.get("/practices/fx-heat-pump-dairy?lang=bg", headers=HTML).text
    assert re.search(r'<h1 lang="en">', dairy)  # the practice's own text keeps its language
    assert "английски" in text(dairy)  # its language, named in the page's language
    assert "Сходни практики" in text(dairy)


def test_numbers_take_the_decimal_mark_and_words_of_the_language() -> None:
    def in_language(code: str) -> tuple[str, str, str, str]:
        use_language(code)
        return fmt.number(2.5), fmt.years(2.5), fmt.years(5), fmt.eur_per_year(1500)

    # Each in a context of its own, as each request is: the test's own language stays untouched.
    assert contextvars.copy_context().run(in_language, "en") == ("2.5", "2.5\u00a0years", "5\u00a0years",
                                                                  "€\u00a01\u00a0500/year")
    assert contextvars.copy_context().run(in_language, "de") == ("2,5", "2,5\u00a0Jahre", "5\u00a0Jahre",
                                                                  "€\u00a01\u00a0500/Jahr")
    assert contextvars.copy_context().run(in_language, "pl") == ("2,5", "2,5\u00a0roku", "5\u00a0lat",
                                                                  "€\u00a01\u00a0500/rok")


def test_error_pages_speak_the_language(loaded_client: TestClient) -> None:
    response = loaded_client.get("/practices/no-such-practice?lang=es", headers=HTML)
    assert response.status_code == 404
    assert "Página no encontrada" in text(response.text)
    bad = loaded_client.get("/search?sort=sideways&lang=es", headers=HTML)
    assert bad.status_code == 400
    assert "No se puede realizar esta búsqueda" in text(bad.text)


def test_the_submission_form_in_bulgarian_round_trip(loaded_client: TestClient) -> None:
    form_page = loaded_client.get("/submit?lang=bg", headers=HTML)
    words = text(form_page.text)
    assert "Заглавие" in words and "Храни и напитки" in words and "Германия" in words
    token = csrf_of(form_page.text)
    fields = {k: v for k, v in good_payload().items() if isinstance(v, str)}
    fields.update({"sectors": "food-beverages", "impacts": "energy-efficiency", "consent": "true",
                   "csrf_token": token})
    refused = loaded_client.post("/submit?lang=bg", data={**fields, "title": ""}, headers=HTML)
    assert refused.status_code == 400
    assert "Моля, поправете 1 поле по-долу" in text(refused.text)
    sent = loaded_client.post("/submit?lang=bg", data=fields, headers=HTML, follow_redirects=False)
    assert sent.status_code == 303
    assert lang_of(sent.headers["location"]) == ["bg"]
    status = loaded_client.get(sent.headers["location"], headers=HTML)
    assert "Вашето подаване" in text(status.text) and "Изчакваща" in text(status.text)


def test_the_moderation_pages_stay_english(loaded_client: TestClient) -> None:
    response = loaded_client.get("/admin/login?lang=de", headers={**HTML, "Accept-Language": "de"})
    assert response.headers["content-language"] == "en"
    page = parse(response.text)
    assert page.html_lang == "en"
    assert not any("hreflang" in a for a in page.links)  # no language menu where nothing would change
    assert "Praxisbeispiel einreichen" not in text(response.text)
