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


def read_word_list(name: str) -> list[str]:
    """The lines of a word list shipped in quiz/data/, without blank lines and ``#`` comments."""
    lines = (_PACKAGE / "data" / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def default_bank() -> Path:
    """The bank that ships with the project."""
    return data_root() / "questions.yaml"


def schema_path() -> Path:
    """The JSON Schema of questions.yaml that ships with the package."""
    return _PACKAGE / "schema" / "questions.schema.json"
