"""The drafting rules and the checks, each registered once with its name, id code, prior and what it does.

A rule's name is what a draft records (``rule:``); its code is the middle of its question ids; its prior is
where its drafts start in the ranking (``rank.score``). A check's name is its key in ``Draft.checks``; the checks
(``checks.CHECKS``) run in the order they are registered. A new rule is registered here, made with
``make.draft(..., rule=NAME)`` (unregistered names are refused) and tested in ``tests/test_draft_rules.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One way of making a draft from an article."""

    name: str
    code: str  # in question ids
    prior: float  # the ranking's starting score
    module: str  # where the drafts are made (quiz/drafts/<module>.py)
    does: str


@dataclass(frozen=True)
class Check:
    """A check drafts must pass where it applies: ``run`` gives True, False (noting why in ``check_notes``) or None."""

    name: str
    does: str
    run: Callable[..., bool | None]


_RULES = (
    Rule("wh-how-many", "how-many", 3.0, "questions", "How many …? about a counted phrase"),
    Rule("wh-when", "when", 3.0, "questions", "When …? about the date of the main verb"),
    Rule("wh-which", "which", 2.6, "questions", "Which …? naming what is asked for (which senator)"),
    Rule("wh-subject", "who", 2.3, "questions", "Who …? about the person who is the sentence's subject"),
    Rule("wh-where", "where", 2.1, "questions", "Which district …? about a place unit named"),
    Rule("who-said-it", "said", 2.4, "speech", "who said a quotation (interviews: guest or reporter)"),
    Rule("post-date", "posted", 2.2, "speech", "when a quoted social-media post was made"),
    Rule("verdict-swap", "changed", 2.5, "claims", "a claim with one number, date or district changed: refuted"),
    Rule("verdict-not-in-source", "absent", 2.3, "evidence", "a claim from another article: not in the source"),
    Rule("verdict-supported", "true", 2.0, "claims", "a claim the sentence states, reworded: supported"),
    Rule("verdict-opposite", "opposite", 2.3, "opposites", "a claim with one word turned to its opposite: refuted"),
    Rule("verdict-negation", "negated", 1.9, "claims", "a claim with its verb (un)negated: refuted"),
    Rule("gap-fill", "gap", 1.6, "questions", "a sentence with its key phrase left blank"),
    Rule("source-only-here", "source", 1.7, "evidence", "which article says it, when only one does"),
    Rule("truefalse", "tf", 1.9, "combine", "true or false, from a checked verdict claim"),
    Rule("multi-claims", "says", 2.4, "combine", "which of these does the article say (2 true, 2 changed)"),
    Rule("order-dates", "order", 2.8, "combine", "the article's events in the order of their dates"),
    Rule("evidence", "evidence", 1.3, "evidence", "which sentence settles a claim"),
)
RULES: dict[str, Rule] = {rule.name: rule for rule in _RULES}


def rule(name: str) -> Rule:
    """The registered rule ``name``; an unregistered name is a programming error."""
    if name not in RULES:
        raise KeyError(f"drafting rule {name!r} is not registered in quiz/drafts/registry.py")
    return RULES[name]
