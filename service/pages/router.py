"""Routes of the pages concern (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
