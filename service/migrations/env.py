"""Alembic environment: runs on the connection service.db.migrate() hands over, or on GTS_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import service.admin.models  # noqa: F401
import service.outbox.models  # noqa: F401  (registers the tables on Base.metadata)
import service.practices.models  # noqa: F401
import service.security.models  # noqa: F401
import service.submissions.models  # noqa: F401
from service.db import Base
from service.settings import Settings

target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config({"sqlalchemy.url": Settings().store_url}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
