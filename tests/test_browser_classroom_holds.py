"""Browser tests of a live round that holds up (issue 9): a phone without JavaScript, a paused clock, a removal.

The teacher and the students are separate browser contexts, as in test_browser_classroom.py, whose
helpers these tests use.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import assert_accessible, no_side_scroll, shot
from playwright.sync_api import expect
from test_browser_classroom import (
    PHONE,
    PROJECTOR,
    QUIZ_ID,
    SMALL,
    Watch,
    advance,
    answer,
    create_live_session,
    join,
    register_teacher,
)

pytestmark = pytest.mark.browser


FOLLOW_MS = 6000  # polling once a second, or reloading every 3 seconds without JavaScript
SECONDS = 15  # per question: short, so a phone whose form stays open reloads within the test


def test_a_phone_without_javascript_follows_a_live_round_by_itself(live_server, browser, bank):
    quiz = bank.quiz(QUIZ_ID)
    total = len(quiz.question_ids)
    first, second = (bank.question(q) for q in quiz.question_ids[:2])
    base = live_server.url
    teacher_context = browser.new_context(viewport=PROJECTOR)
    plain_context = browser.new_context(viewport=SMALL, java_script_enabled=False)
    try:
        teacher = teacher_context.new_page()
        register_teacher(teacher, base)
        code = create_live_session(teacher, quiz, seconds=SECONDS)
        teacher.get_by_role("link", name="Open the projector view").click()

        plain = plain_context.new_page()
        join(plain, base, code, "Plain Pika")
        expect(teacher.locator(".count")).to_have_text("1 joined", timeout=FOLLOW_MS)
        refresh = plain.get_by_role("link", name="refresh it")
        expect(refresh).to_be_visible()

        # The teacher starts: the phone shows the question without anyone touching it.
        advance(teacher, "Start the first question", f"Question 1 of {total}")
        expect(plain.locator("form.answer h2")).to_have_text(first.prompt, timeout=FOLLOW_MS)
        answer(plain, bank, right=True, script=False)
        expect(plain.get_by_role("link", name="refresh it")).to_be_visible()

        # The reveal and the top five reach it by themselves.
        advance(teacher, "Reveal the answer", "How the class answered")
        expect(plain.locator("#feedback-heading")).to_have_text("Right!", timeout=FOLLOW_MS)
        expect(plain.locator("figure.passage mark").first).to_be_visible()
        advance(teacher, "Show the top five", "Top five")
        expect(plain.get_by_role("heading", name="Top five")).to_be_visible(timeout=FOLLOW_MS)

        # Question 2: the student does not answer. Once its time is surely over the page moves on.
        advance(teacher, "Next question", f"Question 2 of {total}")
        expect(plain.locator("form.answer h2")).to_have_text(second.prompt, timeout=FOLLOW_MS)
        advance(teacher, "Reveal the answer", "How the class answered")
        expect(plain.locator("#feedback-heading")).to_have_text("No answer from you", timeout=(SECONDS + 8) * 1000)

        # The end: the phone says so and leads to the results.
        for number in range(2, total):
            advance(teacher, "Next question", f"Question {number + 1} of {total}")
            advance(teacher, "Reveal the answer", "How the class answered")
        advance(teacher, "Finish", "Final leaderboard")
        # (It may have reloaded into one of the questions run through meanwhile, and then waits out its time.)
        expect(plain.locator("#live-panel")).to_contain_text("That's the end of the quiz", timeout=(SECONDS + 8) * 1000)
        plain.get_by_role("link", name="See your results").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Your summary")
        expect(plain.locator("ol.review > li")).to_have_count(total)
    finally:
        teacher_context.close()
        plain_context.close()


def test_pausing_freezes_the_countdowns_and_at_zero_the_form_locks(live_server, browser, bank):
    quiz = bank.quiz(QUIZ_ID)
    base = live_server.url
    teacher_context = browser.new_context(viewport=PROJECTOR)
    phone_context = browser.new_context(viewport=PHONE)
    try:
        teacher = teacher_context.new_page()
        register_teacher(teacher, base)
        code = create_live_session(teacher, quiz, seconds=SECONDS)
        teacher.get_by_role("link", name="Open the projector view").click()
        phone = phone_context.new_page()
        join(phone, base, code, "Ticking Tui")
        watch = Watch(phone)
        advance(teacher, "Start the first question", "0 of 1 answered")
        expect(phone.locator("form.answer")).to_be_visible(timeout=FOLLOW_MS)

        def seconds(page) -> int:
            return int(page.locator("[data-remaining]").inner_text())

        teacher.get_by_role("button", name="Pause").click()
        expect(teacher.locator(".countdown")).to_contain_text("(paused)")
        expect(phone.locator("#live-panel")).to_contain_text("paused", timeout=FOLLOW_MS)
        frozen_phone, frozen_projector = seconds(phone), seconds(teacher)
        expect(phone.get_by_role("button", name="Send my answer")).to_be_disabled()
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        assert_accessible(axe, phone, "paused phone")
        assert_accessible(axe, teacher, "paused projector, with who has not answered")
        shot(phone, "classroom-holds/phone-paused")
        phone.wait_for_timeout(2500)
        assert (seconds(phone), seconds(teacher)) == (frozen_phone, frozen_projector)  # neither clock moved

        teacher.get_by_role("button", name="Resume").click()
        expect(phone.locator("#live-panel")).not_to_contain_text("paused", timeout=FOLLOW_MS)
        assert frozen_phone - 1 <= seconds(phone) <= frozen_phone  # from the same second, not from later
        expect(phone.get_by_role("button", name="Send my answer")).to_be_enabled()

        # At 0 the form locks and says why; the page did not reload for any of it.
        expect(phone.locator("[data-remaining]")).to_have_text("0", timeout=(SECONDS + 2) * 1000)
        expect(phone.get_by_role("button", name="Send my answer")).to_be_disabled()
        expect(phone.locator("form.answer input[type=radio]").first).to_be_disabled()
        expect(phone.locator("[data-time-up]")).to_be_visible()
        watch.same_page("the phone through a pause and the end of the time")
        assert_accessible(axe, phone, "phone with its form locked at 0 s")
        shot(phone, "classroom-holds/phone-time-up")

        # The join page now lists the session under "My sessions", and leads back to it.
        phone.set_viewport_size(SMALL)
        phone.goto(base + "/join")
        mine = phone.get_by_role("region", name="My sessions")
        expect(mine.get_by_role("link", name=quiz.title)).to_be_visible()
        assert_accessible(axe, phone, "join page with My sessions")
        no_side_scroll(phone, "join page with My sessions")
        mine.get_by_role("link", name=quiz.title).click()
        expect(phone.locator("#live-panel .meta strong")).to_have_text("Ticking Tui")
    finally:
        teacher_context.close()
        phone_context.close()


def test_a_removed_phone_says_so_at_once(live_server, browser, bank):
    quiz = bank.quiz(QUIZ_ID)
    base = live_server.url
    teacher_context = browser.new_context(viewport=PROJECTOR)
    phone_context = browser.new_context(viewport=PHONE)
    try:
        teacher = teacher_context.new_page()
        register_teacher(teacher, base)
        code = create_live_session(teacher, quiz)
        session_url = teacher.url
        phone = phone_context.new_page()
        join(phone, base, code, "Cheeky Chough")
        watch = Watch(phone)

        teacher.reload()
        teacher.get_by_role("link", name="Remove Cheeky Chough…").click()
        expect(teacher.get_by_role("heading", level=1)).to_contain_text("Remove “Cheeky Chough”")
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
        assert_accessible(axe, teacher, "confirm a removal")
        teacher.get_by_role("button", name="Remove Cheeky Chough").click()
        expect(teacher.locator(".flash")).to_contain_text("Removed “Cheeky Chough”")
        assert teacher.url.startswith(session_url)

        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "You were removed from this session", timeout=FOLLOW_MS
        )
        watch.same_page("the removed phone")
        assert_accessible(axe, phone, "removed phone")
        shot(phone, "classroom-holds/phone-removed")
        teacher.reload()
        expect(teacher.get_by_role("heading", name="Removed (1)")).to_be_visible()
        assert_accessible(axe, teacher, "session page with a removed device")
        phone.wait_for_timeout(2500)  # it stopped polling: nothing more happens to it
        expect(phone.get_by_role("heading", level=1)).to_have_text("You were removed from this session")
        # Typing the code again does not let it back in.
        phone.goto(base + "/join")
        phone.get_by_label("Join code").fill(code)
        phone.get_by_role("button", name="Next").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("You were removed from this session")
        assert re.search(r"/join/[A-Z0-9]{6}$", phone.url)
    finally:
        teacher_context.close()
        phone_context.close()
