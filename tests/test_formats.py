"""Banks that travel: every export read back by a parser we did not write, the losses reported, imports as drafts."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from conftest import skip_or_fail
from gift_parser import parse_gift, unavailable
from lxml import etree

from quiz.cli import main
from quiz.content import load_bank
from quiz.content.edit import add_questions
from quiz.content.loader import load_bank_text
from quiz.formats import FORMATS, export
from quiz.formats.gift import escape
from quiz.formats.imports import draft_questions, read_file
from quiz.formats.reading import ImportError_
from quiz.kinds import KINDS, kind_of

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "tests" / "data" / "qti"
MOODLE_TYPES = {
    "choice": "multichoice",
    "multi": "multichoice",
    "verdict": "multichoice",
    "evidence": "multichoice",
    "source": "multichoice",
    "truefalse": "truefalse",
    "text": "shortanswer",
    "number": "numerical",
    "order": "ordering",
}
GIFT_TYPES = {"truefalse": "TF", "text": "Short", "number": "Numerical", "order": "Matching"}

# Every kind, with GIFT's special characters and XML's in its words.
TRICKY = """
title: "Tricky: {braces} & <tags>"
quizzes:
  - id: tricky
    title: "Tricky/quiz"
    questions: [colon, many, is-so, typed, count, steps, judged, proof, which]
questions:
  - id: colon
    type: choice
    prompt: "Which one: a = b, ~c or #d {e}?"
    choices: ["a = b", "~c", "#d {e}", "back\\\\slash"]
    answer: "#d {e}"
    explain: "Because: it's {e} & <e>."
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
    tags: [tricky]
    points: 2
  - id: many
    type: multi
    prompt: Which apply?
    choices: [one, two, three]
    answers: [one, three]
    explain: One and three.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: is-so
    type: truefalse
    prompt: Is it so?
    answer: false
    explain: It is not.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: typed
    type: text
    prompt: Which star?
    answers: [Alyssa Milano, Milano]
    fuzzy: 1
    explain: Alyssa Milano.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: count
    type: number
    prompt: How many?
    answer: 7700
    tolerance: 50
    unit: votes
    explain: About 7,700.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
    time: 30
  - id: steps
    type: order
    prompt: In which order?
    items: [first, second, third]
    explain: In that order.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: judged
    type: verdict
    claim: "Milano is a \\"Charmed\\" star."
    answer: supported
    explain: The article says so.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: proof
    type: evidence
    claim: She thought about running.
    explain: This sentence says it.
    sources: [{article: sbs-milano-politics, quote: "says she's thought about running for political office"}]
  - id: which
    type: source
    prompt: Which article calls her a Charmed star?
    answer: sbs-milano-politics
    explain: The SBS piece.
    sources: [{article: sbs-milano-politics, quote: "Charmed star Alyssa Milano"}]
  - id: unfinished
    type: choice
    status: draft
    prompt: Not yet?
    choices: [a, b]
    answer: a
"""


@pytest.fixture(scope="module")
def tricky():
    result = load_bank_text(TRICKY, "tricky.yaml", base=REPO)
    assert result.ok, [p.format() for p in result.problems]
    return result.bank


@pytest.fixture(scope="module")
def seed():
    return load_bank(REPO / "questions.yaml").bank


@pytest.fixture(scope="module")
def gift_checker():
    reason = unavailable()
    if reason:
        skip_or_fail(reason)
    return parse_gift


@pytest.fixture(scope="module")
def qti_schemas():
    # The IMS schemas, kept under tests/data/qti; "local" lets them import each other and nothing else.
    items = xmlschema.XMLSchema10(str(SCHEMAS / "imsqti_v2p1.xsd"), allow="local")
    manifest = xmlschema.XMLSchema10(str(SCHEMAS / "cp" / "imscp_v1p1.xsd"), allow="local")
    return items, manifest


def moodle_questions(data: bytes) -> list:
    root = etree.fromstring(data)
    return [q for q in root.iter("question") if q.get("type") != "category"]


# -- Moodle XML ---------------------------------------------------------------------------------


def test_moodle_xml_holds_every_question_as_the_nearest_moodle_type(tricky):
    exported = export(tricky, "moodle-xml", "tricky")
    found = {q.findtext("idnumber"): q for q in moodle_questions(exported.data)}
    assert set(found) == {q.id for q in tricky.ready}
    for question in tricky.ready:
        assert found[question.id].get("type") == MOODLE_TYPES[question.type], question.id
    assert exported.left_out == {"unfinished": "a draft (not ready for players)"}


def test_moodle_xml_marks_multi_as_this_game_scores_it(tricky):
    many = {q.findtext("idnumber"): q for q in moodle_questions(export(tricky, "moodle-xml").data)}["many"]
    assert many.findtext("single") == "false"
    fractions = {a.findtext("text"): a.get("fraction") for a in many.findall("answer")}
    assert fractions == {"one": "50", "two": "-50", "three": "50"}


def test_moodle_xml_keeps_tolerance_unit_order_points_and_the_cited_feedback(tricky):
    found = {q.findtext("idnumber"): q for q in moodle_questions(export(tricky, "moodle-xml").data)}
    count = found["count"]
    assert count.findtext("answer/text") == "7700" and count.findtext("answer/tolerance") == "50"
    assert count.findtext("units/unit/unit_name") == "votes"
    assert [a.findtext("text") for a in found["steps"].findall("answer")] == ["first", "second", "third"]
    assert found["steps"].findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert found["colon"].findtext("defaultgrade") == "2"
    assert [a.findtext("text") for a in found["typed"].findall("answer")] == ["Alyssa Milano", "Milano"]
    feedback = found["colon"].findtext("generalfeedback/text")
    article = tricky.articles["sbs-milano-politics"]
    assert "Because: it&#x27;s {e} &amp; &lt;e&gt;." in feedback or "Because: it's {e} &amp; &lt;e&gt;." in feedback
    assert "Charmed star Alyssa Milano" in feedback and article.title in feedback and article.byline in feedback


def test_moodle_xml_puts_each_quiz_in_its_category(seed):
    root = etree.fromstring(export(seed, "moodle-xml").data)
    paths = [q.findtext("category/text") for q in root.iter("question") if q.get("type") == "category"]
    assert f"$course$/top/{seed.title}/Ten-question starter" in paths
    starter = next(q for q in seed.quizzes if q.id == "starter")
    elements = list(root.iter("question"))
    at = [q.findtext("category/text") for q in elements].index(f"$course$/top/{seed.title}/Ten-question starter")
    following = []
    for element in elements[at + 1 :]:
        if element.get("type") == "category":
            break
        following.append(element.findtext("idnumber"))
    assert sorted(following) == sorted(starter.question_ids)


# -- GIFT -----------------------------------------------------------------------------------------


def test_gift_parses_with_a_registry_gift_parser_and_keeps_every_question(seed, gift_checker):
    exported = export(seed, "gift")
    parsed = [q for q in gift_checker(exported.data.decode()) if q["type"] != "Category"]
    assert len(parsed) == exported.entries and exported.count == len(seed.ready)
    assert {q["id"] for q in parsed} == {q.id for q in seed.ready}
    by_id = {q.id: q for q in seed.ready}
    for item in parsed:
        question = by_id[item["id"]]
        assert item["type"] == GIFT_TYPES.get(question.type, "MC"), question.id
        assert question.explain.split()[0] in item["globalFeedback"]["text"]


def test_gift_escapes_its_special_characters(tricky, gift_checker):
    parsed = {q["id"]: q for q in gift_checker(export(tricky, "gift").data.decode()) if q["type"] != "Category"}
    colon = parsed["colon"]
    assert "Which one: a = b, ~c or #d {e}?" in colon["stem"]["text"]
    texts = {c["text"]["text"]: c["isCorrect"] for c in colon["choices"]}
    assert texts == {"a = b": False, "~c": False, "#d {e}": True, "back\\slash": False}
    weights = {c["text"]["text"]: c["weight"] for c in parsed["many"]["choices"]}
    assert weights == {"one": 50, "two": -50, "three": 50}
    assert parsed["count"]["choices"] == {"type": "range", "number": 7700, "range": 50}
    assert parsed["is-so"]["isTrue"] is False
    assert escape("a:b\nc\\") == "a\\:b\\nc\\\\"


# -- QTI 2.1 --------------------------------------------------------------------------------------


def test_qti_package_is_valid_against_the_ims_schemas(tricky, qti_schemas):
    items, manifest = qti_schemas
    package = zipfile.ZipFile(io.BytesIO(export(tricky, "qti").data))
    names = package.namelist()
    assert "imsmanifest.xml" in names
    assert sorted(n for n in names if n.startswith("items/")) == sorted(f"items/{q.id}.xml" for q in tricky.ready)
    manifest.validate(package.read("imsmanifest.xml").decode(), use_location_hints=False)
    for name in names:
        if name.startswith("items/"):
            items.validate(package.read(name).decode(), use_location_hints=False)


def test_the_qti_validator_refuses_a_broken_item(tricky, qti_schemas):
    items, _manifest = qti_schemas
    package = zipfile.ZipFile(io.BytesIO(export(tricky, "qti").data))
    broken = package.read("items/colon.xml").decode().replace("choiceInteraction", "choiceInterplay")
    assert not items.is_valid(broken, use_location_hints=False)


def test_qti_items_carry_the_scoring_and_the_feedback(tricky):
    package = zipfile.ZipFile(io.BytesIO(export(tricky, "qti").data))
    ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    many = etree.fromstring(package.read("items/many.xml"))
    mapped = {e.get("mapKey"): e.get("mappedValue") for e in many.iterfind(".//q:mapEntry", ns)}
    assert sorted(mapped.values()) == ["-0.5", "0.5", "0.5"]
    assert many.find(".//q:mapping", ns).get("lowerBound") == "0"
    count = etree.fromstring(package.read("items/count.xml"))
    assert count.find(".//q:equal", ns).get("tolerance") == "50"
    feedback = " ".join(etree.fromstring(package.read("items/colon.xml")).find(".//q:modalFeedback", ns).itertext())
    assert "Because: it's {e} & <e>." in feedback and "Charmed star Alyssa Milano" in feedback


# -- ClaimReview and FEVER ------------------------------------------------------------------------


def test_claimreview_rates_each_verdict_with_the_articles_real_metadata(seed):
    exported = export(seed, "claimreview")
    document = json.loads(exported.data)
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    verdicts = [q for q in seed.ready if q.type == "verdict"]
    assert [r["identifier"] for r in reviews] == list(dict.fromkeys(r["identifier"] for r in reviews))
    assert {r["identifier"] for r in reviews} == {q.id for q in verdicts}
    labels = {"Supported by the source", "Refuted by the source", "Not in the source"}
    assert {r["reviewRating"]["alternateName"] for r in reviews} <= labels
    for review in reviews:
        for article in review["isBasedOn"]:
            known = seed.articles[article["identifier"]]
            assert ("publisher" in article) == bool(known.outlet)
            assert ("author" in article) == bool(known.author)
            assert ("datePublished" in article) == bool(known.published)
            assert ("url" in article) == bool(known.url)
    assert all(why.startswith("a ") for why in exported.left_out.values())


def test_fever_lines_give_claim_label_and_the_evidence_sentences(seed):
    lines = [json.loads(line) for line in export(seed, "fever").data.decode().splitlines()]
    wanted = {q.id for q in seed.ready if q.type in ("verdict", "evidence")}
    assert {line["id"] for line in lines} == wanted
    assert Counter(line["label"] for line in lines).keys() <= {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    for line in lines:
        question = seed.question(line["id"])
        if line["label"] == "NOT ENOUGH INFO":
            assert line["evidence"] == []
            continue
        (evidence,) = line["evidence"]
        for article_id, index in evidence:
            article = seed.articles[article_id]
            start, end = article.sentences[index]
            assert any(a.start < end and start < a.end for a in question.sources), line["id"]


# -- what a format cannot hold --------------------------------------------------------------------


def test_the_report_lists_per_question_what_each_format_loses(tricky):
    gift = export(tricky, "gift")
    assert any("typo" in note for note in gift.notes["typed"])
    assert any("matching" in note for note in gift.notes["steps"])
    assert any("points" in note for note in gift.notes["colon"])
    assert any("time limit" in note for note in gift.notes["count"])
    assert "steps" not in export(tricky, "moodle-xml").notes  # Moodle XML keeps the ordering question
    assert any("all or nothing" in note for note in export(tricky, "qti").notes["steps"])
    assert "unfinished: not exported: a draft (not ready for players)" in gift.report()
    fever = export(tricky, "fever")
    assert set(fever.left_out) == {q.id for q in tricky.questions} - {"judged", "proof"}


# -- import ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_our_exports_come_back_as_the_same_questions(seed, fmt):
    exported = export(seed, fmt)
    read = read_file(exported.data, exported.filename)
    assert read.skipped == []
    drafted = draft_questions(read, seed)
    back: dict[str, dict] = {}
    for parsed, question in zip(read.questions, drafted.questions, strict=True):
        back.setdefault(parsed.name, question)
    assert set(back) == {q.id for q in seed.ready}
    for original in seed.ready:
        again = back[original.id]
        kind = kind_of(original)
        assert again["type"] == original.type, original.id
        assert again["status"] == "draft"
        if kind.asks_claim:
            assert again["claim"] == original.claim
            assert again.get("prompt", kind.default_prompt) == original.prompt
        else:
            assert again["prompt"] == original.prompt, original.id
        assert again["explain"] == " ".join(original.explain.split()), original.id
        for field in kind.keys:
            if field in again and field != "claim":
                value = getattr(original, field)
                assert (tuple(again[field]) if isinstance(value, tuple) else again[field]) == value, original.id
        assert any("source missing" in note for note in again["review"])


def test_imported_drafts_are_added_to_a_bank_that_still_checks(seed):
    text = (REPO / "questions.yaml").read_text(encoding="utf-8")
    exported = export(seed, "gift")
    drafted = draft_questions(read_file(exported.data, exported.filename), seed)
    updated = add_questions(text, drafted.questions[:5])
    assert updated.startswith(text.split("\nquestions:")[0])  # the rest of the file as it was, comments and all
    result = load_bank_text(updated, "questions.yaml", base=REPO)
    assert result.ok, [p.format() for p in result.problems if p.severity == "error"]
    assert len(result.bank.questions) == len(seed.questions) + 5
    assert len(result.bank.ready) == len(seed.ready)


def test_a_teachers_own_gift_file_comes_in_as_drafts_and_what_cannot_is_said(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "questions.yaml").write_text("# my bank\ntitle: Mine\nquestions: []\n", encoding="utf-8")
    (tmp_path / "mine.gift").write_text(
        "// my questions\n$CATEGORY: $course$/top/Media\n\n"
        "::Who::Who wrote it? {\n=Sara Belcher#Yes\n~Tom\n~Ann\n####The byline says so.}\n\n"
        "::Year::Which year? {#2004:1}\n\n"
        "::Half::Which are true? {~%50%A ~%50%B ~%-100%C}\n\n"
        "::Short::Which party? {=Democrats =the Democratic Party}\n\n"
        "::Said::She said so. {T}\n\n"
        "::Essay::Write about it. {}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "mine.gift"), "--into", str(tmp_path / "questions.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "skipped line 18 (Essay): an essay question" in result.output
    assert "Added 5 draft questions" in result.output
    text = (tmp_path / "questions.yaml").read_text(encoding="utf-8")
    assert text.startswith("# my bank\n")
    loaded = load_bank(tmp_path / "questions.yaml")
    assert loaded.ok
    kinds = {q.id: q.type for q in loaded.bank.questions}
    assert kinds == {"who": "choice", "year": "number", "half": "multi", "short": "text", "said": "truefalse"}
    assert all(q.status == "draft" and not q.sources for q in loaded.bank.questions)
    assert loaded.bank.question("who").explain == "The byline says so."


def test_a_broken_import_file_gets_a_clear_message_and_changes_nothing(tmp_path):
    bank = tmp_path / "questions.yaml"
    bank.write_text("title: Mine\nquestions: []\n", encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?>\n<quiz><question type='multichoice'>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(broken), "--into", str(bank)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "not well-formed XML" in result.output
    assert bank.read_text(encoding="utf-8") == "title: Mine\nquestions: []\n"
    with pytest.raises(ImportError_, match="not UTF-8"):
        read_file(b"\xff\xfe::x:: y {T}", "x.gift")


def test_an_xml_file_with_entities_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">]><quiz><question type="truefalse">'
        b"<name><text>&a;</text></name><questiontext><text>x</text></questiontext>"
        b'<answer fraction="100"><text>true</text></answer></question></quiz>'
    )
    read = read_file(bomb, "bomb.xml")
    assert read.questions[0].name in ("", "&a;")


# -- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_quiz_export_writes_the_file_and_prints_the_report(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    assert f"to {target} ({fmt})" in result.output


def test_every_kind_maps_its_questions_to_a_shape_the_writers_know(seed):
    from quiz.kinds.exchange import Numeric, Options, Ordering, TrueFalse, Typed

    mapped = {q.type: type(kind_of(q).exchange(q, seed)) for q in seed.ready}
    assert set(mapped) == set(KINDS)  # the seed bank has every kind
    assert set(mapped.values()) == {Options, TrueFalse, Typed, Numeric, Ordering}


def test_what_a_review_found_in_exports_and_imports(tricky):
    from quiz.formats.reading import html_paragraphs, read_gift, read_moodle_xml

    # Every digit of a number kept; no comment that "--" would end early; options that look like HTML stay text.
    text = (
        TRICKY.replace("answer: 7700", "answer: 1234567")
        .replace("id: colon", "id: colon--2")
        .replace("[colon, many", "[colon--2, many")
        .replace('"a = b"', '"<5% a = b"')
        .replace('"Which one: a = b', '"Which one: <5% a = b')
    )
    bank = load_bank_text(text, "tricky.yaml", base=REPO).bank
    moodle = export(bank, "moodle-xml").data
    root = etree.fromstring(moodle)  # well-formed
    assert any(a.text == "1234567" for a in root.iter("text"))
    back = {p.name: p for p in read_file(moodle, "x.xml").questions}
    assert "<5% a = b" in back["colon--2"].shape.options
    gift_back = {p.name: p for p in read_gift(export(bank, "gift").data.decode()).questions}
    assert "<5% a = b" in gift_back["colon--2"].shape.options
    assert gift_back["count"].shape.value == 1234567
    # Odd files: an infinite grade, a single-answer question, text outside blocks, a description.
    odd = read_moodle_xml(
        b'<quiz><question type="multichoice"><name><text>n</text></name><questiontext><text>Who won?&lt;br&gt;Pick one.'
        b"</text></questiontext><defaultgrade>inf</defaultgrade><single>true</single>"
        b'<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question></quiz>'
    ).questions[0]
    assert odd.points == 1 and not odd.shape.multiple and odd.text == "Who won? Pick one."
    assert html_paragraphs("a &amp; b") == [("p", "a & b")]
    described = read_gift("A description only.\n\n::Q::Who? {=A ~B}\n")
    assert [q.name for q in described.questions] == ["Q"] and "description" in described.skipped[0]
