"""A fact-checking quiz game: every answer reveals its source passage.

The package's root loads nothing: ``quiz.content``, ``quiz.kinds``, ``quiz.scoring`` and
``quiz.drafts`` run without Flask, SQLAlchemy or Flask-WTF. The web app is built by
``quiz.app.create_app``.
"""
