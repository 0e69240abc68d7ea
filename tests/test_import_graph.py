"""The import graph between packages: only the arrows docs/architecture.md allows, and no cycle.

Read from the source with ast (every import, including those inside functions), so a new arrow fails
here until it is written down in ALLOWED and in docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from service.settings import REPO_ROOT

CORE = {"service.settings", "service.db", "service.errors", "service.taxonomy", "service.languages"}
APP = {"service.app", "service.__main__", "service.error_handlers", "service.openapi", "service.warm_up"}
WEB_FRAMEWORKS = ("fastapi", "starlette")
WEB_FACES = {"router", "pages", "html", "forms"}  # <package>/router.py, admin/pages.py, submissions/html.py, forms.py
# A package's router (its HTTP face) may use the web framework; nothing else in search may.
STORE_MODULES = ("service.db", "sqlalchemy")

ALLOWED: dict[str, set[str]] = {
    "core": set(),  # settings, db, errors, taxonomy, languages
    "outbox": {"core"},
    "practices": {"core", "outbox"},
    "search": {"core", "outbox", "practices"},
    "security": {"core"},
    "system": set(),  # the health and taxonomy answers' models
    "submissions": {"core", "practices"},
    # News, events and calls: validated with the practices' rules, searched like them, proposed through
    # the practices' submissions.
    "updates": {"core", "practices", "search", "submissions"},
    "admin": {"core", "practices", "search", "security", "submissions", "updates"},
    "monitoring": {"core", "practices", "search"},
    "symbiosis": {"core", "practices", "search"},
    "toolkit": {"core", "practices", "search"},
    "pages": {"core", "practices", "search", "security"},
    "indexer": {"core", "outbox", "practices", "search", "updates"},
    # The web layer: request dependencies, each package's routes, the app factory.
    "deps": {"core", "search", "security"},
    "practices.web": {"deps", "practices"},
    "search.web": {"deps", "search"},
    "monitoring.web": {"deps", "monitoring"},
    "system.web": {"core", "deps", "outbox", "security", "system"},
    "pages.web": {"core", "deps", "pages", "search", "security", "updates"},
    "submissions.web": {"core", "deps", "pages", "practices", "security", "submissions"},
    "admin.web": {"admin", "core", "deps", "pages", "practices", "security", "submissions", "submissions.web",
                  "updates", "updates.web"},
    "updates.web": {"core", "deps", "pages", "search", "security", "submissions", "submissions.web", "updates"},
    "symbiosis.web": {"core", "deps", "pages", "symbiosis"},
    "toolkit.web": {"core", "deps", "monitoring", "monitoring.web", "pages", "search", "toolkit"},
    "app": {"admin.web", "core", "pages", "pages.web", "practices", "practices.web", "search", "search.web",
            "security", "submissions.web", "symbiosis.web", "system.web", "toolkit.web", "updates", "updates.web"},
}


def unit_of(module: str) -> str | None:
    """The node of the graph a module belongs to; None outside the project."""
    parts = module.split(".")
    if parts[0] == "indexer":
        return "indexer"
    if parts[0] != "service":
        return None
    if len(parts) == 1:
        return "core"  # service/__init__.py
    top = ".".join(parts[:2])
    if top in CORE:
        return "core"
    if top in APP:
        return "app"
    if top == "service.deps":
        return "deps"
    # A package's web face (its routes) is a node of its own: routes sit on top of every package's
    # services, so a service may be used by another package's routes without a cycle.
    if len(parts) > 2 and parts[2] in WEB_FACES:
        return f"{parts[1]}.web"
    return parts[1]


def project_modules() -> Iterator[tuple[str, Path]]:
    for root in ("service", "indexer"):
        for path in sorted((REPO_ROOT / root).rglob("*.py")):
            relative = path.relative_to(REPO_ROOT).with_suffix("")
            if "migrations" not in relative.parts:
                yield ".".join(relative.parts).removesuffix(".__init__"), path


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def package_graph() -> dict[str, dict[str, set[str]]]:
    """unit -> unit it imports -> the modules that do it."""
    graph: dict[str, dict[str, set[str]]] = {}
    for module, path in project_modules():
        source = unit_of(module)
        assert source is not None
        for name in imports_of(path):
            target = unit_of(name)
            if target is not None and target != source:
                graph.setdefault(source, {}).setdefault(target, set()).add(module)
    return graph


def test_every_arrow_between_packages_is_an_allowed_one() -> None:
    unexpected = {f"{source} -> {target} (in {', '.join(sorted(modules))})"
                  for source, targets in package_graph().items()
                  for target, modules in targets.items() if target not in ALLOWED.get(source, set())}
    assert unexpected == set()


def test_the_allowed_arrows_have_no_cycle() -> None:
    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"cycle: {' -> '.join((*path, node))}"
        for target in ALLOWED[node]:
            visit(target, (*path, node))

    for node in ALLOWED:
        visit(node, ())


def test_search_uses_no_web_framework_outside_its_router() -> None:
    offenders = {module for module, path in project_modules()
                 if module.startswith("service.search.") and module != "service.search.router"
                 and any(name.split(".")[0] in WEB_FRAMEWORKS for name in imports_of(path))}
    assert offenders == set()


def test_pages_reach_the_store_only_through_the_services() -> None:
    offenders = {f"{module}: {name}" for module, path in project_modules() if module.startswith("service.pages")
                 for name in imports_of(path)
                 if name.endswith(".models") or ".models." in name or name in STORE_MODULES
                 or name.startswith("sqlalchemy") and not name.startswith("sqlalchemy.orm")}
    assert offenders == set()


def test_the_service_never_imports_the_indexer() -> None:
    offenders = {module for module, path in project_modules() if module.startswith("service")
                 and any(name.split(".")[0] == "indexer" for name in imports_of(path))}
    assert offenders == set()
