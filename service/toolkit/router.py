"""Routes of the toolkit concern (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
