"""`python -m quiz.migrations …`: Alembic's command line, on the app's database (QUIZ_DATABASE_URL)."""

from __future__ import annotations

import importlib.util
import logging
import sys

from alembic.config import CommandLine

from quiz.app import create_app
from quiz.config import ConfigError
from quiz.extensions import db
from quiz.migrations import alembic_config


def main(argv: list[str] | None = None) -> None:
    """Run an Alembic command (revision, upgrade, downgrade, current, history, stamp …)."""
    cli = CommandLine(prog="python -m quiz.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    logging.basicConfig(format="%(levelname)-5.5s [%(name)s] %(message)s")
    logging.getLogger("alembic").setLevel(logging.INFO)  # "Running upgrade …", as Alembic's own CLI says
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        app = create_app()
    except ConfigError as exc:
        sys.exit(f"Error: {exc}")
    with app.app_context():
        config = alembic_config()
        config.cmd_opts = options
        if importlib.util.find_spec("ruff"):  # new revisions come out formatted and lint-clean
            hooks = {"format": "format --quiet", "lint": "check --fix --quiet"}
            config.set_section_option("post_write_hooks", "hooks", ", ".join(hooks))
            for name, args in hooks.items():
                config.set_section_option("post_write_hooks", f"{name}.type", "module")
                config.set_section_option("post_write_hooks", f"{name}.module", "ruff")
                config.set_section_option("post_write_hooks", f"{name}.options", f"{args} REVISION_SCRIPT_FILENAME")
        try:
            cli.run_cmd(config, options)
        finally:
            db.engine.dispose()


if __name__ == "__main__":
    main()
