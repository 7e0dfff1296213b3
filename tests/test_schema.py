"""The shipped JSON Schema: valid, in step with the loader, and it flags what the loader rejects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from quiz.content.loader import COMMON_KEYS, SOURCE_KEYS, all_question_keys, load_bank_text, type_keys
from quiz.content.model import DIFFICULTIES, SKILLS, VERDICTS
from quiz.content.quizzes import QUIZ_KEYS
from quiz.kinds import TYPES

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "quiz" / "schema" / "questions.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# The draft the schema declares, and draft-07: what yaml-language-server (VS Code) implements.
VALIDATORS = [Draft202012Validator, Draft7Validator]


def schema_errors(data, validator=Draft202012Validator) -> list[str]:
    """Every schema error as "json.path: message", sub-errors of if/then and anyOf included."""
    out, todo = [], list(validator(SCHEMA).iter_errors(data))
    while todo:
        error = todo.pop()
        out.append(f"{error.json_path}: {error.message}")
        todo.extend(error.context or ())
    return out


def test_the_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    Draft7Validator.check_schema(SCHEMA)


def test_questions_yaml_names_the_schema_on_its_first_line():
    first = (REPO / "questions.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=quiz/schema/questions.schema.json"
    target = first.split("$schema=", 1)[1]
    assert (REPO / target).resolve() == SCHEMA_PATH.resolve()


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_the_schema_accepts_the_seed_bank(validator):
    data = yaml.safe_load((REPO / "questions.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("questions"), "questions.yaml has no questions"
    assert schema_errors(data, validator) == []


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_the_schema_accepts_a_bank_with_every_type(validator):
    data = yaml.safe_load((REPO / "tests" / "data" / "small-bank.yaml").read_text(encoding="utf-8"))
    assert {q["type"] for q in data["questions"]} == set(TYPES)
    assert schema_errors(data, validator) == []


# --- in step with the loader -----------------------------------------------------------------


def test_each_type_allows_exactly_the_keys_the_loader_allows():
    question = SCHEMA["$defs"]["question"]
    assert set(question["properties"]) == all_question_keys()
    assert question["additionalProperties"] is False
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in question["allOf"]}
    assert set(branches) == set(TYPES)
    for qtype, then in branches.items():
        forbidden = {key for key, sub in then["properties"].items() if sub is False}
        allowed = set(question["properties"]) - forbidden
        assert allowed == set(COMMON_KEYS) | set(type_keys()[qtype]), qtype


def test_quiz_and_source_keys_match_the_loader():
    assert set(SCHEMA["properties"]) == {"title", "articles", "quizzes", "questions"}
    assert set(SCHEMA["$defs"]["quiz"]["properties"]) == set(QUIZ_KEYS)
    assert set(SCHEMA["$defs"]["source"]["properties"]) == set(SOURCE_KEYS)


def test_enums_match_the_model():
    question = SCHEMA["$defs"]["question"]
    assert question["properties"]["type"]["enum"] == list(TYPES)
    assert question["properties"]["difficulty"]["enum"] == list(DIFFICULTIES)
    assert question["properties"]["status"]["enum"] == ["ready", "draft"]
    assert question["properties"]["skill"]["examples"] == list(SKILLS)
    verdict = next(b["then"] for b in question["allOf"] if b["if"]["properties"]["type"]["const"] == "verdict")
    assert verdict["properties"]["answer"]["enum"] == list(VERDICTS)


def test_every_key_has_help_for_the_editor():
    objects = {"bank": SCHEMA, **{name: SCHEMA["$defs"][name] for name in ("question", "quiz", "source")}}
    for where, schema in objects.items():
        for name, sub in schema["properties"].items():
            assert sub.get("description") and sub.get("markdownDescription"), f"{where}.{name}"


# --- invalid samples: the loader and the schema both reject them ------------------------------

VALID = """\
title: Samples
questions:
  - id: district
    type: choice
    prompt: Which district did she consider?
    choices: ["California's 4th", "California's 14th", "Nevada's 3rd"]
    answer: "California's 4th"
    explain: She told The Hill so.
    difficulty: easy
    sources:
      - article: milano-endorsements-2024
        quote: I’m looking at California’s 4th District
  - id: not-in-source
    type: verdict
    claim: She has announced a run for the Senate.
    answer: not-in-source
    explain: The article says she would like to be a senator one day, not that she is running.
    sources:
      - article: milano-senate-interview
        quote: I'd like to be a senator.
  - id: timeline
    type: order
    prompt: Earliest first.
    items: [Kerry campaign, "#MeToo tweet", McClintock post]
    explain: 2004, 2017, 2021.
    sources:
      - article: milano-senate-interview
        quote: Back in 2004
"""
QUIZ = """\
quizzes:
  - id: starter
    title: Starter
    questions: [district, timeline]
"""


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


SAMPLES = [
    # (name, bank text, what the loader says, what a schema error mentions)
    ("unknown top-level key", edit("title: Samples", "titel: Samples"), 'unknown key "titel"', "titel"),
    (
        "unknown question key",
        edit("    difficulty: easy", "    dificulty: easy"),
        'unknown key "dificulty"',
        "dificulty",
    ),
    # python-jsonschema leaves the key out of the path of a `false` subschema's error; the value says which
    (
        "key of another type",
        edit("    difficulty: easy", "    items: [a, b, c]"),
        '"items" is not used by a choice',
        "does not allow ['a', 'b', 'c']",
    ),
    (
        "unknown source key",
        edit("        quote: Back in 2004", "        qoute: Back in 2004"),
        'unknown key "qoute"',
        "qoute",
    ),
    (
        "unknown quiz key",
        QUIZ.replace("title: Starter", "title: Starter\n    shuffle: true") + VALID,
        'unknown key "shuffle"',
        "shuffle",
    ),
    ("missing explain", edit("    explain: 2004, 2017, 2021.\n", ""), 'missing "explain"', "explain"),
    (
        "missing sources",
        edit("    sources:\n      - article: milano-senate-interview\n        quote: Back in 2004\n", ""),
        'missing "sources"',
        "sources",
    ),
    ("missing answer", edit('    answer: "California\'s 4th"\n', ""), 'missing "answer"', "answer"),
    ("missing claim", edit("    claim: She has announced a run for the Senate.\n", ""), 'missing "claim"', "claim"),
    ("missing prompt", edit("    prompt: Earliest first.\n", ""), 'missing "prompt"', "prompt"),
    ("missing quote", edit("        quote: Back in 2004\n", ""), 'missing "quote"', "quote"),
    ("missing questions", "title: Nothing here\n", 'missing "questions"', "questions"),
    ("missing quiz title", QUIZ.replace("    title: Starter\n", "") + VALID, 'missing "title"', "title"),
    (
        "empty sources",
        edit(
            "    sources:\n      - article: milano-senate-interview\n        quote: Back in 2004\n", "    sources: []\n"
        ),
        '"sources" must be a list',
        "sources",
    ),
    (
        "choices not a list",
        edit(
            'choices: ["California\'s 4th", "California\'s 14th", "Nevada\'s 3rd"]', "choices: California's 4th or 14th"
        ),
        '"choices" must be a list',
        "choices",
    ),
    (
        "points not a number",
        edit("    difficulty: easy", "    points: many"),
        "points must be a whole number",
        "points",
    ),
    ("points below 1", edit("    difficulty: easy", "    points: 0"), '"points" must be at least 1', "points"),
    ("time below 5 seconds", edit("    difficulty: easy", "    time: 3"), '"time" must be at least 5', "minimum of 5"),
    ("time over 600 s", edit("    difficulty: easy", "    time: 900"), '"time" must be at most 600', "maximum of 600"),
    ("time not a number", edit("    difficulty: easy", "    time: soon"), "time must be a whole number", "time"),
    (
        "truefalse answer as text",
        edit("    type: verdict", "    type: truefalse").replace(
            "    claim: She has announced a run for the Senate.\n    answer: not-in-source",
            '    prompt: She has announced a run.\n    answer: "no"',
        ),
        '"answer" must be true or false',
        "answer",
    ),
    ("tags not a list", edit("    difficulty: easy", "    tags: compare"), '"tags" must be a list', "tags"),
    ("a choice that is a mapping", edit('"Nevada\'s 3rd"]', "{a: b}]"), 'each of "choices" must be text', "choices"),
    (
        "bad verdict label",
        edit("answer: not-in-source", "answer: maybe"),
        "a verdict's answer is supported, refuted or not-in-source",
        "answer",
    ),
    (
        "verdict label with a typo",
        edit("answer: not-in-source", "answer: not in source"),
        "a verdict's answer is supported, refuted or not-in-source",
        "answer",
    ),
    (
        "one choice",
        edit('choices: ["California\'s 4th", "California\'s 14th", "Nevada\'s 3rd"]', 'choices: ["California\'s 4th"]'),
        '"choices" needs 2 to 6 choices, not 1',
        "choices",
    ),
    (
        "seven choices",
        edit('"Nevada\'s 3rd"]', '"Nevada\'s 3rd", d, e, f, g]'),
        '"choices" needs 2 to 6 choices, not 7',
        "choices",
    ),
    ("duplicate choices", edit('"Nevada\'s 3rd"]', '"California\'s 14th"]'), 'appears twice in "choices"', "choices"),
    ("two order items", edit(", McClintock post]", "]"), '"items" needs 3 to 6 items, not 2', "items"),
    (
        "seven order items",
        edit(", McClintock post]", ", McClintock post, d, e, f, g]"),
        '"items" needs 3 to 6 items, not 7',
        "items",
    ),
    ("duplicate order items", edit(", McClintock post]", ", Kerry campaign]"), 'appears twice in "items"', "items"),
    ("id with capitals and underscore", edit("  - id: timeline", "  - id: Time_Line"), "an id is a slug", "id"),
    ("id with a space", edit("  - id: timeline", "  - id: time line"), "an id is a slug", "id"),
    ("quiz id not a slug", QUIZ.replace("id: starter", "id: Starter!") + VALID, "a quiz id is a slug", "id"),
    ("reserved quiz id", QUIZ.replace("id: starter", "id: all") + VALID, "reserved", "id"),
    (
        "quiz lists ids and filters",
        QUIZ.replace("    questions:", "    tags: [x]\n    questions:") + VALID,
        "not both",
        "does not allow ['x']",
    ),
    (
        "quiz without a selection",
        QUIZ.replace("    questions: [district, timeline]\n", "") + VALID,
        'a quiz needs "questions"',
        "questions",
    ),
    ("bad difficulty", edit("difficulty: easy", "difficulty: extreme"), "difficulty is one of", "difficulty"),
    ("bad status", edit("    difficulty: easy", "    status: published"), 'status is "ready" or "draft"', "status"),
    ("unknown type", edit("    type: order", "    type: ordering"), 'unknown type "ordering"', "type"),
    (
        "fuzzy above 3",
        edit("    type: order", "    type: text").replace(
            '    items: [Kerry campaign, "#MeToo tweet", McClintock post]', "    answers: [Kerry]\n    fuzzy: 5"
        ),
        '"fuzzy" allows at most 3 typos',
        "fuzzy",
    ),
    (
        "article id not a slug",
        edit(
            "article: milano-senate-interview\n        quote: Back",
            "article: Milano Senate Interview\n        quote: Back",
        ),
        'unknown article "Milano Senate Interview"',
        "article",
    ),
    ("a question that is a list", VALID + "  - [id, type]\n", "each question must be a mapping", "questions"),
]


def test_the_valid_sample_is_valid():
    for text in (VALID, QUIZ + VALID):
        result = load_bank_text(text, "valid.yaml", base=REPO)
        assert result.problems == []
        assert schema_errors(yaml.safe_load(text)) == []


@pytest.mark.parametrize(
    ("text", "loader_says", "schema_mentions"), [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES]
)
def test_the_loader_and_the_schema_both_reject(text, loader_says, schema_mentions):
    result = load_bank_text(text, "sample.yaml", base=REPO)
    errors = [p.message for p in result.problems if p.severity == "error"]
    assert any(loader_says in message for message in errors), errors
    data = yaml.safe_load(text)
    for validator in VALIDATORS:
        found = schema_errors(data, validator)
        assert found, f"{validator.__name__} accepts it"
        assert any(schema_mentions in error for error in found), found


ACCEPTED = [
    # (name, bank text): the loader accepts these (at most a warning), so an editor must not underline them
    ("unknown skill, a warning only", edit("    difficulty: easy", "    skill: reading-between-lines")),
    (
        "numbers as choices",
        edit(
            """choices: ["California's 4th", "California's 14th", "Nevada's 3rd"]
    answer: "California's 4th\"""",
            "choices: [2004, 2017, 2021]\n    answer: 2004",
        ),
    ),
    (
        "a quiz by tags and skills",
        QUIZ.replace("questions: [district, timeline]", "tags: [x]\n    skills: [read-closely]")
        + edit("    difficulty: easy", "    tags: [x]\n    skill: read-closely"),
    ),
    (
        "a draft with review notes",
        edit("    difficulty: easy", "    status: draft\n    rule: gap-fill\n    review: [a, a]"),
    ),
]


@pytest.mark.parametrize("text", [s[1] for s in ACCEPTED], ids=[s[0] for s in ACCEPTED])
def test_what_the_loader_accepts_the_schema_accepts(text):
    result = load_bank_text(text, "sample.yaml", base=REPO)
    assert result.ok, [p.format() for p in result.problems]
    data = yaml.safe_load(text)
    for validator in VALIDATORS:
        assert schema_errors(data, validator) == []
