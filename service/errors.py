"""One error hierarchy and one JSON error shape for every path, free of any web framework.

The shape is ``{"error": {"status": 400, "code": "bad_request", "message": "...", "details": [...]}}``.
Any layer (search, store, indexer) raises these; ``service.error_handlers`` turns them into responses.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, details: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.headers = headers  # e.g. Retry-After on a 429


class BadRequest(AppError):
    status = 400
    code = "bad_request"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"


class ServiceBusy(AppError):
    """A resource is truly saturated: a deliberate, fast refusal that tells the client when to retry."""
    status = 503
    code = "busy"


class StoreUnavailable(AppError):
    """The database cannot be reached (down, restarting) or refuses writes (read-only disk)."""
    status = 503
    code = "store_unavailable"


class InsufficientStorage(AppError):
    """The disk under the store is full: nothing was written."""
    status = 507
    code = "insufficient_storage"


class SearchUnavailable(AppError):
    status = 503
    code = "search_unavailable"


CODES_BY_STATUS = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error",
    429: "too_many_requests", 503: "search_unavailable", 507: "insufficient_storage",
}


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}
