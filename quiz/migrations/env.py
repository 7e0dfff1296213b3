"""Alembic's environment: the models' metadata, and the connection to migrate (see quiz.migrations)."""

from alembic import context

from quiz import models  # noqa: F401 - registers the tables
from quiz.database import migration_connection
from quiz.extensions import Base

config = context.config
# Batch operations copy a table where SQLite cannot ALTER it, and run as plain ALTERs elsewhere,
# so one revision serves SQLite and PostgreSQL.
options = {"target_metadata": Base.metadata, "render_as_batch": True}


def run_on(connection) -> None:
    context.configure(connection=connection, **options)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # --sql: print the SQL instead of running it
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
    with context.begin_transaction():
        context.run_migrations()
elif "connection" in config.attributes:  # create_schema() hands over its connection, lock and transaction
    run_on(config.attributes["connection"])
else:
    with migration_connection() as connection:
        run_on(connection)
