"""form v2 (NEMSIS v3.5.1) published for every agency

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:30:00

Servable by number (GET /forms/epcr/2) for reports written on it, such as imported ones;
the current form stays v1 until forms_store.CURRENT_VERSION moves on. The definition is
the one tests/test_forms.py pins by its ETag: a published version never changes.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from fieldforms import epcr_v2
    from fieldserver.forms_store import canonical

    text, etag = canonical(epcr_v2.definition())
    conn = op.get_bind()
    for (agency_id,) in conn.execute(sa.text(
            "SELECT id FROM agencies WHERE id NOT IN (SELECT agency_id FROM form_definitions"
            " WHERE form_id = 'epcr' AND version = 2)")).fetchall():
        conn.execute(sa.text(
            "INSERT INTO form_definitions (agency_id, form_id, version, definition, etag,"
            " created_at) VALUES (:a, 'epcr', 2, :d, :e, :t)"),
            {"a": agency_id, "d": text, "e": etag, "t": datetime.now(UTC)})


def downgrade() -> None:
    op.execute("DELETE FROM form_definitions WHERE form_id = 'epcr' AND version = 2")
