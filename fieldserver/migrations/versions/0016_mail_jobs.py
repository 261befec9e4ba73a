"""mail jobs: outgoing mail kept in the database, written in the transaction that
causes it and delivered by a worker (fieldserver/mail_outbox.py)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_jobs",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=80), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_mail_jobs_due", "mail_jobs", ["sent_at", "failed_at",
                                                      "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_mail_jobs_due", table_name="mail_jobs")
    op.drop_table("mail_jobs")
