"""news, events and calls (one items table and its outbox); submissions say what kind they propose

Revision ID: 0004
Revises: 0003_published_at
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003_published_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(600), nullable=False),
        sa.Column("body", sa.Text()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("starts_at", sa.DateTime(timezone=True)),
        sa.Column("ends_at", sa.DateTime(timezone=True)),
        sa.Column("opens_at", sa.DateTime(timezone=True)),
        sa.Column("closes_at", sa.DateTime(timezone=True)),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("organiser", sa.String(200)),
        sa.Column("funder", sa.String(200)),
        sa.Column("budget_eur", sa.Float()),
        sa.Column("url", sa.String(2000)),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("impacts", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("practices", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_items_kind", "items", ["kind"])
    op.create_index("ix_items_status", "items", ["status"])
    op.create_table(
        "items_outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500)),
    )
    op.create_index("ix_items_outbox_item_id", "items_outbox", ["item_id"])
    op.create_index("ix_items_outbox_done_at", "items_outbox", ["done_at"])
    # Existing submissions all propose practices.
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="practice"))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("kind")
    op.drop_table("items_outbox")
    op.drop_table("items")
