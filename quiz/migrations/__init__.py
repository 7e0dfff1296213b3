"""Alembic migrations of the database schema, configured in code (there is no alembic.ini)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config for this package; migrations run on ``connection``, else on the app's database."""
    if connection is not None:
        url = connection.engine.url
    else:
        from ..extensions import db

        url = db.engine.url  # needs an app context
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    # The config is an INI parser underneath: a percent sign (an escaped character in a password) is doubled.
    config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
