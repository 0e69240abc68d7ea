"""Routes of the submissions concern (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
