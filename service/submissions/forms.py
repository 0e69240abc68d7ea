"""The record form shared by the submission page and the moderation pages: fields, values, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from service.languages import by_name, language_names
from service.practices.schemas import LIST_FIELDS, NUMBER_FIELDS, RECORD_FIELDS
from service.submissions.schemas import SUBMITTER_FIELDS
from service.taxonomy import Taxonomy

CHECKBOX_FACETS = {"sectors": "sector", "impacts": "impact", "key_areas": "key_area"}
MAX_FORM_VALUE_CHARS = 100_000  # a form value is cut here before validation says it is too long anyway


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str  # text, textarea, number, checkboxes, select, url
    required: bool = False
    hint: str = ""
    facet: str | None = None


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "extract this, translate it where shown"
    """Marks a label for `make messages`; the page translates it (submissions does not depend on pages)."""
    return message


# Labels and hints are English source texts, marked for extraction (N_); the form shows them translated.
RECORD_FORM: tuple[FormField, ...] = (
    FormField("title", N_("Title"), "text", True, N_("5–200 characters")),
    FormField("summary", N_("Summary"), "textarea", True, N_("One or two sentences, 20–600 characters")),
    FormField("description", N_("Description"), "textarea",
              hint=N_("Plain text; separate paragraphs with a blank line")),
    FormField("organisation", N_("Organisation"), "text", hint=N_("Company, cluster or body that did it")),
    FormField("country", N_("Country"), "select", True, facet="country"),
    FormField("region", N_("Region or city"), "text"),
    FormField("sectors", N_("Sectors"), "checkboxes", True, N_("Choose 1 to 3"), facet="sector"),
    FormField("impacts", N_("Impacts"), "checkboxes", True, N_("Choose at least one"), facet="impact"),
    FormField("key_areas", N_("Key areas of action"), "checkboxes", facet="key_area"),
    FormField("company_size", N_("Company size"), "select", facet="company_size"),
    FormField("investment_eur", N_("One-off investment (EUR)"), "number", hint=N_("0 if there was no investment")),
    FormField("annual_savings_eur", N_("Annual savings (EUR)"), "number"),
    FormField("payback_years", N_("Payback (years)"), "number", hint=N_("Left empty: investment ÷ annual savings")),
    FormField("energy_saved_mwh", N_("Energy saved (MWh per year)"), "number"),
    FormField("co2_avoided_t", N_("CO2 avoided (tonnes per year)"), "number"),
    FormField("water_saved_m3", N_("Water saved (m³ per year)"), "number"),
    FormField("waste_avoided_t", N_("Waste avoided (tonnes per year)"), "number"),
    FormField("technologies", N_("Technologies"), "text", hint=N_("Separate items with ;")),
    FormField("inputs", N_("Resource streams taken in"), "text", hint=N_("Separate items with ;")),
    FormField("outputs", N_("By-products given off"), "text", hint=N_("Separate items with ;")),
    FormField("year", N_("Year of implementation"), "number", hint="1990–2100"),
    FormField("language", N_("Language of the text"), "select", facet="language"),
    FormField("source_url", N_("Source URL"), "url", hint=N_("http(s) link to more information")),
)

LABELS = {f.name: f.label for f in RECORD_FORM} | {"submitter_name": N_("Your name"), "consent": N_("Consent"),
                                                   "submitter_email": N_("Your e-mail address"), "id": "Id"}


def _clip(value: str) -> str:
    return value[:MAX_FORM_VALUE_CHARS]


def form_to_payload(form: FormData) -> dict[str, Any]:
    """Form fields as a submission payload: checkbox groups become lists, everything else stays text."""
    payload: dict[str, Any] = {}
    for name in (*RECORD_FIELDS, *SUBMITTER_FIELDS, "website"):
        if name in CHECKBOX_FACETS:
            payload[name] = [_clip(v) for v in form.getlist(name) if isinstance(v, str)]
        else:
            value = form.get(name)
            if isinstance(value, str):
                payload[name] = _clip(value)
            elif value is not None:  # a file upload where text belongs
                payload[name] = "(a file was sent)"
    return payload


def plain(value: Any) -> str:
    """A stored value as text: 12500.0 as 12500."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def record_values(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as form values: lists joined with '; ', numbers without a trailing .0."""
    values: dict[str, Any] = {}
    for name, value in record.items():
        if name in CHECKBOX_FACETS:
            values[name] = list(value or [])
        elif name in LIST_FIELDS:
            values[name] = "; ".join(value or [])
        elif name in NUMBER_FIELDS and isinstance(value, float):
            values[name] = plain(value)
        else:
            values[name] = "" if value is None else str(value)
    return values


# A field chosen from a list: a form user sees the list, so a wrong count is said in the list's words and
# the slugs the importer accepts ("allowed: agriculture, food-beverages, …") are left out.
CHOICE_MESSAGES = {"sectors": "choose 1 to 3 sectors", "impacts": "choose at least one impact",
                   "key_areas": "choose from the list", "country": "choose a country from the list",
                   "company_size": "choose a company size from the list",
                   "language": "choose a language from the list"}


def _form_message(field: str, message: str) -> str:
    if field not in CHOICE_MESSAGES:
        return message
    if message.startswith("expected") or message == "required field is missing":
        return CHOICE_MESSAGES[field]
    return message.split("; allowed:")[0]


def errors_by_field(details: list[Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in details:
        if isinstance(item, dict):
            field = str(item.get("field") or "").split(".")[0] or "_form"
            errors.setdefault(field, _form_message(field, str(item.get("message", "invalid value"))))
    return errors


def options(taxonomy: Taxonomy, locale: str = "en") -> dict[str, dict[str, str]]:
    """slug -> label for every list a form field chooses from; countries and languages by name."""
    chosen = {name: dict(taxonomy.facet(name).values) for name in ("country", "sector", "impact", "key_area",
                                                                   "company_size")}
    chosen["country"] = by_name(chosen["country"])
    chosen["language"] = language_names(locale)
    return chosen

# Moderators may also set the id, e.g. to resolve a clash with an existing practice.
ADMIN_FORM: tuple[FormField, ...] = (
    FormField("id", "Id", "text", hint="a-z, 0-9 and '-'; left empty: derived from title, organisation and "
              "country"),
    *RECORD_FORM,
)
