"""Abuse protection: request-size limit, per-client rate limit, CSRF tokens for HTML forms."""
