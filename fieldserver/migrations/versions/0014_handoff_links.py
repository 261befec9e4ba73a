"""handoff links: a report's PDF sent to its destination facility behind a single-use,
time-limited link; the agency's facilities' handoff email addresses

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoff_links",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("report_id", sa.String(length=36), sa.ForeignKey("reports.id"),
                  nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_handoff_links_expiry", "handoff_links", ["expires_at"])
    op.create_table(
        "facility_contacts",
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("code", sa.String(length=50), primary_key=True),
        sa.Column("email", sa.String(length=320), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("facility_contacts")
    op.drop_index("ix_handoff_links_expiry", table_name="handoff_links")
    op.drop_table("handoff_links")
