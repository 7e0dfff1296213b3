"""Measures for class reports: certainty calibration and discernment of true and false claims (no Flask)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..content import Question
from ..kinds import kind_of
from ..models import Answer
from ..scoring.marks import CERTAINTY_LABELS

# Under certainty-based marking each level pays best within a range of the chance of being
# right (level 2 beats 1 above 2/3, level 3 beats 2 above 0.8): a calibrated student's accuracy
# at each level falls in that level's range.
BEST_RANGE = {1: (0.0, 2 / 3), 2: (2 / 3, 0.8), 3: (0.8, 1.0)}
# Each level read as a stated chance of being right, for the certainty-vs-accuracy gap.
IMPLIED_CHANCE = {1: 0.5, 2: 0.75, 3: 0.9}
GAP_TOLERANCE = 0.1  # a gap within ±10 points counts as well calibrated


@dataclass(frozen=True)
class Level:
    """Answers given at one certainty level and how many of them were right."""

    level: int
    label: str
    answered: int
    right: int

    @property
    def accuracy(self) -> float | None:
        """Share right at this level (None when the level was never used)."""
        return self.right / self.answered if self.answered else None

    @property
    def calibrated(self) -> bool | None:
        """Whether the accuracy lies where this level pays best (None when unused)."""
        if self.accuracy is None:
            return None
        low, high = BEST_RANGE[self.level]
        return low <= self.accuracy <= high if self.level == 3 else low <= self.accuracy < high


@dataclass(frozen=True)
class Calibration:
    """How well stated certainty matched being right, over a set of answers."""

    levels: tuple[Level, ...]
    rated: int
    right: int
    mean_certainty: float | None
    gap: float | None  # mean implied chance minus accuracy: above 0 is overconfident

    @property
    def accuracy(self) -> float | None:
        """Share right among rated answers."""
        return self.right / self.rated if self.rated else None

    @property
    def verdict(self) -> str:
        """A plain-language reading of the gap."""
        if self.gap is None:
            return "no rated answers"
        if self.gap > GAP_TOLERANCE:
            return "overconfident"
        if self.gap < -GAP_TOLERANCE:
            return "underconfident"
        return "well calibrated"


@dataclass(frozen=True)
class ClaimJudgements:
    """How the class judged one kind of claim (true, false, or not settled by the source)."""

    kind: str  # true | false | not-in-source
    questions: int
    judged_true: int
    judged_false: int
    judged_not_in_source: int

    @property
    def answered(self) -> int:
        """Answers to claims of this kind."""
        return self.judged_true + self.judged_false + self.judged_not_in_source

    @property
    def right(self) -> int:
        """Answers that judged the claim as it is."""
        return {"true": self.judged_true, "false": self.judged_false}.get(self.kind, self.judged_not_in_source)

    @property
    def rate(self) -> float | None:
        """Share judged right."""
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class Discernment:
    """True claims judged true against false claims judged false, over verdict and true/false questions."""

    true_claims: ClaimJudgements
    false_claims: ClaimJudgements
    not_in_source: ClaimJudgements

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-language readings for the teacher (a class that doubts everything shows here)."""
        return discernment_notes(self)

    @property
    def hit_rate(self) -> float | None:
        """Share of answers to true claims that accepted them."""
        return self.true_claims.rate

    @property
    def correct_rejection_rate(self) -> float | None:
        """Share of answers to false claims that rejected them."""
        return self.false_claims.rate

    @property
    def not_in_source_rate(self) -> float | None:
        """Share of answers to unsettled claims that said the source does not settle them."""
        return self.not_in_source.rate

    @property
    def doubt_rate(self) -> float | None:
        """Share of answers to true claims that doubted them (refuted or not in the source)."""
        t = self.true_claims
        return (t.judged_false + t.judged_not_in_source) / t.answered if t.answered else None

    @property
    def false_alarm_rate(self) -> float | None:
        """Share of answers to false claims that accepted them."""
        f = self.false_claims
        return f.judged_true / f.answered if f.answered else None


def mean(values: Iterable[float]) -> float | None:
    """The average, or None for no values."""
    values = list(values)
    return sum(values) / len(values) if values else None


def calibration(answers: Iterable[Answer]) -> Calibration:
    """Accuracy at each certainty level and the mean certainty vs accuracy gap."""
    rated = [a for a in answers if a.certainty in CERTAINTY_LABELS]
    levels = tuple(
        Level(
            level,
            label,
            sum(1 for a in rated if a.certainty == level),
            sum(1 for a in rated if a.certainty == level and a.correct),
        )
        for level, label in CERTAINTY_LABELS.items()
    )
    right = sum(1 for a in rated if a.correct)
    gap = mean(IMPLIED_CHANCE[a.certainty] for a in rated)
    if gap is not None:
        gap -= right / len(rated)
    return Calibration(levels, len(rated), right, mean(a.certainty for a in rated), gap)


def _judgement(response: Any) -> str:
    if response is True or response == "supported":
        return "true"
    if response is False or response == "refuted":
        return "false"
    return "not-in-source"


def percent(share: float) -> str:
    """A share as a whole percentage: 0.4 -> "40%"."""
    return f"{round(100 * share)}%"


def discernment_notes(d: Discernment) -> tuple[str, ...]:
    """Plain-language readings of the class's discernment, for the teacher."""
    notes = []
    t, f, n = d.true_claims, d.false_claims, d.not_in_source
    if d.doubt_rate is not None and d.doubt_rate >= 0.5:
        doubted = t.judged_false + t.judged_not_in_source
        note = (
            f"The class doubted true claims: {doubted} of {t.answered} answers to claims the source supports "
            "judged them false or not in the source."
        )
        if d.correct_rejection_rate is not None and d.correct_rejection_rate >= 0.5:
            note += (
                " They also rejected false claims, so the class may be doubting everything rather than checking:"
                " spotting fakes only counts when true claims are still accepted."
            )
        notes.append(note)
    if d.false_alarm_rate is not None and d.false_alarm_rate >= 0.5:
        notes.append(
            f"The class accepted false claims: {f.judged_true} of {f.answered} answers to claims the source "
            "contradicts judged them true."
        )
    if n.rate is not None and n.rate < 0.5:
        notes.append(
            f"Only {n.right} of {n.answered} answers noticed when the source does not settle a claim; "
            "practise asking “does the source actually say this?”."
        )
    if not notes and d.hit_rate is not None and d.correct_rejection_rate is not None:
        notes.append(
            f"The class told true claims from false ones: it accepted {percent(d.hit_rate)} of true claims "
            f"and rejected {percent(d.correct_rejection_rate)} of false ones."
        )
    return tuple(notes)


def discernment(pairs: list[tuple[Question, list[Answer]]]) -> Discernment | None:
    """The class's judgements of true, false and unsettled claims (None without claim questions)."""
    counts = {
        kind: {"questions": 0, "true": 0, "false": 0, "not-in-source": 0} for kind in ("true", "false", "not-in-source")
    }
    for question, answers in pairs:
        kind = kind_of(question).claim_kind(question)
        if kind is None:
            continue
        counts[kind]["questions"] += 1
        for answer in answers:
            counts[kind][_judgement(answer.response)] += 1
    if not any(c["questions"] for c in counts.values()):
        return None
    judged = {
        kind: ClaimJudgements(kind, c["questions"], c["true"], c["false"], c["not-in-source"])
        for kind, c in counts.items()
    }
    return Discernment(judged["true"], judged["false"], judged["not-in-source"])
