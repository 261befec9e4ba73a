"""completed reports locked to everyone; addenda; unlock with a reason (reports.unlock);
the audit log

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 06:00:00

`epcr.qa` let its holders change a completed report in place. Now a completed report
changes for no one: its crew appends addenda, and a holder of `reports.unlock` unlocks it
with a reason, which, like every change after it, stays in the report's history. Every
role that held `epcr.qa` holds `reports.unlock` instead. Each revision says what made it
(`change`: edit, unlock, addendum); existing ones were edits.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE role_permissions SET key = 'reports.unlock' WHERE key = 'epcr.qa'")
    with op.batch_alter_table("report_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change", sa.String(length=16), server_default="edit",
                                      nullable=False))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "report_addenda",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("report_id", sa.String(length=36), sa.ForeignKey("reports.id"),
                  nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_report_addenda_report", "report_addenda", ["report_id", "revision"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
    )
    op.create_index("ix_audit_events_agency_report", "audit_events",
                    ["agency_id", "report_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_agency_report", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_report_addenda_report", table_name="report_addenda")
    op.drop_table("report_addenda")
    with op.batch_alter_table("report_revisions", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("change")
    op.execute("UPDATE role_permissions SET key = 'epcr.qa' WHERE key = 'reports.unlock'")
