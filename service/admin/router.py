"""/api/admin: the moderation API, behind the admin token (Authorization: Bearer)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Body, Depends, Path, Query, Request

from service.admin import service
from service.admin.auth import ApiAdmin, require_api_admin
from service.admin.pages import router as pages_router
from service.admin.schemas import (
    Event,
    PracticeDetail,
    Reason,
    SubmissionDetail,
    SubmissionList,
    SubmissionSummary,
)
from service.deps import SearchDep, SessionDep, TaxonomyDep
from service.practices.models import PracticeStatus
from service.submissions.service import transaction

# The dependency on the router guards every route, including any added later.
router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_api_admin)])
SUBMISSION_ID = Path(ge=1, le=2**31 - 1)
PRACTICE_ID = Path(min_length=1, max_length=64)
OPTIONAL_BODY = Body(None, description='optional {"reason": "..."}')
RecordBody = Body(description="record fields (SPEC §1); absent fields keep their value, null clears one")


async def wake_sync(request: Request) -> None:
    """Ask the sync loop to push the outbox now (run after the commit, on the event loop)."""
    request.app.state.sync_wanted.set()


@router.get("/submissions", response_model=SubmissionList, summary="The moderation queue")
def queue(session: SessionDep, taxonomy: TaxonomyDep, status: str | None = Query(None, max_length=16),
          sector: str | None = Query(None, max_length=100), country: str | None = Query(None, max_length=100),
          q: str | None = Query(None, max_length=200), page: int = Query(1, ge=1, le=10_000),
          per_page: int = Query(50, ge=1, le=200)) -> SubmissionList:
    """Submissions newest first, filtered by status, sector, country and text."""
    total, rows = service.list_submissions(
        session, status=status or None, sector=service.facet_filter(taxonomy, "sector", sector),
        country=service.facet_filter(taxonomy, "country", country), q=q, page=page, per_page=per_page)
    return SubmissionList(total=total, page=page, per_page=per_page, items=[SubmissionSummary.of(s) for s in rows])


@router.get("/submissions/{submission_id}", response_model=SubmissionDetail, summary="One submission")
def submission(session: SessionDep, search: SearchDep, submission_id: int = SUBMISSION_ID) -> SubmissionDetail:
    """The submission as stored and as sent, its history, and the most similar published practices."""
    s = service.get_submission(session, submission_id=submission_id)
    similar = service.similar_practices(search, title=s.title, exclude=s.practice_id)
    return SubmissionDetail.build(s, similar=similar, events=service.history(session, submission_id=s.id))


# Writes run in one worker thread from BEGIN to COMMIT (submissions.service.transaction explains why),
# and commit before the answer is sent.
@router.patch("/submissions/{submission_id}", response_model=SubmissionSummary, summary="Edit a submission")
def edit_submission(request: Request, actor: ApiAdmin, background: BackgroundTasks,
                    submission_id: int = SUBMISSION_ID, changes: dict[str, Any] = RecordBody) -> SubmissionSummary:
    """Change record fields, validated like an import; a published submission updates its practice."""
    with transaction(request) as session:
        current = service.get_submission(session, submission_id=submission_id).record
        s = service.edit_submission(session, submission_id=submission_id, record={**current, **changes},
                                    actor=actor)
        answer = SubmissionSummary.of(s)
    background.add_task(wake_sync, request)
    return answer


@router.post("/submissions/{submission_id}/approve", response_model=SubmissionSummary, summary="Approve",
              responses={409: {}})
def approve(request: Request, actor: ApiAdmin, background: BackgroundTasks,
            submission_id: int = SUBMISSION_ID) -> SubmissionSummary:
    """Publish: the practice is stored and queued for the search index in one transaction."""
    with transaction(request) as session:
        answer = SubmissionSummary.of(service.approve(session, submission_id=submission_id, actor=actor))
    background.add_task(wake_sync, request)
    return answer


@router.post("/submissions/{submission_id}/reject", response_model=SubmissionSummary, summary="Reject",
              responses={409: {}})
def reject(request: Request, actor: ApiAdmin, background: BackgroundTasks, body: Reason,
           submission_id: int = SUBMISSION_ID) -> SubmissionSummary:
    """Reject with a reason the submitter sees on the tracking page."""
    with transaction(request) as session:
        answer = SubmissionSummary.of(service.reject(session, submission_id=submission_id, reason=body.reason,
                                                     actor=actor))
    background.add_task(wake_sync, request)
    return answer


def _practice_detail(session: Any, practice_id: str) -> PracticeDetail:
    p = service.get_practice(session, practice_id=practice_id)
    return PracticeDetail(id=p.id, status=p.status, record=p.record(),
                          history=[Event.of(e) for e in service.history(session, practice_id=p.id)])


@router.get("/practices/{practice_id}", response_model=PracticeDetail, summary="A stored practice")
def practice(session: SessionDep, practice_id: str = PRACTICE_ID) -> PracticeDetail:
    """Any practice, published or not, with its moderation history."""
    return _practice_detail(session, practice_id)


@router.patch("/practices/{practice_id}", response_model=PracticeDetail, summary="Edit a practice")
def edit_practice(request: Request, actor: ApiAdmin, background: BackgroundTasks,
                  practice_id: str = PRACTICE_ID, changes: dict[str, Any] = RecordBody) -> PracticeDetail:
    """Change record fields of a stored practice, validated like an import."""
    with transaction(request) as session:
        current = service.get_practice(session, practice_id=practice_id).record()
        service.edit_practice(session, practice_id=practice_id, record={**current, **changes}, actor=actor)
        answer = _practice_detail(session, practice_id)
    background.add_task(wake_sync, request)
    return answer


@router.post("/practices/{practice_id}/unpublish", response_model=PracticeDetail, summary="Unpublish")
def unpublish(request: Request, actor: ApiAdmin, background: BackgroundTasks,
              practice_id: str = PRACTICE_ID, body: dict[str, Any] | None = OPTIONAL_BODY) -> PracticeDetail:
    """Hide a practice (kept in the store, removed from search); an optional reason."""
    return _set_status(request, actor, background, practice_id, PracticeStatus.UNPUBLISHED, (body or {}).get("reason"))


@router.post("/practices/{practice_id}/publish", response_model=PracticeDetail, summary="Publish again")
def publish(request: Request, actor: ApiAdmin, background: BackgroundTasks,
            practice_id: str = PRACTICE_ID) -> PracticeDetail:
    """Make an unpublished practice public and searchable again."""
    return _set_status(request, actor, background, practice_id, PracticeStatus.PUBLISHED, None)


def _set_status(request: Request, actor: str, background: BackgroundTasks, practice_id: str, status: str,
                reason: Any) -> PracticeDetail:
    with transaction(request) as session:
        service.set_practice_status(session, practice_id=practice_id, status=status, actor=actor, reason=reason)
        answer = _practice_detail(session, practice_id)
    background.add_task(wake_sync, request)
    return answer


@router.get("/history", response_model=list[Event], summary="Moderation history")
def history(session: SessionDep, submission_id: int | None = Query(None, ge=1, le=2**31 - 1),
            practice_id: str | None = Query(None, max_length=64),
            limit: int = Query(200, ge=1, le=1000)) -> list[Event]:
    """Who changed what and when, newest first."""
    return [Event.of(e) for e in service.history(session, submission_id=submission_id, practice_id=practice_id,
                                                 limit=limit)]


# The HTML moderation pages live in pages.py and are registered with this router's module.
api_router = router
router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)
