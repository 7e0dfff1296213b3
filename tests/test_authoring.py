"""Writing questions without YAML: a passage picked by offsets, forms from the kinds, drafts kept or set aside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import csrf, register_teacher
from test_library import versions_of

from quiz.content import load_bank
from quiz.content.anchor import locate, select
from quiz.content.edit import EditError, add_questions, question_fields, replace_question
from quiz.content.loader import load_bank_texts
from quiz.kinds import KINDS
from quiz.kinds.authoring import all_entries, check, typed_values
from quiz.kinds.authoring import question_fields as fields_from

REPO = Path(__file__).resolve().parents[1]
TWICE = '"It\'s something that I think about, for sure," said Alyssa Milano of a political career.'


@pytest.fixture(scope="module")
def seed_texts():
    text = (REPO / "questions.yaml").read_text(encoding="utf-8")
    articles = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "articles").glob("*.md")}
    return text, articles


def occurrences(body: str, text: str) -> list[int]:
    found, at = [], body.find(text)
    while at >= 0:
        found.append(at)
        at = body.find(text, at + 1)
    return found


# -- the anchor from offsets ---------------------------------------------------------------------


def test_a_passage_that_occurs_twice_is_anchored_to_the_one_chosen(bank):
    article = bank.articles["sbs-milano-politics"]
    first, second = occurrences(article.body, TWICE)
    for start in (first, second):
        picked = select(article, start, start + len(TWICE))
        assert (picked.start, picked.end) == (start, start + len(TWICE))
        assert picked.prefix or picked.suffix
        assert locate(article, picked.quote, picked.prefix, picked.suffix).span == (start, start + len(TWICE))


def test_a_selection_is_widened_to_whole_words_and_an_empty_one_refused(bank):
    article = bank.articles["sbs-milano-politics"]
    at = article.body.index("Charmed star")
    picked = select(article, at + 2, at + 9)  # "armed s"
    assert picked.quote == "Charmed star"
    assert select(article, at, at) is None
    assert select(article, -5, 10**9) is not None  # out of range is clipped, not an error


# -- one question's YAML, the rest as written ------------------------------------------------------


def test_replacing_a_question_changes_only_its_lines(seed_texts):
    text, _articles = seed_texts
    fields = question_fields(text, "kerry-2004")
    fields["prompt"] = "In which year did she campaign for John Kerry?"
    fields["tolerance"] = 1
    updated = replace_question(text, "kerry-2004", fields)
    before, after = text.splitlines(), updated.splitlines()
    changed = [line for line in after if line not in before]
    assert changed == ["    prompt: In which year did she campaign for John Kerry?", "    tolerance: 1"]
    assert [line for line in before if line not in after] == [
        line for line in before if line.strip().startswith("prompt: In what year did she campaign")
    ]
    assert after[0] == before[0] and "# yaml-language-server" in after[0]  # comments kept


def test_an_unknown_question_or_unreadable_yaml_is_said_not_changed(seed_texts):
    text, _articles = seed_texts
    with pytest.raises(EditError, match="no question"):
        replace_question(text, "no-such-question", {"id": "x"})
    with pytest.raises(EditError, match="cannot be read"):
        add_questions("questions: [\n", [{"id": "x"}])


# -- forms from the kinds, checked by the loader -------------------------------------------------


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_a_form_whose_values_round_trip(name, seed_texts):
    text, _articles = seed_texts
    kind = KINDS[name]
    seed = load_bank(REPO / "questions.yaml").bank
    question = next(q for q in seed.questions if q.type == name)
    stored = question_fields(text, question.id)
    shown = typed_values(kind, stored)
    rebuilt = fields_from(kind, shown, question.id, stored["sources"])
    names = {e.name for e in all_entries(kind)}
    for key in names & set(stored):
        assert rebuilt.get(key) == stored[key], (name, key)


def test_the_loader_judges_a_form_and_its_problems_land_on_their_fields(seed_texts, bank):
    text, articles = seed_texts
    article = bank.articles["sbs-milano-politics"]
    picked = select(article, *[(s, s + len(TWICE)) for s in occurrences(article.body, TWICE)][1])
    kind = KINDS["choice"]
    typed = {
        "prompt": "Who said it?",
        "choices": "Milano\nThe reporter",
        "answer": "Milano's",
        "explain": "",
        "status": "ready",
    }
    checked = check(text, articles, fields_from(kind, typed, "who-said-it-twice", [picked.source(article.id)]))
    assert not checked.ok
    assert any('"Milano\'s" is not among the choices' in p.message for p in checked.problems["answer"])
    assert checked.elsewhere() == []
    typed.update(answer="Milano", explain="The caption quotes her.")
    checked = check(text, articles, fields_from(kind, typed, "who-said-it-twice", [picked.source(article.id)]))
    assert checked.ok
    saved = checked.bank.question("who-said-it-twice")
    assert saved.sources[0].start == occurrences(article.body, TWICE)[1]
    assert load_bank_texts(checked.text, articles).ok


# -- the pages ---------------------------------------------------------------------------------------


@pytest.fixture
def teacher(app):
    return register_teacher(app, "ann@school.example")


@pytest.fixture
def sample_copy(teacher):
    """The sample copied into Ann's library (version 1): its id."""
    response = teacher.post("/library/sample/copy", data={"csrf_token": csrf(teacher.get("/library/").data)})
    return int(re.search(r"/library/(\d+)/", response.location).group(1))


def latest_bank(app, bank_id: int):
    version = versions_of(app, bank_id)[-1]
    return version, load_bank_texts(version.questions_yaml, version.articles).bank


def test_the_article_page_offers_drafts_and_sentences_to_its_owner_only(app, teacher, sample_copy):
    page = teacher.get(f"/library/{sample_copy}/v/1/articles/sbs-milano-politics").data.decode()
    assert f'href="/library/{sample_copy}/drafts/sbs-milano-politics"' in page
    assert f'data-ask="/library/{sample_copy}/ask/sbs-milano-politics"' in page
    assert page.count(f"/library/{sample_copy}/ask/sbs-milano-politics?start=") > 10  # one link per sentence
    bob = register_teacher(app, "bob@school.example")
    assert bob.get(f"/library/{sample_copy}/ask/sbs-milano-politics?start=0&end=9").status_code == 404
    assert bob.get(f"/library/{sample_copy}/drafts/sbs-milano-politics").status_code == 404


def test_a_question_from_the_second_occurrence_is_saved_anchored_there(app, teacher, sample_copy, bank):
    article = bank.articles["sbs-milano-politics"]
    second = occurrences(article.body, TWICE)[1]
    url = f"/library/{sample_copy}/ask/sbs-milano-politics?start={second}&end={second + len(TWICE)}&kind=verdict"
    form = teacher.get(url)
    assert form.status_code == 200 and "Anchored as the quote" in form.data.decode()
    data = {
        "csrf_token": csrf(form.data),
        "claim": "Milano says she thinks about a political career.",
        "answer": "supported",
        "explain": "The caption quotes her.",
        "status": "ready",
    }
    preview = teacher.post(url, data={**data, "do": "preview"}).data.decode()
    assert "As a student sees it" in preview and "Supported by the source" in preview
    assert len(versions_of(app, sample_copy)) == 1  # a preview saves nothing
    saved = teacher.post(url, data={**data, "do": "save"})
    assert saved.status_code == 303 and "/v/2/questions/" in saved.location
    _version, latest = latest_bank(app, sample_copy)
    question = latest.question(saved.location.rsplit("/", 1)[1])
    assert question.type == "verdict" and question.sources[0].start == second


def test_a_form_with_a_mistake_says_where_and_saves_nothing(app, teacher, sample_copy, bank):
    url = f"/library/{sample_copy}/ask/sbs-milano-politics?start=0&end=20&kind=number"
    data = {
        "csrf_token": csrf(teacher.get(url).data),
        "prompt": "How many?",
        "answer": "$7,700",
        "explain": "x",
        "status": "ready",
        "do": "save",
    }
    response = teacher.post(url, data=data)
    assert response.status_code == 422
    page = response.data.decode()
    assert 'aria-invalid="true"' in page and "must be a number" in page
    assert len(versions_of(app, sample_copy)) == 1


def test_editing_by_form_changes_that_question_only(app, teacher, sample_copy):
    url = f"/library/{sample_copy}/questions/kerry-2004/edit"
    page = teacher.get(url).data.decode()
    assert "Its YAML" in page and "id: kerry-2004" in page
    data = {
        "csrf_token": csrf(page),
        "prompt": "In which year did she campaign for John Kerry?",
        "answer": "2004",
        "tolerance": "",
        "unit": "",
        "explain": "The interview piece says so.",
        "skill": "read-closely",
        "difficulty": "easy",
        "tags": "",
        "points": "",
        "status": "ready",
        "do": "save",
    }
    response = teacher.post(url, data=data)
    assert response.status_code == 303, response.data.decode()[:2000]
    first, latest = versions_of(app, sample_copy)[0], versions_of(app, sample_copy)[-1]
    before, after = first.questions_yaml.splitlines(), latest.questions_yaml.splitlines()
    assert before[0] == after[0]  # the first line's comment, and everything outside the question, kept
    _version, bank = latest_bank(app, sample_copy)
    assert bank.question("kerry-2004").prompt == "In which year did she campaign for John Kerry?"
    start = next(i for i, line in enumerate(after) if line.strip() == "- id: kerry-2004")
    end = next(i for i in range(start + 1, len(after)) if after[i].startswith("  - id:"))
    assert after[:start] == before[:start]
    assert after[end:] == before[len(before) - (len(after) - end) :]


def test_drafts_are_kept_edited_and_not_offered_again(app, teacher, sample_copy):
    url = f"/library/{sample_copy}/drafts/milano-senate-interview"
    page = teacher.get(url).data.decode()
    keys = re.findall(r'name="keep" value="([0-9a-f]+)"', page)
    names = re.findall(r'<li class="draft-card" id="(c[0-9a-f]+)"', page)
    assert len(keys) >= 5
    edited = "Which year did she campaign for John Kerry, says the interview piece?"
    data = {"csrf_token": csrf(page), "keep": keys[:2], "do": "add", f"{names[0]}-prompt": edited}
    if f'name="{names[0]}-claim"' in page:
        data[f"{names[0]}-claim"] = edited
    response = teacher.post(url, data=data)
    assert response.status_code == 303
    version, bank = latest_bank(app, sample_copy)
    assert version.number == 2 and version.note == "2 drafts added"
    first = versions_of(app, sample_copy)[0]
    before = {q.id for q in load_bank_texts(first.questions_yaml, first.articles).bank.questions}
    added = [q for q in bank.questions if q.id not in before]
    assert len(added) == 2 and all(q.status == "ready" and q.sources for q in added)
    assert edited in {added[0].prompt, added[0].claim}
    again = teacher.get(url).data.decode()
    assert not set(keys[:2]) & set(re.findall(r'name="keep" value="([0-9a-f]+)"', again))
    teacher.post(url, data={"csrf_token": csrf(again), "keep": keys[2], "do": "reject"})
    assert keys[2] not in teacher.get(url).data.decode()
    assert len(versions_of(app, sample_copy)) == 2  # setting aside makes no version


# -- what a review found: values the loader reads differently, data an edit must keep ------------


def test_text_the_loader_would_read_as_something_else_is_quoted_and_read_back_as_the_loader_does():
    text = add_questions("questions: []\n", [{"id": "x", "choices": ["Yes", "No", "1:30", "plain"], "answer": "010"}])
    assert '- "Yes"' in text and '- "1:30"' in text and 'answer: "010"' in text and "- plain" in text
    assert question_fields("questions:\n  - id: t\n    answer: no\n", "t")["answer"] is False


def test_a_comment_before_the_next_question_survives_a_change_of_the_last_list():
    text = "questions:\n  - id: a\n    tags:\n      - one\n  # keep me\n  - id: b\n"
    fields = question_fields(text, "a")
    fields["tags"] = ["two"]
    assert "# keep me" in replace_question(text, "a", fields)


def test_a_selection_at_the_very_end_of_the_article_is_no_crash(bank):
    article = bank.articles["sbs-milano-politics"]
    end = len(article.body)
    assert select(article, end, end) is None
    assert select(article, end - 3, end + 50).end == end


def test_typed_numbers_keep_their_meaning():
    from quiz.kinds.base import Entry

    number = Entry("answer", "Answer", "number")
    assert [number.value(t) for t in ("7,700", "3,5", "2.5", "inf", "-12")] == [7700, "3,5", 2.5, "inf", -12]
    paragraph = Entry("explain", "Explanation", "text")
    assert paragraph.value("First.\r\n\r\n- a point  ") == "First.\n\n- a point"


def test_editing_keeps_what_the_form_does_not_show_and_what_it_did_not_change(seed_texts):
    from quiz.kinds.authoring import edited_fields

    text, _articles = seed_texts
    seed = load_bank(REPO / "questions.yaml").bank
    source = next(q for q in seed.questions if q.type == "source")
    stored = question_fields(text, source.id)
    stored["choices"] = [source.answer, next(a for a in seed.articles if a != source.answer)]
    stored["explain"] = "Line one.\n\n- a list"
    stored["skill"] = "my-own-skill"
    kind = KINDS["source"]
    typed = typed_values(kind, stored)
    edited = edited_fields(kind, typed, stored)
    assert edited["choices"] == stored["choices"]  # not on the form: kept
    assert edited["explain"] == "Line one.\n\n- a list" and edited["skill"] == "my-own-skill"


def test_a_missing_explanation_is_said_on_its_field(seed_texts, bank):
    text, articles = seed_texts
    kind = KINDS["verdict"]
    typed = {"claim": "She thinks about it.", "answer": "supported", "explain": "", "status": "ready"}
    fields = fields_from(kind, typed, "about-it", [{"article": "sbs-milano-politics", "quote": "Charmed star"}])
    checked = check(text, articles, fields, shown={e.name for e in all_entries(kind)})
    assert [p.message for p in checked.problems["explain"]] == ['missing "explain" in this question']


def test_a_double_set_aside_is_recorded_once(app, teacher, sample_copy):
    from quiz.models import DraftDecision, LibraryBank
    from quiz.services import drafting

    with app.app_context():
        bank = app.extensions["sqlalchemy"].session.get(LibraryBank, sample_copy)
        drafting.remember(bank, "sbs-milano-politics", ["k1", "k1"], "rejected", None)
        drafting.remember(bank, "sbs-milano-politics", ["k1"], "rejected", None)
        rows = app.extensions["sqlalchemy"].session.scalars(app.extensions["sqlalchemy"].select(DraftDecision)).all()
        assert [(r.draft_key, r.decision) for r in rows] == [("k1", "rejected")]


def test_drafting_without_its_language_model_says_so_instead_of_failing(teacher, sample_copy, monkeypatch):
    from collections import OrderedDict

    from quiz.drafts import nlp

    def missing():
        raise nlp.ModelMissing("the English model is not installed")

    monkeypatch.setattr(nlp, "pipeline", missing)
    monkeypatch.setattr(nlp, "_docs", OrderedDict())  # nothing parsed before: every parse needs the model
    response = teacher.get(f"/library/{sample_copy}/drafts/sbs-milano-politics")
    assert response.status_code == 302
    assert response.location.endswith(f"/library/{sample_copy}/v/1/articles/sbs-milano-politics")
    page = teacher.get(response.location).data.decode()
    assert "Drafting is not available on this server" in page
