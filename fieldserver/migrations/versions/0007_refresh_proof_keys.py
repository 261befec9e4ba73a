"""session families and MFA challenges: the device's refresh proof key

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:00:00

A session opened on a registered device keeps the Ed25519 public key the device named
at sign-in; its refresh tokens are accepted only with a signature by that key (the
private half comes from the device's keyring). Sessions from before have none, so
their device refreshes are refused and the crew signs in online once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("session_families", "mfa_challenges"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("proof_key", sa.LargeBinary(32), nullable=True))


def downgrade() -> None:
    for table in ("mfa_challenges", "session_families"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("proof_key")
