"""Jinja2 templates from frontend/templates, shared by every HTML route."""

from __future__ import annotations

from fastapi.templating import Jinja2Templates

from service.settings import REPO_ROOT

TEMPLATES_DIR = REPO_ROOT / "frontend" / "templates"

# Autoescaping is on for .html: every value from a record renders as inert text.
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
