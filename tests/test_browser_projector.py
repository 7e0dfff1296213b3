"""The projector, read from the back of a room (issue 9, item 7), at 1366×768 and 1920×1080.

A teacher runs the whole starter quiz (every question kind) on the projector while four students
answer from their own browsers (Flask test clients on the same database, so the test stays quick).
In every state, at both sizes, the projector's controls are in view without scrolling and nothing
scrolls sideways; the reveal is compact and labels the split with the options' letters; full screen
hides the site's menu; the final top three stand on a podium. With QUIZ_TEST_SHOTS set, every state
is saved as a screenshot to look at.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import no_side_scroll, norm, shot
from helpers import form_for, identify, join
from playwright.sync_api import Page, expect
from test_browser_classroom import register_teacher

pytestmark = pytest.mark.browser

SIZES = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
FOLLOW_MS = 6000
# Who answers rightly, question by question: Ada always, Ben on even questions, Cy on the first
# three, Di never; so the podium is Ada, then Ben, then Cy.
PLAYERS = {
    "Ada Owl": lambda i: True,
    "Ben Fox": lambda i: i % 2 == 0,
    "Cy Elk": lambda i: i < 3,
    "Di Yak": lambda i: False,
}


def controls_in_view(page: Page, what: str) -> None:
    """The projector's main control is on screen, at the top of the page, without scrolling."""
    page.evaluate("window.scrollTo(0, 0)")
    control = page.locator(".controls-bar .primary").first
    expect(control).to_be_visible()
    # Measured in the page in one step (a redraw between two steps would leave nothing to measure).
    top, bottom, label = control.evaluate(
        "e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom, e.textContent]"
    )
    height = page.viewport_size["height"]
    assert top >= 0 and bottom <= height, (
        f"the {what} control {label.strip()!r} spans y={top:.0f}..{bottom:.0f}, outside the {height}px screen"
    )
    no_side_scroll(page, what)


# The podium's three steps as {x, y} in the list's order, or null until all three have a size.
PODIUM_BOXES = """() => {
    const steps = [...document.querySelectorAll("ol.podium li")].map(li => li.getBoundingClientRect());
    return steps.length === 3 && steps.every(box => box.width > 0 && box.height > 0)
        ? steps.map(box => ({x: box.x, y: box.y})) : null;
}"""


def look(pages: dict[str, Page], state: str, expected: str) -> None:
    """Every projector shows ``expected``, with its controls in view; a screenshot of each."""
    for size, page in pages.items():
        expect(page.locator("#live-panel")).to_contain_text(expected, timeout=FOLLOW_MS)
        controls_in_view(page, f"{state} at {size}")
        shot(page, f"projector/{size}-{state}", full_page=False)


def click(page: Page, button: str) -> None:
    page.locator(".controls-bar").get_by_role("button", name=button, exact=True).click()


def test_the_projector_in_every_state_at_two_screen_sizes(live_server, browser, bank):
    app, base = live_server.app, live_server.url
    context = browser.new_context(viewport=SIZES["1366x768"])
    teacher = context.new_page()
    register_teacher(teacher, base)
    quiz = bank.quiz("starter")
    teacher.get_by_label("Quiz").select_option(label=f"{quiz.title} ({len(quiz.question_ids)} questions)")
    teacher.get_by_role("radio", name="Live (you pace it on the projector)").check()
    teacher.get_by_role("button", name="Create the session").click()
    code = teacher.locator(".join-box .join-code").inner_text().strip()
    session_url = teacher.url
    teacher.get_by_role("link", name="Open the projector view").click()
    wide = context.new_page()  # the same teacher on a second, larger screen, in full-screen mode
    wide.set_viewport_size(SIZES["1920x1080"])
    wide.goto(teacher.url + "?screen=full")
    pages = {"1366x768": teacher, "1920x1080": wide}
    assert teacher.locator("header.site").count() == 1 and wide.locator("header.site").count() == 0

    phones = {name: join(app, code, name)[0] for name in PLAYERS}
    sid = int(session_url.rstrip("/").rsplit("/", 1)[1])
    look(pages, "lobby", "4 joined")

    click(teacher, "Start the first question")
    for number, question_id in enumerate(quiz.question_ids):
        question = bank.question(question_id)
        look(pages, f"q{number + 1}-question", f"Question {number + 1} of {len(quiz.question_ids)}")
        letters = {
            chr(ord("A") + i): norm(text)
            for i, text in enumerate(teacher.locator(".projector-options li").all_inner_texts())
        }
        for name, right in PLAYERS.items():
            page = phones[name].get(f"/live/{sid}").data.decode()
            assert identify(bank, page).id == question.id
            data = form_for(bank, question, page, right=right(number)) | {"index": str(number)}
            assert phones[name].post(f"/live/{sid}", data=data).status_code == 303
        look(pages, f"q{number + 1}-answered", "Everyone has answered.")

        click(teacher, "Reveal the answer")
        look(pages, f"q{number + 1}-reveal", "How the class answered")
        reveal = teacher.locator("#live-panel")
        expect(reveal.locator("details.passages")).not_to_have_attribute("open", "")  # folded: compact
        rows = reveal.locator("table.split tbody th")
        if question.type in ("choice", "source", "truefalse", "verdict", "evidence"):
            # Each row's letter is the one its option had while the question was open.
            for i in range(rows.count()):
                letter, label = rows.nth(i).locator(".letter").inner_text(), rows.nth(i).locator("[title]")
                shown = norm(label.inner_text()).rstrip("…").strip("“”")
                assert letters[letter].startswith(shown), (question.id, letter, shown, letters)
        elif question.type == "order":
            sequences = [norm(rows.nth(i).locator(".letters").inner_text()) for i in range(rows.count())]
            assert all(re.fullmatch(r"[A-Z]( → [A-Z])+", s) for s in sequences), sequences
            expect(reveal.locator("ol.legend li")).to_have_count(len(question.items))
        expect(reveal.locator(".expected")).to_contain_text("The right answer:")

        if number + 1 < len(quiz.question_ids):
            click(teacher, "Show the top five")
            look(pages, f"q{number + 1}-leaderboard", "Top five")
            click(teacher, "Next question")
    click(teacher, "Finish")
    look(pages, "finished", "Final leaderboard")
    for page in pages.values():
        podium = page.locator("ol.podium li")
        expect(podium).to_have_count(3)
        names = [norm(t) for t in page.locator(".podium-name").all_inner_texts()]
        assert names == ["Ada Owl", "Ben Fox", "Cy Elk"]
        # Measured in one script run, once the three steps are laid out (a poll may redraw the panel).
        first, second, third = page.wait_for_function(PODIUM_BOXES).json_value()
        assert second["x"] < first["x"] < third["x"], "first place stands in the middle"
        assert first["y"] < second["y"] < third["y"], "first place stands highest, then second, then third"
        expect(page.locator("ol.after-podium li")).to_have_text(re.compile("Di Yak"))

    # With JavaScript, "Full screen" hides the menu in place (and asks the browser for full screen).
    teacher.locator(".controls-bar").get_by_role("link", name="Full screen").click()
    expect(teacher.locator("header.site")).to_be_hidden()
    shot(teacher, "projector/1366x768-finished-full", full_page=False)
    teacher.locator(".controls-bar").get_by_role("link", name="Leave full screen").click()
    expect(teacher.locator("header.site")).to_be_visible()
    context.close()
