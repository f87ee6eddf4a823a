"""Alembic's entry point: runs the revisions on the connection `storage.migrate` hands over.

The caller owns the transaction (and the lock around it), so nothing here
commits. SQLite alters tables by copying them, hence batch mode for it.
"""

from alembic import context

from storage.records import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.migrate, which supplies a connection")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
