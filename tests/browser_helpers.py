"""Helpers shared by the browser tests: reading pages, the keyboard, axe-core, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page

SHOTS = os.environ.get("QUIZ_TEST_SHOTS")  # a folder: screenshots go there for a human to look at


def norm(text: str) -> str:
    """Text with its white space folded, as a reader sees it."""
    return " ".join(text.split())


def shot(page: Page, name: str, full_page: bool = True) -> None:
    """Save a screenshot when QUIZ_TEST_SHOTS names a folder (``name`` may hold a subfolder)."""
    if SHOTS:
        path = Path(SHOTS) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)


def question_on(page: Page, bank):
    """The bank question the page's answer form shows, by its prompt and claim."""
    prompt = norm(page.locator("form.answer h2").inner_text())
    claim = page.locator("form.answer .claim")
    claim_text = norm(claim.inner_text()).removeprefix("Claim:").strip() if claim.count() else None
    found = [
        q for q in bank.questions if norm(q.prompt) == prompt and (norm(q.claim) if q.claim else None) == claim_text
    ]
    assert len(found) == 1, f"{len(found)} bank questions match prompt {prompt!r} and claim {claim_text!r}"
    return found[0]


def focused(page: Page, selector: str) -> bool:
    """Whether the element with the keyboard focus matches ``selector``."""
    return page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def assert_accessible(axe, page: Page, what: str) -> None:
    """Fail on any axe-core violation, naming each rule, its impact and the offending nodes."""
    violations = axe.run(page).response["violations"]
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"])) if isinstance(node["target"], list) else node["target"]
            lines.append(f"    {target}: {norm(node.get('html', ''))[:160]}")
    assert not violations, f"axe found violations on the {what} page ({page.url}):\n" + "\n".join(lines)


def no_side_scroll(page: Page, what: str) -> None:
    """The page fits its viewport's width (no horizontal scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"the {what} page is {width}px wide at a {viewport}px viewport ({page.url})"


def check_pages(page: Page, axe, base: str, pages, folder: str) -> None:
    """Open each (path, what) of ``pages``: no axe violation, no side scrolling; a screenshot in ``folder``."""
    for path, what in pages:
        page.goto(base + path)
        assert_accessible(axe, page, what)
        no_side_scroll(page, what)
        shot(page, f"{folder}/{what.replace(' ', '-')}-phone")
