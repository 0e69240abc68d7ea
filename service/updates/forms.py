"""The item forms, for proposing news, events and calls and for moderating them: fields, values, payloads."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from service.submissions.forms import LABELS, MAX_FORM_VALUE_CHARS, N_, FormField
from service.submissions.schemas import SUBMITTER_FIELDS
from service.updates.schemas import LIST_FIELDS, fields_of

DATE_HINT = N_("YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the time zone below")
ZONE = FormField("timezone", N_("Time zone"), "text", hint=N_("IANA name, e.g. Europe/Brussels, Europe/Warsaw or UTC"))
HEAD = (FormField("title", N_("Title"), "text", True, N_("5–200 characters")),
        FormField("summary", N_("Summary"), "textarea", True, N_("One or two sentences, 20–600 characters")),
        FormField("body", N_("Details"), "textarea", hint=N_("Plain text; separate paragraphs with a blank line")))
TAIL = (FormField("sectors", N_("Sectors"), "checkboxes", hint=N_("Up to 5"), facet="sector"),
        FormField("impacts", N_("Impacts"), "checkboxes", facet="impact"),
        FormField("countries", N_("Countries"), "checkboxes", hint=N_("None ticked: not tied to a country"),
                  facet="country"),
        FormField("language", N_("Language of the text"), "text", hint=N_("ISO 639-1 code, e.g. en, de, fr")),
        FormField("practices", N_("Related practices"), "text", hint=N_("Practice ids, separated by ;")))
ITEM_FORMS: dict[str, tuple[FormField, ...]] = {
    "news": (*HEAD, FormField("published", N_("Published on"), "text", True, DATE_HINT),
             FormField("source", N_("Source"), "text", hint=N_("Who published it")),
             FormField("url", N_("Link to the source"), "url", hint=N_("http(s) link")), *TAIL),
    "event": (*HEAD, FormField("start", N_("Starts"), "text", True, DATE_HINT),
              FormField("end", N_("Ends"), "text",
                        hint=N_("YYYY-MM-DD or YYYY-MM-DDTHH:MM; empty: one hour after the start")), ZONE,
              FormField("place", N_("Place"), "text", True, N_("Town and venue, or online")),
              FormField("organiser", N_("Organiser"), "text"),
              FormField("url", N_("Registration link"), "url", hint=N_("http(s) link")), *TAIL),
    "call": (*HEAD, FormField("funder", N_("Funder or programme"), "text"),
             FormField("opens", N_("Opens"), "text", hint=DATE_HINT),
             FormField("closes", N_("Closes"), "text", True, DATE_HINT),
             ZONE, FormField("budget_eur", N_("Budget (EUR)"), "number", hint=N_("When known")),
             FormField("url", N_("Link to the call"), "url", hint=N_("http(s) link")), *TAIL),
}
CHECKBOXES = ("sectors", "impacts", "countries")


def labels(kind: str) -> dict[str, str]:
    return {f.name: f.label for f in ITEM_FORMS[kind]} | {name: label for name, label in LABELS.items()
                                                          if name in ("submitter_name", "submitter_email", "consent",
                                                                      "id")}


def form_to_payload(form: FormData, kind: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"kind": kind}
    for name in (*fields_of(kind), *SUBMITTER_FIELDS, "website"):
        if name == "kind":
            continue
        if name in CHECKBOXES:
            payload[name] = [v[:MAX_FORM_VALUE_CHARS] for v in form.getlist(name) if isinstance(v, str)]
        else:
            value = form.get(name)
            if isinstance(value, str):
                payload[name] = value[:MAX_FORM_VALUE_CHARS]
            elif value is not None:  # a file upload where text belongs
                payload[name] = "(a file was sent)"
    return payload


def record_values(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as form values: lists joined with '; ', dates as written in the record."""
    values: dict[str, Any] = {}
    for name, value in record.items():
        if name in CHECKBOXES:
            values[name] = list(value or [])
        elif name in LIST_FIELDS:
            values[name] = "; ".join(value or [])
        else:
            values[name] = "" if value is None else str(value)
    return values
