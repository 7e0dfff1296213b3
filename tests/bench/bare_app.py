"""The baseline for bench_play.py: a bare Flask app rendering a template of a given size."""

from __future__ import annotations

import os

from flask import Flask, render_template_string

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</main></body></html>"""


def create_app() -> Flask:
    """A Flask app whose only page is about QUIZ_BENCH_BYTES long (default 4 KB)."""
    app = Flask(__name__)
    size = int(os.environ.get("QUIZ_BENCH_BYTES", "4096"))
    paragraphs = ["Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 2] * max(1, size // 120)

    @app.get("/")
    def page():
        return render_template_string(PAGE, title="Bare page", paragraphs=paragraphs)

    return app
