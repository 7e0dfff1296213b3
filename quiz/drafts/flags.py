"""Review flags: a note for the teacher (its text, written into the draft's ``review:``) carrying a stable
code that the ranking and the reports read, so that changing a message's wording changes no behaviour."""

from __future__ import annotations

from collections.abc import Iterable


class Flag(str):
    """A review note's text, with its ``code``."""

    code: str

    def __new__(cls, code: str, text: str) -> Flag:
        obj = str.__new__(cls, text)
        obj.code = code
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # copy and pickle make it again from both
        return (self.code, str(self))


flag = Flag  # flag(code, text): a review flag with ``code`` and the teacher-facing ``text``


def has(review: Iterable[str], code: str) -> bool:
    """Whether one of the flags in ``review`` has ``code``."""
    return any(getattr(r, "code", None) == code for r in review)
