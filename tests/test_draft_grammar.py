"""The question-form rules on their own: movement with inversion or do-support, and the judge of form."""

from __future__ import annotations

import pytest

from quiz.drafts.grammar import front_question, question_form

MOVED = [
    (
        "Doyle made 7 saves to keep Millbrook in the game.",
        "Doyle made how many saves to keep Millbrook in the game?",
        "How many saves did Doyle make to keep Millbrook in the game?",
    ),
    (
        "A petition to save the library gathered 4,200 signatures.",
        "A petition to save the library gathered how many signatures?",
        "How many signatures did a petition to save the library gather?",
    ),
    (
        "Back in 2004, Alyssa Milano campaigned for John Kerry.",
        "Back in 2004, Alyssa Milano campaigned for which Democratic presidential nominee?",
        "For which Democratic presidential nominee did Alyssa Milano campaign back in 2004?",
    ),
    (  # the coordinated clause is left out rather than left broken
        "Okafor, 19, joined Rovers from Leeds in August and has now scored 14 goals in 33 games.",
        "Okafor, 19, joined Rovers from which city in August and has now scored 14 goals in 33 games?",
        "From which city did Okafor, 19, join Rovers in August?",
    ),
    (  # reported speech keeps who said it
        "Police said the man was shot three times in the chest.",
        "Police said the man was shot how many times in the chest?",
        "According to police, how many times was the man shot in the chest?",
    ),
    (
        "Hannah Brooks added that 37 students from four universities had taken part in checking the images.",
        "Hannah Brooks added that how many students from four universities had taken part in checking the images?",
        "According to Hannah Brooks, how many students from four universities had taken part in checking the images?",
    ),
]

NOT_MADE = [  # no grammatical movement exists (or the parse does not show one): no question
    ("His amendment was defeated by six votes to five.", "His amendment was defeated by how many votes to five?"),
    (
        "Congressman McClintock was one of 63 republicans to oppose the bill.",
        "Congressman McClintock was one of how many republicans to oppose the bill?",
    ),
    (
        "The team photographed the same patches of sky every three nights.",
        "The team photographed the same patches of sky every how many nights?",
    ),
    (
        "Hannah Brooks added that 37 students from four universities had taken part.",
        "Hannah Brooks added that 37 students from how many universities had taken part?",
    ),
]


@pytest.mark.parametrize(("declarative", "in_place", "expected"), MOVED)
def test_question_phrase_moves_to_the_front(declarative, in_place, expected):
    assert front_question(declarative, in_place) == expected


@pytest.mark.parametrize(("declarative", "in_place"), NOT_MADE)
def test_no_question_when_it_cannot_move(declarative, in_place):
    assert front_question(declarative, in_place) is None


FORMS = [
    ("Which editor said the plan would fail?", None),
    ("How many times was he shot in the chest?", None),
    ("According to the team's paper, how many of the objects are small?", None),
    ("In which year will the comet pass closest to the Sun?", None),
    ("Did the council approve the budget?", None),
    ("Fill in the blank: The survey began in _____.", None),
    ("The council approved the budget.", None),  # a claim, not a question
    ("…but the BBC's which North America editor said the plan would fail?", "not at the front"),
    ("After a man was shot how many times, police at first thought it was an accident?", "not at the front"),
    ("Doyle made how many saves?", "not at the front"),
    ("The observatory's director, who said the project cost $18 million?", "not at the front"),
    ("The director said the project cost $18 million?", "does not begin like a question"),
]


@pytest.mark.parametrize(("text", "problem"), FORMS)
def test_question_form_judge(text, problem):
    found = question_form(text)
    assert (found is None) if problem is None else (found is not None and problem in found)
