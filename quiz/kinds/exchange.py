"""Format-neutral shapes of a question's answer: what every export and import maps.

A kind says which shape its questions take (``Kind.exchange``); a format writer maps shapes, so
nine kinds and five formats meet in one place each, not in forty-five branches. Import reads a
file into the same shapes, and each kind says whether a shape is one of its questions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Options with the share of the marks each earns.

    One right option (``multiple`` False): the right one earns 1.0, the others 0. Several
    (``multiple`` True): each right pick earns 1/(number right) and each wrong pick costs as
    much, never below 0 in all (as ``multi`` scores and as Moodle's multiple choice adds up).
    """

    options: tuple[str, ...]
    credit: tuple[float, ...]
    multiple: bool = False
    shuffle: bool = True

    @property
    def right(self) -> tuple[str, ...]:
        """The options that earn marks."""
        return tuple(o for o, c in zip(self.options, self.credit, strict=True) if c > 0)


@dataclass(frozen=True)
class TrueFalse:
    """True or false."""

    answer: bool


@dataclass(frozen=True)
class Typed:
    """A short typed answer, right when it matches one accepted form."""

    answers: tuple[str, ...]
    fuzzy: int = 0  # typos forgiven


@dataclass(frozen=True)
class Numeric:
    """A typed number, right within ``tolerance`` of ``value``."""

    value: float
    tolerance: float = 0
    unit: str | None = None


@dataclass(frozen=True)
class Ordering:
    """Items to put in order; ``items`` are in the right order."""

    items: tuple[str, ...]


Shape = Options | TrueFalse | Typed | Numeric | Ordering
