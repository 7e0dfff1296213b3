"""A fact-checking quiz game: every answer reveals its source passage.

The package's root loads nothing: ``quiz.content``, ``quiz.kinds``, ``quiz.scoring`` and
``quiz.drafts`` run without Flask, SQLAlchemy or Flask-WTF. The web app is built by
``quiz.app.create_app``.
"""


def __getattr__(name: str):
    """``quiz:create_app()`` (the gunicorn command of earlier versions) still works, loading Flask only then."""
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
