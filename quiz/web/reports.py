"""Session reports for the teacher: the report page and two CSV downloads."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from flask import Blueprint, Response, render_template
from flask_login import login_required

from ..models import utcnow
from ..services.report_measures import BEST_RANGE, CERTAINTY_LABELS, IMPLIED_CHANCE
from ..services.reports import answer_rows, build_report
from .bank import session_bank
from .classroom import session_or_404

bp = Blueprint("reports", __name__, url_prefix="/teacher/sessions/<id:session_id>/report")

# What starts a formula (with the full-width forms some spreadsheets also read), and where a
# spreadsheet may split a cell when it guesses or is told the separator: each field separator
# LibreOffice and Excel offer, and line breaks. A formula start at the beginning of any such piece
# gets an apostrophe before it (OWASP's advice for the start of a cell), so "ok;=cmd" stays text.
FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
SEPARATORS = ",; \t|\r\n"
FORMULA = re.compile(f"(?:^|(?<=[{re.escape(SEPARATORS)}]))(?=[{re.escape(FORMULA_STARTS)}])")

ANSWER_HEADER = (
    "nickname",
    "question number",
    "question id",
    "prompt",
    "type",
    "skill",
    "answer given",
    "right answer",
    "correct",
    "fraction",
    "points",
    "max points",
    "certainty",
    "confidence marks",
    "seconds",
)
STUDENT_HEADER = (
    "nickname",
    "answered",
    "correct",
    "accuracy",
    "points",
    "max points",
    "confidence marks",
    "confident errors",
)


@bp.before_request
@login_required
def _teachers_only():
    """Every report needs a signed-in teacher."""


@bp.get("/")
def show(session_id: int):
    session = session_or_404(session_id)
    report = build_report(session_bank(session), session)
    return render_template(
        "reports/show.html",
        session=session,
        report=report,
        as_of=utcnow(),
        certainty_labels=CERTAINTY_LABELS,
        best_range=BEST_RANGE,
        implied=IMPLIED_CHANCE,
    )


@bp.get("/answers.csv")
def answers_csv(session_id: int):
    session = session_or_404(session_id)
    rows = [
        (
            text(row.nickname),
            row.number,
            text(row.question.id),
            text(row.question.claim or row.question.prompt),
            row.question.type,
            text(row.question.skill or ""),
            text(row.given if row.given is not None else ""),
            text(row.expected),
            yes_no(row.correct),
            number(round(row.fraction, 4) if row.fraction is not None else None),
            number(row.points),
            row.question.points,
            number(row.certainty),
            number(row.marks),
            number(row.seconds),
        )
        for row in answer_rows(session_bank(session), session)
    ]
    return csv_download(session, "answers", ANSWER_HEADER, rows)


@bp.get("/students.csv")
def students_csv(session_id: int):
    session = session_or_404(session_id)
    report = build_report(session_bank(session), session)
    rows = [
        (
            text(s.nickname),
            s.answered,
            s.correct,
            number(round(s.accuracy, 4) if s.accuracy is not None else None),
            number(s.points),
            s.max_points,
            number(s.marks),
            s.confident_errors if report.confidence else "",
        )
        for s in report.students
    ]
    return csv_download(session, "students", STUDENT_HEADER, rows)


def text(value: str) -> str:
    """A text cell no spreadsheet runs as a formula, however it splits the cell (an apostrophe before each start)."""
    return FORMULA.sub("'", value)


def number(value: float | int | None) -> str:
    """A number cell without float noise ("2" not "2.0"); empty when there is no value."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def slug(title: str, fallback: str) -> str:
    """A file-name-safe form of a title: ASCII letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return cleaned or fallback


def csv_download(session, kind: str, header, rows) -> Response:
    """A CSV attachment, UTF-8 with a byte-order mark so Excel reads accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # readers honouring quotes never split
    writer.writerow(header)
    writer.writerows(rows)
    name = f"{slug(session.title, f'session-{session.id}')}-{kind}.csv"
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
