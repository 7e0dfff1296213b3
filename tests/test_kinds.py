"""Question kinds as parts: one module each, the schema made from them, a root free of Flask, migrations at deploy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quiz.cli import main
from quiz.content.loader import load_bank_text
from quiz.kinds import KINDS, TYPES, Kind, kind_of, score
from quiz.kinds.exchange import Typed
from quiz.kinds.schema import schema, schema_text
from quiz.scoring import Score

REPO = Path(__file__).resolve().parents[1]


def test_the_shipped_schema_is_the_one_the_kinds_generate():
    shipped = (REPO / "quiz" / "schema" / "questions.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), "run `quiz schema > quiz/schema/questions.schema.json`"
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0 and printed.output == shipped


def test_the_schema_lists_every_kind_with_its_rule_and_snippet():
    made = schema()
    question = made["$defs"]["question"]
    assert question["properties"]["type"]["enum"] == list(TYPES)
    ruled = [rule["if"]["properties"]["type"]["const"] for rule in question["allOf"]]
    assert ruled == list(TYPES)
    assert [s["body"]["type"] for s in question["defaultSnippets"]] == list(TYPES)


def test_each_kind_is_one_module_with_its_own_template():
    for name, kind in KINDS.items():
        assert type(kind).__module__ == f"quiz.kinds.{name}"
        assert (REPO / "templates" / kind.template).is_file(), kind.template


# A question's type is asked of its kind; no code outside the kinds (and their templates) branches on it.
DISPATCH = re.compile(r"""\.type\s*(==|!=|\bin\b|\bnot\s+in\b)|\[["']type["']\]\s*(==|!=|in\b)|SCORERS\[|TYPE_KEYS""")


def test_no_code_outside_the_kinds_branches_on_a_question_type():
    found = []
    for path in [*(REPO / "quiz").rglob("*.py"), *(REPO / "templates").rglob("*.html")]:
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith(("quiz/kinds/", "templates/kinds/")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DISPATCH.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_core_packages_load_without_flask_sqlalchemy_or_wtforms():
    code = (
        "import sys\n"
        "import quiz.content, quiz.kinds, quiz.kinds.schema, quiz.scoring, quiz.drafts, quiz.formats\n"
        "web = ('flask', 'flask_wtf', 'flask_sqlalchemy', 'flask_login', 'wtforms', 'sqlalchemy', 'werkzeug')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in web))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert done.stdout.strip() == "[]"
    # and the app factory lives on its own, where the README's gunicorn command names it
    assert "quiz.app:create_app()" in (REPO / "README.md").read_text(encoding="utf-8")


class Percent(Kind):
    """The README's worked example of a tenth kind: a percentage, right within 5 points."""

    name = "percent"
    keys = ("answer",)
    summary = "Type a percentage."
    fields_help = "`answer` (0–100)"

    def load(self, f, articles, sources):
        answer = f.number("answer", required=True, minimum=0)
        if answer is not None and answer > 100:
            f.report.error(f.pos("answer"), "a percentage is at most 100")
        return {"answer": answer}

    def schema(self):
        return {"answer": {"type": "number", "minimum": 0, "maximum": 100, "description": "The percentage."}}

    def snippet(self):
        return {"answer": 50}

    def parse(self, shown, values):
        return str(values.get("text") or "").strip().rstrip("%")

    def score(self, question, response):
        try:
            return Score.of(abs(float(response) - question.answer) <= 5)
        except ValueError:
            return Score.wrong()

    def answer_text(self, question, articles=None):
        return f"{question.answer:g}%"

    def exchange(self, question, bank):
        return Typed((f"{question.answer:g}",))


PERCENT_BANK = """
questions:
  - id: share
    type: percent
    prompt: What share of the vote?
    answer: 45
    explain: It says 45 percent.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: too-much
    type: percent
    prompt: What share?
    answer: 140
    explain: No.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
"""


def test_a_tenth_kind_is_one_module_and_the_rest_asks_it(monkeypatch):
    monkeypatch.setitem(KINDS, "percent", Percent())
    result = load_bank_text(PERCENT_BANK, "questions.yaml", base=REPO)
    errors = [p.message for p in result.problems if p.severity == "error"]
    assert errors == ["a percentage is at most 100"]
    question = result.bank.question("share")
    assert kind_of(question).name == "percent"
    assert score(question, "47").correct and not score(question, "60").correct
    generated = schema()["$defs"]["question"]
    assert "percent" in generated["properties"]["type"]["enum"]
    assert generated["allOf"][-1]["then"]["required"] == ["prompt", "answer"]


def test_each_kinds_schema_names_only_its_own_fields():
    for kind in KINDS.values():
        assert set(kind.schema()) <= set(kind.keys) | {"claim"}, kind.name
        assert set(kind.snippet()) <= set(kind.keys), kind.name


def test_json_of_the_schema_is_what_editors_read():
    text = schema_text()
    assert json.loads(text)["$defs"]["question"]["additionalProperties"] is False
