"""Submitting a practice (JSON API and HTML form) and following it with the private tracking link."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from service.deps import SessionDep, SettingsDep, StoreTurn, TaxonomyDep, store_turn
from service.errors import AppError
from service.pages.i18n import page_options, with_language
from service.pages.render import page
from service.security import csrf
from service.security.rate_limit import check_submission_rate
from service.submissions import forms, service
from service.submissions.html import HtmlErrorRoute
from service.submissions.schemas import (
    SubmissionReceipt,
    SubmissionStatus,
    check_honeypot,
    raw_payload,
    validate_submission,
)

router = APIRouter(tags=["submissions"])
pages = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
TOKEN = Path(min_length=1, max_length=service.MAX_TOKEN_CHARS)
# The tracking link is a secret: keep it out of Referer headers, caches and search engines.
SUBMISSION_BODY = Body(description="SPEC §1 record fields plus submitter_name, submitter_email and consent (true)")
PRIVATE_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _store(request: Request, payload: dict[str, Any]) -> str:
    """Rate limit, honeypot, validation, then one INSERT, committed; returns the tracking token."""
    check_submission_rate(request)
    check_honeypot(payload)
    record, submitter = validate_submission(payload)
    with service.transaction(request) as session:
        _, token = service.create(session, record=record, submitter=submitter, raw=raw_payload(payload))
    return token


# The JSON API takes no cookies and needs no CSRF token: nothing a forged cross-site request could send
# here is more than the attacker could send directly (see service/security/csrf.py).
@router.post("/api/submissions", status_code=201, response_model=SubmissionReceipt, summary="Submit a practice",
             dependencies=[StoreTurn], responses={429: {}})
def submit(request: Request,
           payload: dict[str, Any] = SUBMISSION_BODY) -> SubmissionReceipt:
    """Store a practice as pending moderation; answers the private tracking token (shown once)."""
    token = _store(request, payload)
    return SubmissionReceipt(status="pending", tracking_token=token,
                             tracking_url=str(request.url_for("submission_page", token=token)),
                             status_url=str(request.url_for("submission_status", token=token)))


@router.get("/api/submissions/{token}", response_model=SubmissionStatus, summary="A submission's status")
def submission_status(session: SessionDep, response: Response, token: str = TOKEN) -> SubmissionStatus:
    """pending, published (with the practice's id), rejected or unpublished (with the reason)."""
    response.headers.update(PRIVATE_HEADERS)
    return service.status_of(service.get_by_token(session, token=token))


def _form_page(request: Request, settings: Any, taxonomy: Any, *, values: dict[str, Any],
               errors: dict[str, str], status: int = 200) -> HTMLResponse:
    token = csrf.token_for(request)
    options = page_options(taxonomy, forms.options(taxonomy))
    response = page(request, "submit.html", {"fields": forms.RECORD_FORM, "values": values, "errors": errors,
                                              "options": options, "csrf_token": token, "labels": forms.LABELS},
                    status=status)
    csrf.set_cookie(response, token, secure=settings.env == "production")
    return response


@pages.get("/submit", response_class=HTMLResponse)
def submit_form(request: Request, settings: SettingsDep, taxonomy: TaxonomyDep) -> HTMLResponse:
    """The submission form."""
    return _form_page(request, settings, taxonomy, values={"language": "en"}, errors={})


@pages.post("/submit", response_class=HTMLResponse)
async def submit_form_post(request: Request, settings: SettingsDep, taxonomy: TaxonomyDep) -> Response:
    """Store the form's practice and go to its tracking page; on errors, the form again as typed."""
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    payload = forms.form_to_payload(form)
    try:
        # Database work stays off the event loop, as in the sync routes.
        async with store_turn(request):
            token = await run_in_threadpool(_store, request, payload)
    except AppError as exc:
        if exc.status != 400 or "website" in forms.errors_by_field(exc.details):
            raise
        return _form_page(request, settings, taxonomy, values=payload,
                          errors=forms.errors_by_field(exc.details), status=400)
    return RedirectResponse(with_language(str(request.url_for("submission_page", token=token))), status_code=303,
                            headers=PRIVATE_HEADERS)


@pages.get("/submissions/{token}", response_class=HTMLResponse, name="submission_page")
def submission_page(request: Request, session: SessionDep, token: str = TOKEN) -> HTMLResponse:
    """The private tracking page."""
    submission = service.get_by_token(session, token=token)
    return page(request, "submission_status.html",
                {"submission": service.status_of(submission), "page_url": str(request.url)},
                headers=PRIVATE_HEADERS)


router.include_router(pages)
