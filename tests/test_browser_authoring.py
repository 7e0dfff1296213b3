"""Writing questions in Chromium: drafts kept and edited, a selected passage made a question, forms, the keyboard."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from browser_helpers import check_pages, focused, shot, tab_to
from click.testing import CliRunner
from playwright.sync_api import Page, expect
from test_browser_library import register_teacher

from quiz.cli import main
from quiz.content.loader import load_bank_texts
from quiz.extensions import db
from quiz.models import BankVersion

TWICE = '"It\'s something that I think about, for sure," said Alyssa Milano of a political career.'


def sign_in_with_sample(page: Page, base: str) -> int:
    """A new teacher who copies the sample into their library; the copy's id."""
    register_teacher(page, base)
    page.goto(base + "/library/")
    page.get_by_role("button", name="Copy the sample into your library").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 1")
    return int(re.search(r"/library/(\d+)/", page.url).group(1))


def versions(app, bank_id: int) -> list[BankVersion]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(BankVersion).where(BankVersion.bank_id == bank_id).order_by(BankVersion.number)
        )
        return list(rows)


def latest(app, bank_id: int):
    version = versions(app, bank_id)[-1]
    return version, load_bank_texts(version.questions_yaml, version.articles).bank


def test_drafts_of_the_interview_kept_and_edited_make_one_version(live_server, page):
    bank_id = sign_in_with_sample(page, live_server.url)
    page.goto(f"{live_server.url}/library/{bank_id}/v/1/articles/milano-senate-interview")
    page.get_by_role("link", name="Draft questions").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Drafts from")
    cards = page.locator(".draft-card")
    assert cards.count() >= 5
    shot(page, "authoring/drafts")
    cards.nth(0).get_by_role("checkbox").check()
    cards.nth(1).get_by_role("checkbox").check()
    first = cards.nth(0)
    first.locator("summary").click()
    prompt = first.get_by_label("Question", exact=True)
    field = prompt if prompt.count() else first.get_by_label("Claim", exact=True)
    field.fill("Edited in the browser: when did she campaign for John Kerry?")
    page.get_by_role("button", name="Add the ticked drafts as ready questions").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2: 2 questions added.")
    version, bank = latest(live_server.app, bank_id)
    first_version = versions(live_server.app, bank_id)[0]
    before = {q.id for q in load_bank_texts(first_version.questions_yaml, first_version.articles).bank.questions}
    added = [q for q in bank.questions if q.id not in before]
    assert version.number == 2 and len(added) == 2
    assert "Edited in the browser: when did she campaign for John Kerry?" in {added[0].prompt, added[0].claim}
    assert all(q.status == "ready" and q.sources for q in added)


def select_text(page: Page, text: str, occurrence: int) -> None:
    """Select the ``occurrence``-th (0-based) appearance of ``text`` in the article, as a mouse would."""
    page.evaluate(
        """([text, occurrence]) => {
          let seen = 0;
          for (const p of document.querySelectorAll('[data-ask] p[data-start]')) {
           const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
           let node;
           while ((node = walker.nextNode())) {
            const at = node.data.indexOf(text);
            if (at >= 0 && seen++ === occurrence) {
              const range = document.createRange();
              range.setStart(node, at); range.setEnd(node, at + text.length);
              const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
              return;
            }
           }
          }
          throw new Error('text not found');
        }""",
        [text, occurrence],
    )


def test_a_verdict_from_the_second_occurrence_keeps_that_anchor_and_the_export_checks(
    live_server, page, tmp_path, bank
):
    bank_id = sign_in_with_sample(page, live_server.url)
    page.goto(f"{live_server.url}/library/{bank_id}/v/1/articles/sbs-milano-politics")
    select_text(page, TWICE, 1)
    bar = page.locator("#ask-bar")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("Selected:")
    bar.get_by_role("link", name="Make a question from this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A question from this passage")
    page.get_by_label("Kind of question").select_option("verdict")
    page.get_by_role("button", name="Use this kind").click()
    claim = "Milano says she thinks about a career in politics."
    page.get_by_label("The claim students judge against the source").fill(claim)
    page.get_by_label("What the source says about the claim").select_option("supported")
    page.get_by_label("The explanation students read after answering").fill("The caption quotes her saying so.")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_role("heading", name="As a student sees it")).to_be_visible()
    shot(page, "authoring/question-preview")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2")
    _version, saved = latest(live_server.app, bank_id)
    question = next(q for q in saved.questions if q.claim == claim)
    article = saved.articles["sbs-milano-politics"]
    second = article.body.find(TWICE, article.body.find(TWICE) + 1)
    assert question.sources[0].start == second
    download = page.request.get(f"{live_server.url}/library/{bank_id}/v/2/bank.zip")
    zipfile.ZipFile(io.BytesIO(download.body())).extractall(tmp_path)
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "questions.yaml")])
    assert checked.exit_code == 0, checked.output


def test_editing_by_form_changes_that_question_only_and_keeps_comments(live_server, page):
    bank_id = sign_in_with_sample(page, live_server.url)
    page.get_by_role("link", name=re.compile(r"edit by form\W+kerry-2004$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “kerry-2004”")
    expect(page.locator(".yaml-beside")).to_contain_text("id: kerry-2004")
    page.get_by_label("The question").fill("In which year did she campaign for John Kerry?")
    page.get_by_role("button", name="Save as version 2").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2")
    first, second = versions(live_server.app, bank_id)
    before, after = first.questions_yaml.splitlines(), second.questions_yaml.splitlines()
    assert [line for line in after if line not in before] == [
        "    prompt: In which year did she campaign for John Kerry?"
    ]
    assert len(before) == len(after) and before[0].startswith("# yaml-language-server")
    assert sum(1 for a, b in zip(before, after, strict=True) if a != b) == 1


def test_a_question_from_a_sentence_with_the_keyboard_only(live_server, page):
    bank_id = sign_in_with_sample(page, live_server.url)
    page.goto(f"{live_server.url}/library/{bank_id}/v/1/articles/sbs-milano-politics")
    tab_to(page, ".sentence-list summary")
    page.keyboard.press("Enter")
    tab_to(page, ".sentence-list a")
    sentence = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("A question from this passage")
    tab_to(page, "#claim")
    page.keyboard.type("The page begins with a caption.")
    tab_to(page, "#answer")
    page.keyboard.press("ArrowDown")  # the first verdict is "supported"; the next, "refuted"
    page.keyboard.press("ArrowUp")
    tab_to(page, "#explain")
    page.keyboard.type("The first sentence is a caption.")
    tab_to(page, "button[value=save]")
    assert focused(page, "button[value=save]")
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2")
    _version, saved = latest(live_server.app, bank_id)
    question = next(q for q in saved.questions if q.claim == "The page begins with a caption.")
    assert " ".join(question.sources[0].quote.split()) == " ".join(sentence.split())


def test_the_writing_pages_pass_axe_and_fit_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        bank_id = sign_in_with_sample(page, live_server.url)
        axe = Axe()
        pages = (
            (f"/library/{bank_id}/v/1/articles/sbs-milano-politics", "article with its writing tools"),
            (f"/library/{bank_id}/ask/sbs-milano-politics?start=0&end=40&kind=choice", "question form"),
            (f"/library/{bank_id}/questions/kerry-2004/edit", "edit form"),
            (f"/library/{bank_id}/drafts/sbs-milano-politics", "drafts"),
        )
        check_pages(page, axe, live_server.url, pages, "authoring")
    finally:
        context.close()


def test_a_pasted_article_becomes_a_checked_ten_question_quiz_without_yaml(live_server, page, tmp_path):
    """The README's promise: paste an article, draft, tick ten, add; the article's quiz holds them, anchored."""
    from test_browser_library import create_bank, open_library

    register_teacher(page, live_server.url)
    open_library(page)
    bank_id = create_bank(page, "Milano, pasted")
    source = (Path(__file__).resolve().parents[1] / "articles" / "milano-senate-interview.md").read_text()
    page.get_by_role("link", name="Add an article").click()
    page.get_by_label("Title", exact=True).fill("Is Alyssa Milano running for office?")
    page.get_by_label("The article's text").fill(source.split("\n---\n", 1)[1].strip())
    page.get_by_role("button", name="Keep this article").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2")
    page.get_by_role("link", name="draft questions", exact=False).first.click()
    cards = page.locator(".draft-card")
    expect(cards.nth(9)).to_be_visible()  # the drafts page has loaded (drafting takes a moment) with ten or more
    for n in range(10):
        cards.nth(n).get_by_role("checkbox").check()
    page.get_by_role("button", name="Add the ticked drafts as ready questions").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 3: 10 questions added.")
    expect(page.locator("#quizzes + .cards")).to_contain_text("10 questions")
    version, bank = latest(live_server.app, bank_id)
    assert len(bank.ready) == 10 and all(q.sources for q in bank.ready)
    download = page.request.get(f"{live_server.url}/library/{bank_id}/v/{version.number}/bank.zip")
    zipfile.ZipFile(io.BytesIO(download.body())).extractall(tmp_path)
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "questions.yaml")])
    assert checked.exit_code == 0, checked.output
