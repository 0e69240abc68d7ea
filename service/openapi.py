"""The published OpenAPI schema: FastAPI's, completed with what only the app knows.

- each taxonomy facet parameter lists its allowed values, read from the taxonomy at app creation;
- each operation lists the error statuses it can answer, all in the one error shape
  (``{"error": {...}}``): validation answers 400, never FastAPI's 422;
- parameters published with another type than the text the route reads keep a default of that type.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from service.taxonomy import Taxonomy

ERROR_DESCRIPTIONS = {
    400: "A parameter or the body is not valid", 401: "No valid admin token", 403: "Moderation is disabled",
    404: "Not found", 409: "Conflicts with the current state", 413: "The request body is too large",
    429: "Too many requests from this address", 503: "The store is busy or search is unavailable; try again",
    408: "The request was not received in time", 431: "The request line and headers are too large",
    507: "The disk under the store is full; nothing was saved",
}


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str
    allowed: list[str] | None = None


class ErrorBody(BaseModel):
    status: int = Field(ge=400, le=599)
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorResponse(BaseModel):
    """Every error, on every endpoint."""

    error: ErrorBody


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """What an operation can answer besides success, from what it takes and who may call it."""
    # Any request may be too slow or too long for the server (service.security.admission).
    statuses = {408, 431, 503} | {int(code) for code in operation.get("responses", {})
                                  if code.isdigit() and int(code) >= 400}
    statuses.discard(422)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.add(400)
    if "{" in path:
        statuses.add(404)
    if "requestBody" in operation:
        statuses |= {413, 507}  # a write may meet a full disk
    if path.startswith("/api/admin"):
        statuses |= {401, 403, 429}  # refused tokens are throttled
    return statuses


def _fill_facets(parameters: list[dict[str, Any]], taxonomy: Taxonomy) -> None:
    for parameter in parameters:
        schema = parameter.get("schema", {})
        facet = schema.pop("x-facet", None)
        if facet is not None:
            schema["items"] = {"type": "string", "enum": list(taxonomy.facet(facet).values)}
        if schema.get("type") in ("number", "integer") and isinstance(schema.get("default"), str):
            default = schema.pop("default")
            if default:
                schema["default"] = int(default) if schema["type"] == "integer" else float(default)


def build_schema(app: FastAPI, taxonomy: Taxonomy) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorDetail, ErrorBody, ErrorResponse):
        components[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components[model.__name__].pop("$defs", None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _fill_facets(operation.get("parameters", []), taxonomy)
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status in sorted(error_statuses(path, method, operation)):
                entry = responses.setdefault(str(status), {})
                entry.setdefault("description", ERROR_DESCRIPTIONS.get(status, "Error"))
                entry["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install_openapi(app: FastAPI, taxonomy: Taxonomy) -> None:
    """Serve build_schema's result at /openapi.json, built once on first request."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_schema(app, taxonomy)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
