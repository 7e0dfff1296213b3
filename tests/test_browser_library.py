"""Browser tests of the library: a new teacher's banks, articles, the YAML editor, previews and sessions.

A teacher registers through the real pages, builds a bank of their own (an article pasted in, three
questions typed into the CodeMirror editor, a mistake marked at its line and fixed), previews a
question and starts a class session that a student plays in a browser context of their own. The
editor is also driven without JavaScript, with the keyboard alone, under axe-core, on a phone-sized
screen and with an eye on the console and the Content Security Policy.
"""

from __future__ import annotations

import re
import secrets

import pytest
from browser_helpers import assert_accessible, focused, no_side_scroll, norm, shot, tab_to
from helpers import PASSWORD
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
CHECK_MS = 8000  # the live check runs 600 ms after the last keystroke, then asks the server

ARTICLE_TITLE = "Riverside passes its budget"
ARTICLE_OUTLET = "The Riverside Star"
PARAGRAPHS = [
    "The Riverside council approved a budget of 4.2 million dollars on Tuesday.",
    "Mayor Ana Ortiz said the library would open on Sundays from March.",
    "The vote was 7 to 2, with two members saying the pool needed the money more.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)

WRONG_ANSWER = '    answer: "8 to 1"'
RIGHT_ANSWER = 'answer: "7 to 2"'

# The bank as a teacher types it; {article} is the id the library gave the pasted article.
QUESTIONS = """\
title: Riverside budget
articles: articles

quizzes:
  - id: budget
    title: The budget
    questions: [vote, library-sundays, budget-size]

questions:
  - id: vote
    type: choice
    prompt: How did the council vote?
    choices: ["7 to 2", "5 to 4", "9 to 0"]
{answer}
    explain: The article says the vote was 7 to 2.
    sources:
      - article: {article}
        quote: The vote was 7 to 2

  - id: library-sundays
    type: truefalse
    prompt: The library will open on Sundays from March.
    answer: true
    explain: The mayor said so.
    sources:
      - article: {article}
        quote: the library would open on Sundays from March

  - id: budget-size
    type: number
    prompt: How many million dollars is the budget?
    answer: 4.2
    explain: The council approved 4.2 million dollars.
    sources:
      - article: {article}
        quote: a budget of 4.2 million dollars
"""

# What each question's feedback must mark in the article, and the right answer to give.
PLAN = {
    "How did the council vote?": ("radio", "7 to 2", "The vote was 7 to 2"),
    "The library will open on Sundays from March.": ("radio", "True", "the library would open on Sundays from March"),
    "How many million dollars is the budget?": ("text", "4.2", "a budget of 4.2 million dollars"),
}


def questions_yaml(article: str, answer: str = "    " + RIGHT_ANSWER) -> str:
    return QUESTIONS.format(article=article, answer=answer)


def line_of(text: str, line: str) -> int:
    """The 1-based number of ``line`` in ``text``."""
    return text.splitlines().index(line) + 1


# --------------------------------------------------------------------------- the teacher's pages


def register_teacher(page: Page, base: str) -> None:
    """Create a teacher account through the form; it lands on the dashboard, signed in."""
    page.goto(base + "/teacher/register")
    page.get_by_label("Email address").fill(f"teacher-{secrets.token_hex(4)}@school.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your class sessions")


def open_library(page: Page) -> None:
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your library")


def create_bank(page: Page, title: str) -> int:
    """Create a bank from the library page; it lands on the bank's page. Returns the bank's id."""
    page.locator("#new-title").fill(title)
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".flashes")).to_contain_text(f"Created “{title}”")
    return int(re.search(r"/library/(\d+)/", page.url).group(1))


def paste_article(page: Page) -> str:
    """Add the article by pasting it, from the bank page; returns the id the library gave it."""
    page.get_by_role("link", name="Add an article").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add an article to")
    page.get_by_label("Title", exact=True).fill(ARTICLE_TITLE)
    page.get_by_label("Outlet (newspaper, site)").fill(ARTICLE_OUTLET)
    page.get_by_label("The article's text").fill(ARTICLE_TEXT)
    page.get_by_role("button", name="Keep this article").click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 2")
    entry = page.locator("#articles + ul li").filter(has=page.get_by_role("link", name=ARTICLE_TITLE))
    expect(entry).to_contain_text(ARTICLE_OUTLET)
    filename = re.search(r"([a-z0-9-]+)\.md", entry.inner_text()).group(1)
    return filename


def bank_with_article(page: Page, base: str, title: str = "Riverside") -> tuple[int, str]:
    """A newly registered teacher's bank holding the pasted article: (bank id, article id)."""
    register_teacher(page, base)
    open_library(page)
    bank_id = create_bank(page, title)
    return bank_id, paste_article(page)


def open_editor(page: Page) -> None:
    page.get_by_role("link", name="Edit the questions (YAML)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit “")


# --------------------------------------------------------------------------- the CodeMirror editor

EDITOR = ".bank-editor .cm-editor"
CONTENT = ".bank-editor .cm-content"

# The line numbers (as the gutter shows them) of the rows carrying lint marks: underlined ranges
# in the text, and markers in the lint gutter. A row's number is the line-number gutter element
# at the same height, which is what a reader goes by.
LINT_LINES_JS = """(severity) => {
    const editor = document.querySelector('.bank-editor .cm-editor');
    const numbers = [...editor.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
        .filter(g => g.textContent.trim() !== '' && g.getBoundingClientRect().height > 0);
    const numberAt = (rect) => {
        const middle = (rect.top + rect.bottom) / 2;
        const g = numbers.find(g => {
            const r = g.getBoundingClientRect();
            return r.top <= middle && middle < r.bottom;
        });
        return g ? parseInt(g.textContent, 10) : null;
    };
    const rows = (selector) => [...editor.querySelectorAll(selector)]
        .map(e => numberAt((e.closest('.cm-line') || e).getBoundingClientRect()));
    return {
        ranges: rows('.cm-lintRange-' + severity),
        markers: rows('.cm-lint-marker-' + severity),
    };
}"""


def editor_ready(page: Page) -> None:
    """CodeMirror has replaced the textarea (which stays in the form, hidden, as its value)."""
    expect(page.locator(EDITOR)).to_be_visible()
    expect(page.locator("textarea#bank-yaml")).to_be_hidden()


def replace_text(page: Page, text: str) -> None:
    """Select everything in the focused editor and type ``text`` in its place."""
    assert focused(page, CONTENT), "the editor has not got the focus"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(text)
    expect(page.locator("textarea#bank-yaml")).to_have_value(text)


def lint_lines(page: Page, severity: str = "error") -> dict[str, list[int | None]]:
    return page.evaluate(LINT_LINES_JS, severity)


def active_line(page: Page) -> int:
    """The line the cursor is on, as the editor's line-number gutter highlights it."""
    gutter = page.locator(f"{EDITOR} .cm-lineNumbers .cm-activeLineGutter")
    expect(gutter).to_have_count(1)
    return int(gutter.inner_text())


def expect_problem_at(page: Page, line: int, message: str) -> None:
    """The live problem list names the line; the editor marks that line (and only it)."""
    link = page.locator(f"ol#bank-problems a[data-line='{line}']")
    expect(link).to_have_count(1, timeout=CHECK_MS)
    expect(link).to_contain_text(re.compile(rf"^{line}:\d+ error: .*{re.escape(message)}"))
    expect(page.locator("#bank-problems-status")).to_have_text("1 error")
    expect(page.locator(f"{EDITOR} .cm-lintRange-error")).not_to_have_count(0)
    expect(page.locator(f"{EDITOR} .cm-lint-marker-error")).to_have_count(1)
    marks = lint_lines(page)
    assert marks["ranges"] and set(marks["ranges"]) == {line}, f"error underlines on lines {marks['ranges']}"
    assert marks["markers"] == [line], f"error markers in the gutter on lines {marks['markers']}"


def expect_no_problems(page: Page) -> None:
    expect(page.locator("#bank-problems-status")).to_have_text("No problems found", timeout=CHECK_MS)
    expect(page.locator("ol#bank-problems li")).to_have_count(0)
    expect(page.locator(f"{EDITOR} .cm-lintRange-error")).to_have_count(0)
    expect(page.locator(f"{EDITOR} .cm-lint-marker-error")).to_have_count(0)


# --------------------------------------------------------------------------- playing


def answer_right(page: Page) -> str:
    """Answer the question on the page rightly, by clicking and typing; returns its prompt."""
    prompt = norm(page.locator("form.answer h2").inner_text())
    kind, value, _quote = PLAN[prompt]
    if kind == "radio":
        page.get_by_role("radio", name=value, exact=True).check()
    else:
        page.get_by_role("textbox", name=prompt).fill(value)
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#feedback-heading")).to_have_text("Right!")
    return prompt


def expect_passage(page: Page, prompt: str) -> None:
    """The feedback shows the new article's passage, the quoted words highlighted in <mark>."""
    quote = PLAN[prompt][2]
    figure = page.locator("figure.passage")
    expect(figure).to_have_count(1)
    expect(figure.locator(".source-title")).to_have_text(ARTICLE_TITLE)
    expect(figure.locator(".byline")).to_contain_text(ARTICLE_OUTLET)
    expect(figure.locator("blockquote mark")).to_have_text([quote])
    paragraph = next(p for p in PARAGRAPHS if quote in p)
    expect(figure.locator("blockquote p")).to_have_text([paragraph])


# --------------------------------------------------------------------------- 1. a new teacher, end to end


def test_a_new_teacher_writes_a_bank_and_a_student_plays_it(live_server, browser):
    base = live_server.url
    teacher_context = browser.new_context(viewport=DESKTOP)
    student_context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = teacher_context.new_page()
        register_teacher(page, base)
        open_library(page)
        expect(page.get_by_text("No banks yet.")).to_be_visible()
        bank_id = create_bank(page, "Riverside")
        expect(page.locator("p.meta").first).to_contain_text("Version 1 · 0 questions · 0 articles")
        article = paste_article(page)
        expect(page.locator("p.meta").first).to_contain_text("Version 2 · 0 questions · 1 article")

        # The editor: three questions typed in, with a wrong answer on one line.
        open_editor(page)
        editor_ready(page)
        page.locator(CONTENT).click()
        broken = questions_yaml(article, answer=WRONG_ANSWER)
        replace_text(page, broken)
        wrong_line = line_of(broken, WRONG_ANSWER)
        expect_problem_at(page, wrong_line, 'the answer "8 to 1" is not among the choices')

        # The problem's link takes the cursor to the line; the teacher retypes the answer there.
        page.locator(f"ol#bank-problems a[data-line='{wrong_line}']").click()
        expect(page.locator(CONTENT)).to_be_focused()
        assert active_line(page) == wrong_line
        page.keyboard.press("Home")  # to the end of the indentation
        page.keyboard.press("Shift+End")
        page.keyboard.type(RIGHT_ANSWER)
        fixed = questions_yaml(article)
        expect(page.locator("textarea#bank-yaml")).to_have_value(fixed)
        expect_no_problems(page)

        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".flashes")).to_contain_text(re.compile(r"Saved as version \d+: 3 questions added\."))
        saved = int(re.search(r"Saved as version (\d+)", page.locator(".flashes").inner_text()).group(1))
        assert saved == 3  # 1: created, 2: the article, 3: the questions
        expect(page.locator("p.meta").first).to_contain_text("Version 3 · 3 questions · 1 article")
        rows = page.locator("table.questions tbody tr")
        expect(rows.locator("th > a")).to_have_text(list(PLAN))

        # Preview one question: nothing is recorded, and the feedback shows the passage.
        rows.first.locator("th > a").click()
        expect(page.locator(".flash.info")).to_contain_text("Preview of “vote” in version 3")
        answer_right(page)
        expect_passage(page, "How did the council vote?")
        page.get_by_role("link", name="Back to the bank").click()

        # A self-paced class session, from the quiz's own link: the dashboard has it chosen.
        card = page.locator("#quizzes + ul.cards li.card").filter(has_text="The budget")
        card.get_by_role("link", name="Start a class session").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your class sessions")
        quiz = page.get_by_label("Quiz")
        expect(quiz).to_have_value(f"bank-{bank_id}:budget")
        assert norm(quiz.locator("option:checked").inner_text()) == "The budget (3 questions)"
        expect(page.get_by_role("radio", name="Self-paced (homework, open until you close it)")).to_be_checked()
        page.get_by_role("button", name="Create the session").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The budget")
        code = page.locator(".join-box .join-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{6}", code), code

        # A student, in a browser of their own, joins and plays the whole quiz.
        student = student_context.new_page()
        student.goto(base + "/join")
        student.get_by_label("Join code").fill(code.lower())
        student.get_by_role("button", name="Next").click()
        student.get_by_label("Choose a nickname").fill("Brave Otter")
        student.get_by_role("button", name="Join").click()
        seen = []
        for number in range(1, len(PLAN) + 1):
            expect(student.locator("#progress-label")).to_have_text(f"Question {number} of {len(PLAN)}")
            prompt = answer_right(student)
            expect_passage(student, prompt)
            seen.append(prompt)
            student.locator("p.next a").click()
        assert sorted(seen) == sorted(PLAN)
        expect(student.get_by_role("heading", level=1)).to_have_text("Your summary")

        # The teacher's bank page counts the student's answers.
        page.goto(f"{base}/library/{bank_id}/")
        expect(page.locator("table.questions tbody tr td:last-child")).to_have_text(["1 (1)"] * 3)
    finally:
        teacher_context.close()
        student_context.close()


# --------------------------------------------------------------------------- 2. JavaScript off


def test_the_editor_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        _bank_id, article = bank_with_article(page, live_server.url)
        open_editor(page)
        textarea = page.get_by_label("questions.yaml")
        expect(textarea).to_be_visible()
        expect(page.locator(".cm-editor")).to_have_count(0)

        # Two mistakes: an answer that is not a choice, and a type that does not exist.
        broken = questions_yaml(article, answer=WRONG_ANSWER).replace("type: truefalse", "type: truefals")
        textarea.fill(broken)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".error[role=alert]")).to_contain_text("Not saved: 2 problems to fix")
        problems = [norm(t) for t in page.locator("ol#bank-problems li").all_inner_texts()]
        assert all(re.match(r"^\d+:\d+ error: ", p) for p in problems), problems
        answer_line = line_of(broken, WRONG_ANSWER)
        type_line = line_of(broken, "    type: truefals")
        assert any(p.startswith(f"{answer_line}:") and '"8 to 1" is not among' in p for p in problems), problems
        assert any(p.startswith(f"{type_line}:") and 'unknown type "truefals"' in p for p in problems), problems
        assert len(problems) == 2, problems
        expect(textarea).to_have_value(broken)  # the text is kept

        textarea.fill(questions_yaml(article))
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".flashes")).to_contain_text("Saved as version 3: 3 questions added.")
        expect(page.locator("table.questions tbody tr")).to_have_count(3)
    finally:
        context.close()


# --------------------------------------------------------------------------- 3. keyboard only


def test_the_editor_with_the_keyboard_only(live_server, page):
    _bank_id, article = bank_with_article(page, live_server.url)
    open_editor(page)
    editor_ready(page)

    tab_to(page, CONTENT)
    broken = questions_yaml(article, answer=WRONG_ANSWER)
    replace_text(page, broken)
    wrong_line = line_of(broken, WRONG_ANSWER)
    expect_problem_at(page, wrong_line, "is not among the choices")

    # Tab indents inside the editor (the focus stays); Shift+Tab takes the indentation back.
    page.keyboard.press("Tab")
    assert focused(page, CONTENT), "Tab left the editor instead of indenting"
    expect(page.locator("textarea#bank-yaml")).not_to_have_value(broken)
    page.keyboard.press("Shift+Tab")
    assert focused(page, CONTENT), "Shift+Tab left the editor instead of outdenting"
    expect(page.locator("textarea#bank-yaml")).to_have_value(broken)

    # Escape, then Tab: the focus moves on to the Save button. (With a completion list open, the
    # first Escape would close the list instead; none is open here.)
    expect(page.locator(".cm-tooltip-autocomplete")).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert focused(page, "form.stack button[type=submit]"), page.evaluate("document.activeElement.outerHTML")
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_focused()

    # On to the problem's link; Enter puts the cursor on its line, in the editor.
    tab_to(page, f"ol#bank-problems a[data-line='{wrong_line}']")
    page.keyboard.press("Enter")
    expect(page.locator(CONTENT)).to_be_focused()
    assert active_line(page) == wrong_line
    expect(page.locator(f"{EDITOR} .cm-activeLine")).to_have_text(WRONG_ANSWER)

    # Escape, then Shift+Tab leaves the editor backwards; Tab comes back to the same place.
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Tab")
    assert not focused(page, CONTENT), "Escape then Shift+Tab stayed in the editor"
    expect(page.get_by_role("link", name="back to the bank")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(CONTENT)).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" # checked")
    expected = broken.replace(WRONG_ANSWER, WRONG_ANSWER + " # checked")
    expect(page.locator("textarea#bank-yaml")).to_have_value(expected)


# --------------------------------------------------------------------------- 4. axe-core and small screens


def editor_scrolls_by_keyboard(page: Page) -> None:
    """The editor's scrolling region is reached with Tab, and moving the cursor scrolls it."""
    scroller = f"{EDITOR} .cm-scroller"
    tab_to(page, CONTENT)
    page.keyboard.press("ControlOrMeta+Home")
    page.wait_for_function("s => document.querySelector(s).scrollTop < 5", arg=scroller)
    page.keyboard.press("ControlOrMeta+End")  # the last line comes into view
    page.wait_for_function(
        "s => { const e = document.querySelector(s); return e.scrollTop + e.clientHeight >= e.scrollHeight - 5 }",
        arg=scroller,
    )
    page.keyboard.press("ControlOrMeta+Home")
    page.wait_for_function("s => document.querySelector(s).scrollTop < 5", arg=scroller)


def test_axe_and_small_screens(live_server, page):
    """No axe-core violation on the library's pages; the bank and editor pages fit 360 px."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size(DESKTOP)

    def fits(what: str, name: str) -> None:
        shot(page, f"library/{name}-1280")
        page.set_viewport_size(PHONE)
        try:
            no_side_scroll(page, what)
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            shot(page, f"library/{name}-360")
        finally:
            page.set_viewport_size(DESKTOP)

    base = live_server.url
    bank_id, article = bank_with_article(page, base)
    page.get_by_role("link", name="Add an article").click()
    assert_accessible(axe, page, "add an article")
    page.get_by_role("link", name="Back to the bank").click()

    open_editor(page)
    editor_ready(page)
    assert_accessible(axe, page, "editor")
    page.locator(CONTENT).click()
    broken = questions_yaml(article, answer=WRONG_ANSWER)
    replace_text(page, broken)
    expect_problem_at(page, line_of(broken, WRONG_ANSWER), "is not among the choices")
    assert_accessible(axe, page, "editor with a problem")
    overflows = page.evaluate(
        "(s) => { const e = document.querySelector(s); return e.scrollHeight > e.clientHeight }",
        f"{EDITOR} .cm-scroller",
    )
    if overflows:  # the text is taller than the editor: its scroller must really work by keyboard
        editor_scrolls_by_keyboard(page)
    fits("editor", "editor")

    replace_text(page, questions_yaml(article))
    expect_no_problems(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("Saved as version 3")
    assert_accessible(axe, page, "bank")
    fits("bank", "bank")

    page.get_by_role("link", name="Back to your library").click()
    expect(page.locator("table.banks tbody tr")).to_have_count(1)
    assert_accessible(axe, page, "library")

    page.goto(f"{base}/library/{bank_id}/v/3/questions/vote")
    assert_accessible(axe, page, "preview")
    page.get_by_role("button", name="Check my answer").click()  # no answer: an error
    expect(page.locator("#form-error")).to_be_visible()
    assert_accessible(axe, page, "preview with an error")
    page.get_by_role("radio", name="5 to 4", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#feedback-heading")).to_have_text("Not quite")
    assert_accessible(axe, page, "preview feedback")


# --------------------------------------------------------------------------- 5. console and CSP

CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
    const where = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 120) : e.sourceFile + ':' + e.lineNumber;
    window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' at ' + where);
}, true);
"""


class Watch:
    """Console errors, uncaught exceptions and CSP violations of a page, from before it loads."""

    def __init__(self, page: Page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.add_init_script(CSP_LISTENER)

    def clean(self, what: str) -> None:
        assert self.page.evaluate("window.__csp") == [], f"CSP violations on the {what}"
        assert self.errors == [], f"console errors on the {what}"


def paste(page: Page, text: str) -> None:
    """Put ``text`` on the clipboard and paste it over everything in the focused editor."""
    assert focused(page, CONTENT), "the editor has not got the focus"
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("ControlOrMeta+v")
    expect(page.locator("textarea#bank-yaml")).to_have_value(text)


def test_the_editor_page_has_no_console_errors_or_csp_violations(live_server, browser):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        _bank_id, article = bank_with_article(page, live_server.url)
        watch = Watch(page)
        open_editor(page)
        editor_ready(page)
        # The editor's look comes from editor.css, not from <style> elements the CSP would block.
        gutters = "getComputedStyle(document.querySelector('.cm-gutters')).backgroundColor"
        assert page.evaluate(gutters) == "rgb(243, 244, 247)"
        watch.clean("editor page once loaded")

        # The teacher pastes a bank over the starter text, and the check marks its mistake.
        page.locator(CONTENT).click()
        broken = questions_yaml(article, answer=WRONG_ANSWER)
        paste(page, broken)
        wrong_line = line_of(broken, WRONG_ANSWER)
        expect_problem_at(page, wrong_line, "is not among the choices")

        # Every part of the editor that draws itself: a lint tooltip (while the marks stand still),
        # completion, the search panel.
        page.locator(f"{EDITOR} .cm-lintRange-error").first.hover()
        expect(page.locator(".cm-tooltip-lint")).to_contain_text('the answer "8 to 1" is not among the choices')
        page.locator(f"ol#bank-problems a[data-line='{wrong_line}']").click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")  # a new line in the question's mapping: its keys are offered
        page.keyboard.press("Control+Space")
        expect(page.locator(".cm-tooltip-autocomplete")).to_be_visible()
        expect(page.locator(".cm-tooltip-autocomplete li").first).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.locator(".cm-tooltip-autocomplete")).to_have_count(0)
        page.keyboard.press("ControlOrMeta+f")
        expect(page.locator(".cm-panel.cm-search")).to_be_visible()
        page.keyboard.type("council")
        page.keyboard.press("Enter")
        expect(page.locator(f"{EDITOR} .cm-searchMatch").first).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.locator(".cm-panel.cm-search")).to_have_count(0)

        # Fixed by typing, the problem goes; the page stayed clean throughout.
        page.locator(f"ol#bank-problems a[data-line='{wrong_line}']").click()
        page.keyboard.press("Home")
        page.keyboard.press("Shift+End")
        page.keyboard.type(RIGHT_ANSWER)
        expect_no_problems(page)
        watch.clean("editor page after editing")
    finally:
        context.close()


def test_typing_over_all_the_text_breaks_no_csp_rule(live_server, page):
    register_teacher(page, live_server.url)
    open_library(page)
    create_bank(page, "Riverside")
    watch = Watch(page)
    open_editor(page)
    editor_ready(page)
    page.locator(CONTENT).click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("t")  # the starter text begins with a comment, highlighted in italics
    expect(page.locator("textarea#bank-yaml")).to_have_value("t")
    expect(page.locator("#bank-problems-status")).not_to_have_text("", timeout=CHECK_MS)  # checked since
    watch.clean("editor page after typing over everything")
