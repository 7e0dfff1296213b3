"""Read it in the whole article: the highlighted passage lands in view, its paragraph's start visible (Chromium)."""

from __future__ import annotations

import pytest
from browser_helpers import shot

from quiz.content.anchor import locate


@pytest.mark.parametrize("width", [1280, 360])
def test_the_link_to_the_whole_article_lands_with_the_passage_in_view(live_server, browser, bank, width):
    context = browser.new_context(viewport={"width": width, "height": 720})
    page = context.new_page()
    try:
        article = bank.articles["milano-senate-interview"]
        start, end = locate(
            article, "Back in 2004, she campaigned for Democratic presidential nominee John Kerry."
        ).span
        page.goto(f"{live_server.url}/articles/{article.id}?hl={start}-{end}#passage-start")
        page.wait_for_load_state("load")
        for _ in range(20):  # the browser scrolls to the fragment once the page is laid out
            box = page.locator("mark#passage").bounding_box()
            if box["y"] + box["height"] <= 720:
                break
            page.wait_for_timeout(50)
        paragraph = page.locator("#passage-start").bounding_box()
        assert 0 <= paragraph["y"] <= 720, paragraph  # the paragraph's start is on screen
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box  # the whole highlight too
        shot(page, f"passages/jump-{width}", full_page=False)
    finally:
        context.close()
