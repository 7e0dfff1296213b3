"""Test helpers that act like a player: read a page, fill its form as a person would."""

from __future__ import annotations

import html as htmllib
import re

from quiz.content.model import VERDICTS

PASSWORD = "violet harbour lantern 42"  # a teacher password the checks accept

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
OPTION = re.compile(
    r'<input type="(?:radio|checkbox)" name="(choice|choices)" value="([^"]*)"[^>]*> <span>(.*?)</span>', re.S
)
ORDER = re.compile(r'<label for="pos(\d+)">(.*?)</label>', re.S)


def shown_number(value: float) -> str:
    """A score as the pages print it: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def csrf(page: str | bytes) -> str:
    """The CSRF token of the first form on a page."""
    text = page.decode() if isinstance(page, bytes) else page
    match = CSRF.search(text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def options(page: str) -> dict[str, str]:
    """Option label -> submitted value, as shown on a question page."""
    return {htmllib.unescape(label): value for _name, value, label in OPTION.findall(page)}


def order_fields(page: str) -> dict[str, str]:
    """Order item label -> field number."""
    return {htmllib.unescape(label): number for number, label in ORDER.findall(page)}


def identify(bank, page: str):
    """The question a page shows, found by its prompt or claim (ids are not in the page)."""
    text = htmllib.unescape(page)
    found = [q for q in bank.ready if (q.claim in text if q.claim else q.prompt in text)]
    found.sort(key=lambda q: -len(q.claim or q.prompt))
    assert found, "no bank question matches this page"
    return found[0]


def form_for(bank, question, page: str, right: bool = True) -> dict:
    """Form data answering ``question`` rightly (or wrongly) from what ``page`` shows."""
    data: dict = {"csrf_token": csrf(page)}
    shown = options(page)
    qtype = question.type
    if qtype == "choice":
        pick = question.answer if right else next(c for c in question.choices if c != question.answer)
        data["choice"] = shown[pick]
    elif qtype == "multi":
        picks = question.answers if right else [c for c in question.choices if c not in question.answers][:1]
        data["choices"] = [shown[c] for c in picks]
    elif qtype == "truefalse":
        data["choice"] = "true" if question.answer == right else "false"
    elif qtype == "verdict":
        data["choice"] = question.answer if right else next(v for v in VERDICTS if v != question.answer)
    elif qtype == "source":
        title = bank.articles[question.answer].title
        wrong = next(bank.articles[c].title for c in question.choices if c != question.answer)
        data["choice"] = shown[title if right else wrong]
    elif qtype == "evidence":
        anchor = question.sources[0]
        gold = bank.articles[anchor.article].body[anchor.start : anchor.end]
        pick = next(label for label in shown if (gold in label or label in gold) == right)
        data["choice"] = shown[pick]
    elif qtype == "order":
        fields = order_fields(page)
        items = list(question.items) if right else list(reversed(question.items))
        for position, item in enumerate(items, start=1):
            data[f"pos{fields[item]}"] = str(position)
    elif qtype == "text":
        data["text"] = question.answers[0] if right else "definitely not this"
    elif qtype == "number":
        value = question.answer if right else question.answer + question.tolerance + 1000
        data["text"] = f"{value:g}"
    if "certainty" in page and 'name="certainty"' in page:
        data["certainty"] = "2"
    return data


def register_teacher(app, email: str):
    """A teacher who registered through the real page, then logged in with a fresh browser."""
    browser = app.test_client()
    page = browser.get("/teacher/register")
    data = {"csrf_token": csrf(page.data), "email": email, "password": PASSWORD, "confirm": PASSWORD}
    response = browser.post("/teacher/register", data=data)
    assert response.status_code == 303, response.data.decode()[:1500]
    return log_in(app, email)


def log_in(app, email: str):
    """A fresh browser that logs in to ``app`` through the real page (the account may come from another instance)."""
    teacher = app.test_client()
    page = teacher.get("/teacher/login")
    response = teacher.post(
        "/teacher/login", data={"csrf_token": csrf(page.data), "email": email, "password": PASSWORD}
    )
    assert response.status_code == 303, response.data.decode()[:1500]
    return teacher


def create_session(teacher, **fields) -> tuple[int, str]:
    """Create a session through the dashboard form; return its id and join code."""
    page = teacher.get("/teacher/")
    assert page.status_code == 200
    data = {"csrf_token": csrf(page.data), "reveal": "each", "seconds": "120", **fields}
    response = teacher.post("/teacher/sessions", data=data)
    assert response.status_code == 303, response.data.decode()[:1500]
    session_id = int(response.location.rstrip("/").rsplit("/", 1)[1])
    page = teacher.get(response.location).data.decode()
    code = re.search(r'class="join-code"[^>]*>([A-Z0-9]{6})<', page).group(1)
    return session_id, code


def join(app, code: str, nickname: str):
    """A student's own browser joins with the code and a nickname; returns it and where it landed."""
    student = app.test_client()
    page = student.get("/join")
    response = student.post("/join", data={"csrf_token": csrf(page.data), "code": code.lower()})
    assert response.status_code == 303, response.data.decode()[:1500]
    page = student.get(response.location)
    response = student.post(response.location, data={"csrf_token": csrf(page.data), "nickname": nickname})
    assert response.status_code == 303, response.data.decode()[:1500]
    return student, response.location
