"""change feed positions: (txid, seq) in commit order (fieldserver/feed.py), one
sequence for the seq on PostgreSQL, and the txid offset kept across restores

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FED = (("incidents", "ix_incidents_agency_seq", "ix_incidents_agency_feed"),
       ("reports", "ix_reports_agency_seq", "ix_reports_agency_feed"))


def upgrade() -> None:
    # Rows from before keep txid 0, so every cursor a device holds ("SEQ") still means
    # the same place; on PostgreSQL every later change sorts after them.
    for table, old_index, new_index in FED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(old_index)
            batch_op.add_column(sa.Column("txid", sa.BigInteger(), nullable=False,
                                          server_default=sa.text("0")))
            batch_op.alter_column("seq", type_=sa.BigInteger(), existing_type=sa.Integer(),
                                  existing_nullable=False)
            batch_op.create_index(new_index, ["agency_id", "txid", "seq"], unique=False)
    op.create_table(
        "change_feed",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("txid_offset", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO change_feed (id, txid_offset) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE change_seq AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE change_seq")
    op.drop_table("change_feed")
    for table, old_index, new_index in FED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(new_index)
            batch_op.alter_column("seq", type_=sa.Integer(), existing_type=sa.BigInteger(),
                                  existing_nullable=False)
            batch_op.drop_column("txid")
            batch_op.create_index(old_index, ["agency_id", "seq"], unique=False)
