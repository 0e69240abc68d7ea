"""Fetching practice files from a path or an http(s) URL; the format itself is service.practices.record_format."""

from __future__ import annotations

from pathlib import Path

import httpx

MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024


class SourceError(Exception):
    """The source as a whole cannot be read (missing file, HTTP error, not UTF-8)."""


def load_text(source: str, *, timeout: float = 30.0) -> str:
    if source.startswith(("http://", "https://")):
        try:
            with httpx.Client(timeout=timeout, follow_redirects=True) as client:
                response = client.get(source)
        except httpx.HTTPError as exc:
            raise SourceError(f"could not download {source}: {exc}") from exc
        if response.status_code != 200:
            raise SourceError(f"could not download {source}: HTTP {response.status_code}")
        if len(response.content) > MAX_DOWNLOAD_BYTES:
            raise SourceError(f"{source} is larger than {MAX_DOWNLOAD_BYTES // 2**20} MiB")
        return response.content.decode("utf-8-sig", errors="replace")
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"no such file: {source}")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{source} is not UTF-8 text: {exc}") from exc
