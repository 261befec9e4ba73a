"""QA review: a report's review status, its unit and last Complete (for the queue's
filters), and the reviewers' decisions with their comments on fields

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:00:00

Completed reports already on the server wait for review from their last change. Every
role that unlocks reports (QA/QI) also reviews them, `reports.review`.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("unit", sa.String(length=50), server_default="",
                                      nullable=False))
        batch_op.create_index("ix_reports_review_queue",
                              ["agency_id", "review_status", "submitted_at"])
    op.create_table(
        "report_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.String(length=36), sa.ForeignKey("reports.id"),
                  nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_name", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_report_reviews_report", "report_reviews", ["report_id", "id"])
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE reports SET review_status = 'awaiting',"
                         " submitted_at = updated_at WHERE status = 'completed'"))
    for report_id, data in conn.execute(sa.text("SELECT id, data FROM reports")).fetchall():
        unit = str(json.loads(data).get("eResponse.14") or "")[:50]
        if unit:
            conn.execute(sa.text("UPDATE reports SET unit = :u WHERE id = :i"),
                         {"u": unit, "i": report_id})
    conn.execute(sa.text(
        "INSERT INTO role_permissions (role_id, key) SELECT role_id, 'reports.review'"
        " FROM role_permissions WHERE key = 'reports.unlock' AND role_id NOT IN"
        " (SELECT role_id FROM role_permissions WHERE key = 'reports.review')"))


def downgrade() -> None:
    op.execute("DELETE FROM role_permissions WHERE key = 'reports.review'")
    op.drop_index("ix_report_reviews_report", table_name="report_reviews")
    op.drop_table("report_reviews")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_review_queue")
        batch_op.drop_column("unit")
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("review_status")
