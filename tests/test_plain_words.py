"""A checker that speaks plainly: root causes once, mistakes in a teacher's words, silent mistakes caught."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from helpers import csrf, register_teacher
from test_check import ARTICLES, INTERVIEW, KERRY, assert_reported, at, bank

from quiz.cli import main

ARTICLE = "milano-senate-interview.md"


@pytest.fixture
def folder(tmp_path):
    """A bank folder with a copy of the repository's articles."""
    shutil.copytree(ARTICLES, tmp_path / "articles")
    return tmp_path


@pytest.fixture
def check(folder):
    """Write a bank into the folder and run `quiz check` on it: (result, path)."""

    def run(text: str, *options: str):
        path = folder / "questions.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(path), *options])
        assert "Traceback" not in result.output
        return result, path

    return run


def break_front_matter(folder, old: str, new: str) -> str:
    path = folder / "articles" / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("old", "new", "where", "said"),
    [
        ("published: null", 'published: "last week"', '"last week"', "published must be a date such as 2024-10-31"),
        (
            'title: "Is Alyssa Milano Running For U.S. Senator Or Another Political Office?"',
            "title: null",
            "null",
            'missing field "title"',
        ),
        ("outlet: null", "outlett: null", "outlett", 'unknown field "outlett" (did you mean "outlet"?)'),
    ],
)
def test_a_broken_article_is_one_error_at_its_own_line_with_what_cites_it(check, folder, old, new, where, said):
    path = break_front_matter(folder, old, new)
    result, bank_path = check(bank(KERRY, KERRY.replace("id: kerry", "id: kerry-again")))
    assert result.exit_code == 1
    article_text = (folder / "articles" / ARTICLE).read_text(encoding="utf-8")
    line, col = at(article_text, where)
    found = assert_reported(result.output, path, (line, col), f"article {INTERVIEW} is not usable: {said}")
    assert found.endswith("; 2 questions cite it")
    assert "unknown article" not in result.output
    assert sum(": error: " in out for out in result.output.splitlines()) == 1


def test_a_front_matter_without_its_closing_line_is_said_once(check, folder):
    path = folder / "articles" / ARTICLE
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    path.write_text(head + "\n" + body, encoding="utf-8")  # the closing --- is gone
    result, _bank_path = check(bank(KERRY))
    assert f"article {INTERVIEW} is not usable: an article starts with a '---' line" in result.output
    assert "1 question cites it" in result.output and "unknown article" not in result.output


def test_type_errors_say_what_is_expected_in_the_banks_terms(check):
    number = KERRY.replace("type: truefalse", "type: number").replace("answer: true", 'answer: "$7,700"')
    result, path = check(bank(number))
    assert_reported(
        result.output, path, at(bank(number), '"$7,700"'), 'answer must be a number such as 7700, not the text "$7,700"'
    )
    verdict = (
        KERRY.replace("type: truefalse", "type: verdict")
        .replace("prompt:", "claim:")
        .replace("answer: true", "answer: maybe")
    )
    result, path = check(bank(verdict))
    assert_reported(
        result.output,
        path,
        at(bank(verdict), "maybe"),
        'a verdict\'s answer is supported, refuted or not-in-source, not "maybe"',
    )


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        (
            "back in 2004, she campaigned for democratic presidential nominee john kerry.",
            'only letter case differs (the article writes "Back in 2004, she campaigned for Democratic presidential',
        ),
        ("Back in 2004, she campaigned for Democratic nominee John Kerry.", 'it leaves out "presidential"'),
        (
            "Back in 2004, she worked for Democratic presidential nominee John Kerry.",
            'it has "worked" where the article has "campaigned"',
        ),
    ],
)
def test_a_near_miss_quote_names_the_words_that_differ(check, quote, said):
    text = bank(KERRY.replace("Back in 2004, she campaigned for Democratic presidential nominee John Kerry.", quote))
    result, path = check(text)
    assert_reported(result.output, path, at(text, quote), f'quote not found in "{INTERVIEW}": {said}')


def test_silent_mistakes_are_warnings(check, folder):
    quizzes = "quizzes:\n  - id: later\n    title: Later\n    questions: [kerry-draft]\n"
    draft = KERRY.replace("id: kerry", "id: kerry-draft") + "    status: draft\n"
    misquote = KERRY.replace(
        "explain: The interview piece says so.", "explain: It says “she campaigned for Hillary Clinton in 2004”."
    )
    one = folder / "articles" / "one-paragraph.md"
    one.write_text(
        '---\nid: one-paragraph\ntitle: "One"\n---\n\n' + "\n".join(["A line of the article that goes on."] * 20) + "\n"
    )
    text = bank(misquote, draft, quizzes=quizzes)
    result, path = check(text)
    output = result.output
    assert_reported(
        output,
        path,
        at(text, "It says “she"),
        "the explanation quotes “she campaigned for Hillary Clinton in 2004”",
        "warning",
    )
    assert_reported(output, path, at(text, "id: later"), 'every question of the quiz "later" is a draft', "warning")

    for other in (folder / "articles").glob("*.md"):  # a bank of one article, and a source question in it
        if other.name != ARTICLE:
            other.unlink()
    source = (
        "  - id: which\n    type: source\n    prompt: Which article says it?\n    answer: milano-senate-interview\n"
        "    explain: This one.\n    sources:\n"
        "      - article: milano-senate-interview\n        quote: Back in 2004, she campaigned\n"
    )
    result, path = check(bank(source))
    assert "a source question needs at least two articles to choose from; it has 1" in result.output
    assert "the article is one paragraph of 160 words: its 19 single line breaks probably meant paragraphs" in output


def test_the_same_words_at_the_same_place_in_the_cli_its_json_and_the_editor(app, check):
    text = bank(KERRY.replace("answer: true", 'answer: "yes please"').replace("prompt: She", "prompt: Who: She"))
    result, path = check(text)
    cli = [line for line in result.output.splitlines() if ": error: " in line]
    as_json, _path = check(text, "--format", "json")
    listed = json.loads(as_json.output)
    problems = [p for f in listed["files"] for p in f["problems"]] if "files" in listed else listed["problems"]
    assert [(p["line"], p["col"], p["message"]) for p in problems if p["severity"] == "error"] == [
        (int(m[1]), int(m[2]), m[3]) for m in (re.search(r":(\d+):(\d+): error: (.*)$", line) for line in cli)
    ]
    teacher = register_teacher(app, "ann@school.example")
    copied = teacher.post("/library/sample/copy", data={"csrf_token": csrf(teacher.get("/library/").data)})
    bank_id = int(re.search(r"/library/(\d+)/", copied.location).group(1))
    page = teacher.get(f"/library/{bank_id}/edit").data.decode()
    checked = teacher.post(
        f"/library/{bank_id}/check", json={"text": text}, headers={"X-CSRFToken": csrf(page)}
    ).get_json()
    from_editor = [(p["line"], p["col"], p["message"]) for p in checked["problems"] if p["severity"] == "error"]
    assert [(line, col, message) for line, col, message in from_editor] == [
        (p["line"], p["col"], p["message"]) for p in problems if p["severity"] == "error"
    ]


# -- passages a reader accepts ---------------------------------------------------------------------


def passages_of(app, bank, question_id: str):
    from quiz.web.render import passages

    with app.test_request_context():
        return passages(bank, bank.question(question_id).sources)


def test_the_ordering_question_reveals_the_posts_not_only_their_signatures(app, bank):
    shown = passages_of(app, bank, "order-interview-posts")
    text = " ".join(str(html) for p in shown for _i, html in p.paragraphs)
    for words in ("3 million marched", "write ‘me too'", "Ready for some real facts about #NetNeutrality?"):
        assert words in text.replace("&#39;", "'")
    assert all("<mark>" in str(html) for p in shown for _i, html in p.paragraphs)


def test_a_signature_line_alone_is_shown_with_the_post_it_closes(app, bank):
    from dataclasses import replace

    from quiz.content.anchor import locate

    article = bank.articles["milano-endorsements-2024"]
    signature = "— Alyssa Milano (@Alyssa_Milano) May 20, 2021"
    start, end = locate(article, signature).span
    question = bank.question("order-post-then-publication")
    anchor = replace(question.sources[0], quote=signature, start=start, end=end)
    from quiz.web.render import passages

    with app.test_request_context():
        (card,) = passages(bank, (anchor,))
    shown = " ".join(str(html) for _i, html in card.paragraphs)
    assert "This is my Congressman." in shown and "Should I run against him?" in shown
    assert "In 2021, Alyssa briefly considered" not in shown  # the article's own prose is not the post


def test_several_sources_in_one_paragraph_make_one_card_with_every_highlight(app, bank):
    from quiz.content.anchor import locate
    from quiz.content.model import Anchor
    from quiz.web.render import passages

    article = bank.articles["milano-senate-interview"]
    one = locate(article, "Back in 2004").span
    two = locate(article, "John Kerry").span
    anchors = (Anchor(article.id, "Back in 2004", *one), Anchor(article.id, "John Kerry", *two))
    with app.test_request_context():
        cards = passages(bank, anchors)
    assert len(cards) == 1
    assert str(cards[0].paragraphs[0][1]).count("<mark>") == 2


def test_a_text_fragment_uses_the_passages_own_words_in_the_fragment_syntax(bank):
    from dataclasses import replace
    from urllib.parse import unquote

    from quiz.content.model import Anchor
    from quiz.web.render import text_fragment

    body = "Before. Milano said, 'It's a long-shot, but — maybe — I'll run & win,' on Friday. After."
    article = replace(bank.articles["sbs-milano-politics"], body=body, url="https://example.org/a#top")
    for quote in ("'It's a long-shot, but", "'It's a long-shot, but — maybe — I'll run & win,' on Friday."):
        start = body.index(quote)
        link = text_fragment(article, Anchor(article.id, quote, start, start + len(quote)))
        assert link.startswith("https://example.org/a#:~:text=")
        parts = link.split("#:~:text=", 1)[1].split(",")  # textStart[,textEnd]: the syntax's own commas
        assert 1 <= len(parts) <= 2
        assert all("-" not in part and "&" not in part for part in parts)  # a dash or & inside is encoded
        start_words, end_words = unquote(parts[0]).split(), unquote(parts[-1]).split()
        words = quote.split()
        assert words[: len(start_words)] == start_words and words[len(words) - len(end_words) :] == end_words


def test_what_a_review_found_in_the_plain_words(check, folder):
    from quiz.content.yamlpos import YamlError, parse

    def said(text: str) -> tuple[tuple[int, int], str]:
        with pytest.raises(YamlError) as caught:
            parse(text)
        return caught.value.pos, caught.value.message

    after_a_list = "q:\n  - id: a\n    sources:\n      - article: x\n        quote: y\n    prompt: Who said: this?\n"
    assert said(after_a_list)[1].startswith("a colon followed by a space inside a value ends the value")
    assert said('q:\n  - id: a\n    prompt: "C:\\\\Users\\\\x"\n'.replace("\\\\", "\\"))[1].startswith(
        "a backslash inside double quotes starts an escape"
    )
    assert said("q:\n  - id: a\n    claim\n    prompt: x\n") == (
        (3, 5),
        "this line needs a colon after its field name (name: value) "
        "(YAML: while scanning a simple key could not find expected ':')",
    )
    # One question citing an unusable article twice counts once; a tag typo elsewhere is still said.
    break_front_matter(folder, "published: null", 'published: "soon"')
    twice = KERRY + "      - article: milano-senate-interview\n        quote: John Kerry\n"
    typo = "quizzes:\n  - id: typo\n    title: Typo\n    tags: [kery]\n"
    result, _path = check(bank(twice, quizzes=typo))
    assert "; 1 question cites it" in result.output
    assert 'no question has the tag "kery"' in result.output


def test_merged_cards_meet_again_and_a_post_stops_at_the_one_before(app, bank):
    from quiz.content.model import Anchor
    from quiz.web.render import embed_start, passages

    article = bank.articles["milano-senate-interview"]
    spans = article.paragraphs
    first, fifth = spans[0], spans[4]
    anchors = (
        Anchor(article.id, "x", *first),
        Anchor(article.id, "x", *fifth),
        Anchor(article.id, "x", first[0], fifth[1]),
    )
    with app.test_request_context():
        cards = passages(bank, anchors)
    assert len(cards) == 1 and [i for i, _html in cards[0].paragraphs] == [0, 1, 2, 3, 4]
    signatures = [i for i, (s, e) in enumerate(spans) if article.body[s:e].startswith("— Alyssa Milano")]
    assert len(signatures) >= 2
    assert embed_start(article, signatures[1]) > signatures[0]


def test_an_article_whose_front_matter_cannot_be_read_is_still_named_by_its_id(check, folder):
    renamed = folder / "articles" / "old-name.md"
    (folder / "articles" / ARTICLE).rename(renamed)
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace("outlet: null", "outlet: [unclosed"), encoding="utf-8"
    )
    result, _path = check(bank(KERRY))
    assert f"article {INTERVIEW} is not usable: " in result.output and "; 1 question cites it" in result.output
    assert "unknown article" not in result.output
