"""The scoring layer: one pure function per question type, plus marks and answer text."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.content import Anchor, Article, Question
from quiz.kinds import SCORERS, TYPES, answer_text, score
from quiz.scoring import Score, cbm_marks, normalize_answer, parse_number, speed_factor

BODY = "First sentence here. The gold sentence sits here. A third sentence closes."
GOLD_START = BODY.index("The gold")
GOLD_END = BODY.index("A third") - 1


def make(qtype: str, **fields: Any) -> Question:
    """A question of ``qtype`` with one anchor and the given answer fields."""
    anchor = Anchor(article="milano", quote=BODY[GOLD_START:GOLD_END], start=GOLD_START, end=GOLD_END)
    return Question(id=f"q-{qtype}", type=qtype, prompt="Prompt?", explain="Because.", sources=(anchor,), **fields)


CHOICE = make("choice", choices=("California's 25th", "California's 4th", "Texas's 4th"), answer="California's 4th")
MULTI = make("multi", choices=("a", "b", "c", "d", "e"), answers=("a", "c", "e"))
TRUEFALSE = make("truefalse", answer=False)
VERDICT = make("verdict", claim="She ran.", answer="not-in-source")
TEXT = make("text", answers=("California's 4th District", "CA-4"))
FUZZY = make("text", answers=("Milano",), fuzzy=1)
NUMBER = make("number", answer=63, unit="Republicans")
NUMBER_TOL = make("number", answer=2.5, tolerance=0.1)
ORDER = make("order", items=("born", "acted", "tweeted", "ran"))
EVIDENCE = make("evidence", claim="Gold.")
SOURCE = make("source", answer="milano", choices=("milano", "sbs", "interview"))


def test_every_type_has_a_scorer() -> None:
    assert set(SCORERS) == set(TYPES)


def test_score_fields() -> None:
    assert Score.of(1.0) == Score(1.0, True)
    assert Score.of(0.5).partial and not Score.of(0.5).correct
    assert not Score.of(0.0).partial and not Score.of(1.0).partial
    with pytest.raises(ValueError):
        Score(0.5, True)
    with pytest.raises(ValueError):
        Score(1.5, False)


# --- choice ---------------------------------------------------------------------------------


def test_choice() -> None:
    assert score(CHOICE, 1) == Score(1.0, True)
    assert score(CHOICE, 0) == Score(0.0, False)
    assert score(CHOICE, 2).fraction == 0.0


@pytest.mark.parametrize("bad", ["1", 3, -1, True, 1.0, None])
def test_choice_malformed(bad: Any) -> None:
    with pytest.raises(ValueError):
        score(CHOICE, bad)


# --- multi ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("picks", "fraction"),
    [
        ({0, 2, 4}, 1.0),  # all right
        ({0, 2}, 2 / 3),  # two of three
        ({0, 1}, 0.0),  # one right, one wrong: they cancel
        ({0, 2, 4, 1}, 2 / 3),  # a wrong pick costs one right pick
        ({0, 1, 2, 3, 4}, 1 / 3),  # ticking everything
        ({1, 3}, 0.0),  # floor at 0, not negative
        (frozenset(), 0.0),
    ],
)
def test_multi(picks: set[int], fraction: float) -> None:
    result = score(MULTI, picks)
    assert result.fraction == pytest.approx(fraction)
    assert result.correct == (fraction == 1.0)
    assert result.partial == (0 < fraction < 1)


@pytest.mark.parametrize("bad", [0, "0,2", {0, 5}, {"a"}, [0, 0], {True}])
def test_multi_malformed(bad: Any) -> None:
    with pytest.raises(ValueError):
        score(MULTI, bad)


@given(st.sets(st.integers(min_value=0, max_value=4)))
def test_multi_fraction_in_unit_interval(picks: set[int]) -> None:
    assert 0.0 <= score(MULTI, frozenset(picks)).fraction <= 1.0


# --- truefalse, verdict, source ------------------------------------------------------------


def test_truefalse() -> None:
    assert score(TRUEFALSE, False).correct
    assert not score(TRUEFALSE, True).correct
    for bad in ("false", 0, None):
        with pytest.raises(ValueError):
            score(TRUEFALSE, bad)


def test_verdict() -> None:
    assert score(VERDICT, "not-in-source").correct
    assert not score(VERDICT, "refuted").correct
    for bad in ("Not in the source", "maybe", 2):
        with pytest.raises(ValueError):
            score(VERDICT, bad)


def test_source() -> None:
    assert score(SOURCE, "milano").correct
    assert not score(SOURCE, "sbs").correct
    for bad in ("nowhere", 0):
        with pytest.raises(ValueError):
            score(SOURCE, bad)


# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "California's 4th District",
        "california's fourth district",
        "Californias 4th district",
        "California\u2019s Fourth District.",
        "  the California's   4TH district ",
        "ca 4",  # the second accepted form, punctuation dropped
    ],
)
def test_text_right(typed: str) -> None:
    assert score(TEXT, typed).correct


@pytest.mark.parametrize("typed", ["California's 5th District", "California", "", "   "])
def test_text_wrong(typed: str) -> None:
    assert not score(TEXT, typed).correct


def test_text_fuzzy_allows_typos_up_to_the_limit() -> None:
    assert score(FUZZY, "Milanno").correct
    assert not score(FUZZY, "Milannno").correct
    assert not score(make("text", answers=("Milano",)), "Milanno").correct


def test_text_fuzzy_never_forgives_a_different_number() -> None:
    q = make("text", answers=("4th district",), fuzzy=2)
    assert score(q, "4th distrct").correct
    assert not score(q, "5th district").correct


def test_text_malformed() -> None:
    with pytest.raises(ValueError):
        score(TEXT, 4)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("4th", "fourth"),
        ("1st place", "First place"),
        ("twenty-first century", "21st century"),
        ("four", "4"),
        ("sixty-three", "63"),
        ("The Senate", "senate"),
        ("an apple", "apple"),
        ("U.S. Senate!", "us senate"),
        ("Milano\u2019s tweet", "Milano's tweet"),
        ("Milano\u2019s tweet", "milanos tweet"),
        ("\u201cMe too\u201d", '"me too"'),
        ("Alyssa   Milano", "alyssa milano"),
        ("\uff21lyssa", "alyssa"),  # NFKC folds the full-width letter
        ("2,028 votes", "2028 votes"),
        ("three million", "3 million"),
    ],
)
def test_normalize_answer_equates(a: str, b: str) -> None:
    assert normalize_answer(a) == normalize_answer(b)


@pytest.mark.parametrize(("a", "b"), [("4th", "5th"), ("3.5", "35"), ("two three", "five"), ("Senate", "House")])
def test_normalize_answer_distinguishes(a: str, b: str) -> None:
    assert normalize_answer(a) != normalize_answer(b)


def test_normalize_answer_is_readable() -> None:
    assert normalize_answer("California\u2019s Fourth District.") == "californias 4th district"


# --- number ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("63", 63),
        ("63.5", 63.5),
        ("1,000", 1000),
        ("2,028", 2028),
        ("-2", -2),
        ("sixty-three", 63),
        ("Sixty three", 63),
        ("Sixty-three.", 63),
        ("63 Republicans", 63),
        ("sixty-three Republicans", 63),
        ("three million", 3_000_000),
        ("3 million", 3_000_000),
        ("1.5 million", 1_500_000),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("two thousand and twenty-eight", 2028),
        ("twelve", 12),
        ("zero", 0),
        ("45%", 45),
    ],
)
def test_parse_number(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["", "garbage", "Republicans", "12 or 13", "63-65", "one two", "1,2", "hundred"])
def test_parse_number_none(typed: str) -> None:
    assert parse_number(typed) is None


def test_number() -> None:
    for typed in ("63", "sixty-three", "63 Republicans", " 63 "):
        assert score(NUMBER, typed).correct, typed
    for typed in ("64", "six", "lots", ""):
        assert score(NUMBER, typed) == Score(0.0, False), typed


def test_number_tolerance_is_inclusive() -> None:
    assert score(NUMBER_TOL, "2.6").correct
    assert score(NUMBER_TOL, "2.4").correct
    assert not score(NUMBER_TOL, "2.61").correct


def test_number_malformed() -> None:
    with pytest.raises(ValueError):
        score(NUMBER, 63)


# --- order ----------------------------------------------------------------------------------


def test_order() -> None:
    assert score(ORDER, [0, 1, 2, 3]) == Score(1.0, True)
    assert score(ORDER, (3, 2, 1, 0)) == Score(0.0, False)
    swapped = score(ORDER, [1, 0, 2, 3])  # one of six pairs out of order
    assert swapped.partial
    assert swapped.fraction == pytest.approx(5 / 6)


@pytest.mark.parametrize("bad", [[0, 1, 2], [0, 1, 2, 2], [0, 1, 2, 4], "0123", [0, 1, 2, "3"], 3])
def test_order_malformed(bad: Any) -> None:
    with pytest.raises(ValueError):
        score(ORDER, bad)


@given(st.permutations(range(6)))
def test_order_fraction_bounds(placed: list[int]) -> None:
    q = make("order", items=tuple("abcdef"))
    result = score(q, placed)
    assert 0.0 <= result.fraction <= 1.0
    assert (result.fraction == 1.0) == (list(placed) == list(range(6)))
    assert result.correct == (result.fraction == 1.0)


# --- evidence -------------------------------------------------------------------------------


def test_evidence() -> None:
    assert score(EVIDENCE, (GOLD_START, GOLD_END)).correct
    assert score(EVIDENCE, (GOLD_START - 5, GOLD_START + 3)).correct  # a span that overlaps it
    assert not score(EVIDENCE, (0, BODY.index(" The gold"))).correct  # the sentence before
    assert not score(EVIDENCE, (GOLD_END + 1, len(BODY))).correct  # the sentence after


@pytest.mark.parametrize("bad", [(5, 5), (9, 3), (-1, 4), (1, 2, 3), "0-4", (0.0, 4.0), 4])
def test_evidence_malformed(bad: Any) -> None:
    with pytest.raises(ValueError):
        score(EVIDENCE, bad)


# --- marks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "certainty", "marks"),
    [(1.0, 1, 1), (1.0, 2, 2), (1.0, 3, 3), (0.0, 1, 0), (0.0, 2, -2), (0.0, 3, -6), (0.5, 3, -1.5), (0.5, 2, 0)],
)
def test_cbm_marks(fraction: float, certainty: int, marks: float) -> None:
    assert cbm_marks(fraction, certainty) == pytest.approx(marks)


@pytest.mark.parametrize(("fraction", "certainty"), [(1.0, 0), (1.0, 4), (1.0, True), (1.5, 2)])
def test_cbm_marks_rejects(fraction: float, certainty: int) -> None:
    with pytest.raises(ValueError):
        cbm_marks(fraction, certainty)


@pytest.mark.parametrize(
    ("elapsed", "limit", "factor"),
    [(0, 20, 1.0), (10, 20, 0.75), (20, 20, 0.5), (45, 20, 0.5), (-3, 20, 1.0), (5, 0, 1.0), (5, -1, 1.0)],
)
def test_speed_factor(elapsed: float, limit: float, factor: float) -> None:
    assert speed_factor(elapsed, limit) == pytest.approx(factor)


def test_speed_factor_rejects_nan() -> None:
    with pytest.raises(ValueError):
        speed_factor(math.nan, 20)


# --- answer text ----------------------------------------------------------------------------


def test_answer_text() -> None:
    article = Article(id="milano", title="Alyssa Milano weighs a run", body=BODY)
    assert answer_text(CHOICE) == "California's 4th"
    assert answer_text(MULTI) == "a, c and e"
    assert answer_text(make("multi", choices=("a", "b"), answers=("a", "b"))) == "a and b"
    assert answer_text(TRUEFALSE) == "False"
    assert answer_text(make("truefalse", answer=True)) == "True"
    assert answer_text(VERDICT) == "Not in the source"
    assert answer_text(TEXT) == "California's 4th District"
    assert answer_text(NUMBER) == "63 Republicans"
    assert answer_text(make("number", answer=63.0)) == "63"
    assert answer_text(NUMBER_TOL) == "2.5 ± 0.1"
    assert answer_text(ORDER) == "born → acted → tweeted → ran"
    assert answer_text(EVIDENCE) == "the highlighted sentence"
    assert answer_text(SOURCE) == "milano"
    assert answer_text(SOURCE, {"milano": article}) == "Alyssa Milano weighs a run"


def test_unknown_type_is_not_a_form_error() -> None:
    with pytest.raises(LookupError) as caught:
        score(make("poll"), 0)
    assert not isinstance(caught.value, ValueError)
