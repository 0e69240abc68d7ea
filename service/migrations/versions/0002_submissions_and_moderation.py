"""submissions and the moderation history

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tracking_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("raw_payload", sa.Text(), nullable=False),
        sa.Column("submitter_name", sa.String(200), nullable=False),
        sa.Column("submitter_email", sa.String(254), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("sectors_key", sa.String(200), nullable=False),
        sa.Column("practice_id", sa.String(64)),
        sa.Column("reason", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("tracking_hash", name="uq_submissions_tracking_hash"),
    )
    op.create_index("ix_submissions_status", "submissions", ["status"])
    op.create_index("ix_submissions_country", "submissions", ["country"])
    op.create_index("ix_submissions_practice_id", "submissions", ["practice_id"])
    op.create_index("ix_submissions_created_at", "submissions", ["created_at"])
    op.create_table(
        "moderation_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("submission_id", sa.Integer()),
        sa.Column("practice_id", sa.String(64)),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text()),
    )
    op.create_index("ix_moderation_events_created_at", "moderation_events", ["created_at"])
    op.create_index("ix_moderation_events_submission_id", "moderation_events", ["submission_id"])
    op.create_index("ix_moderation_events_practice_id", "moderation_events", ["practice_id"])


def downgrade() -> None:
    op.drop_table("moderation_events")
    op.drop_table("submissions")
