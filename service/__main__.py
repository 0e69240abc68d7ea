"""python -m service [--data-dir DIR] [--host H] [--port P]: serve the API and pages with uvicorn."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.settings import Settings


def server_options(settings: Settings, *, log_level: str) -> dict[str, Any]:
    """uvicorn's options, from the settings (docs/production.md, "Bursts and load")."""
    from service.security.admission import StampedHttpProtocol

    return {"host": settings.host, "port": settings.port, "log_level": log_level, "access_log": False,
            # Requests are stamped on arrival, so the app can refuse those that waited too long.
            "http": StampedHttpProtocol,
            # Connections the kernel may hold before the service accepts them; beyond it they are refused.
            "backlog": settings.backlog,
            # X-Forwarded-For / -Proto are believed only from the proxies named in GTS_TRUSTED_PROXIES
            # (uvicorn would otherwise believe them from loopback, and any local client could pick its
            # own address, e.g. to get past the submission rate limit).
            "proxy_headers": bool(settings.trusted_proxies),
            "forwarded_allow_ips": settings.trusted_proxies or ""}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="where the store and index live (GTS_DATA_DIR)")
    parser.add_argument("--host", help="address to listen on (GTS_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (GTS_PORT, default 8000)")
    parser.add_argument("--workers", type=int, default=1,
                        help="service processes sharing the port (default 1); each reads the same store and index")
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args()
    # Flags win over the environment; Settings reads both.
    for name, value in (("GTS_DATA_DIR", args.data_dir), ("GTS_HOST", args.host), ("GTS_PORT", args.port)):
        if value is not None:
            os.environ[name] = str(value)

    dev_token = _development_admin_token()

    import uvicorn
    from pydantic import ValidationError

    from service.app import create_app
    from service.settings import Settings

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings()
    except ValidationError as exc:
        raise SystemExit(f"invalid settings: {exc.errors()[0]['msg']}") from None
    server = server_options(settings, log_level=args.log_level)
    if dev_token:
        _print_login_link(settings.host, settings.port, dev_token)
    if args.workers > 1:
        # Each worker builds its own app from the same environment (the flags above were exported to it).
        uvicorn.run("service.app:create_app", factory=True, workers=args.workers, **server)
    else:
        uvicorn.run(create_app(settings), **server)


def _development_admin_token() -> str | None:
    """In development without GTS_ADMIN_TOKEN, make one for this run so /admin works out of the box.

    Exported to the environment, so every worker process reads the same token. Production never gets
    here: its settings refuse to start without a token of their own.
    """
    if os.environ.get("GTS_ENV", "development") != "development" or os.environ.get("GTS_ADMIN_TOKEN"):
        return None
    token = secrets.token_urlsafe(24)
    os.environ["GTS_ADMIN_TOKEN"] = token
    return token


def _print_login_link(host: str, port: int, token: str) -> None:
    """Like a notebook server: the link that logs a moderator in, printed once at start-up."""
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    print(f"Moderation (development token, made for this run; set GTS_ADMIN_TOKEN to choose one):\n"
          f"    http://{shown_host}:{port}/admin/login?token={token}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
