"""Proposing a news item, event or call over HTTP (the JSON API and the form): the practices' submission
flow (rate limit, honeypot, validation, one INSERT, private tracking link, moderation queue) with the item
record and form (proposals.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from service.deps import SettingsDep, StoreTurn, TaxonomyDep, store_turn
from service.errors import AppError, NotFound
from service.pages.i18n import page_options
from service.pages.render import page
from service.security import csrf
from service.security.rate_limit import check_submission_rate
from service.submissions import forms as practice_forms
from service.submissions.html import HtmlErrorRoute
from service.submissions.router import PRIVATE_HEADERS
from service.submissions.schemas import (
    SubmissionReceipt,
    check_honeypot,
)
from service.submissions.service import transaction
from service.updates import forms, proposals
from service.updates.kinds import INFO, KINDS, Kind, parse_kind

router = APIRouter(tags=["submissions"])
pages = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


def _store(request: Request, payload: dict[str, Any], kind: Kind) -> str:
    """Rate limit, honeypot, validation, then one INSERT, committed; returns the tracking token."""
    check_submission_rate(request)
    check_honeypot(payload)
    record, submitter = proposals.validate_submission(payload, kind)
    with transaction(request) as session:
        raw = proposals.raw_payload(payload, kind)
        return proposals.create(session, record=record, submitter=submitter, raw=raw)


def _kind(raw: str) -> Kind:
    kind = parse_kind(raw)
    if kind is None:
        raise NotFound(f"nothing to submit at {raw!r}; allowed: {', '.join(KINDS)}")
    return kind


SUBMISSION_BODY = Body(description="the item's record fields plus submitter_name, submitter_email and consent (true)")


def _submit_route(kind: Kind) -> Any:
    def submit(request: Request, payload: dict[str, Any] = SUBMISSION_BODY) -> SubmissionReceipt:
        token = _store(request, payload, kind)
        return SubmissionReceipt(status="pending", tracking_token=token,
                                 tracking_url=str(request.url_for("submission_page", token=token)),
                                 status_url=str(request.url_for("submission_status", token=token)))

    return submit


for _kind_name in KINDS:
    router.add_api_route(f"/api/{INFO[_kind_name].path}/submissions", _submit_route(_kind_name), methods=["POST"],
                         status_code=201, response_model=SubmissionReceipt, dependencies=[StoreTurn],
                         summary=f"Propose {INFO[_kind_name].singular}", name=f"submit_{_kind_name}",
                         description=f"Store {INFO[_kind_name].singular} as pending moderation; answers the "
                                     "private tracking token (shown once).")


def _form_page(request: Request, settings: Any, taxonomy: Any, kind: Kind, *, values: dict[str, Any],
               errors: dict[str, str], status: int = 200) -> HTMLResponse:
    token = csrf.token_for(request)
    response = page(request, "submit_item.html", {"info": INFO[kind], "fields": forms.ITEM_FORMS[kind],
                                                  "values": values, "errors": errors, "csrf_token": token,
                                                  "options": page_options(taxonomy, practice_forms.options(taxonomy)),
                                                  "labels": forms.labels(kind)}, status=status)
    csrf.set_cookie(response, token, secure=settings.env == "production")
    return response


@pages.get("/submit/{kind}", response_class=HTMLResponse)
def submit_item_form(request: Request, settings: SettingsDep, taxonomy: TaxonomyDep, kind: str) -> HTMLResponse:
    """The form for proposing a news item, an event or a call."""
    return _form_page(request, settings, taxonomy, _kind(kind), values={"language": "en", "timezone": "UTC"},
                      errors={})


@pages.post("/submit/{kind}", response_class=HTMLResponse)
async def submit_item_post(request: Request, settings: SettingsDep, taxonomy: TaxonomyDep, kind: str) -> Response:
    item_kind = _kind(kind)
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    payload = forms.form_to_payload(form, item_kind)
    try:
        async with store_turn(request):
            token = await run_in_threadpool(_store, request, payload, item_kind)
    except AppError as exc:
        if exc.status != 400 or "website" in practice_forms.errors_by_field(exc.details):
            raise
        return _form_page(request, settings, taxonomy, item_kind, values=payload,
                          errors=practice_forms.errors_by_field(exc.details), status=400)
    return RedirectResponse(request.url_for("submission_page", token=token), status_code=303, headers=PRIVATE_HEADERS)


router.include_router(pages)
