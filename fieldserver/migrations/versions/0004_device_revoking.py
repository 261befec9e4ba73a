"""devices: revoking, and the unsynced reports each last reported

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:00:00

A revoke no longer destroys what a device has not uploaded: while its last report says
reports are waiting, the device is "revoking" (its crews can still sign in and sync),
and the revocation completes when it reports none (or an administrator forces it, for a
stolen laptop).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoking_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("unsynced_reports", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unsynced_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("unsynced_at")
        batch_op.drop_column("unsynced_reports")
        batch_op.drop_column("revoking_at")
