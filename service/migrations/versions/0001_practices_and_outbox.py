"""practices and the search outbox

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(600), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("organisation", sa.String(200)),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(200)),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("impacts", sa.JSON(), nullable=False),
        sa.Column("key_areas", sa.JSON(), nullable=False),
        sa.Column("company_size", sa.String(16)),
        sa.Column("investment_eur", sa.Float()),
        sa.Column("annual_savings_eur", sa.Float()),
        sa.Column("payback_years", sa.Float()),
        sa.Column("energy_saved_mwh", sa.Float()),
        sa.Column("co2_avoided_t", sa.Float()),
        sa.Column("water_saved_m3", sa.Float()),
        sa.Column("waste_avoided_t", sa.Float()),
        sa.Column("technologies", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("source_url", sa.String(2000)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_practices_country", "practices", ["country"])
    op.create_index("ix_practices_status", "practices", ["status"])
    op.create_table(
        "search_outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("practice_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(500)),
    )
    op.create_index("ix_search_outbox_practice_id", "search_outbox", ["practice_id"])
    op.create_index("ix_search_outbox_done_at", "search_outbox", ["done_at"])


def downgrade() -> None:
    op.drop_table("search_outbox")
    op.drop_table("practices")
