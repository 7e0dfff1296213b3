"""A score and the marks built on it: certainty-based marking and the speed bonus."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Gardner-Medwin's certainty-based marking: a confident error costs more than a hesitant one,
# so an honest "not sure" pays better than a bluff whenever the chance of being right is low.
CERTAINTY_LABELS = {1: "Not sure", 2: "Fairly sure", 3: "Very sure"}
CBM_RIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
CBM_WRONG = {1: 0.0, 2: -2.0, 3: -6.0}


@dataclass(frozen=True)
class Score:
    """The share of a question's credit an answer earned."""

    fraction: float
    correct: bool

    def __post_init__(self) -> None:
        if not 0.0 <= self.fraction <= 1.0:
            raise ValueError(f"a score's fraction is between 0 and 1, not {self.fraction!r}")
        if self.correct != (self.fraction == 1.0):
            raise ValueError("a score is correct exactly when its fraction is 1")

    @classmethod
    def of(cls, fraction: float) -> Score:
        """The score for ``fraction`` of the credit (correct when it is all of it)."""
        fraction = float(fraction)
        return cls(fraction, fraction == 1.0)

    @classmethod
    def right(cls) -> Score:
        """Full credit."""
        return cls(1.0, True)

    @classmethod
    def wrong(cls) -> Score:
        """No credit."""
        return cls(0.0, False)

    @property
    def partial(self) -> bool:
        """True when some but not all of the credit was earned."""
        return 0.0 < self.fraction < 1.0


def marking_hint() -> str:
    """The marking scheme in one line, as players read it: "Right: +1, +2, +3. Wrong: 0, −2, −6."."""

    def signed(value: float) -> str:
        return f"{value:+g}".replace("-", "\u2212") if value else "0"

    right = ", ".join(signed(CBM_RIGHT[level]) for level in CERTAINTY_LABELS)
    wrong = ", ".join(signed(CBM_WRONG[level]) for level in CERTAINTY_LABELS)
    return f"Right: {right}. Wrong: {wrong}."


def cbm_marks(fraction: float, certainty: int) -> float:
    """Certainty-based marks for an answer earning ``fraction`` of its credit at ``certainty`` 1, 2 or 3."""
    if isinstance(certainty, bool) or certainty not in CBM_RIGHT:
        raise ValueError(f"certainty is 1, 2 or 3, not {certainty!r}")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction is between 0 and 1, not {fraction!r}")
    # Partial credit interpolates between the right and wrong marks, so half right at
    # certainty 3 is worth (3 - 6) / 2: claiming certainty on a half-known answer still costs.
    return fraction * CBM_RIGHT[certainty] + (1.0 - fraction) * CBM_WRONG[certainty]


def speed_factor(elapsed: float, limit: float) -> float:
    """Kahoot's speed multiplier ``1 - (elapsed / limit) / 2``, clamped to [0.5, 1]; 1 without a limit."""
    if math.isnan(elapsed) or math.isnan(limit):
        raise ValueError("elapsed time and time limit must be numbers")
    if limit <= 0:
        return 1.0
    return min(1.0, max(0.5, 1.0 - (elapsed / limit) / 2.0))
