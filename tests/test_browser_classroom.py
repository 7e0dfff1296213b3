"""Browser tests of classroom sessions (issue 4): a teacher and students in separate browser contexts.

The teacher registers, creates a live session from the seed bank and runs it on the projector view;
students join from their own contexts with the code and follow the teacher on their phones. The
students' pages must follow by polling alone: each test records the navigations of the student
pages and a marker set in the page's window, and checks that nothing reloaded until the student
submitted an answer.
"""

from __future__ import annotations

import csv
import io
import secrets
from pathlib import Path

import pytest
from browser_helpers import assert_accessible, focused, no_side_scroll, norm, question_on, shot, tab_to
from helpers import PASSWORD
from playwright.sync_api import Page, expect

from quiz.content.model import VERDICT_LABELS, VERDICTS

pytestmark = pytest.mark.browser

QUIZ_ID = "compare-the-sources"
PROJECTOR = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL = {"width": 360, "height": 740}
FOLLOW_MS = 6000  # a student's page follows the teacher within this (it polls once a second)


# --------------------------------------------------------------------------- the teacher


def register_teacher(page: Page, base: str, check=None) -> None:
    """Create a teacher account through the form; it lands on the dashboard, signed in."""
    page.goto(base + "/teacher/register")
    if check:
        check(page, "teacher register")
    page.get_by_label("Email address").fill(f"teacher-{secrets.token_hex(4)}@school.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your class sessions")


def create_live_session(page: Page, quiz, seconds: int = 120) -> str:
    """Fill the dashboard's new-session form for a live session; returns the join code."""
    page.get_by_label("Quiz").select_option(label=f"{quiz.title} ({len(quiz.question_ids)} questions)")
    page.get_by_label("Seconds per question (live)").fill(str(seconds))
    page.get_by_role("radio", name="Live (you pace it on the projector)").check()
    page.get_by_role("button", name="Create the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    code = page.locator(".join-box .join-code").inner_text().strip()
    assert len(code) == 6 and not set(code) & set("01OIL"), code
    return code


def advance(projector: Page, button: str, then: str) -> None:
    """Click one of the projector's controls and wait for the next phase to show."""
    projector.get_by_role("button", name=button, exact=True).click()
    expect(projector.locator("#live-panel")).to_contain_text(then)


# --------------------------------------------------------------------------- the students


class Watch:
    """Records a page's navigations and marks its window, to prove a page was not reloaded."""

    def __init__(self, page: Page):
        self.page = page
        self.navigations: list[str] = []
        page.on("framenavigated", self._record)
        self.arm()

    def _record(self, frame) -> None:
        if frame == self.page.main_frame:
            self.navigations.append(frame.url)

    def arm(self) -> None:
        """Start watching from the page as it is now (after the student's own navigation)."""
        self.navigations.clear()
        self.page.evaluate("window.__marker = 1")

    def same_page(self, what: str) -> None:
        assert self.navigations == [], f"{what}: the page navigated to {self.navigations}"
        assert self.page.evaluate("window.__marker") == 1, f"{what}: the page was reloaded"


def join(page: Page, base: str, code: str, nickname: str | None = None) -> str:
    """Join with the code (typed in lower case) and a nickname (or the suggested one); returns it."""
    page.goto(base + "/join")
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Next").click()
    box = page.get_by_label("Choose a nickname")
    suggested = box.input_value()
    assert suggested, "a nickname is suggested"
    if nickname:
        box.fill(nickname)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're in!")
    return nickname or suggested


def option_label(question, bank, right: bool) -> str:
    """The label of a right (or a wrong) option of a single-answer question."""
    qtype = question.type
    if qtype in ("choice", "source"):
        pick = question.answer if right else next(c for c in question.choices if c != question.answer)
        return bank.articles[pick].title if qtype == "source" else pick
    if qtype == "truefalse":
        return str(question.answer if right else not question.answer)
    if qtype == "verdict":
        return VERDICT_LABELS[question.answer if right else next(v for v in VERDICTS if v != question.answer)]
    raise AssertionError(f"pick a single-answer question, not {qtype}")


def answer(page: Page, bank, right: bool, script: bool = True) -> None:
    question = question_on(page, bank)
    page.get_by_role("radio", name=option_label(question, bank, right), exact=True).check()
    page.get_by_role("button", name="Send my answer").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Answer recorded")
    if script:  # the phone's script drew it in place: focus and the read-out start there
        expect(heading).to_be_focused()


def check_passage(page: Page, bank, question) -> None:
    """The revealed source passage: its article's title, and the anchored text in a <mark>."""
    anchor = question.sources[0]
    article = bank.articles[anchor.article]
    figure = page.locator("figure.passage").first
    expect(figure.locator(".source-title")).to_have_text(article.title)
    mark = figure.locator("blockquote mark").first
    expect(mark).to_be_visible()
    assert norm(mark.text_content()) in norm(article.body[anchor.start : anchor.end])


# --------------------------------------------------------------------------- 1. a live round end to end


def test_live_round_end_to_end(live_server, browser, bank):
    quiz = bank.quiz(QUIZ_ID)
    total = len(quiz.question_ids)
    first, second = (bank.question(q) for q in quiz.question_ids[:2])
    assert {first.type, second.type} <= {"choice", "truefalse", "verdict", "source"}
    base = live_server.url
    contexts = []

    def context(viewport):
        contexts.append(browser.new_context(viewport=viewport, accept_downloads=True))
        return contexts[-1].new_page()

    try:
        teacher = context(PROJECTOR)
        register_teacher(teacher, base)
        code = create_live_session(teacher, quiz)
        teacher.get_by_role("link", name="Open the projector view").click()
        projector = teacher
        expect(projector.locator(".join-code")).to_have_text(code)
        expect(projector.locator(".count")).to_have_text("0 joined")
        teacher_watch = Watch(projector)

        # Three students join: one keeps the suggested nickname, two type their own.
        phones = [context(PHONE) for _ in range(3)]
        nicks = [
            join(phones[0], base, code),
            join(phones[1], base, code, "Wrong Wombat"),
            join(phones[2], base, code, "Quiet Quokka"),
        ]
        right, wrong, silent = phones
        watches = [Watch(p) for p in phones]
        for phone, nick in zip(phones, nicks, strict=True):
            expect(phone.locator("#live-panel .meta strong")).to_have_text(nick)

        # The projector counts them in as they join, without a reload.
        expect(projector.locator(".count")).to_have_text("3 joined", timeout=FOLLOW_MS)
        expect(projector.locator(".nicks li")).to_have_count(3)
        assert sorted(projector.locator(".nicks li").all_inner_texts()) == sorted(nicks)
        teacher_watch.same_page("projector in the lobby")

        # Question 1: each phone shows it by itself.
        advance(projector, "Start the first question", f"Question 1 of {total}")
        expect(projector.get_by_role("heading", level=2)).to_have_text(first.prompt)
        teacher_watch.arm()
        for phone, watch in zip(phones, watches, strict=True):
            expect(phone.locator("form.answer h2")).to_have_text(first.prompt, timeout=FOLLOW_MS)
            expect(phone.locator(".progress-row")).to_contain_text(f"Question 1 of {total}")
            watch.same_page("a phone when the question opened")
            assert question_on(phone, bank).id == first.id

        answer(right, bank, right=True)
        answer(wrong, bank, right=False)
        watches[0].same_page("a phone that sent its answer (by fetch, the reply drawn in place)")
        watches[1].same_page("a phone that sent its answer")
        expect(projector.locator(".progress-row")).to_contain_text("2 of 3 answered", timeout=FOLLOW_MS)
        teacher_watch.same_page("projector while students answer")
        watches[2].same_page("the phone of the student who has not answered")

        # The reveal: each phone shows its own result, rank and the source passage.
        advance(projector, "Reveal the answer", "How the class answered")
        projector.locator("details.passages summary").click()  # folded on the projector, to keep it compact
        check_passage(projector, bank, first)
        expect(projector.locator("table.split tr.right th")).to_contain_text(option_label(first, bank, True))
        results = {0: ("Right!", 1), 1: ("Not quite", 2), 2: ("No answer from you", 2)}
        for i, (heading, rank) in results.items():
            phone = phones[i]
            expect(phone.locator("#feedback-heading")).to_have_text(heading, timeout=FOLLOW_MS)
            expect(phone.locator(".rank")).to_contain_text(f"You are number {rank} with")
            check_passage(phone, bank, first)
            watches[i].same_page(f"phone {i + 1} at the reveal")
        plural = "" if first.points == 1 else "s"
        expect(right.locator(".rank")).to_have_text(f"You are number 1 with {first.points:g} point{plural}.")

        # The leaderboard on the projector and on the phones.
        advance(projector, "Show the top five", "Top five")
        expect(projector.locator("ol.leaders li").first).to_contain_text(nicks[0])
        for i, phone in enumerate(phones):
            expect(phone.get_by_role("heading", name="Top five")).to_be_visible(timeout=FOLLOW_MS)
            expect(phone.locator("ol.leaders li")).to_have_count(3)
            watches[i].same_page(f"phone {i + 1} at the leaderboard")

        # Question 2; a student reloads in the middle and is still themselves, on the same question.
        advance(projector, "Next question", f"Question 2 of {total}")
        for i, phone in enumerate(phones):
            expect(phone.locator("form.answer h2")).to_have_text(second.prompt, timeout=FOLLOW_MS)
            watches[i].same_page(f"phone {i + 1} at question 2")
        wrong.reload()
        expect(wrong.locator("form.answer h2")).to_have_text(second.prompt)
        expect(wrong.locator("#live-panel .meta strong")).to_have_text(nicks[1])
        # Typing the code again (a student who closed the tab) leads back to the same place.
        wrong.goto(base + "/join")
        wrong.get_by_label("Join code").fill(code)
        wrong.get_by_role("button", name="Next").click()
        expect(wrong.locator("form.answer h2")).to_have_text(second.prompt)
        expect(wrong.locator("#live-panel .meta strong")).to_have_text(nicks[1])
        answer(wrong, bank, right=True)
        wrong.reload()
        expect(wrong.get_by_role("heading", level=1)).to_have_text("Answer recorded")
        expect(wrong.locator("#live-panel .meta strong")).to_have_text(nicks[1])
        watches[1].arm()
        expect(projector.locator(".progress-row")).to_contain_text("1 of 3 answered", timeout=FOLLOW_MS)

        # The teacher runs through the rest and finishes.
        for number in range(2, total):
            advance(projector, "Reveal the answer", "How the class answered")
            advance(projector, "Next question", f"Question {number + 1} of {total}")
        advance(projector, "Reveal the answer", "How the class answered")
        advance(projector, "Finish", "Final leaderboard")
        shot(projector, "classroom/projector-finished")
        for i, phone in enumerate(phones):
            expect(phone.locator("#live-panel")).to_contain_text("That's the end of the quiz", timeout=FOLLOW_MS)
            if i != 1:  # the student who reloaded navigated on purpose; the others never did
                watches[i].same_page(f"phone {i + 1} at the end")
        shot(silent, "classroom/phone-finished-390")
        # After the reload, the second student ties the first: both have one right answer.
        expect(wrong.locator(".rank")).to_contain_text("You finished number 1 with 1 point.")

        # The report, and every answer as CSV.
        projector.get_by_role("link", name="See the report").click()
        expect(projector.get_by_role("heading", level=1)).to_have_text(f"Report: {quiz.title}")
        shot(projector, "classroom/report-finished", full_page=False)
        with projector.expect_download() as info:
            projector.get_by_role("link", name="Download every answer (CSV)").click()
        download = info.value
        assert download.suggested_filename.endswith("-answers.csv")
        text = Path(download.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["nickname"] for r in rows} == set(nicks)
        assert len(rows) == 3 * total
        firsts = {r["nickname"]: r["correct"] for r in rows if r["question number"] == "1"}
        assert firsts == {nicks[0]: "yes", nicks[1]: "no", nicks[2]: ""}
    finally:
        for ctx in contexts:
            ctx.close()


# --------------------------------------------------------------------------- 2. axe-core, small screens, screenshots


def test_axe_and_small_screens(live_server, browser, bank):
    """No axe-core violation on any classroom page in any phase; the student pages fit 360 px."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    quiz = bank.quiz(QUIZ_ID)
    base = live_server.url
    teacher_context = browser.new_context(viewport=PROJECTOR)
    phone_context = browser.new_context(viewport=SMALL)
    try:
        teacher, phone = teacher_context.new_page(), phone_context.new_page()

        def check(page: Page, what: str, screenshot: str | None = None) -> None:
            assert_accessible(axe, page, what)
            if page is phone:
                no_side_scroll(page, what)
            if screenshot:
                shot(page, "classroom/" + screenshot)

        # The account pages, with and without errors.
        phone.goto(base + "/teacher/login")
        check(phone, "teacher login")
        phone.get_by_label("Email address").fill("nobody@school.example")
        phone.get_by_label("Password").fill("not the password")
        phone.get_by_role("button", name="Log in").click()
        expect(phone.locator("#form-error")).to_be_visible()
        check(phone, "teacher login with an error")
        teacher.goto(base + "/teacher/register")
        teacher.get_by_label("Email address").fill("someone@school.example")
        teacher.get_by_label("Password", exact=True).fill(PASSWORD)
        teacher.get_by_label("Password again").fill(PASSWORD + " typo")
        teacher.get_by_role("button", name="Create the account").click()
        expect(teacher.locator("p.error").first).to_be_visible()
        check(teacher, "teacher register with errors")
        register_teacher(teacher, base, check)
        check(teacher, "empty dashboard")
        code = create_live_session(teacher, quiz)
        check(teacher, "session without players")

        # A student joins; a wrong code first.
        phone.goto(base + "/join")
        check(phone, "join", "join-360")
        phone.get_by_label("Join code").fill("ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
        phone.get_by_role("button", name="Next").click()
        expect(phone.locator("#form-error")).to_be_visible()
        check(phone, "join with a wrong code")
        phone.get_by_label("Join code").fill(code)
        phone.get_by_role("button", name="Next").click()
        expect(phone.get_by_label("Choose a nickname")).not_to_have_value("")
        check(phone, "nickname", "nickname-360")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("You're in!")
        check(phone, "phone in the lobby", "phone-lobby-360")

        teacher.reload()
        expect(teacher.locator(".players li")).to_have_count(1)
        check(teacher, "session with players", "session-1280")
        teacher.get_by_role("link", name="My classes").click()
        check(teacher, "dashboard with a session")
        teacher.get_by_role("link", name=quiz.title).click()
        teacher.get_by_role("link", name="Open the projector view").click()
        expect(teacher.locator(".count")).to_have_text("1 joined")
        check(teacher, "projector in the lobby", "projector-lobby")

        advance(teacher, "Start the first question", "0 of 1 answered")
        check(teacher, "projector with a question", "projector-question")
        expect(phone.locator("form.answer")).to_be_visible(timeout=FOLLOW_MS)
        check(phone, "phone with a question", "phone-question-360")
        phone.get_by_role("button", name="Send my answer").click()
        expect(phone.locator("#form-error")).to_be_visible()
        check(phone, "phone with an error")
        answer(phone, bank, right=False)
        check(phone, "phone after answering")

        advance(teacher, "Reveal the answer", "How the class answered")
        check(teacher, "projector at the reveal", "projector-reveal")
        expect(phone.locator("#feedback-heading")).to_have_text("Not quite", timeout=FOLLOW_MS)
        check(phone, "phone at the reveal", "phone-reveal-360")

        advance(teacher, "Show the top five", "Top five")
        check(teacher, "projector with the leaderboard", "projector-leaderboard")
        expect(phone.get_by_role("heading", name="Top five")).to_be_visible(timeout=FOLLOW_MS)
        check(phone, "phone with the leaderboard", "phone-leaderboard-360")

        teacher.get_by_role("link", name="Session page (players, pause, close)").click()
        teacher.get_by_role("link", name="Report").click()
        expect(teacher.get_by_role("heading", level=1)).to_have_text(f"Report: {quiz.title}")
        check(teacher, "report", "report-1280")
        teacher.set_viewport_size(SMALL)
        no_side_scroll(teacher, "report")
        shot(teacher, "classroom/report-360")
    finally:
        teacher_context.close()
        phone_context.close()


# --------------------------------------------------------------------------- 3. keyboard only


def test_join_and_answer_with_the_keyboard_only(live_server, browser, bank):
    """A student joins and answers with the keyboard; the teacher runs the projector with it too."""
    quiz = bank.quiz(QUIZ_ID)
    first = bank.question(quiz.question_ids[0])
    base = live_server.url
    teacher_context = browser.new_context(viewport=PROJECTOR)
    phone_context = browser.new_context(viewport=PHONE)
    try:
        teacher, phone = teacher_context.new_page(), phone_context.new_page()
        register_teacher(teacher, base)
        code = create_live_session(teacher, quiz)
        session_url = teacher.url
        teacher.get_by_role("link", name="Open the projector view").click()
        # The teacher's focus rests on the start button while students join: the projector's
        # redraws (new players) must leave it there.
        tab_to(teacher, "button[value=start]")

        phone.goto(base + "/join")
        tab_to(phone, "#code")
        phone.keyboard.type(code)
        phone.keyboard.press("Enter")
        expect(phone.get_by_label("Choose a nickname")).to_be_visible()
        tab_to(phone, "#nickname")
        phone.keyboard.press("ControlOrMeta+a")
        phone.keyboard.type("Keyboard Kea")
        phone.keyboard.press("Enter")
        expect(phone.get_by_role("heading", level=1)).to_have_text("You're in!")
        watch = Watch(phone)

        expect(teacher.locator(".count")).to_have_text("1 joined", timeout=FOLLOW_MS)
        assert focused(teacher, "button[value=start]"), "the redraw took the focus off the start button"
        teacher.keyboard.press("Enter")
        expect(teacher.locator(".progress-row")).to_contain_text("0 of 1 answered")

        # The question arrives; its heading takes the focus, and Tab goes on to the options.
        heading = phone.locator("#question-heading")
        expect(heading).to_be_focused(timeout=FOLLOW_MS)
        watch.same_page("the phone when the question opened")
        # Sent with nothing chosen: the reason comes back in place and takes the focus, to be read out.
        tab_to(phone, "form.answer button[type=submit]")
        phone.keyboard.press("Enter")
        expect(phone.locator("#form-error")).to_be_focused()
        watch.same_page("the phone after an answer that was not taken")
        target = option_label(first, bank, right=True)
        labels = [norm(t) for t in phone.locator("input[name=choice] + span").all_inner_texts()]
        index = labels.index(target)
        tab_to(phone, "input[name=choice]")
        phone.keyboard.press("Space")
        for _ in range(index):
            phone.keyboard.press("ArrowDown")
        assert norm(phone.locator("input[name=choice]:checked + span").inner_text()) == target

        # The teacher pauses and resumes meanwhile: the phone redraws, keeping the choice and the focus.
        desk = teacher_context.new_page()
        desk.goto(session_url)
        desk.get_by_role("button", name="Pause").click()
        expect(phone.locator("#live-panel")).to_contain_text("paused", timeout=FOLLOW_MS)
        assert norm(phone.locator("input[name=choice]:checked + span").inner_text()) == target
        assert focused(phone, "input[name=choice]:checked")
        desk.get_by_role("button", name="Resume").click()
        expect(phone.locator("#live-panel")).not_to_contain_text("paused", timeout=FOLLOW_MS)
        assert norm(phone.locator("input[name=choice]:checked + span").inner_text()) == target
        watch.same_page("the phone after a pause")
        desk.close()

        tab_to(phone, "form.answer button[type=submit]")
        phone.keyboard.press("Enter")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Answer recorded")
        expect(phone.get_by_role("heading", level=1)).to_be_focused()
        watch.same_page("the phone after its answer")

        expect(teacher.locator(".progress-row")).to_contain_text("1 of 1 answered", timeout=FOLLOW_MS)
        tab_to(teacher, "button[value=reveal]")
        teacher.keyboard.press("Enter")
        expect(teacher.locator("#split-heading")).to_be_visible()
        # The result heading takes the focus, so a screen reader reads it out.
        expect(phone.locator("#feedback-heading")).to_have_text("Right!", timeout=FOLLOW_MS)
        expect(phone.locator("#feedback-heading")).to_be_focused()
        watch.same_page("the phone at the reveal")
    finally:
        teacher_context.close()
        phone_context.close()
