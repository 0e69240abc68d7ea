"""The item forms, for proposing news, events and calls and for moderating them: fields, values, payloads."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from service.submissions.forms import MAX_FORM_VALUE_CHARS, FormField
from service.submissions.schemas import SUBMITTER_FIELDS
from service.updates.schemas import LIST_FIELDS, fields_of

DATE_HINT = "YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the time zone below"
ZONE = FormField("timezone", "Time zone", "text", hint="IANA name, e.g. Europe/Brussels, Europe/Warsaw or UTC")
HEAD = (FormField("title", "Title", "text", True, "5–200 characters"),
        FormField("summary", "Summary", "textarea", True, "One or two sentences, 20–600 characters"),
        FormField("body", "Details", "textarea", hint="Plain text; separate paragraphs with a blank line"))
TAIL = (FormField("sectors", "Sectors", "checkboxes", hint="Up to 5", facet="sector"),
        FormField("impacts", "Impacts", "checkboxes", facet="impact"),
        FormField("countries", "Countries", "checkboxes", hint="None ticked: not tied to a country", facet="country"),
        FormField("language", "Language of the text", "text", hint="ISO 639-1 code, e.g. en, de, fr"),
        FormField("practices", "Related practices", "text", hint="Practice ids, separated by ;"))
ITEM_FORMS: dict[str, tuple[FormField, ...]] = {
    "news": (*HEAD, FormField("published", "Published on", "text", True, DATE_HINT),
             FormField("source", "Source", "text", hint="Who published it"),
             FormField("url", "Link to the source", "url", hint="http(s) link"), *TAIL),
    "event": (*HEAD, FormField("start", "Starts", "text", True, DATE_HINT),
              FormField("end", "Ends", "text", hint=DATE_HINT + "; empty: one hour after the start"), ZONE,
              FormField("place", "Place", "text", True, "Town and venue, or online"),
              FormField("organiser", "Organiser", "text"),
              FormField("url", "Registration link", "url", hint="http(s) link"), *TAIL),
    "call": (*HEAD, FormField("funder", "Funder or programme", "text"),
             FormField("opens", "Opens", "text", hint=DATE_HINT),
             FormField("closes", "Closes", "text", True, DATE_HINT),
             ZONE, FormField("budget_eur", "Budget (EUR)", "number", hint="When known"),
             FormField("url", "Link to the call", "url", hint="http(s) link"), *TAIL),
}
CHECKBOXES = ("sectors", "impacts", "countries")


def labels(kind: str) -> dict[str, str]:
    return {f.name: f.label for f in ITEM_FORMS[kind]} | {"submitter_name": "Your name", "consent": "Consent",
                                                            "submitter_email": "Your e-mail address", "id": "Id"}


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
