"""Browser tests of play (issue 3): Chromium driven by Playwright against a live server.

Every test asserts what a player sees: the pages are read through the browser, never through
the database. The right answers come from the seed bank; the question a page shows is found by
its prompt and claim, since the page carries no question id.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import assert_accessible, no_side_scroll, norm, question_on, shot, tab_to
from helpers import shown_number
from playwright.sync_api import Page, expect

from quiz.content.model import VERDICT_LABELS, VERDICTS

pytestmark = pytest.mark.browser

HEADINGS = {"right": "Right!", "wrong": "Not quite", "partial": "Partly right"}


# --------------------------------------------------------------------------- reading pages


def progress(page: Page) -> tuple[str, str]:
    """("Question 3 of 10", "Score so far: 2 / 2") as shown above a question or feedback."""
    return norm(page.locator("#progress-label").inner_text()), norm(page.locator(".progress-row .score").inner_text())


def byline(article) -> str:
    return " · ".join(
        [
            article.outlet or "outlet unknown",
            article.author or "author unknown",
            article.published_text or article.published or "date unknown",
        ]
    )


def marked_pieces(article, anchor) -> list[str]:
    """The anchored text split at paragraph breaks: what each paragraph's <mark> must hold."""
    pieces = []
    for p_start, p_end in article.paragraphs:
        s, e = max(anchor.start, p_start), min(anchor.end, p_end)
        if s < e:
            pieces.append(article.body[s:e])
    return pieces


PASSAGES_JS = """figures => figures.map(f => ({
    title: f.querySelector('.source-title').innerText,
    byline: f.querySelector('.byline').innerText,
    marks: [...f.querySelectorAll('blockquote mark')].map(m => m.textContent),
    paragraphs: [...f.querySelectorAll('blockquote p')].map(p => p.textContent),
    links: [...f.querySelectorAll('a')].map(a => [a.textContent, a.getAttribute('href')]),
}))"""


def source_cards(bank, question) -> list[list]:
    """The question's sources as the page groups them: those in the same paragraphs of an article share a card."""
    cards: list[list] = []
    for anchor in question.sources:
        article = bank.articles[anchor.article]
        lo, hi = article.paragraph_of(anchor.start), article.paragraph_of(anchor.end - 1)
        for card in cards:
            if card[0] == anchor.article and lo <= card[2] and card[1] <= hi:
                card[1], card[2] = min(card[1], lo), max(card[2], hi)
                card[3].append(anchor)
                break
        else:
            cards.append([anchor.article, lo, hi, [anchor]])
    return cards


def check_passages(page: Page, bank, question) -> None:
    """Each revealed passage: the anchored text in a <mark>, inside its paragraph, under a true byline."""
    shown = page.locator("figure.passage").evaluate_all(PASSAGES_JS)
    cards = source_cards(bank, question)
    assert len(shown) == len(cards), f"{question.id}: one passage per stretch of paragraphs, in order"
    for i, (card, figure) in enumerate(zip(cards, shown, strict=True), start=1):
        article = bank.articles[card[0]]
        anchors = card[3]
        where = f"{question.id}, passage {i}"
        assert norm(figure["title"]) == norm(article.title), where
        assert norm(figure["byline"]) == norm(byline(article)), where
        pieces = [piece for a in sorted(anchors, key=lambda a: a.start) for piece in marked_pieces(article, a)]
        assert figure["marks"] == pieces, where
        for anchor in anchors:  # each mark sits inside its whole paragraph, verbatim
            p_start, p_end = article.paragraphs[article.paragraph_of(anchor.start)]
            assert article.body[p_start:p_end] in figure["paragraphs"], where
        text, href = figure["links"][0]
        assert text == "Read it in the whole article", where
        assert re.match(rf"/play/[0-9a-f]{{32}}/articles/{article.id}\?", href), where
        assert f"hl={anchors[0].start}-{anchors[0].end}" in href, where


def summary_totals(page: Page) -> dict[str, str]:
    totals = page.locator("dl.totals > div")
    return {norm(t.locator("dt").inner_text()): norm(t.locator("dd").inner_text()) for t in totals.all()}


# --------------------------------------------------------------------------- answering by clicking


def pick_choice(question, bank, mode: str) -> str:
    """The label to pick for single-answer types."""
    qtype = question.type
    if qtype == "choice":
        wrong = next(c for c in question.choices if c != question.answer)
        return question.answer if mode == "right" else wrong
    if qtype == "truefalse":
        return str(question.answer if mode == "right" else not question.answer)
    if qtype == "verdict":
        wrong = next(v for v in VERDICTS if v != question.answer)
        return VERDICT_LABELS[question.answer if mode == "right" else wrong]
    if qtype == "source":
        wrong = next(c for c in question.choices if c != question.answer)
        return bank.articles[question.answer if mode == "right" else wrong].title
    raise AssertionError(qtype)


def evidence_label(page: Page, bank, question, mode: str) -> str:
    """A shown sentence that overlaps the gold passage (or one that does not)."""
    article = bank.articles[question.sources[0].article]
    gold = {
        norm(article.body[s:e])
        for s, e in article.sentences
        if any(a.article == article.id and s < a.end and a.start < e for a in question.sources)
    }
    shown = [norm(t) for t in page.locator(".sentences label.option span").all_inner_texts()]
    picks = [t for t in shown if (t in gold) == (mode == "right")]
    assert picks, f"no {mode} sentence shown for {question.id}"
    return picks[0]


def multi_picks(question, mode: str) -> list[str]:
    if mode == "right":
        return list(question.answers)
    if mode == "partial":  # all but one right choice, nothing wrong
        return list(question.answers[:-1])
    return [c for c in question.choices if c not in question.answers][:1]


def order_positions(question, mode: str) -> dict[str, int]:
    """Item label -> position to give it (1-based)."""
    order = list(question.items)
    if mode == "partial":  # swap the first two: one pair of n(n-1)/2 out of order
        order[0], order[1] = order[1], order[0]
    elif mode == "wrong":
        order.reverse()
    return {item: pos for pos, item in enumerate(order, start=1)}


def typed_answer(question, mode: str) -> str:
    if question.type == "number":
        return f"{question.answer:g}" if mode == "right" else f"{question.answer + 5:g}"
    return question.answers[0] if mode == "right" else "a film director"


def answer_by_clicking(
    page: Page, bank, question, mode: str, certainty: str | None = None, double_click: bool = False
) -> None:
    """Fill in the question's form with the mouse and keyboard as a player would, and submit."""
    qtype = question.type
    if qtype == "evidence":
        page.get_by_role("radio", name=evidence_label(page, bank, question, mode), exact=True).check()
    elif qtype in ("choice", "truefalse", "verdict", "source"):
        page.get_by_role("radio", name=pick_choice(question, bank, mode), exact=True).check()
    elif qtype == "multi":
        for label in multi_picks(question, mode):
            page.get_by_role("checkbox", name=label, exact=True).check()
    elif qtype == "order":
        for label, pos in order_positions(question, mode).items():
            page.get_by_label(label, exact=True).select_option(str(pos))
    else:
        page.get_by_role("textbox", name=norm(question.prompt)).fill(typed_answer(question, mode))
    if certainty:
        page.get_by_role("radio", name=certainty, exact=True).check()
    button = page.get_by_role("button", name="Check my answer")
    if double_click:
        button.dblclick()
    else:
        button.click()


def start_quiz(page: Page, base_url: str, title: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#progress-label")).to_contain_text("Question 1 of")


def next_page(page: Page) -> None:
    page.locator("p.next a").click()


# --------------------------------------------------------------------------- 1. a whole quiz by clicking

STARTER_PLAN = {
    "district-considered": "right",
    "senate-office": "right",
    "kerry-2004": "wrong",
    "mcclintock-post-date": "wrong",
    "sbs-not-much-different": "right",
    "verdict-filed-to-run": "right",
    "evidence-unafraid-of-criticism": "right",
    "source-bustle-interview": "wrong",
    "endorsed-candidates": "partial",
    "timeline-across-articles": "partial",
}


def expected_points(question, mode: str) -> float:
    if mode == "right":
        return question.points
    if mode == "wrong":
        return 0
    if question.type == "multi":
        return round(len(question.answers[:-1]) / len(question.answers) * question.points, 3)
    n = len(question.items)
    return round((1 - 1 / (n * (n - 1) // 2)) * question.points, 3)


def test_play_the_starter_quiz_by_clicking(live_server, page, bank):
    quiz = bank.quiz("starter")
    assert set(STARTER_PLAN) == set(quiz.question_ids)
    assert {bank.question(q).type for q in quiz.question_ids} >= {
        "choice", "multi", "truefalse", "verdict", "text", "number", "order", "evidence", "source",
    }  # fmt: skip
    total = len(quiz.question_ids)
    start_quiz(page, live_server.url, quiz.title)

    points = 0.0
    visited_article = False
    for number in range(1, total + 1):
        question = question_on(page, bank)
        mode = STARTER_PLAN[question.id]
        answered = sum(bank.question(q).points for q in quiz.question_ids[: number - 1])
        assert progress(page) == (f"Question {number} of {total}", f"Score so far: {shown_number(points)} / {answered}")
        answer_by_clicking(page, bank, question, mode)

        expect(page.locator("#feedback-heading")).to_have_text(HEADINGS[mode])
        earned = expected_points(question, mode)
        points += earned
        expect(page.locator("dl.answers dd").last).to_have_text(f"{shown_number(earned)} of {question.points}")
        assert progress(page) == (
            f"Question {number} of {total}",
            f"Score so far: {shown_number(points)} / {answered + question.points}",
        )
        check_passages(page, bank, question)

        if not visited_article:  # follow the passage link once: the article, highlighted, scrolled to
            visited_article = True
            anchor = question.sources[0]
            article = bank.articles[anchor.article]
            page.get_by_role("link", name="Read it in the whole article").first.click()
            expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
            mark = page.locator("mark#passage")
            expect(mark).to_have_count(1)
            pieces = marked_pieces(article, anchor)
            assert mark.text_content() == pieces[0]
            if len(pieces) == 1:
                assert mark.text_content() == article.body[anchor.start : anchor.end]
            expect(mark).to_be_in_viewport()
            if page.evaluate(
                "document.getElementById('passage').getBoundingClientRect().bottom + scrollY > innerHeight"
            ):
                assert page.evaluate("scrollY") > 0, "the passage is below the fold: the page should scroll to it"
            assert norm(page.locator("article .byline").inner_text()) == norm(byline(article))
            page.go_back()
            expect(page.locator("#feedback-heading")).to_have_text(HEADINGS[mode])

        if number == 2:  # the back button shows the question's feedback again; nothing is scored twice
            page.go_back()
            expect(page.locator("#feedback-heading")).to_have_text(HEADINGS[mode])
            assert progress(page) == (
                f"Question {number} of {total}",
                f"Score so far: {shown_number(points)} / {answered + question.points}",
            )
            assert "/feedback" in page.url

        if number < total:
            expect(page.locator("p.next a")).to_have_text("Next question")
        else:
            expect(page.locator("p.next a")).to_have_text("See your summary")
        next_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your summary")
    right = sum(mode == "right" for mode in STARTER_PLAN.values())
    max_points = sum(bank.question(q).points for q in quiz.question_ids)
    assert summary_totals(page) == {
        "Score": f"{shown_number(points)} / {max_points}",
        "Accuracy": f"{round(100 * right / total)}% ({right} of {total} fully right)",
    }
    reviews = page.locator("ol.review > li")
    expect(reviews).to_have_count(total)
    for i, qid in enumerate(quiz.question_ids):
        review = reviews.nth(i)
        expect(review.locator("h3").first).to_have_text(bank.question(qid).prompt)
        expect(review.locator("figure.passage")).to_have_count(len(source_cards(bank, bank.question(qid))))
        expect(review.locator("blockquote mark").first).to_be_visible()

    missed = total - right
    page.get_by_role("button", name=f"Retry the {missed} I missed").click()
    expect(page.locator("#progress-label")).to_have_text(f"Question 1 of {missed}")
    assert page.locator("progress").get_attribute("max") == str(missed)
    assert question_on(page, bank).id == next(q for q in quiz.question_ids if STARTER_PLAN[q] != "right")
    expect(page.locator("h1.attempt-title")).to_have_text(f"{quiz.title} (retry)")


# --------------------------------------------------------------------------- 2. keyboard only


def radio_labels(page: Page, name: str) -> list[str]:
    return [norm(t) for t in page.locator(f"input[name={name}] + span").all_inner_texts()]


def answer_by_keyboard(page: Page, bank, question) -> None:
    """Answer rightly with the keyboard alone, then submit with Enter."""
    qtype = question.type
    if qtype in ("choice", "truefalse", "verdict", "source", "evidence"):
        if qtype == "evidence":
            target = evidence_label(page, bank, question, "right")
        else:
            target = norm(pick_choice(question, bank, "right"))
        index = radio_labels(page, "choice").index(target)
        tab_to(page, "input[name=choice]")  # Tab enters the group on its first radio
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")  # arrows move through the group and select
        assert norm(page.locator("input[name=choice]:checked + span").inner_text()) == target
    elif qtype == "multi":
        labels = radio_labels(page, "choices")
        wanted = set(question.answers)
        for label in labels:
            tab_to(page, "input[name=choices]:focus")
            if label in wanted:
                page.keyboard.press("Space")
        checked = page.locator("input[name=choices]:checked + span").all_inner_texts()
        assert {norm(t) for t in checked} == wanted
    elif qtype == "order":
        positions = order_positions(question, "right")
        for select in page.locator("ol.order select").all():
            select_id = select.get_attribute("id")
            tab_to(page, f"#{select_id}")
            label = norm(page.locator(f"label[for={select_id}]").inner_text())
            for _ in range(positions[label]):  # from "Position…" down to the wanted number
                page.keyboard.press("ArrowDown")
            assert select.input_value() == str(positions[label])
    else:
        tab_to(page, "#text")
        page.keyboard.type(typed_answer(question, "right"))
        page.keyboard.press("Enter")  # implicit submission from the text field
        return
    tab_to(page, "form.answer button[type=submit]")
    if qtype == "multi":  # Shift+Tab back to the last checkbox, then forward to the button again
        tab_to(page, "input[name=choices]", backwards=True)
        assert page.evaluate("document.activeElement.nextElementSibling.textContent") == labels[-1]
        tab_to(page, "form.answer button[type=submit]")
    page.keyboard.press("Enter")


def test_play_a_quiz_with_the_keyboard_only(live_server, page, bank):
    quiz = bank.quiz("compare-the-sources")
    types = [bank.question(q).type for q in quiz.question_ids]
    assert {"order", "multi", "number"} <= set(types)
    page.goto(live_server.url + "/")
    tab_to(page, f"a[href$='/quiz/{quiz.id}']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")

    total = len(quiz.question_ids)
    for number in range(1, total + 1):
        expect(page.locator("#progress-label")).to_have_text(f"Question {number} of {total}")
        question = question_on(page, bank)
        answer_by_keyboard(page, bank, question)
        expect(page.locator("#feedback-heading")).to_have_text("Right!")
        expect(page.locator("#feedback-heading")).to_be_focused()
        assert page.evaluate("document.activeElement.id") == "feedback-heading"
        tab_to(page, "p.next a")
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your summary")
    expect(page.locator("#summary-heading")).to_be_focused()
    assert summary_totals(page)["Accuracy"] == f"100% ({total} of {total} fully right)"


# --------------------------------------------------------------------------- 3. JavaScript off


def test_play_with_javascript_disabled(live_server, browser, bank):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 800})
    try:
        page = context.new_page()
        # A quiz that asks how sure you are: its extra radio group must work without JS too.
        quiz = bank.quiz("honest-confidence")
        assert quiz.confidence
        start_quiz(page, live_server.url, quiz.title)
        total = len(quiz.question_ids)
        plan = ["right", "wrong"] + ["right"] * (total - 2)
        certainty = ["Very sure", "Very sure"] + ["Fairly sure"] * (total - 2)
        for number in range(1, total + 1):
            expect(page.locator("#progress-label")).to_have_text(f"Question {number} of {total}")
            question = question_on(page, bank)
            # A double click, with no script to disable the button, still records one answer.
            answer_by_clicking(
                page, bank, question, plan[number - 1], certainty=certainty[number - 1], double_click=number == 1
            )
            expect(page.locator("#feedback-heading")).to_have_text(HEADINGS[plan[number - 1]])
            expect(page.locator(".progress-row .score")).to_have_text(
                f"Score so far: {sum(m == 'right' for m in plan[:number])} / {number}"
            )
            check_passages(page, bank, question)
            next_page(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Your summary")
        totals = summary_totals(page)
        assert totals["Accuracy"] == f"{round(100 * (total - 1) / total)}% ({total - 1} of {total} fully right)"
        # Certainty-based marks: right and very sure +3, wrong and very sure -6, right and fairly sure +2.
        assert totals["Confidence marks"] == f"{3 - 6 + 2 * (total - 2):+g}"
        expect(page.get_by_role("heading", name="Confident errors")).to_be_visible()
        expect(page.get_by_role("button", name="Retry the 1 I missed")).to_be_visible()
    finally:
        context.close()


# --------------------------------------------------------------------------- 4. axe-core and small screens


def fits_small_screen(page: Page, what: str, screenshot: str | None = None) -> None:
    """At a 360-px-wide viewport the page needs no horizontal scrolling."""
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        no_side_scroll(page, what)
        if screenshot:
            shot(page, screenshot)
    finally:
        page.set_viewport_size(size)


def test_axe_and_small_screens(live_server, page, bank):
    """axe-core finds no violation on any page of play, and none needs horizontal scrolling at 360 px."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(what: str, screenshot: str | None = None) -> None:
        assert_accessible(axe, page, what)
        fits_small_screen(page, what, screenshot)

    base = live_server.url
    page.goto(base + "/")
    check("home")
    page.goto(base + "/articles/")
    check("article list")
    page.goto(base + "/no-such-page")
    check("404")

    quiz = bank.quiz("starter")
    page.goto(base + "/")
    page.get_by_role("link", name=quiz.title, exact=True).click()
    check("quiz start")
    page.get_by_role("button", name="Start the quiz").click()

    # A submission without an answer: the error message and its link to the field.
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#form-error")).to_be_visible()
    check("question with an error")

    seen = set()
    for number in range(1, len(quiz.question_ids) + 1):
        question = question_on(page, bank)
        check(f"question ({question.type})", screenshot="question-360" if number == 1 else None)
        mode = STARTER_PLAN[question.id]
        answer_by_clicking(page, bank, question, mode)
        expect(page.locator("#feedback-heading")).to_have_text(HEADINGS[mode])
        if mode not in seen:  # axe on one feedback page of each kind: right, wrong, partly right
            seen.add(mode)
            assert_accessible(axe, page, f"feedback ({mode})")
        last = number == len(quiz.question_ids)
        fits_small_screen(page, f"feedback ({question.type})", screenshot="feedback-360" if last else None)
        if number == 1:
            page.get_by_role("link", name="Read it in the whole article").first.click()
            expect(page.locator("mark#passage")).to_be_visible()
            check("article")
            page.go_back()
        next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your summary")
    check("summary")

    # A quiz that asks how sure you are adds a second radio group.
    start_quiz(page, base, bank.quiz("honest-confidence").title)
    check("question with confidence")

    # Smooth scrolling to a passage only for those who have not asked for reduced motion.
    scrolling = "getComputedStyle(document.documentElement).scrollBehavior"
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(scrolling) == "smooth"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(scrolling) == "auto"


# --------------------------------------------------------------------------- 5. an expired form


def test_expired_csrf_token_shows_the_question_again(live_server, page, bank):
    quiz = bank.quiz("starter")
    start_quiz(page, live_server.url, quiz.title)
    question = question_on(page, bank)
    before = progress(page)
    assert before == (f"Question 1 of {len(quiz.question_ids)}", "Score so far: 0 / 0")
    shot(page, "question-1024")

    page.evaluate("document.querySelector('input[name=csrf_token]').value = ''")
    answer_by_clicking(page, bank, question, "right")

    expect(page.locator(".flashes")).to_contain_text("Your page had expired")
    from axe_playwright_python.sync_playwright import Axe

    assert_accessible(Axe(), page, "expired question")
    assert question_on(page, bank).id == question.id
    assert progress(page) == before
    expect(page.locator("progress")).to_have_attribute("value", "0")
    # Nothing was recorded: the feedback page sends the player back to the question.
    page.goto(page.url + "/feedback")
    expect(page.locator("form.answer")).to_be_visible()
    assert question_on(page, bank).id == question.id

    # Answering again, with the fresh token, records the answer once.
    answer_by_clicking(page, bank, question, "right")
    expect(page.locator("#feedback-heading")).to_have_text("Right!")
    assert progress(page) == before[:1] + ("Score so far: 1 / 1",)
    shot(page, "feedback-1024")
