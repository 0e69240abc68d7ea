"""Routes of the admin concern (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
