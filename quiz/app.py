"""The Flask app factory: ``create_app()`` (gunicorn: ``'quiz.app:create_app()'``)."""

from __future__ import annotations

import os

from flask import Flask

from .config import DEFAULTS, check_production, engine_options, from_environment
from .extensions import csrf, db, login_manager
from .paths import data_root
from .web.render import Templates


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints. Nothing else happens here."""
    root = data_root()
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    app.jinja_environment = Templates  # before anything (CSRFProtect, register) makes the environment
    app.config.from_mapping(DEFAULTS)
    app.config.update(from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    check_production(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    proxies = int(app.config.get("QUIZ_TRUSTED_PROXIES") or 0)
    if proxies:  # behind a load balancer: take the client's address from X-Forwarded-For
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        from .database import configure_engine

        configure_engine(db.engine)

    from .web import register

    register(app)
    return app
