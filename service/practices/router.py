"""GET /api/practices/{id}: one published practice."""

from __future__ import annotations

from fastapi import APIRouter, Path

from service.deps import SessionDep, TaxonomyDep
from service.practices import service
from service.practices.schemas import PracticeRead

router = APIRouter(prefix="/api", tags=["practices"])


@router.get("/practices/{practice_id}", response_model=PracticeRead, summary="One practice")
def get_practice(session: SessionDep, taxonomy: TaxonomyDep,
                 practice_id: str = Path(max_length=64)) -> PracticeRead:
    """Return one published practice with every field of the record format and its derived bands."""
    return service.to_read(service.get_or_raise(session, practice_id=practice_id), taxonomy)
