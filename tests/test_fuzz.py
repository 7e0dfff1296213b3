"""No input of any kind gives a traceback: random and mutated banks and articles (hypothesis)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.content.anchor import locate
from quiz.content.articles import parse_article, read_article
from quiz.content.loader import LoadResult, load_bank_text
from quiz.content.problems import ERROR, WARNING, Report
from quiz.content.text import fold, normalize

REPO = Path(__file__).resolve().parents[1]
SMALL_BANK = REPO / "tests" / "data" / "small-bank.yaml"
BANK_TEXT = SMALL_BANK.read_text(encoding="utf-8")
ARTICLE_FILES = sorted((REPO / "articles").glob("*.md"))
ARTICLE_TEXTS = [path.read_text(encoding="utf-8") for path in ARTICLE_FILES]
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML and of this bank's vocabulary, so random text often gets past the first line.
YAML_BITS = [
    ":",
    "-",
    "?",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "\n",
    "\t",
    " ",
    "- ",
    ": ",
    "\n  ",
    "\n    ",
    "\n      - ",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!!python/name:os.system ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "<<: ",
    "~",
    "null",
    "true",
    "no",
    "1e999",
    ".nan",
    "-.inf",
    "0x1F",
    "0o17",
    "2024-01-01",
    "2024-13-45",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "title",
    "questions",
    "quizzes",
    "articles",
    "id",
    "type",
    "choice",
    "multi",
    "truefalse",
    "verdict",
    "text",
    "number",
    "order",
    "evidence",
    "source",
    "prompt",
    "claim",
    "choices",
    "answer",
    "answers",
    "items",
    "explain",
    "sources",
    "article",
    "quote",
    "prefix",
    "suffix",
    "tags",
    "skill",
    "points",
    "status",
    "fuzzy",
    "tolerance",
    "sbs-milano-politics",
    "It's something",
    "\u2019",
    "\u2014",
    "e\u0301",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud7ff",
]
yamlish = st.lists(st.sampled_from(YAML_BITS), max_size=80).map("".join)
controls = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Po", "Ps", "Pe", "Sm", "Mn"]))
any_text = st.one_of(st.text(), yamlish, controls)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A folder with a copy of the articles, where a bank's `articles:` may point anywhere near."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "articles", folder / "articles")
    return folder


def assert_clean(result: LoadResult, text: str, display: str) -> None:
    """A result, and problems a user can act on: a position inside the file, a severity, a message."""
    assert isinstance(result, LoadResult)
    lines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))  # YAML's line breaks
    for problem in result.problems:
        assert problem.severity in (ERROR, WARNING)
        assert isinstance(problem.message, str) and problem.message.strip()
        assert problem.line >= 1 and problem.col >= 1, problem
        if problem.path == display:
            assert problem.line <= lines, (problem, lines)
        problem.format()
    if result.ok:
        assert result.bank is not None


# --- (a) random text -------------------------------------------------------------------------------


@FUZZ
@given(text=any_text)
def test_random_text_never_raises(base, text):
    assert_clean(load_bank_text(text, "random.yaml", base=base), text, "random.yaml")


@FUZZ
@given(head=yamlish, tail=any_text)
def test_random_text_after_a_valid_start_never_raises(base, head, tail):
    text = "title: Fuzz\nquestions:\n  - id: q\n    type: choice\n    " + head + tail
    assert_clean(load_bank_text(text, "random.yaml", base=base), text, "random.yaml")


# --- (b) mutations of a valid bank -----------------------------------------------------------------


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` after one to four random edits of the kinds a hurried teacher makes."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "truncate", "replace"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            stripped = lines[i].lstrip(" ")
            lines[i] = draw(st.sampled_from(["", " ", "  ", "   ", "\t", "      ", "          "])) + stripped
        elif kind == "replace":
            lines[i] = draw(yamlish)
        if kind in ("insert", "truncate"):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(min_size=1, max_size=3)) + text[at:] if kind == "insert" else text[:at]
        else:
            text = "\n".join(lines)
    return text


def test_the_bank_before_mutation_is_clean():
    result = load_bank_text(BANK_TEXT, "small-bank.yaml", base=SMALL_BANK.parent)
    assert result.ok and result.problems == []
    assert len(result.bank.questions) == 9


@FUZZ
@given(text=mutated(BANK_TEXT))
def test_mutated_bank_never_raises(text):
    assert_clean(load_bank_text(text, "mutated.yaml", base=SMALL_BANK.parent), text, "mutated.yaml")


# --- (c) articles ----------------------------------------------------------------------------------


def exercise(article) -> None:
    """What the loader and the web pages use of an article: its folded text, paragraphs, sentences, positions."""
    body = article.body
    assert body.strip()
    for start, end in article.paragraphs + article.sentences:
        assert 0 <= start < end <= len(body)
        article.position(start)
    assert len(article.normalized.starts) == len(article.normalized.text)


@FUZZ
@given(text=any_text)
def test_random_article_text_never_raises(text):
    for raw in (text, "---\nid: a\ntitle: A\n---\n" + text, "---\n" + text + "\n---\nBody.\n"):
        article, report = parse_article(raw, Report("a.md"), default_id="a")
        assert all(p.line >= 1 and p.col >= 1 for p in report.problems)
        if article is not None:
            exercise(article)


@FUZZ
@given(data=st.data())
def test_mutated_article_never_raises(data):
    text = data.draw(mutated(data.draw(st.sampled_from(ARTICLE_TEXTS))))
    article, report = parse_article(text, Report("a.md"), default_id="a")
    assert all(p.line >= 1 and p.col >= 1 for p in report.problems)
    if article is not None:
        exercise(article)
        quote = data.draw(st.one_of(any_text, st.sampled_from(article.body.split("\n"))))
        found = locate(article, quote, data.draw(st.none() | any_text), data.draw(st.none() | any_text))
        if found.span:
            assert 0 <= found.span[0] < found.span[1] <= len(article.body)


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_reading_any_bytes_as_an_article_never_raises(tmp_path_factory, content):
    path = tmp_path_factory.getbasetemp() / "fuzz-article.md"
    path.write_bytes(content)
    article, report = read_article(path)
    assert article is not None or any(p.severity == ERROR for p in report.problems)


# --- anchoring: any passage of an article anchors back to itself -----------------------------------

ARTICLES = [parse_article(text, Report(str(path)))[0] for text, path in zip(ARTICLE_TEXTS, ARTICLE_FILES, strict=True)]
assert all(ARTICLES), "a seed article does not parse"


@FUZZ
@given(data=st.data())
def test_any_passage_of_an_article_is_found_or_reported_ambiguous(data):
    article = data.draw(st.sampled_from(ARTICLES))
    body = article.body
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, min(len(body), start + 300)))
    passage = body[start:end]
    if not fold(passage):
        return
    found = locate(article, passage)
    spans = [found.span] if found.span else list(found.occurrences)
    assert found.span or len(found.occurrences) >= 2, (passage, found)
    assert any(start <= s and e <= end for s, e in spans)  # the passage itself is among them
    for s, e in spans:
        assert fold(body[s:e]) == fold(passage)


@FUZZ
@given(text=st.text(alphabet=st.characters(max_codepoint=127)))
def test_folding_ascii_takes_a_shortcut_to_the_same_result(text):
    assert fold(text) == normalize(text).text.strip()
