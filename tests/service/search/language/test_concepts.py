"""Finding the concepts a query or a practice names, in each language's own forms."""

import json
import shutil

import pytest

from service.search.language import VocabularyError, default_vocabulary, detect_language
from service.search.language.vocabulary import load_vocabulary
from service.settings import SEED_DIR


@pytest.fixture(scope="module")
def vocabulary():
    return default_vocabulary()


def concepts(vocabulary, text, lang):
    return {m.concept_id for m in vocabulary.concepts_in(text, lang)}


@pytest.mark.parametrize(("text", "lang", "concept"), [
    ("pompa ciepła", "pl", "heat-pump"),
    ("pompy ciepła", "pl", "heat-pump"),  # genitive / plural
    ("pompę ciepła", "pl", "heat-pump"),  # accusative
    ("odzysku ciepła", "pl", "heat-recovery"),
    ("рекуперация на топлина", "bg", "heat-recovery"),
    ("термопомпата", "bg", "heat-pump"),  # with the definite article
    ("Wärmepumpen", "de", "heat-pump"),  # plural
    ("riego por goteo", "es", "drip-irrigation"),
    ("impianto fotovoltaico sul tetto", "it", "rooftop-pv"),
    ("récupération de la chaleur", "fr", "heat-recovery"),  # articles between the words
    ("pompes à chaleur", "fr", "heat-pump"),
    ("afvalwater", "nl", "wastewater"),
])
def test_inflected_forms_name_the_concept(vocabulary, text, lang, concept):
    assert concept in concepts(vocabulary, text, lang)


@pytest.mark.parametrize(("lang", "forms"), [
    ("bg", "енергия енергията енергии енергиите"),  # an article after the ending
    ("bg", "строителни строителните строителна строителната"),  # adjectives with the article
    ("bg", "център центъра центрове центровете"),  # a fleeting vowel
    ("bg", "отпадък отпадъка отпадъци отпадъците"),  # к / ц
    ("bg", "отопление отоплението отопления отопленията"),
    ("bg", "охлаждане охлаждането"),
    ("bg", "честотен честотни честотна"),
    ("es", "luz luces"),
    ("bg", "рециклиран рециклирана рециклиране рециклирането"),  # participle and verbal noun
    ("bg", "котел котли котлите котела"),  # a fleeting е
    ("de", "Rechenzentrum Rechenzentren Rechenzentrums"),
    ("de", "Krankenhaus Krankenhäuser Krankenhauses Krankenhäusern"),
    ("hu", "kórház kórházba kórházban kórházak kórházakban"),  # a case after a plural
    ("pl", "piekarnia piekarni piekarnie piekarniach"),
    ("pl", "energia energii energię"),
    ("pl", "flota flocie floty"),  # t / ci before the locative ending
    ("pl", "zużycie zużycia zużyciu zużyciem"),
    ("pl", "woda wody wodzie"),
    ("pt", "armazém armazéns"),
    ("pt", "hospital hospitais"),
    ("it", "albergo alberghi"),
    ("it", "caseificio caseifici"),
    ("fr", "hôpital hôpitaux"),
    ("nl", "ziekenhuis ziekenhuizen"),
    ("sv", "sjukhus sjukhuset sjukhusen"),
    ("ro", "spital spitale spitalul spitalele spitalului"),
    ("el", "νοσοκομείο νοσοκομεία νοσοκομείου νοσοκομείων"),
])
def test_the_forms_of_a_word_share_one_stem(vocabulary, lang, forms):
    from service.search.language.normalise import fold_word

    rules = vocabulary.rules(lang)
    assert len({rules.stem(fold_word(form)) for form in forms.split()}) == 1


@pytest.mark.parametrize(("text", "lang", "concept"), [
    ("Abwärmenutzung", "de", "waste-heat"),
    ("Luft-Wasser-Wärmepumpe", "de", "heat-pump"),
    ("Luftwärmepumpen", "de", "heat-pump"),  # a compound, plural
    ("Fernwärmeanschluss", "de", "district-heating"),
    ("Brauereiabwärme", "de", "waste-heat"),
    ("fjernvarmeværk", "da", "district-heating"),
])
def test_compounds_name_the_concepts_they_contain(vocabulary, text, lang, concept):
    matches = [m for m in vocabulary.concepts_in(text, lang) if m.concept_id == concept]
    assert matches


def test_accents_typed_or_omitted_find_the_same_concept(vocabulary):
    assert concepts(vocabulary, "pompa ciepla", "pl") == concepts(vocabulary, "pompa ciepła", "pl")
    assert concepts(vocabulary, "Abwarme", "de") == concepts(vocabulary, "Abwärme", "de") == {"waste-heat"}
    # "chaleur" alone also names the broader concept heat, inside the term.
    typed, omitted = "récupération de chaleur", "recuperation de chaleur"
    assert concepts(vocabulary, omitted, "fr") == concepts(vocabulary, typed, "fr")
    assert "heat-recovery" in concepts(vocabulary, "recuperation de chaleur", "fr")


def test_elided_articles_are_skipped(vocabulary):
    assert "rainwater-harvesting" in concepts(vocabulary, "récupération de l'eau de pluie", "fr")


def test_match_reports_positions_and_the_words_as_written(vocabulary):
    [match] = [m for m in vocabulary.concepts_in("Nowa pompa ciepła w zakładzie", "pl") if m.concept_id == "heat-pump"]
    assert (match.start, match.end, match.words) == (1, 3, ("pompa", "ciepła"))


def test_a_longer_term_and_the_terms_inside_it_are_all_returned(vocabulary):
    found = [(m.concept_id, m.start, m.end) for m in vocabulary.concepts_in("air source heat pumps", "en")]
    assert ("air-source-heat-pump", 0, 4) in found and ("heat-pump", 2, 4) in found


def test_unrelated_words_name_no_concept(vocabulary):
    assert vocabulary.concepts_in("unicorn tears in Lodz", "en") == []
    assert vocabulary.concepts_in("", "de") == []


def test_label_is_the_preferred_term(vocabulary):
    assert vocabulary.label("heat-pump", "de") == "Wärmepumpe"
    assert vocabulary.label("heat-pump", "en") == "heat pump"


def test_known_words_include_forms_function_words_and_compounds(vocabulary):
    assert vocabulary.is_known_word("pompy", "pl")
    assert vocabulary.is_known_word("por", "es")
    assert vocabulary.is_known_word("Abwärmenutzungen", "de")
    assert not vocabulary.is_known_word("pore", "es")


def test_an_unknown_language_is_refused(vocabulary):
    with pytest.raises(ValueError):
        vocabulary.concepts_in("heat pump", "xx")


@pytest.mark.parametrize(("text", "lang"), [
    ("Abwärmenutzung", "de"), ("pompa ciepła", "pl"), ("рекуперация на топлина", "bg"),
    ("impianto fotovoltaico sul tetto", "it"), ("riego por goteo", "es"),
    ("chaudière biomasse pour remplacer le fioul", "fr"), ("waste heat recovery", "en"),
    ("αντλία θερμότητας", "el"), ("hőszivattyú", "hu"), ("tepelné čerpadlo na střeše", "cs"),
])
def test_detects_the_language_of_short_queries(text, lang):
    assert detect_language(text) == lang


def test_detection_falls_back_to_the_hint_or_none():
    assert detect_language("LED", hint="de") == "de"
    assert detect_language("LED") == "en"  # a term of every language: read as the practices' language
    assert detect_language("xqzv") is None  # no evidence at all
    assert detect_language("", hint="fr") == "fr"


def test_a_term_of_many_languages_is_read_in_one_of_them():
    # English does not name compost "Kompost": the most spoken language that does reads it.
    assert detect_language("Kompost") == "de"
    assert detect_language("geotermia") == "it"


def test_a_language_file_missing_a_concept_is_refused(tmp_path):
    shutil.copytree(SEED_DIR / "vocabulary", tmp_path / "vocabulary")
    path = tmp_path / "vocabulary" / "de.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["concepts"].pop("heat-pump")
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(VocabularyError, match="heat-pump"):
        load_vocabulary(tmp_path)


@pytest.mark.parametrize("text", ["cement clinker substitution Poland", "cheap ways to save energy in a hotel",
                                  "waste heat recovery", "biogas Italy"])
def test_english_queries_are_not_read_as_another_language(text):
    assert detect_language(text) in ("en", None)


def test_words_written_alike_in_two_languages_name_one_of_them_or_the_hint():
    assert detect_language("bomba de calor") == "es"  # Spanish and Portuguese read it alike
    assert detect_language("bomba de calor", hint="pt") == "pt"
    assert detect_language("fugas de ar comprimido") == "pt"  # "ar" is Portuguese air (and Lithuanian "whether")
    # A two-letter word inside another language's term ("limpieza in situ") does not outvote a compound.
    assert detect_language("lekken in persluchtleidingen") == "nl"
    assert detect_language("bomba de calor num hospital") == "pt"  # "num" = em + um
    # Everyday words of the most used languages tell them apart, so they are taken as spelled, not typo-
    # matched into English ("remplacer" is no "replaces", "coûts" no "costs").
    assert [detect_language(w) for w in ("remplacer", "coûts", "sparen", "risparmiare", "zmniejszyć")] == [
        "fr", "fr", "de", "it", "pl"]
    assert detect_language("varmepumpe") == "da"  # Swedish writes värmepump


def test_a_compound_part_needs_an_ending_or_a_word_after_it(vocabulary):
    # Hungarian "ital" (drink) is a term's stem; "Italy" does not contain it as a word.
    assert not vocabulary.is_known_word("Italy", "hu")
    assert "food-beverages" in concepts(vocabulary, "italok", "hu")


@pytest.mark.parametrize(("text", "concept"), [
    ("1,250 kWp PV system on the roof of a rubber plant", "rooftop-pv"),
    ("Rooftop photovoltaic plant on a boatyard", "rooftop-pv"),
    ("Compressor waste heat warms a steelworks", "waste-heat"),
    ("Throttle valves give way to variable speed drives (VSDs) in a hotel", "variable-speed-drive"),
    ("Brewers' grains to animal feed", "spent-grain"),
    # Site types and the generic services of a building, named as the practices name them.
    ("relit its production and storage halls with LED high-bay fittings", "warehouse"),
    ("Night setback of operating theatre ventilation", "hospital"),
    ("Night setback of operating theatre ventilation", "ventilation"),
    ("On-site sorting of construction waste at a building site", "building-site"),
    ("In-vessel composter at Mladá Boleslav Town Council", "town-hall"),
    ("Heat pumps replace the gas boilers at a cold store", "natural-gas"),
    ("Kitchen energy upgrade at Hotel Mazur", "kitchen"),
    ("treats inpatients and outpatients across its clinical departments", "healthcare-sector"),
    ("On-site hydrogen from solar power fuels forklifts", "forklifts"),  # a vehicle, whatever drives it
    ("Recycled concrete aggregate from demolition", "concrete"),
])
def test_practices_in_english_carry_the_concepts_they_describe(vocabulary, text, concept):
    assert concept in concepts(vocabulary, text, "en")


@pytest.mark.parametrize(("text", "lang", "wanted", "not_wanted"), [
    ("Heizung modernisieren", "de", set(), {"textiles-sector"}),  # no "Mode" inside "modernisieren"
    ("LED Beleuchtung Halle", "de", {"led-lighting", "hall"}, set()),
    ("variateur de vitesse pompes", "fr", {"variable-speed-drive", "pumps"}, set()),
    ("hotel", "en", {"hotel"}, {"restaurant", "campsite"}),  # a hotel is not widened to the whole sector
])
def test_concepts_are_as_narrow_as_the_words(vocabulary, text, lang, wanted, not_wanted):
    found = concepts(vocabulary, text, lang)
    assert wanted <= found and not (not_wanted & found)


@pytest.mark.parametrize(("word", "concept"), [
    ("Kunststoffabfälle", "textiles-sector"),  # plastics, not fabric (Stoff)
    ("Rohstoffeinsparung", "textiles-sector"),
    ("Wasserstoff", "textiles-sector"),
    ("vergessen", "food"),  # Essen is no term: it ends too many words
    ("veröffentlicht", "lighting"),  # nor Licht
    ("verlief", "deliveries"),  # Lieferung keeps "liefer" inside a compound, not "lief"
    ("Kommunikation", "town-hall"),
    ("modernisieren", "textiles-sector"),  # Mode and modern share a stem: Mode is no term
    ("ausprobieren", "brewery"),  # nor Bier
])
def test_a_short_word_inside_compounds_is_no_term(vocabulary, word, concept):
    assert concept not in concepts(vocabulary, word, "de")
