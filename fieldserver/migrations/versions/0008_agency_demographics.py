"""agency_demographics: the agency's NEMSIS DEMDataSet

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:00:00

What a NEMSIS export needs from agency set-up (dAgency.01/.02/.04 for the Header,
dAgency.03 for eResponse.02, the facilities for destination fields), stored as the
DEMDataSet's data (fieldforms.nemsis.document). An agency without a row cannot export
until an admin imports its DEMDataSet or enters the basics.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_demographics",
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("agency_demographics")
