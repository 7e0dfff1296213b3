"""The bank's JSON Schema, generated from the kinds: ``quiz schema`` prints it.

The frame (the bank, its quizzes, sources and the fields every question has) is written here; the
question types, their fields, the rules of each type and the editor's snippets come from the kinds.
The shipped ``quiz/schema/questions.schema.json`` is this output (a test checks they are equal).
"""

from __future__ import annotations

import copy
import json

from ..content.model import DIFFICULTIES, SKILLS
from . import KINDS

FRAME = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Fact-checking quiz question bank (questions.yaml)",
    "description": "A bank of questions on news articles; every answer is backed by a quote anchored in its "
    "article. Check a bank with `quiz check`.",
    "markdownDescription": "A bank of questions on news articles; every answer is backed by a quote anchored in "
    "its article.\n"
    "\n"
    "Check it with `quiz check questions.yaml`: it also finds what a schema cannot (an "
    "answer that is not among the choices, a quote that is not in its article, duplicate "
    "ids).",
    "$comment": "Editors (yaml-language-server) implement draft-07 keywords only, so this schema uses no "
    "keyword that a draft-07 validator would ignore for validation.",
    "type": "object",
    "required": ["questions"],
    "additionalProperties": False,
    "properties": {
        "title": {
            "type": ["string", "number"],
            "description": "The bank's title (default: Questions).",
            "markdownDescription": "The bank's title (default: Questions).",
        },
        "articles": {
            "type": "string",
            "default": "articles",
            "minLength": 1,
            "description": "The folder of article files, relative to this file (default: articles).",
            "markdownDescription": "The folder of article files (`<id>.md`), relative to "
            "this file. Default: `articles`.",
        },
        "quizzes": {
            "type": "array",
            "items": {"$ref": "#/$defs/quiz"},
            "description": "Named quizzes: selections of questions with their play settings.",
            "markdownDescription": "Named quizzes: selections of questions with their play "
            "settings. Built-in quizzes (`all`, and one per article) "
            "exist without being listed.",
        },
        "questions": {
            "type": "array",
            "items": {"$ref": "#/$defs/question"},
            "description": "The questions.",
            "markdownDescription": "The questions.",
        },
    },
    "$defs": {
        "question": {
            "type": "object",
            "description": "One question. Every question has id, type, explain and sources; the "
            "other fields depend on its type.",
            "markdownDescription": "One question. Every question has `id`, `type`, `explain` and "
            "`sources`, and a `prompt` (or a `claim` for `verdict` and "
            "`evidence`); the answer fields depend on its `type`.",
            "required": ["id", "type", "explain", "sources"],
            "properties": {
                "id": {
                    "type": "string",
                    "pattern": "^[a-z0-9][a-z0-9-]*$",
                    "minLength": 1,
                    "description": "A stable, unique slug (lowercase letters, "
                    "digits and dashes). Statistics follow it "
                    "across edits, so do not rename a question that "
                    "has been played.",
                    "markdownDescription": "A stable, unique **slug**: lowercase "
                    "letters, digits and dashes, e.g. "
                    "`district-considered`.\n"
                    "\n"
                    "Statistics follow the id across edits, "
                    "so do not rename a question that has "
                    "been played.",
                },
                "prompt": {
                    "type": ["string", "number"],
                    "description": "The question the player reads (verdict and "
                    "evidence questions have a default prompt).",
                    "markdownDescription": "The question the player reads.\n"
                    "\n"
                    "Optional for `verdict` and "
                    "`evidence` questions, which have a "
                    "default prompt and show the "
                    "`claim`.",
                },
                "explain": {
                    "type": ["string", "number"],
                    "description": "Why the answer is right, in a sentence or two; shown after the player answers.",
                    "markdownDescription": "Why the answer is right, in a "
                    "sentence or two; shown with the "
                    "source passage after the player "
                    "answers. Plain text or a small "
                    "safe Markdown subset.",
                    "pattern": "\\S",
                },
                "sources": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/source"},
                    "description": "One or more anchors {article, quote} that settle the answer.",
                    "markdownDescription": "One or more **anchors** that "
                    "settle the answer: `{article, "
                    "quote}`, with optional "
                    "`prefix`/`suffix` when the quote "
                    "occurs more than once in the "
                    "article.\n"
                    "\n"
                    "```yaml\n"
                    "sources:\n"
                    "  - article: "
                    "milano-endorsements-2024\n"
                    "    quote: I’m looking at "
                    "California’s 4th District\n"
                    "```",
                },
                "tags": {
                    "type": "array",
                    "description": "Free tags; quizzes can select questions by tag.",
                    "markdownDescription": "Free tags, e.g. `[endorsements-2024, "
                    "compare]`; a quiz can select "
                    "questions by tag.",
                    "items": {"type": ["string", "number"], "pattern": "\\S", "description": "A tag."},
                    "uniqueItems": True,
                },
                "skill": {
                    "anyOf": [
                        {
                            "enum": []  # SKILLS, filled in by _model_lists
                        },
                        {"type": ["string", "number"]},
                    ],
                    "examples": [],  # SKILLS, filled in by _model_lists
                    "description": "The media-literacy skill practised: "
                    "read-closely, check-the-date, who-said-it, "
                    "compare-sources, spot-the-error, "
                    "not-in-source, check-the-numbers, "
                    "find-the-evidence. Another name is allowed "
                    "but `quiz check` warns about it.",
                    "markdownDescription": "The media-literacy skill the "
                    "question practises; reports are "
                    "grouped by skill.\n"
                    "\n"
                    "- `read-closely`: Read the exact "
                    "wording.\n"
                    "- `check-the-date`: When was it "
                    "said, when was it published?\n"
                    "- `who-said-it`: Her own words, or "
                    "the reporter's?\n"
                    "- `compare-sources`: What do two "
                    "articles say differently?\n"
                    "- `spot-the-error`: Where an "
                    "article states something loosely or "
                    "wrongly against its own text.\n"
                    "- `not-in-source`: Notice when the "
                    "source does not say something.\n"
                    "- `check-the-numbers`: Numbers, "
                    "counts and ordinals.\n"
                    "- `find-the-evidence`: Point at the "
                    "sentence that proves a claim.\n"
                    "\n"
                    "Another name is accepted, but `quiz "
                    "check` warns about it (an error "
                    "with `--strict`).",
                },
                "difficulty": {
                    "enum": [],  # DIFFICULTIES, filled in by _model_lists
                    "description": "easy, medium or hard.",
                    "markdownDescription": "`easy`, `medium` or `hard`.",
                },
                "points": {
                    "type": "integer",
                    "minimum": 1,
                    "default": 1,
                    "description": "Points for a right answer: a whole number, at least 1 (default 1).",
                    "markdownDescription": "Points for a right answer: a whole number, at least 1 (default 1).",
                },
                "time": {
                    "type": "integer",
                    "minimum": 5,
                    "maximum": 600,
                    "description": "Seconds to answer this question in a live "
                    "session (5 to 600), instead of the session's "
                    "time.",
                    "markdownDescription": "Seconds to answer this question in a "
                    "**live** session, from 5 to 600. "
                    "Without it the question gets the "
                    "time per question the teacher chose "
                    "for the session; a longer read (an "
                    "`evidence` passage) may want more.",
                },
                "status": {
                    "enum": ["ready", "draft"],
                    "default": "ready",
                    "description": "ready (served) or draft (never served until a teacher marks it ready).",
                    "markdownDescription": "`ready` (the default: served to "
                    "players) or `draft` (never served; "
                    "`quiz draft` writes drafts for a "
                    "teacher to review).",
                },
                "rule": {
                    "type": ["string", "number"],
                    "description": "For machine drafts: the rule that made the question.",
                    "markdownDescription": "For machine drafts (`quiz draft`): the rule that made the question.",
                },
                "review": {
                    "type": "array",
                    "description": "For machine drafts: points for the teacher to review.",
                    "markdownDescription": "For machine drafts (`quiz draft`): "
                    "points for the teacher to review "
                    "before marking the question "
                    "`ready`.",
                    "items": {"type": ["string", "number"], "pattern": "\\S", "description": "A point to review."},
                },
            },
            "additionalProperties": False,
        },
        "source": {
            "type": "object",
            "description": "An anchor: a quote from an article, with prefix/suffix when it occurs more than once.",
            "markdownDescription": "An **anchor** (the W3C TextQuoteSelector idea): a `quote` "
            "copied from an `article`. Matching ignores Unicode forms, "
            "curly vs straight quotes, dash variants and runs of white "
            "space, but not case or wording. When the quote occurs more "
            "than once, add a `prefix` (text just before it) or a `suffix` "
            "(text just after it) to pick one occurrence.",
            "required": ["article", "quote"],
            "additionalProperties": False,
            "properties": {
                "article": {
                    "type": "string",
                    "pattern": "^[a-z0-9][a-z0-9-]*$",
                    "description": "The id of the article (its file articles/<id>.md).",
                    "markdownDescription": "The **id** of the article, as in its front matter (`articles/<id>.md`).",
                },
                "quote": {
                    "type": ["string", "number"],
                    "description": "The passage, copied from the article.",
                    "markdownDescription": "The passage, copied from the article: a sentence or a part of one.",
                    "pattern": "\\S",
                },
                "prefix": {
                    "type": ["string", "number"],
                    "description": "Text just before the quote, to pick one of several occurrences.",
                    "markdownDescription": "Text just **before** the quote in "
                    "the article, to pick one of several "
                    "occurrences; `quiz check` suggests "
                    "one.",
                },
                "suffix": {
                    "type": ["string", "number"],
                    "description": "Text just after the quote, to pick one of several occurrences.",
                    "markdownDescription": "Text just **after** the quote in the "
                    "article, to pick one of several "
                    "occurrences.",
                },
            },
        },
        "quiz": {
            "type": "object",
            "description": "A named quiz: an explicit list of question ids, or a filter by tags, articles or skills.",
            "markdownDescription": "A named quiz: either an explicit `questions` list (played in "
            "that order) or a filter by `tags`, `articles` and/or `skills` (a "
            "question must match each filter named; within one, any value "
            "matches). Only `ready` questions are served.",
            "required": ["id", "title"],
            "additionalProperties": False,
            "properties": {
                "id": {
                    "type": "string",
                    "pattern": "^[a-z0-9][a-z0-9-]*$",
                    "not": {"anyOf": [{"const": "all"}, {"pattern": "^article-"}]},
                    "description": 'A slug; "all" and ids starting with "article-" are '
                    "reserved for the built-in quizzes.",
                    "markdownDescription": "A slug (lowercase letters, digits, "
                    "dashes). `all` and ids starting with "
                    "`article-` are reserved for the built-in "
                    "quizzes.",
                },
                "title": {
                    "type": ["string", "number"],
                    "description": "The quiz's title, shown to players.",
                    "markdownDescription": "The quiz's title, shown to players.",
                    "pattern": "\\S",
                },
                "description": {
                    "type": ["string", "number"],
                    "description": "A sentence about the quiz, shown on the quiz list.",
                    "markdownDescription": "A sentence about the quiz, shown on the quiz list.",
                },
                "questions": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "minItems": 1,
                    "description": "Question ids, in the order they are played.",
                    "markdownDescription": "Question **ids**, in the order they "
                    "are played. Not together with "
                    "`tags`/`articles`/`skills`.",
                },
                "tags": {
                    "type": "array",
                    "description": "Select every question that has any of these tags.",
                    "markdownDescription": "Select every question that has any of these tags.",
                    "items": {"type": ["string", "number"], "pattern": "\\S", "description": "A tag."},
                    "uniqueItems": True,
                    "minItems": 1,
                },
                "articles": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "minItems": 1,
                    "description": "Select every question citing any of these articles (ids).",
                    "markdownDescription": "Select every question citing any of these articles (ids).",
                },
                "skills": {
                    "type": "array",
                    "uniqueItems": True,
                    "minItems": 1,
                    "items": {
                        "anyOf": [
                            {
                                "enum": []  # SKILLS, filled in by _model_lists
                            },
                            {"type": ["string", "number"]},
                        ],
                        "examples": [],  # SKILLS, filled in by _model_lists
                    },
                    "description": "Select every question practising any of these skills.",
                    "markdownDescription": "Select every question practising any of these skills.",
                },
                "confidence": {
                    "type": "boolean",
                    "default": False,
                    "description": 'Ask "How sure are you?" and score it (certainty-based marking).',
                    "markdownDescription": "Ask *How sure are you?* with each "
                    "answer and score it with "
                    "certainty-based marking (+1/+2/+3 "
                    "when right, 0/−2/−6 when wrong).",
                },
                "open_book": {
                    "type": "boolean",
                    "default": True,
                    "description": "The question page links to its article (default true).",
                    "markdownDescription": "The question page links to its article (default true).",
                },
            },
            "anyOf": [
                {"required": ["questions"]},
                {"required": ["tags"]},
                {"required": ["articles"]},
                {"required": ["skills"]},
            ],
            "if": {"required": ["questions"]},
            "then": {"properties": {"tags": False, "articles": False, "skills": False}},
        },
    },
}


def _field_help(name: str) -> dict:
    """A kind field at the question's top level: what it means in each kind that has it."""
    uses: dict[str, tuple[list[str], str]] = {}
    for kind in KINDS.values():
        spec = kind.schema().get(name)
        if spec is not None:
            kinds, _ = uses.setdefault(spec["description"], ([], spec.get("markdownDescription", spec["description"])))
            kinds.append(kind.name)
    text = " ".join(f"{', '.join(kinds)}: {description}" for description, (kinds, _) in uses.items())
    markdown = "\n".join(f"- **{'**, **'.join(kinds)}**: {md}" for kinds, md in uses.values())
    return {"description": text, "markdownDescription": markdown}


def _kind_rule(kind, fields: list[str]) -> dict:
    """``if type is this kind then`` its fields, required ones, and no field of another kind."""
    own = kind.schema()
    properties: dict = dict(own)
    properties.update({name: False for name in fields if name not in own})
    required = ["claim" if kind.asks_claim else "prompt"]
    required += [k for k in kind.keys if k not in kind.optional and k not in required]
    if not kind.asks_claim:
        properties["prompt"] = {"pattern": "\\S"}
    return {
        "if": {"properties": {"type": {"const": kind.name}}, "required": ["type"]},
        "then": {"properties": properties, "required": required},
    }


def _snippet(kind) -> dict:
    body = {"id": "", "type": kind.name}
    if not kind.asks_claim:
        body["prompt"] = ""
    body.update(kind.snippet())
    body.update({"explain": "", "sources": [{"article": "", "quote": ""}], "skill": "read-closely"})
    return {"label": f"{kind.name} question", "description": f"A new {kind.name} question", "body": body}


TABLE_HEAD = "| type | answer fields |\n|---|---|\n"


def _model_lists(doc: dict) -> None:
    """The skills and difficulties the checker knows, from the model (the frame only words them)."""
    skill = doc["$defs"]["question"]["properties"]["skill"]
    skill["anyOf"][0]["enum"] = list(SKILLS)
    skill["examples"] = list(SKILLS)
    skills = doc["$defs"]["quiz"]["properties"]["skills"]["items"]
    skills["anyOf"][0]["enum"] = list(SKILLS)
    skills["examples"] = list(SKILLS)
    doc["$defs"]["question"]["properties"]["difficulty"]["enum"] = list(DIFFICULTIES)


def schema() -> dict:
    """The whole JSON Schema of a bank file."""
    doc = copy.deepcopy(FRAME)
    question = doc["$defs"]["question"]
    fields = sorted({k for kind in KINDS.values() for k in kind.keys} | {"claim"})
    table = "\n".join(f"| `{kind.name}` | {kind.fields_help} |" for kind in KINDS.values())
    question["properties"]["type"] = {
        "type": "string",
        "enum": list(KINDS),
        "description": f"The question type: {', '.join(KINDS)}.",
        "markdownDescription": f"The question type; it decides the answer fields:\n\n{TABLE_HEAD}{table}",
        "enumDescriptions": [kind.summary for kind in KINDS.values()],
    }
    for name in fields:
        question["properties"][name] = _field_help(name)
    question["allOf"] = [_kind_rule(kind, fields) for kind in KINDS.values()]
    _model_lists(doc)
    question["defaultSnippets"] = [_snippet(kind) for kind in KINDS.values()]
    return doc


def schema_text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
