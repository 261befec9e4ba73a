"""signatures: the table, and form v3 (v2's fields with the agency's signature blocks)
for every agency; devices' audit entries (prints, saves, views) kept once by their id

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00

Published forms never change, so the signature blocks make a new version: v3 holds v2's
fields unchanged plus `signatures`. v2 reports keep opening on v2; new reports take v3
(forms_store.CURRENT_VERSION). tests/test_forms.py pins v3's ETag.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_signatures",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("report_id", sa.String(length=36), sa.ForeignKey("reports.id"),
                  nullable=False),
        sa.Column("addendum_id", sa.String(length=36), nullable=True),
        sa.Column("block", sa.String(length=60), nullable=False),
        sa.Column("signer_type", sa.String(length=10), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("relationship", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("first_name", sa.String(length=50), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_revision", sa.Integer(), nullable=False),
        sa.Column("signed_data", sa.Text(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("collected_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_report_signatures_report", "report_signatures", ["report_id"])
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint("uq_audit_events_client_id", ["client_id"])
    _publish_v3()


def _publish_v3() -> None:
    from fieldforms import epcr_v3
    from fieldserver.forms_store import canonical

    text, etag = canonical(epcr_v3.definition())
    conn = op.get_bind()
    for (agency_id,) in conn.execute(sa.text(
            "SELECT id FROM agencies WHERE id NOT IN (SELECT agency_id FROM form_definitions"
            " WHERE form_id = 'epcr' AND version = 3)")).fetchall():
        conn.execute(sa.text(
            "INSERT INTO form_definitions (agency_id, form_id, version, definition, etag,"
            " created_at) VALUES (:a, 'epcr', 3, :d, :e, :t)"),
            {"a": agency_id, "d": text, "e": etag, "t": datetime.now(UTC)})


def downgrade() -> None:
    op.execute("DELETE FROM form_definitions WHERE form_id = 'epcr' AND version = 3")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_audit_events_client_id", type_="unique")
        batch_op.drop_column("client_id")
    op.drop_index("ix_report_signatures_report", table_name="report_signatures")
    op.drop_table("report_signatures")
