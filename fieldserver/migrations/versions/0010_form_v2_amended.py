"""form v2 amended before it became current: ANSI state and county pickers, a known
destination's details filled by set-up, SNOMED CT codes stored as numbers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 21:00:00

Form v2 was published (0009) but never the current form, so no device started a report
on it; the only reports on it are imported ones, whose data the amendment reads the same
way. Keying the 2025 compliance cases through the editor found what v2 lacked. Every
stored copy of the first edition (by its ETag) is replaced by the amended one, which
tests/test_forms.py pins from now on; once v2 is current it is frozen like v1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_EDITION = '"bdd4625a997af87afcdc157925414270"'


def upgrade() -> None:
    from fieldforms import epcr_v2
    from fieldserver.forms_store import canonical

    text, etag = canonical(epcr_v2.definition())
    op.get_bind().execute(sa.text(
        "UPDATE form_definitions SET definition = :d, etag = :e"
        " WHERE form_id = 'epcr' AND version = 2 AND etag = :first"),
        {"d": text, "e": etag, "first": FIRST_EDITION})


def downgrade() -> None:
    pass  # the first edition is not kept; the amended one reads every v2 report
