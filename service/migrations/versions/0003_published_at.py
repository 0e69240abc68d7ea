"""practices.published_at: when a practice first became public ("recently added", the feed)

Revision ID: 0003_published_at
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_published_at"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practices") as batch:
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_practices_published_at", ["published_at"])
    # Practices stored before this revision were published when they were created.
    op.execute("UPDATE practices SET published_at = created_at WHERE published_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("practices") as batch:
        batch.drop_index("ix_practices_published_at")
        batch.drop_column("published_at")
