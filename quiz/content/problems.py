"""Problems found while loading content: what `quiz check` prints."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, positioned at a YAML node (1-based line and column)."""

    path: str
    line: int
    col: int
    severity: str
    message: str

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: severity: message``."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        """A plain dict for JSON output."""
        return {
            "file": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Report:
    """Collects problems for one file; positions come from the caller."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    about: str | None = None  # the id of the article the file holds (also when it is not usable)

    def error(self, pos: tuple[int, int], message: str) -> None:
        """Record an error at ``pos`` (line, col)."""
        self.problems.append(Problem(self.path, pos[0], pos[1], ERROR, message))

    def warning(self, pos: tuple[int, int], message: str) -> None:
        """Record a warning at ``pos`` (line, col)."""
        self.problems.append(Problem(self.path, pos[0], pos[1], WARNING, message))


def did_you_mean(word: str, options) -> str:
    """A ' (did you mean "x"?)' hint when ``word`` is close to one of ``options``."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def size_text(n: int) -> str:
    """A byte count as a teacher reads it in a message: 5 MB, 1.5 MB, 200 KB, 12 bytes."""
    mb = 1024 * 1024
    if n >= mb:
        return f"{n // mb} MB" if n % mb == 0 else f"{n / mb:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB" if n % 1024 == 0 else f"{n / 1024:.1f} KB"
    return f"{n} bytes"
