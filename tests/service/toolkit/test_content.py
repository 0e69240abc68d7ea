"""The toolkit content is validated at start-up: a broken file names what is wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from service.settings import SEED_DIR
from service.taxonomy import load_taxonomy
from service.toolkit.service import load_toolkit

TAXONOMY = load_taxonomy(SEED_DIR)


def broken_seed(tmp_path: Path, change: Any) -> Path:
    folder = tmp_path / "toolkit"
    shutil.copytree(SEED_DIR / "toolkit", folder)
    steps = json.loads((folder / "steps.json").read_text(encoding="utf-8"))
    change(steps)
    (folder / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    return tmp_path


def test_the_seed_content_loads() -> None:
    toolkit = load_toolkit(SEED_DIR, TAXONOMY)
    assert [s.number for s in toolkit.steps] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("change", "message"), [
    (lambda steps: steps[1]["checklist"].append(dict(steps[0]["checklist"][0])), "unique across steps"),
    (lambda steps: steps[0]["practice_links"][0]["params"].update(key_area="nonsense"), "unknown value"),
    (lambda steps: steps[0]["practice_links"][0]["params"].update(colour="green"), "params"),
    (lambda steps: steps[2].update(number=7), "numbered"),
    (lambda steps: steps[3]["tools"][0].update(url="javascript:alert(1)"), "url"),
    (lambda steps: steps[4].update(pitfalls=[]), "pitfalls"),
])
def test_broken_content_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    seed_dir = broken_seed(tmp_path, change)
    with pytest.raises((ValueError, ValidationError), match=message):
        load_toolkit(seed_dir, TAXONOMY)
