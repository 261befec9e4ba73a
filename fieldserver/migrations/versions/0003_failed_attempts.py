"""failed attempts by hashed bucket; the QA permission

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:20:00

Sign-in failures were counted by plain email, one counter per account. They are now
counted per bucket (password by account and device, password by account with no
device, two-step codes by account, ...), and a bucket's name is stored only as its
SHA-256, so the table holds no email addresses. The rows live 15 minutes: the old
table is dropped, not copied.

Completed reports are now locked to all but holders of `epcr.qa`: every role that held
all six permissions before (an agency's administrators) is given it too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


BEFORE_QA = ("epcr.access", "offline.login", "users.manage", "roles.manage",
             "agency.manage", "devices.manage")


def upgrade() -> None:
    permissions = sa.table("role_permissions", sa.column("role_id", sa.Integer()),
                           sa.column("key", sa.String()))
    bind = op.get_bind()
    held = bind.execute(sa.select(permissions.c.role_id, permissions.c.key)).all()
    full = {role for role in {r for r, _ in held}
            if set(BEFORE_QA) <= {k for r, k in held if r == role}}
    if full:
        op.bulk_insert(permissions, [{"role_id": r, "key": "epcr.qa"} for r in sorted(full)])
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_email_at")
    op.drop_table("login_failures")
    op.create_table(
        "failed_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("failed_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_failed_attempts_bucket_at", ["bucket", "at"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM role_permissions WHERE key = 'epcr.qa'")
    with op.batch_alter_table("failed_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_failed_attempts_bucket_at")
    op.drop_table("failed_attempts")
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_email_at", ["email", "at"], unique=False)
