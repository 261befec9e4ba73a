"""devices.key holds a sealed key (fieldserver.sealing): room for its header and tag

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 02:10:00

The keys themselves are sealed at start-up (server.seal_device_keys), where the sealing
key from the configuration is at hand; a migration never sees it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.LargeBinary(length=32),
                              type_=sa.LargeBinary(length=128), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.LargeBinary(length=128),
                              type_=sa.LargeBinary(length=32), existing_nullable=False)
