"""rate events and ended admin sessions, shared by every worker process

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("bucket", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
    )
    op.create_index("ix_rate_events_bucket_client_at", "rate_events", ["bucket", "client", "at"])
    op.create_index("ix_rate_events_bucket_at", "rate_events", ["bucket", "at"])
    op.create_table(
        "ended_sessions",
        sa.Column("mac", sa.String(64), primary_key=True),
        sa.Column("ended_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ended_sessions")
    op.drop_index("ix_rate_events_bucket_at", table_name="rate_events")
    op.drop_index("ix_rate_events_bucket_client_at", table_name="rate_events")
    op.drop_table("rate_events")
