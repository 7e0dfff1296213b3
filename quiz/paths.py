"""Where the shipped files live: a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding templates/, static/, articles/ and questions.yaml."""
    checkout = _PACKAGE.parent
    if (checkout / "templates").is_dir() and (checkout / "questions.yaml").is_file():
        return checkout
    return _PACKAGE / "_data"  # hatchling force-includes them here in the wheel


def default_bank() -> Path:
    """The bank that ships with the project."""
    return data_root() / "questions.yaml"
