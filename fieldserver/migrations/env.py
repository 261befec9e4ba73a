"""Alembic environment: migrations always run on the engine the server hands us."""

from alembic import context

from fieldserver import models  # noqa: F401  (registers the tables on Base.metadata)
from fieldserver.db import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
