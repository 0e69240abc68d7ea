"""/admin: the moderation pages, behind a login with the admin token (session cookie) and CSRF tokens."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from service.admin import service
from service.admin.auth import (
    LoginRequired,
    ModerationDisabled,
    PageAdmin,
    admin_auth,
    check_not_throttled,
    clean_label,
    clear_session,
    end_session,
    record_failure,
    set_session,
)
from service.deps import SearchDep, SessionDep, SettingsDep, TaxonomyDep
from service.errors import AppError
from service.pages import render
from service.practices.models import PracticeStatus
from service.security import csrf
from service.security.headers import content_security_policy
from service.submissions import forms
from service.submissions.html import HtmlErrorRoute, render_error
from service.submissions.models import SubmissionState
from service.submissions.service import transaction
from service.updates import forms as item_forms


class AdminPageRoute(HtmlErrorRoute):
    def render(self, request: Request, exc: AppError) -> Response:
        if isinstance(exc, LoginRequired):
            return login_page(request, status=401)
        if isinstance(exc, ModerationDisabled):
            return render.page(request, "admin/disabled.html", {"status": exc.status}, status=exc.status,
                               headers=NO_STORE)
        return render_error(request, exc, "admin/error.html", headers=NO_STORE)


router = APIRouter(prefix="/admin", route_class=AdminPageRoute, include_in_schema=False)
SUBMISSION_ID = Path(ge=1, le=2**31 - 1)
PRACTICE_ID = Path(min_length=1, max_length=64)
# Moderation pages are framed by nobody, cached nowhere and leak no URL in a referrer.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            "Content-Security-Policy": content_security_policy(frame_ancestors="'none'")}


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the cookie's (403 otherwise)."""
    form = await request.form()
    csrf.check(request, form.get(csrf.FIELD))
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


async def wake_sync(request: Request) -> None:
    request.app.state.sync_wanted.set()


# What a moderator is told after each action, in words, instead of the action's name.
DONE_MESSAGES = {
    "approve": "Approved: the practice is published and will be in the search within seconds.",
    "reject": "Rejected: the submitter sees the reason on their private status page.",
    "edit": "Changes saved.",
    "unpublish": "Unpublished: the practice is out of the search; its page answers 404.",
    "publish": "Published again: the practice is back in the search.",
}


def done_message(done: str) -> str | None:
    return DONE_MESSAGES.get(done) if done else None


def change_text(request: Request, field: str, value: Any) -> str:
    """A history value as people read it: labels joined by commas, whole numbers without .0, — for none."""
    if value is None or value == [] or value == "":
        return "—"
    taxonomy = request.app.state.taxonomy
    facet = {"sectors": "sector", "impacts": "impact", "key_areas": "key_area", "country": "country",
             "company_size": "company_size"}.get(field)
    items = value if isinstance(value, list) else [value]
    shown = [taxonomy.label(facet, str(v)) if facet else forms.plain(v) for v in items]
    return ", ".join(shown)


def page(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    token = csrf.token_for(request)
    response = render.page(request, template, {
        **context, "csrf_token": token, "change_text": lambda field, value: change_text(request, field, value)},
        status=status, headers=NO_STORE)
    csrf.set_cookie(response, token, secure=request.app.state.settings.env == "production")
    return response


def login_page(request: Request, *, status: int, error: str | None = None) -> HTMLResponse:
    return page(request, "admin/login.html", {"error": error}, status=status)


def back_to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep,
               token: str = Query("", max_length=500, include_in_schema=False)) -> Response:
    """The login form; answers 401, as every admin page does without a session.

    In development, ``?token=`` logs in at once: it is the link ``python -m service`` prints at start-up
    with the token it made for the run (as notebook servers do). Elsewhere the token is only ever posted.
    """
    auth = admin_auth(request)
    if not auth.enabled:
        raise ModerationDisabled()
    if token and settings.env == "development":
        if not auth.token_ok(token):
            return login_page(request, status=401, error="That link holds an old token: log in with the current one.")
        response = back_to("/admin")
        set_session(response, auth, clean_label(None), secure=False)
        return response
    return login_page(request, status=401)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, settings: SettingsDep, form: CheckedForm) -> Response:
    """Check the token and start a session (an HttpOnly, SameSite=Strict cookie)."""
    auth = admin_auth(request)
    if not auth.enabled:
        raise ModerationDisabled()
    check_not_throttled(request)
    token = form.get("token")
    if not isinstance(token, str) or not auth.token_ok(token):
        record_failure(request)
        return login_page(request, status=401, error="That is not the admin token.")
    label = form.get("label")
    response = back_to("/admin")
    set_session(response, auth, clean_label(label if isinstance(label, str) else None),
                secure=settings.env == "production")
    return response


@router.post("/logout")
def logout(request: Request, actor: PageAdmin, form: CheckedForm) -> Response:
    """End the session, on the server too: a copy of the cookie no longer works."""
    end_session(request)
    response = back_to("/admin/login")
    clear_session(response)
    return response


@router.get("", response_class=HTMLResponse)
def queue(request: Request, actor: PageAdmin, session: SessionDep, taxonomy: TaxonomyDep,
          status: str = Query(SubmissionState.PENDING.value, max_length=16),
          sector: str = Query("", max_length=100),
          country: str = Query("", max_length=100), q: str = Query("", max_length=200),
          page_no: int = Query(1, alias="page", ge=1, le=10_000)) -> HTMLResponse:
    """The queue with filters."""
    total, rows = service.list_submissions(
        session, status=status or None, sector=service.facet_filter(taxonomy, "sector", sector),
        country=service.facet_filter(taxonomy, "country", country), q=q or None, page=page_no, per_page=50)
    filters = {"status": status, "sector": sector, "country": country, "q": q}
    return page(request, "admin/queue.html", {"actor": actor, "rows": rows, "total": total, "page": page_no,
                                              "filters": filters, "options": forms.options(taxonomy)})


def submission_page(request: Request, session: Any, search: Any, taxonomy: Any, actor: str, submission_id: int, *,
                    values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                    message: str | None = None, status: int = 200) -> HTMLResponse:
    s = service.get_submission(session, submission_id=submission_id)
    raw = json.dumps(json.loads(s.raw_payload), ensure_ascii=False, indent=2)
    item = s.kind != "practice"  # a news item, event or call has its own form
    return page(request, "admin/submission.html", {
        "actor": actor, "s": s, "raw": raw, "fields": item_forms.ITEM_FORMS[s.kind] if item else forms.ADMIN_FORM,
        "options": forms.options(taxonomy), "errors": errors or {},
        "values": values if values is not None else (item_forms.record_values if item else forms.record_values)(
            s.record),
        "similar": service.similar_practices(search, title=s.title, exclude=s.practice_id),
        "history": service.history(session, submission_id=s.id), "message": message}, status=status)


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission(request: Request, actor: PageAdmin, session: SessionDep, search: SearchDep, taxonomy: TaxonomyDep,
               submission_id: int = SUBMISSION_ID, done: str = Query("", max_length=20)) -> HTMLResponse:
    """One submission: edit form, approve and reject, similar practices, history, what was sent."""
    return submission_page(request, session, search, taxonomy, actor, submission_id,
                           message=done_message(done))


@router.post("/submissions/{submission_id}/{action}", response_class=HTMLResponse)
def submission_action(request: Request, actor: PageAdmin, form: CheckedForm, session: SessionDep,
                      search: SearchDep, taxonomy: TaxonomyDep, background: BackgroundTasks,
                      submission_id: int = SUBMISSION_ID, action: str = Path(pattern="^(edit|approve|reject)$")
                      ) -> Response:
    """edit, approve or reject; then back to the submission, or the form again with the problems."""
    values = _edited_values(session, submission_id, form) if action == "edit" else None
    try:
        # The write commits in this thread (see submissions.service.transaction); `session` only reads.
        with transaction(request) as tx:
            if action == "edit":
                service.edit_submission(tx, submission_id=submission_id, record=values or {}, actor=actor)
            elif action == "approve":
                service.approve(tx, submission_id=submission_id, actor=actor)
            else:
                service.reject(tx, submission_id=submission_id, reason=form.get("reason"), actor=actor)
    except AppError as exc:
        if exc.status not in (400, 409):
            raise
        return submission_page(request, session, search, taxonomy, actor, submission_id, values=values,
                               errors=forms.errors_by_field(exc.details), message=exc.message, status=exc.status)
    background.add_task(wake_sync, request)
    return back_to(f"/admin/submissions/{submission_id}?done={action}")


def _edited_values(session: Any, submission_id: int, form: FormData) -> dict[str, Any]:
    kind = service.get_submission(session, submission_id=submission_id).kind
    return forms.form_to_payload(form) if kind == "practice" else item_forms.form_to_payload(form, kind)


def practice_page(request: Request, session: Any, taxonomy: Any, actor: str, practice_id: str, *,
                  values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                  message: str | None = None, status: int = 200) -> HTMLResponse:
    p = service.get_practice(session, practice_id=practice_id)
    return page(request, "admin/practice.html", {
        "actor": actor, "p": p, "fields": forms.RECORD_FORM, "options": forms.options(taxonomy),
        "values": values if values is not None else forms.record_values(p.record()), "errors": errors or {},
        "history": service.history(session, practice_id=p.id), "message": message}, status=status)


@router.get("/practices/{practice_id}", response_class=HTMLResponse)
def practice(request: Request, actor: PageAdmin, session: SessionDep, taxonomy: TaxonomyDep,
             practice_id: str = PRACTICE_ID, done: str = Query("", max_length=20)) -> HTMLResponse:
    """A stored practice: edit, unpublish or publish again, history."""
    return practice_page(request, session, taxonomy, actor, practice_id, message=done_message(done))


@router.post("/practices/{practice_id}/{action}", response_class=HTMLResponse)
def practice_action(request: Request, actor: PageAdmin, form: CheckedForm, session: SessionDep,
                    taxonomy: TaxonomyDep, background: BackgroundTasks, practice_id: str = PRACTICE_ID,
                    action: str = Path(pattern="^(edit|unpublish|publish)$")) -> Response:
    """edit, unpublish or publish; then back to the practice, or the form again with the problems."""
    values = forms.form_to_payload(form) if action == "edit" else None
    try:
        with transaction(request) as tx:
            if action == "edit":
                service.edit_practice(tx, practice_id=practice_id, record={**(values or {}), "id": practice_id},
                                      actor=actor)
            else:
                status = PracticeStatus.UNPUBLISHED if action == "unpublish" else PracticeStatus.PUBLISHED
                service.set_practice_status(tx, practice_id=practice_id, status=status, actor=actor,
                                            reason=form.get("reason"))
    except AppError as exc:
        if exc.status not in (400, 409):
            raise
        return practice_page(request, session, taxonomy, actor, practice_id, values=values,
                             errors=forms.errors_by_field(exc.details), message=exc.message, status=exc.status)
    background.add_task(wake_sync, request)
    return back_to(f"/admin/practices/{practice_id}?done={action}")


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, actor: PageAdmin, session: SessionDep) -> HTMLResponse:
    """The latest moderation events."""
    return page(request, "admin/history.html", {"actor": actor, "events": service.history(session, limit=500)})
