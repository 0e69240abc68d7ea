"""The layers keep to their places: what each package may import (docs/architecture.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from service.settings import REPO_ROOT

WEB_FRAMEWORKS = ("fastapi", "starlette")


def _modules_loaded_by(*imports: str) -> list[str]:
    """The top-level names of every module a fresh interpreter loads to import ``imports``."""
    code = ";".join(f"import {name}" for name in imports)
    code += ";import json, sys;print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=os.environ.copy(),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_embedded_backend_and_the_indexer_load_no_web_framework() -> None:
    loaded = _modules_loaded_by("service.search.factory", "service.search.sqlite_backend",
                                "service.search.service", "service.search.indexing", "service.errors",
                                "indexer.commands")
    assert [name for name in WEB_FRAMEWORKS if name in loaded] == []
