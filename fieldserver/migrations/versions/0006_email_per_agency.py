"""one live account per email within an agency, not across agencies

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:20:00

Emails were unique across agencies: creating a user told an agency's admin whether the
address had an account elsewhere, and let one agency take an address another would
need. Now the same email may have an account in several agencies.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("uq_users_live_email", sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.create_index("uq_users_live_agency_email", ["agency_id", "email"], unique=True,
                              sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("uq_users_live_agency_email", sqlite_where=LIVE,
                            postgresql_where=LIVE)
        batch_op.create_index("uq_users_live_email", ["email"], unique=True,
                              sqlite_where=LIVE, postgresql_where=LIVE)
