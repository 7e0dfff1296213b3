"""Worksheets and answer keys printed to PDF by Chromium: every question there, none split over two pages.

With QUIZ_TEST_SHOTS set, every printed page is also saved as a PNG for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import SHOTS, check_pages
from playwright.sync_api import Page
from test_browser_library import register_teacher

PAPERS = ("A4", "Letter")
HEADING = re.compile(r"^Question (\d+)\b")


def printed(page: Page, paper: str, name: str) -> list[list[str]]:
    """The page printed to PDF on ``paper``: each PDF page's lines of text (and its image, with QUIZ_TEST_SHOTS)."""
    pdf = pdfium.PdfDocument(page.pdf(format=paper))
    pages = []
    for number in range(len(pdf)):
        sheet = pdf[number]
        text = sheet.get_textpage().get_text_range()
        pages.append([line.strip() for line in text.splitlines() if line.strip()])
        if SHOTS:
            folder = Path(SHOTS) / "print"
            folder.mkdir(parents=True, exist_ok=True)
            sheet.render(scale=0.8).to_pil().save(folder / f"{name}-{paper}-{number + 1}.png")
    return pages


def check_unsplit(pages: list[list[str]], count: int, sections: set[str], what: str) -> None:
    """Every question's heading is printed once, and no page starts inside a question.

    A page after the first starts with a question's heading, or, once the questions are done,
    with one of ``sections`` (the sources, or an article printed after them, on pages of its own).
    """
    headings = [(int(m[1]), n) for n, lines in enumerate(pages) for line in lines if (m := HEADING.match(line))]
    assert [h for h, _n in headings] == list(range(1, count + 1)), what
    last_page = headings[-1][1]
    for number, lines in enumerate(pages[1 : last_page + 2], 2):
        first = lines[0]
        starts_section = any(section.startswith(first) for section in sections)  # a title may wrap
        assert HEADING.match(first) or starts_section, f"{what}: page {number} starts inside a question: {first!r}"


@pytest.mark.parametrize("paper", PAPERS)
def test_the_worksheet_and_its_key_print_whole_on_a4_and_letter(live_server, page, bank, paper):
    register_teacher(page, live_server.url)
    quiz = bank.quiz("all")
    for path, name in (("", "worksheet"), ("/key", "key"), ("?articles=1", "worksheet-articles")):
        page.goto(f"{live_server.url}/library/sample/print/all{path}")
        pages = printed(page, paper, name)
        assert len(pages) > 1
        sections = {"Sources"} | {a.title for a in bank.articles.values()}
        check_unsplit(pages, len(quiz.question_ids), sections, f"{name} on {paper}")
        text = "\n".join(line for lines in pages for line in lines)
        assert "answer key" not in text.lower() or name == "key"  # the screen links stay off the paper
        for qid in quiz.question_ids:
            question = bank.question(qid)
            assert question.prompt.split()[0] in text


def test_the_worksheet_shows_no_answer_and_the_key_shows_them_with_their_sources(live_server, page, bank):
    register_teacher(page, live_server.url)
    page.goto(f"{live_server.url}/library/sample/print/starter")
    sheet = page.locator("main").inner_text()
    page.goto(f"{live_server.url}/library/sample/print/starter/key")
    key = page.locator("main").inner_text()
    starter = bank.quiz("starter")
    for qid in starter.question_ids:
        question = bank.question(qid)
        assert question.explain.split(".")[0][:40] not in sheet
        assert question.explain.split(".")[0][:40] in key
    assert "Answer:" in key and "Source:" in key
    assert "Sara Belcher" in key  # an article's author, in the citation


def test_the_download_and_print_pages_pass_axe_and_fit_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        register_teacher(page, live_server.url)
        axe = Axe()
        pages = (
            ("/library/sample/formats", "downloads"),
            ("/library/sample/print/starter", "worksheet"),
            ("/library/sample/print/starter/key", "answer key"),
        )
        check_pages(page, axe, live_server.url, pages, "print")
    finally:
        context.close()
