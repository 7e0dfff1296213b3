"""`quiz check`: every mistake a teacher can make is reported at its line and column, all at once."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import skip_or_fail

from quiz.cli import main
from quiz.content import load_bank
from quiz.content.text import fold

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "articles"
SMALL_BANK = REPO / "tests" / "data" / "small-bank.yaml"
SBS = "sbs-milano-politics"
ENDORSEMENTS = "milano-endorsements-2024"
INTERVIEW = "milano-senate-interview"

KERRY = """\
  - id: kerry
    type: truefalse
    prompt: She campaigned for John Kerry in 2004.
    answer: true
    explain: The interview piece says so.
    sources:
      - article: milano-senate-interview
        quote: Back in 2004, she campaigned for Democratic presidential nominee John Kerry.
"""
DISTRICT = """\
  - id: district
    type: choice
    prompt: Which district did she consider?
    choices: ["California's 4th", "California's 14th", "Nevada's 3rd"]
    answer: "California's 4th"
    explain: She told The Hill so.
    sources:
      - article: milano-endorsements-2024
        quote: I’m looking at California’s 4th District
"""


def bank(*questions: str, quizzes: str = "") -> str:
    """A bank text; the articles folder is the default `articles` beside it."""
    return "title: Test bank\n" + quizzes + "questions:\n" + "".join(questions)


def at(text: str, fragment: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column where the ``nth`` occurrence of ``fragment`` starts in ``text``."""
    index = -1
    for _ in range(nth):
        index = text.index(fragment, index + 1)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def problem_lines(output: str, path: Path) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if line.startswith(f"{path}:") and ": OK: " not in line and ": FAILED: " not in line
    ]


def assert_reported(output: str, path: Path, pos: tuple[int, int], fragment: str, severity: str = "error") -> str:
    """The line reporting ``fragment`` at ``pos``; fails with the whole output otherwise."""
    head = f"{path}:{pos[0]}:{pos[1]}: {severity}: "
    for line in output.splitlines():
        if line.startswith(head) and fragment in line:
            return line
    raise AssertionError(f"no {head}...{fragment!r} in:\n{output}")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a copy of the repository's articles, as a teacher's checkout has."""
    shutil.copytree(ARTICLES, tmp_path / "articles")
    return tmp_path


@pytest.fixture
def check(folder: Path):
    """Write a bank into the folder and run `quiz check` on it: (result, path)."""

    def run(text: str | bytes, *options: str, name: str = "questions.yaml"):
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(path), *options])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result, path

    return run


def test_a_clean_bank_exits_0_with_the_summary(check):
    text = bank(KERRY, DISTRICT, quizzes="quizzes:\n  - id: pair\n    title: Pair\n    questions: [kerry, district]\n")
    result, path = check(text)
    assert result.exit_code == 0, result.output
    assert problem_lines(result.output, path) == []
    assert result.output.strip() == (
        f"{path}: OK: 2 questions (choice 1, truefalse 1); per article: {ENDORSEMENTS} 1, {INTERVIEW} 1, {SBS} 0; "
        "quizzes: pair 2; 0 errors, 0 warnings"
    )


def test_every_type_in_one_clean_bank():
    result = CliRunner().invoke(main, ["check", str(SMALL_BANK)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    summary = result.output.strip()
    assert summary.startswith(f"{SMALL_BANK}: OK: 9 questions (choice 1, multi 1, truefalse 1, verdict 1, text 1, ")
    assert summary.endswith("0 errors, 0 warnings")


# --- each mistake, at its line and column ----------------------------------------------------------


def test_yaml_syntax_error_with_position(check):
    text = bank(KERRY.replace("prompt: She campaigned", "prompt: Quiz: she campaigned"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output,
        path,
        at(text, ": she campaigned"),
        "a colon followed by a space inside a value ends the value: put the whole value in quotes",
    )
    assert len(problem_lines(result.output, path)) == 1


def test_a_tab_in_the_indentation_is_a_syntax_error_at_the_tab(check):
    text = bank(KERRY.replace("    answer: true", "\tanswer: true"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output, path, at(text, "\tanswer"), "a tab character: YAML indents with spaces only; replace the tab"
    )


@pytest.mark.parametrize(
    ("broken", "where", "words"),
    [
        (
            ("    answer: true", "     answer: true"),
            "     answer",
            "this line is indented 5 spaces; the lines around it use 4",
        ),
        (
            ("    prompt: She campaigned", '    prompt: "She campaigned'),
            '"She campaigned',
            "this quote is never closed",
        ),
    ],
)
def test_common_yaml_mistakes_are_explained_in_plain_words_at_their_line(check, broken, where, words):
    text = bank(KERRY.replace(*broken))
    result, path = check(text)
    assert result.exit_code == 1
    line, col = at(text, where)
    assert_reported(result.output, path, (line, 1 if "indented" in words else col), words)


def test_a_list_item_without_its_dash_is_named_at_its_line(check):
    text = bank(KERRY) + "  - id: extra\n    type: multi\n    prompt: Which?\n    choices:\n      - one\n      two\n"
    result, path = check(text)
    line, _col = at(text, "      two")
    assert_reported(result.output, path, (line, 7), 'this line looks like a list item without its dash: write "- two"')


def test_unknown_key_with_did_you_mean(check):
    text = bank(KERRY.replace("    explain:", "    explian:"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output, path, at(text, "explian:"), 'unknown key "explian" in this question (did you mean "explain"?)'
    )


def test_a_key_of_another_type_is_named_as_such(check):
    text = bank(KERRY.replace("    answer: true\n", "    answer: true\n    choices: [yes, no]\n"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "choices:"), '"choices" is not used by a truefalse question')


def test_missing_field_is_reported_at_the_question(check):
    text = bank(KERRY, DISTRICT.replace("    explain: She told The Hill so.\n", ""))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "id: district"), 'missing "explain" in this question')


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "    explain: She told The Hill so.\n",
            "    explain: She told The Hill so.\n    points: many\n",
            "many",
            'points must be a whole number such as 2, not the text "many"',
        ),
        (
            'choices: ["California\'s 4th", "California\'s 14th", "Nevada\'s 3rd"]',
            "choices: California's 4th",
            "California's 4th\n",
            '"choices" must be a list, not the text "California\'s 4th"',
        ),
        (
            "    prompt: Which district did she consider?",
            "    prompt: [Which, district]",
            "[Which",
            '"prompt" must be text, not a list',
        ),
    ],
    ids=["points", "choices", "prompt"],
)
def test_mistyped_field_at_its_value(check, old, new, where, message):
    text = bank(DISTRICT.replace(old, new))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, where), message)


def test_duplicate_ids_point_at_the_second_and_name_the_first(check):
    text = bank(KERRY, DISTRICT.replace("id: district", "id: kerry"))
    result, path = check(text)
    assert result.exit_code == 1
    first_line = at(text, "id: kerry")[0]
    assert_reported(
        result.output, path, at(text, "kerry", nth=2), f'duplicate id "kerry" (first used on line {first_line})'
    )


def test_duplicate_ids_are_caught_when_written_as_numbers(check):
    text = bank(KERRY.replace("id: kerry", "id: 2004"), DISTRICT.replace("id: district", 'id: "2004"'))
    result, path = check(text)
    assert result.exit_code == 1
    first_line = at(text, "id: 2004")[0]
    assert_reported(result.output, path, at(text, '"2004"'), f'duplicate id "2004" (first used on line {first_line})')


def test_a_value_with_a_tag_it_does_not_fit(check):
    text = bank(
        KERRY.replace("answer: true", "answer: !!bool maybe"),
        DISTRICT.replace("explain: She", "explain: !!timestamp She"),
    )
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "!!bool maybe"), "cannot read this value as !!bool")


def test_a_control_character_is_reported_where_it_is(check):
    text = bank(KERRY.replace("prompt: She campaigned", "prompt: Señora Milano\x07 campaigned"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "\x07"), "unacceptable character #x0007")


def test_an_unfinished_last_line_is_reported_on_that_line(check):
    text = bank(KERRY) + "  - id: [unfinished"  # libyaml puts this error on a line after the file
    result, path = check(text)
    assert result.exit_code == 1
    lines = text.split("\n")
    assert_reported(result.output, path, (len(lines), len(lines[-1]) + 1), "did not find expected ',' or ']'")


def test_not_a_number_is_named(check):
    number = KERRY.replace("type: truefalse", "type: number").replace(
        "answer: true", "answer: 2004\n    tolerance: .nan"
    )
    text = bank(number)
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, ".nan"), "tolerance must be a number such as 5, not NaN")


def test_answer_not_among_the_choices(check):
    text = bank(DISTRICT.replace('answer: "California\'s 4th"', 'answer: "California\'s 5th"'))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output,
        path,
        at(text, '"California\'s 5th"'),
        'the answer "California\'s 5th" is not among the choices (did you mean "California\'s 4th"?)',
    )


def test_multi_answers_not_among_the_choices_point_at_the_item(check):
    text = bank(
        DISTRICT.replace("type: choice", "type: multi").replace(
            'answer: "California\'s 4th"', 'answers: ["California\'s 4th", Ohio]'
        )
    )
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "Ohio"), 'the answer "Ohio" is not among the choices')


def test_duplicate_choices_point_at_the_repeat(check):
    text = bank(DISTRICT.replace('"Nevada\'s 3rd"]', '"california\'s  4th"]'))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, '"california'), 'appears twice in "choices"')


@pytest.mark.parametrize(
    ("choices", "count"),
    [('["California\'s 4th"]', 1), ('["California\'s 4th", b, c, d, e, f, g]', 7)],
    ids=["one", "seven"],
)
def test_too_few_or_too_many_choices(check, choices, count):
    text = bank(DISTRICT.replace('["California\'s 4th", "California\'s 14th", "Nevada\'s 3rd"]', choices))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, choices), f'"choices" needs 2 to 6 choices, not {count}')


@pytest.mark.parametrize(("items", "count"), [("[2004, 2017]", 2), ("[a, b, c, d, e, f, g]", 7)], ids=["two", "seven"])
def test_too_few_or_too_many_order_items(check, items, count):
    order = KERRY.replace("type: truefalse", "type: order").replace("    answer: true", f"    items: {items}")
    text = bank(order)
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, items), f'"items" needs 3 to 6 items, not {count}')


def test_unknown_article_with_did_you_mean(check):
    text = bank(KERRY.replace("article: milano-senate-interview", "article: milano-senate-interveiw"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output,
        path,
        at(text, "milano-senate-interveiw"),
        'unknown article "milano-senate-interveiw" (did you mean "milano-senate-interview"?)',
    )


def test_quote_not_found_shows_the_closest_passage_and_how_close(check, folder):
    wrong = "Back in 2008, she campaigned for Democratic presidential nominee John Kerry."
    text = bank(KERRY.replace("Back in 2004, she campaigned for Democratic presidential nominee John Kerry.", wrong))
    result, path = check(text)
    assert result.exit_code == 1
    line = assert_reported(result.output, path, at(text, wrong), f'quote not found in "{INTERVIEW}"')
    found = re.search(r"the closest passage \((\d+)% similar, (\S+):(\d+):(\d+)\) is: \"(.*)\"$", line)
    assert found, line
    similarity, file, passage_line, passage_col, passage = found.groups()
    assert 80 <= int(similarity) < 100
    assert file == str(path.parent / "articles" / f"{INTERVIEW}.md")  # as the command was given the bank's path
    assert "2004, she campaigned for Democratic presidential nominee John" in passage
    source_line = Path(file).read_text(encoding="utf-8").splitlines()[int(passage_line) - 1]
    assert source_line[int(passage_col) - 1 :].startswith(passage)


def test_verdict_label_outside_the_allowed_set(check):
    verdict = KERRY.replace("type: truefalse", "type: verdict").replace(
        "    prompt: She campaigned for John Kerry in 2004.\n    answer: true",
        "    claim: She campaigned for John Kerry in 2004.\n    answer: supports",
    )
    text = bank(verdict)
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output,
        path,
        at(text, "supports"),
        'a verdict\'s answer is supported, refuted or not-in-source, not "supports" (did you mean "supported"?)',
    )


def test_quiz_that_selects_nothing(check):
    quizzes = "quizzes:\n  - id: sbs-only\n    title: SBS only\n    articles: [sbs-milano-politics]\n"
    text = bank(KERRY, quizzes=quizzes)
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "id: sbs-only"), 'the quiz "sbs-only" selects no ready question')


def test_quiz_naming_an_unknown_id(check):
    quizzes = "quizzes:\n  - id: pair\n    title: Pair\n    questions: [kerry, distrct]\n"
    text = bank(KERRY, DISTRICT, quizzes=quizzes)
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output, path, at(text, "distrct"), 'unknown question id "distrct" (did you mean "district"?)'
    )
    assert len(problem_lines(result.output, path)) == 1


def test_all_problems_are_reported_at_once(check):
    text = bank(
        KERRY.replace("    explain:", "    dificulty: easy\n    explain:"),
        DISTRICT.replace('answer: "California\'s 4th"', 'answer: "Nevada\'s 4th"'),
        DISTRICT.replace("id: district", "id: kerry"),
        KERRY.replace("id: kerry", "id: kerry-2").replace("milano-senate-interview", "no-such-article"),
        KERRY.replace("id: kerry", "id: kerry-3").replace("answer: true", "answer: maybe"),
    )
    result, path = check(text)
    assert result.exit_code == 1
    expected = [
        (at(text, "dificulty:"), 'unknown key "dificulty" in this question (did you mean "difficulty"?)'),
        (at(text, '"Nevada\'s 4th"'), 'the answer "Nevada\'s 4th" is not among the choices'),
        (at(text, "kerry", nth=2), 'duplicate id "kerry"'),
        (at(text, "no-such-article"), 'unknown article "no-such-article"'),
        (at(text, "maybe"), '"answer" must be true or false'),
    ]
    for pos, message in expected:
        assert_reported(result.output, path, pos, message)
    assert len(problem_lines(result.output, path)) == 5
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith(f"{path}: FAILED: ") and summary.endswith("; 5 errors, 0 warnings")


# --- ambiguous quotes: the seed articles' real repeats --------------------------------------------


def file_positions(article: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in the article file, as (line, col)."""
    raw = (ARTICLES / f"{article}.md").read_text(encoding="utf-8")
    return [at(raw, quote, nth=n) for n in range(1, raw.count(quote) + 1)]


REPEATS = [
    (SBS, "It's something that I think about", 4),
    (SBS, '"It\'s something that I think about, for sure," said Alyssa Milano of a political career.', 2),
    (ENDORSEMENTS, "Congressman McClintock was one of the 63 republicans to oppose Asian Hate Crimes bill.", 2),
]


def yaml_quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def cite(qid: str, article: str, quote: str, prefix: str | None = None, suffix: str | None = None) -> str:
    source = f"      - article: {article}\n        quote: {yaml_quoted(quote)}\n"
    if prefix is not None:
        source += f"        prefix: {yaml_quoted(prefix)}\n"
    if suffix is not None:
        source += f"        suffix: {yaml_quoted(suffix)}\n"
    return f"  - id: {qid}\n    type: evidence\n    claim: A claim.\n    explain: Because.\n    sources:\n{source}"


@pytest.mark.parametrize(("article", "quote", "count"), REPEATS, ids=["phrase-x4", "caption-x2", "tweet-x2"])
def test_an_ambiguous_quote_lists_where_and_suggests_a_prefix_that_works(check, article, quote, count):
    places = file_positions(article, quote)
    assert len(places) == count  # the articles' real repeats
    text = bank(cite("repeat", article, quote))
    result, path = check(text)
    assert result.exit_code == 1
    listed = ", ".join(f"{line}:{col}" for line, col in places)
    line = assert_reported(
        result.output,
        path,
        at(text, yaml_quoted(quote)),
        f'the quote occurs {count} times in "{article}" (at {path.parent / "articles" / article}.md {listed}); '
        'add prefix: "',
    )
    suggestion = re.search(r'add prefix: "(.*)" to pick the first$', line).group(1)

    text = bank(cite("repeat", article, quote, prefix=suggestion))
    result, path = check(text)
    assert result.exit_code == 0, result.output
    anchor = load_bank(path).bank.question("repeat").sources[0]
    assert anchor.start == load_bank(path).bank.articles[article].body.index(quote)


PICKS = {
    # one prefix or suffix per occurrence, in article order
    "phrase-x4": (
        SBS,
        "It's something that I think about",
        [('she said, "', None), ('think about." "', None), ('political career. "', None), ("2028? Maybe.", None)],
    ),
    "caption-x2": (SBS, REPEATS[1][1], [('think about."', None), (None, "Invision")]),
    "tweet-x2": (ENDORSEMENTS, REPEATS[2][1], [('she wrote, "', None), ('Should I run against him?"', None)]),
}


@pytest.mark.parametrize("case", PICKS)
def test_prefix_or_suffix_resolves_each_occurrence_to_its_own_offsets(check, case):
    article, quote, picks = PICKS[case]
    text = bank(*(cite(f"pick-{i}", article, quote, prefix, suffix) for i, (prefix, suffix) in enumerate(picks)))
    result, path = check(text)
    assert result.exit_code == 0, result.output
    loaded = load_bank(path).bank
    body = loaded.articles[article].body
    anchors = [loaded.question(f"pick-{i}").sources[0] for i in range(len(picks))]
    for anchor in anchors:
        assert body[anchor.start : anchor.end] == quote
    expected = [m.start() for m in re.finditer(re.escape(quote), body)]
    assert [a.start for a in anchors] == expected  # each pick found a different occurrence, in order


def test_a_prefix_that_matches_two_occurrences_is_an_error(check):
    quote = "It's something that I think about, for sure,"
    text = bank(cite("vague", SBS, quote, prefix='"'))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, yaml_quoted(quote)), "the prefix/suffix does not pick one of the")


def test_a_prefix_on_a_unique_quote_must_still_match(check):
    quote = "Back in 2004, she campaigned for Democratic presidential nominee John Kerry."
    text = bank(cite("wrong-prefix", INTERVIEW, quote, prefix="Milano is a stranger"))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(
        result.output,
        path,
        at(text, '"Milano is a stranger"'),
        "the prefix/suffix does not match the text around the quote",
    )


# --- matching tolerance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("I'm looking at California's 4th District", "I’m looking at California’s 4th District"),
        ("I'm   looking at\n  California's   4th District", "I’m looking at California’s 4th District"),
        ("the suffering in Gaza-is beyond me", "the suffering in Gaza—is beyond me"),
        ("\"I'm looking at California's 4th", "“I’m looking at California’s 4th"),
        ("the suffering in Gaza\u2013is beyond me", "the suffering in Gaza—is beyond me"),
    ],
    ids=["straight-apostrophes", "extra-white-space", "hyphen-for-em-dash", "straight-double-quote", "en-dash"],
)
def test_a_quote_matches_what_a_reader_would_not_tell_apart(check, quote, passage):
    result, path = check(bank(cite("tolerant", ENDORSEMENTS, quote)))
    assert result.exit_code == 0, result.output
    loaded = load_bank(path).bank
    anchor = loaded.question("tolerant").sources[0]
    assert loaded.articles[ENDORSEMENTS].body[anchor.start : anchor.end] == passage


def test_wording_and_case_still_count(check):
    quote = "i'm looking at california's 4th district"
    text = bank(cite("lower", ENDORSEMENTS, quote))
    result, path = check(text)
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, yaml_quoted(quote)), f'quote not found in "{ENDORSEMENTS}"')


@pytest.mark.parametrize(("article_form", "quote_form"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_unicode_normalisation_form_does_not_matter(check, folder, article_form, quote_form):
    sentence = "Renée Fleming sang at the Café Müller in São Paulo."
    article = unicodedata.normalize(article_form, sentence)
    (folder / "articles" / "accents.md").write_text(
        f"---\nid: accents\ntitle: Accents\n---\n\nA first paragraph.\n\n{article}\n", encoding="utf-8"
    )
    quote = unicodedata.normalize(quote_form, "Renée Fleming sang at the Café Müller")
    assert quote != unicodedata.normalize(article_form, quote)  # the two files really differ
    result, path = check(bank(cite("accents", "accents", quote)))
    assert result.exit_code == 0, result.output
    loaded = load_bank(path).bank
    anchor = loaded.question("accents").sources[0]
    body = loaded.articles["accents"].body
    assert body[anchor.start : anchor.end] == unicodedata.normalize(
        article_form, "Renée Fleming sang at the Café Müller"
    )


def test_anchor_offsets_slice_the_passage_out_of_the_body():
    loaded = load_bank(SMALL_BANK).bank
    anchors = [anchor for question in loaded.questions for anchor in question.sources]
    assert len(anchors) == 13
    for anchor in anchors:
        passage = loaded.articles[anchor.article].body[anchor.start : anchor.end]
        assert passage == passage.strip() and passage
        assert fold(passage) == fold(anchor.quote), (passage, anchor.quote)


# --- output formats and options --------------------------------------------------------------------


def test_json_output_has_the_same_problems_as_the_text(check):
    text = bank(
        KERRY.replace("    explain:", "    explian:"),
        DISTRICT.replace("    answer:", "    skill: reading\n    answer:"),
    )
    result, path = check(text)
    as_text = problem_lines(result.output, path)
    result_json, _ = check(text, "--format", "json")
    assert result_json.exit_code == result.exit_code == 1
    report = json.loads(result_json.output)
    assert report["ok"] is False
    assert (report["errors"], report["warnings"]) == (2, 1)
    assert report["file"] == str(path)
    assert [
        f"{p['file']}:{p['line']}:{p['col']}: {p['severity']}: {p['message']}" for p in report["problems"]
    ] == as_text
    assert report["summary"]["questions"] == 1  # a warning does not keep a question out


def test_json_output_of_a_clean_bank():
    result = CliRunner().invoke(main, ["check", str(SMALL_BANK), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["ok"] is True and report["problems"] == []
    assert report["summary"]["questions"] == 9
    assert report["summary"]["quizzes"] == {"starter": 3, "compare": 3}


def test_a_warning_passes_unless_strict(check):
    text = bank(KERRY.replace("    answer: true", "    answer: true\n    skill: read-closly"))
    result, path = check(text)
    assert result.exit_code == 0, result.output
    message = 'unknown skill "read-closly" (did you mean "read-closely"?)'
    assert_reported(result.output, path, at(text, "read-closly"), message, severity="warning")
    assert result.output.strip().endswith("0 errors, 1 warning")
    result, path = check(text, "--strict")
    assert result.exit_code == 1
    assert_reported(result.output, path, at(text, "read-closly"), message, severity="error")


def test_articles_folder_by_absolute_path_and_by_option(tmp_path):
    text = f"title: Elsewhere\narticles: {ARTICLES}\nquestions:\n{KERRY}"
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0
    path.write_text(bank(KERRY), encoding="utf-8")  # no articles/ beside it
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "the articles folder" in result.output and "does not exist" in result.output
    assert CliRunner().invoke(main, ["check", str(path), "--articles", str(ARTICLES)]).exit_code == 0


# --- bad usage and unreadable files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/bank.yaml"], "does not exist"),
        (["check", "--frobnicate"], "No such option"),
        (["check", "--format", "xml"], "Invalid value for '--format'"),
        (["check", "tests"], "is a directory"),
    ],
    ids=["missing-file", "unknown-option", "bad-format", "directory"],
)
def test_bad_usage_exits_2(args, message, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", 'the file is empty: a bank needs a title and a "questions" list'),
        ("- one\n- two\n", 'the bank must be a mapping with a "questions" list'),
        ("just some words\n", 'the bank must be a mapping with a "questions" list'),
        (bytes(range(256)) * 4, "the file is not UTF-8 text"),
        ("title: Café\nquestions: []\n".encode("latin-1"), "the file is not UTF-8 text"),
        ("title: a\x00b\nquestions: []\n", "YAML syntax"),
        ("title: Test\nquestions: 12\n", '"questions" must be a list, not a number'),
        ("title: Test\n", 'missing "questions"'),
    ],
    ids=["empty", "list", "plain-text", "binary", "latin-1", "nul", "questions-not-list", "no-questions"],
)
def test_unreadable_or_wrong_shaped_files_give_a_clean_error(check, content, message):
    result, path = check(content)
    assert result.exit_code == 1
    lines = problem_lines(result.output, path)
    assert len(lines) == 1 and message in lines[0], result.output
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", lines[0])


# --- the real command ------------------------------------------------------------------------------


def test_the_repository_bank_passes_as_on_a_fresh_clone(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()[-1]
    assert re.search(
        r": OK: \d+ questions \(choice \d+, multi \d+, truefalse \d+, verdict \d+, text \d+, number \d+, "
        r"order \d+, evidence \d+, source \d+\); per article: ",
        summary,
    ), summary


def test_python_dash_m_quiz_check_on_a_clean_bank():
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "check", str(SMALL_BANK)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{SMALL_BANK}: OK: 9 questions")


def test_the_quiz_script_on_a_broken_bank(folder):
    script = Path(sys.executable).with_name("quiz")
    if not script.exists():
        skip_or_fail(f"no console script next to {sys.executable} (package not installed in this environment)")
    path = folder / "questions.yaml"
    text = bank(KERRY.replace("answer: true", "answer: maybe"))
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([str(script), "check", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    line, col = at(text, "maybe")
    assert proc.stdout.startswith(f'{path}:{line}:{col}: error: "answer" must be true or false\n')
    assert proc.stderr == ""
    proc = subprocess.run(
        [str(script), "check", str(folder / "nope.yaml")], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_merge_keys_share_fields_between_questions(check):
    text = bank(
        KERRY.replace("  - id: kerry\n", "  - &kerry\n    id: kerry\n"),
        "  - <<: *kerry\n    id: kerry-again\n    prompt: Again, she campaigned for John Kerry in 2004.\n",
    )
    result, _path = check(text)
    assert result.exit_code == 0, result.output
    assert ": OK: 2 questions (truefalse 2)" in result.output


def test_an_ambiguous_one_word_quote_lists_a_few_places_not_all(check):
    text = bank(
        KERRY.replace(
            "quote: Back in 2004, she campaigned for Democratic presidential nominee John Kerry.", "quote: Milano"
        )
    )
    result, path = check(text)
    line = assert_reported(result.output, path, at(text, "Milano"), "the quote occurs 16 times")
    assert re.search(r"\d+:\d+, \d+:\d+, \d+:\d+, \d+:\d+, \d+:\d+ and 11 more\)", line)


def test_a_quiz_naming_a_broken_question_reports_only_the_question(check):
    broken = KERRY.replace("answer: true", "answer: maybe")
    quizzes = "quizzes:\n  - id: one\n    title: One\n    questions: [kerry]\n"
    result, path = check(bank(broken, quizzes=quizzes))
    assert result.exit_code == 1
    assert "unknown question id" not in result.output
    assert '"answer" must be true or false' in result.output
