"""practices.published_at for stores that skipped 0003_published_at

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

0003_published_at was placed between 0002 and 0004 when the branches were merged; a store made before
that merge was already at 0004 (news, events and calls, which then revised 0002), so upgrading it ran
0005 and never 0003: no published_at column, and the search index could not be rebuilt. This adds the
column where it is missing and does nothing where 0003 ran.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("practices")}
    if "published_at" in columns:
        return
    with op.batch_alter_table("practices") as batch:
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_practices_published_at", ["published_at"])
    op.execute("UPDATE practices SET published_at = created_at WHERE published_at IS NULL")


def downgrade() -> None:
    # The column belongs to 0003_published_at, whose downgrade removes it.
    pass
