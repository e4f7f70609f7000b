"""Alembic environment: migrates the connection that :func:`kabar.store.migrate.upgrade` hands over."""

from alembic import context

from kabar.store.schema import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
