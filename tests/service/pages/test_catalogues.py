"""The pages' translations: every catalogue complete and consistent with the sources; taxonomy labels too."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file, pathmatch
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from service.pages.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR, catalogues
from service.settings import REPO_ROOT, SEED_DIR
from service.taxonomy import FACET_FIELDS, load_taxonomy

TRANSLATED = sorted(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def key(message: Message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message.context, str(msgid)


def source_texts(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [str(message.id)]


def translations(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [str(message.string or "")]


def extracted_from_sources() -> set[tuple[str | None, str]]:
    """What `make messages` would put in messages.pot today, read with the same babel.cfg."""
    with (LOCALE_DIR / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: set[tuple[str | None, str]] = set()
    for path in [*(REPO_ROOT / "service").rglob("*.py"), *(REPO_ROOT / "frontend" / "templates").rglob("*.html")]:
        relative = path.relative_to(REPO_ROOT).as_posix()
        for pattern, method in method_map:
            if pathmatch(pattern, relative):
                for _, msgid, _, context in extract_from_file(method, str(path), options=options_map[pattern]):
                    found.add((context, msgid[0] if isinstance(msgid, tuple) else msgid))
                break
    return found


def test_the_template_holds_every_message_of_the_sources() -> None:
    """A string wrapped in the code but missing here means `make messages` was not run."""
    in_template = {key(m) for m in read(LOCALE_DIR / "messages.pot") if m.id}
    in_sources = extracted_from_sources()
    assert in_sources - in_template == set(), "run `make messages`"
    assert in_template - in_sources == set(), "run `make messages`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    template = {key(m) for m in read(LOCALE_DIR / "messages.pot") if m.id}
    catalog = read(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po")
    assert catalog.locale is not None and str(catalog.locale) == language
    messages = {key(m): m for m in catalog if m.id}
    assert set(messages) == template
    for message in messages.values():
        assert not message.fuzzy, message.id
        forms = translations(message)
        assert all(form.strip() for form in forms), message.id
        if isinstance(message.id, tuple):
            assert len(forms) == catalog.num_plurals, message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markup_match_the_source(language: str) -> None:
    catalog = read(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po")
    assert [(m.id, errors) for m, errors in catalog.check()] == []  # Babel's own python-format checks
    for message in catalog:
        if not message.id:
            continue
        names = {name for text in source_texts(message) for name in PLACEHOLDER.findall(text)}
        tags = Counter(TAG.findall(source_texts(message)[0]))
        for form in translations(message):
            used = set(PLACEHOLDER.findall(form))
            # Every value is shown, none is invented; only ngettext's count (num) may be left out of a form,
            # as English "practice" leaves it out.
            assert used <= names and names - used <= {"num"}, (message.id, form)
            assert Counter(TAG.findall(form)) == tags, (message.id, form)
            assert form.count("%") - 2 * form.count("%%") == len(PLACEHOLDER.findall(form)), (message.id, form)


def test_catalogues_load_for_every_language() -> None:
    loaded = catalogues(LOCALE_DIR)
    assert set(loaded) == set(LANGUAGES)
    for language in TRANSLATED:
        assert loaded[language].gettext("Search practices") != "Search practices", language
        assert "%(num)s" in loaded[language].ngettext("%(num)s practice", "%(num)s practices", 5)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_taxonomy_label_is_translated(language: str) -> None:
    taxonomy = load_taxonomy(SEED_DIR)
    raw = json.loads((SEED_DIR / "taxonomy_labels" / f"{language}.json").read_text(encoding="utf-8"))
    assert raw["language"] == language
    for facet in FACET_FIELDS:
        if facet == "country":  # CLDR names them (see seed/taxonomy_labels/README.md)
            assert set(taxonomy.facet(facet).values) <= set(Locale.parse(language).territories), language
            continue
        labels = raw["labels"][facet]
        assert set(labels) == set(taxonomy.facet(facet).values), (language, facet)
        assert all(label.strip() for label in labels.values()), (language, facet)
    assert set(raw["labels"]) <= set(FACET_FIELDS)


def test_there_is_a_label_file_for_each_translated_language_only() -> None:
    files = sorted(path.stem for path in (SEED_DIR / "taxonomy_labels").glob("*.json"))
    assert files == TRANSLATED
    assert sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")) == TRANSLATED
