"""Session reports: the service on a known set of answers, and whole classes played through the web."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from helpers import (
    create_session,
    csrf,
    form_for,
    identify,
    join,
    options,
    order_fields,
    register_teacher,
    shown_number,
)

from quiz.content import Quiz
from quiz.content.model import VERDICT_LABELS, VERDICTS
from quiz.extensions import db
from quiz.kinds import join_and
from quiz.models import Teacher
from quiz.scoring import cbm_marks
from quiz.services import classroom
from quiz.services.attempts import record_answer
from quiz.services.classroom import SessionSettings
from quiz.services.report_measures import ClaimJudgements, Discernment
from quiz.services.reports import answer_rows, build_report

# ---------------------------------------------------------------------------------------------
# The service on a known set of answers
# ---------------------------------------------------------------------------------------------

MIX = (
    "district-considered",  # 1 choice, read-closely; answer index 0
    "endorsed-candidates",  # 2 multi, compare-sources; right: choices 0, 1, 2
    "verdict-met-cruz",  # 3 verdict, read-closely; supported (a true claim)
    "verdict-sanders-after-clinton",  # 4 verdict, read-closely; refuted (a false claim)
    "verdict-filed-to-run",  # 5 verdict, not-in-source; not in the source
    "trump-celebrity",  # 6 truefalse, who-said-it; True (a true claim)
    "kerry-2004",  # 7 number, check-the-date; 2004
)
# nickname -> {question index: (response, certainty, seconds)}
KNOWN = {
    "Ada": {
        0: (0, 3, 10),
        1: ([0, 1, 2], 2, 20),
        2: ("supported", 3, 5),
        3: ("refuted", 2, 6),
        4: ("not-in-source", 1, 7),
        5: (True, 3, 4),
        6: ("2004", 3, 8),
    },
    "Bo": {
        0: (1, 3, 12),
        1: ([0, 1], 2, 30),
        2: ("refuted", 3, 9),
        3: ("refuted", 3, 11),
        4: ("refuted", 2, 13),
        5: (False, 1, 3),
        6: ("1999", 1, 15),
    },
    "Cy": {
        0: (0, 2, 14),
        1: ([0, 3], 1, 25),
        2: ("not-in-source", 2, 8),
        3: ("supported", 3, 10),
        4: ("not-in-source", 3, 9),
        5: (True, 2, 6),
    },
    "Dee": {0: (2, 1, 20)},
}


@pytest.fixture
def known(app, bank):
    """A confidence-on session in which four students gave the answers in KNOWN."""
    with app.app_context():
        teacher = Teacher(email="known@example.org", password_hash="not-a-real-hash")
        db.session.add(teacher)
        db.session.commit()
        quiz = Quiz("mix", "Mix", question_ids=MIX, confidence=True)
        session = classroom.create_session(teacher.id, quiz, SessionSettings("mix", "Known answers", confidence=True))
        for nickname, plan in KNOWN.items():
            player = classroom.join(session, nickname, f"browser-{nickname}")
            for index, (response, certainty, seconds) in plan.items():
                record_answer(bank, player.attempt, index, response, certainty, in_order=False, elapsed=seconds)
        yield session


def test_totals_of_a_known_class(known, bank):
    report = build_report(bank, known)
    assert (report.players, report.question_count, report.max_points) == (4, 7, 7)
    assert (report.answers, report.right, report.finished) == (21, 11, 2)
    assert report.accuracy == pytest.approx(11 / 21)
    assert report.mean_points == pytest.approx((7 + 1.667 + 3 + 0) / 4)


def test_per_question_share_split_confidence_and_median_time(known, bank):
    questions = {q.number: q for q in build_report(bank, known).questions}
    expected = {  # number: (answered, right, partial, mean certainty, median seconds)
        1: (4, 2, 0, 9 / 4, 13),
        2: (3, 1, 1, 5 / 3, 25),
        3: (3, 1, 0, 8 / 3, 8),
        4: (3, 2, 0, 8 / 3, 10),
        5: (3, 2, 0, 6 / 3, 9),
        6: (3, 2, 0, 6 / 3, 4),
        7: (2, 1, 0, 4 / 2, 11.5),
    }
    for number, (answered, right, partial, certainty, seconds) in expected.items():
        q = questions[number]
        assert (q.answered, q.right, q.partial) == (answered, right, partial), number
        assert q.share_right == pytest.approx(right / answered)
        assert q.mean_certainty == pytest.approx(certainty)
        assert q.median_seconds == pytest.approx(seconds)
    assert questions[2].mean_fraction == pytest.approx((1 + 2 / 3 + 0) / 3)
    splits = {n: {row.label: (row.count, row.correct) for row in q.split} for n, q in questions.items()}
    assert splits[1] == {
        "California's 4th": (2, True),
        "California's 14th": (1, False),
        "New York's 12th": (1, False),
        "Nevada's 3rd": (0, False),  # an option nobody picked still shows
    }
    assert splits[2] == {
        "John Kerry, Bernie Sanders and Kamala Harris": (1, True),
        "John Kerry and Bernie Sanders": (1, False),
        "John Kerry and Ted Cruz": (1, False),
    }
    labels = VERDICT_LABELS
    assert splits[3] == {
        labels["supported"]: (1, True),
        labels["refuted"]: (1, False),
        labels["not-in-source"]: (1, False),
    }
    assert splits[4] == {
        labels["refuted"]: (2, True),
        labels["supported"]: (1, False),
        labels["not-in-source"]: (0, False),
    }
    assert splits[5] == {
        labels["not-in-source"]: (2, True),
        labels["refuted"]: (1, False),
        labels["supported"]: (0, False),
    }
    assert splits[6] == {"True": (2, True), "False": (1, False)}
    assert splits[7] == {"2004": (1, True), "1999": (1, False)}
    assert [row.label for row in questions[1].split][:2] == ["California's 4th", "California's 14th"]  # most first


def test_per_student_points_accuracy_marks_and_calibration(known, bank):
    students = {s.nickname: s for s in build_report(bank, known).students}
    assert list(students) == ["Ada", "Bo", "Cy", "Dee"]
    expected = {  # nickname: (answered, correct, partial, points, marks, confident errors)
        "Ada": (7, 7, 0, 7, 17, 0),
        "Bo": (7, 1, 1, 1.667, -6 + 0.667 - 6 + 3 - 2 + 0 + 0, 2),
        "Cy": (6, 3, 0, 3, 2 + 0 - 2 - 6 + 3 + 2, 1),
        "Dee": (1, 0, 0, 0, 0, 0),
    }
    for nickname, (answered, correct, partial, points, marks, errors) in expected.items():
        s = students[nickname]
        assert (s.answered, s.correct, s.partial, s.confident_errors) == (answered, correct, partial, errors), nickname
        assert s.points == pytest.approx(points)
        assert s.marks == pytest.approx(marks)
        assert s.max_points == 7
        assert s.accuracy == pytest.approx(correct / answered)
    ada = students["Ada"].calibration
    assert [(lv.level, lv.answered, lv.right) for lv in ada.levels] == [(1, 1, 1), (2, 2, 2), (3, 4, 4)]
    assert [lv.calibrated for lv in ada.levels] == [False, False, True]  # sure of everything, and right
    assert ada.mean_certainty == pytest.approx(17 / 7)
    assert ada.gap == pytest.approx((0.5 + 2 * 0.75 + 4 * 0.9) / 7 - 1)
    assert ada.verdict == "underconfident"
    bo = students["Bo"].calibration
    assert [(lv.answered, lv.right) for lv in bo.levels] == [(2, 0), (2, 0), (3, 1)]
    assert bo.verdict == "overconfident"


def test_class_calibration_and_confident_errors(known, bank):
    report = build_report(bank, known)
    cal = report.calibration
    assert [(lv.answered, lv.right) for lv in cal.levels] == [(5, 1), (7, 4), (9, 6)]
    assert (cal.rated, cal.right) == (21, 11)
    assert cal.mean_certainty == pytest.approx(46 / 21)
    assert cal.gap == pytest.approx((5 * 0.5 + 7 * 0.75 + 9 * 0.9 - 11) / 21)
    errors = [(e.number, e.nickname, e.given, e.expected) for e in report.confident_errors]
    assert errors == [
        (1, "Bo", "California's 14th", "California's 4th"),
        (3, "Bo", VERDICT_LABELS["refuted"], VERDICT_LABELS["supported"]),
        (4, "Cy", VERDICT_LABELS["supported"], VERDICT_LABELS["refuted"]),
    ]


def test_per_skill_accuracy(known, bank):
    skills = [(k.skill, k.questions, k.answered, k.right) for k in build_report(bank, known).skills]
    assert skills == [
        ("read-closely", 3, 10, 5),
        ("check-the-date", 1, 2, 1),
        ("who-said-it", 1, 3, 2),
        ("compare-sources", 1, 3, 1),
        ("not-in-source", 1, 3, 2),
    ]


def test_discernment_of_true_false_and_unsettled_claims(known, bank):
    d = build_report(bank, known).discernment
    t, f, n = d.true_claims, d.false_claims, d.not_in_source
    assert (t.questions, t.judged_true, t.judged_false, t.judged_not_in_source) == (2, 3, 2, 1)
    assert (f.questions, f.judged_true, f.judged_false, f.judged_not_in_source) == (1, 1, 2, 0)
    assert (n.questions, n.judged_true, n.judged_false, n.judged_not_in_source) == (1, 0, 1, 2)
    assert d.hit_rate == pytest.approx(3 / 6)
    assert d.correct_rejection_rate == pytest.approx(2 / 3)
    assert d.not_in_source_rate == pytest.approx(2 / 3)
    assert d.doubt_rate == pytest.approx(3 / 6)
    assert d.false_alarm_rate == pytest.approx(1 / 3)
    assert len(d.notes) == 1
    assert d.notes[0].startswith("The class doubted true claims: 3 of 6 answers")
    assert "doubting everything" in d.notes[0]


def test_a_class_that_doubts_everything_is_named():
    doubting = Discernment(
        ClaimJudgements("true", 3, judged_true=2, judged_false=20, judged_not_in_source=8),
        ClaimJudgements("false", 3, judged_true=1, judged_false=29, judged_not_in_source=0),
        ClaimJudgements("not-in-source", 0, 0, 0, 0),
    )
    assert doubting.correct_rejection_rate == pytest.approx(29 / 30)  # looks great at "spotting fakes"…
    assert doubting.hit_rate == pytest.approx(2 / 30)  # …because it rejects everything
    assert len(doubting.notes) == 1 and "28 of 30" in doubting.notes[0] and "doubting everything" in doubting.notes[0]
    credulous = Discernment(
        ClaimJudgements("true", 2, judged_true=20, judged_false=0, judged_not_in_source=0),
        ClaimJudgements("false", 2, judged_true=14, judged_false=6, judged_not_in_source=0),
        ClaimJudgements("not-in-source", 1, judged_true=6, judged_false=0, judged_not_in_source=4),
    )
    assert credulous.notes == (
        "The class accepted false claims: 14 of 20 answers to claims the source contradicts judged them true.",
        "Only 4 of 10 answers noticed when the source does not settle a claim; "
        "practise asking “does the source actually say this?”.",
    )
    sharp = Discernment(
        ClaimJudgements("true", 1, judged_true=9, judged_false=1, judged_not_in_source=0),
        ClaimJudgements("false", 1, judged_true=2, judged_false=8, judged_not_in_source=0),
        ClaimJudgements("not-in-source", 0, 0, 0, 0),
    )
    assert sharp.notes == (
        "The class told true claims from false ones: it accepted 90% of true claims and rejected 80% of false ones.",
    )


def test_answer_rows_cover_every_student_and_question(known, bank):
    rows = answer_rows(bank, known)
    assert len(rows) == 4 * 7
    dee = [r for r in rows if r.nickname == "Dee"]
    assert [r.number for r in dee] == [1, 2, 3, 4, 5, 6, 7]
    assert (dee[0].given, dee[0].correct, dee[0].certainty, dee[0].marks, dee[0].seconds) == (
        "New York's 12th",
        False,
        1,
        0,
        20,
    )
    assert all(r.given is None and r.correct is None and r.points is None for r in dee[1:])
    bo_multi = next(r for r in rows if r.nickname == "Bo" and r.number == 2)
    assert (bo_multi.given, bo_multi.fraction, bo_multi.points) == (
        "John Kerry and Bernie Sanders",
        pytest.approx(2 / 3),
        0.667,
    )
    assert bo_multi.marks == pytest.approx(0.667)


def test_an_empty_session_reports_nothing_without_failing(app, bank):
    with app.app_context():
        teacher = Teacher(email="empty@example.org", password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        session = classroom.create_session(teacher.id, bank.quiz("starter"), SessionSettings("starter", ""))
        report = build_report(bank, session)
        assert (report.players, report.answers, report.accuracy, report.mean_points) == (0, 0, None, None)
        assert all(q.answered == 0 and q.share_right is None and q.median_seconds is None for q in report.questions)
        assert report.calibration is None and report.confident_errors == ()
        assert answer_rows(bank, session) == []


# ---------------------------------------------------------------------------------------------
# A teacher and thirty students through the web
# ---------------------------------------------------------------------------------------------

STUDENTS = 30
NICKNAMES = ["Zoë Ångström", "-Dash"] + [f"Student {n:02d}" for n in range(2, STUDENTS)]
TRICKY_TEXT = "=1+2"  # a typed answer a spreadsheet would run as a formula


@dataclass(frozen=True)
class Given:
    """What the plan had one student answer, as the report should show it."""

    label: str
    fraction: float
    certainty: int | None = None

    @property
    def correct(self) -> bool:
        return self.fraction == 1

    @property
    def points(self) -> float:
        return round(self.fraction, 3)


def outcome(s: int, q: int, qtype: str) -> str:
    """The plan: right, wrong or (on multi and order questions) partly right."""
    if qtype in ("multi", "order") and (s + q) % 4 == 0:
        return "partial"
    return "right" if (3 * s + 5 * q) % 7 < 4 else "wrong"


def skips(s: int, q: int) -> bool:
    """Live plan: some students miss some questions."""
    return (s + 2 * q) % 9 == 0


def fill(bank, question, page: str, s: int, q: int, certainty: int | None = None) -> tuple[dict, Given]:
    """Form data answering ``question`` per the plan, and what the report should show for it."""
    plan = outcome(s, q, question.type)
    right = plan == "right"
    shown = options(page)
    qtype = question.type
    data = {"csrf_token": csrf(page)}
    fraction = 1.0 if right else 0.0
    if qtype == "choice":
        wrong = [c for c in question.choices if c != question.answer]
        label = question.answer if right else wrong[s % len(wrong)]
        data["choice"] = shown[label]
    elif qtype == "verdict":
        wrong = [v for v in VERDICTS if v != question.answer]
        verdict = question.answer if right else wrong[s % 2]
        data["choice"], label = verdict, VERDICT_LABELS[verdict]
    elif qtype == "truefalse":
        value = question.answer if right else not question.answer
        data["choice"], label = ("true", "True") if value else ("false", "False")
    elif qtype == "multi":
        wrong = [c for c in question.choices if c not in question.answers]
        picks = {"right": list(question.answers), "partial": list(question.answers[:2]), "wrong": wrong[:1]}[plan]
        data["choices"] = [shown[c] for c in picks]
        label = join_and([c for c in question.choices if c in picks])  # "A, B and C", as the pages write it
        fraction = {"right": 1.0, "partial": (2 - 0) / len(question.answers), "wrong": 0.0}[plan]
    elif qtype == "order":
        items = list(question.items)
        if plan == "partial":
            items[0], items[1] = items[1], items[0]
        elif plan == "wrong":
            items.reverse()
        fields = order_fields(page)
        for position, item in enumerate(items, start=1):
            data[f"pos{fields[item]}"] = str(position)
        label = " → ".join(items)
        pairs = len(items) * (len(items) - 1) // 2
        fraction = {"right": 1.0, "partial": (pairs - 1) / pairs, "wrong": 0.0}[plan]
    elif qtype == "text":
        data["text"] = label = question.answers[0] if right else (TRICKY_TEXT if s % 5 == 1 else f"wrong {s % 3}")
    else:  # number, source, evidence: the shared helper's right and wrong answers
        data.update(form_for(bank, question, page, right=right))
        data.pop("certainty", None)
        if qtype == "number":
            label = data["text"]
        else:
            label = next(text for text, value in shown.items() if value == data["choice"])
            if qtype == "evidence":
                label = "“" + label + "”"
    if certainty is not None:
        data["certainty"] = str(certainty)
    return data, Given(label, fraction, certainty)


class Tables(HTMLParser):
    """Every table with an id, as rows of cell texts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list | None = None
        self._row: list | None = None
        self._cell: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def body_rows(table: list[list[str]]) -> list[list[str]]:
    return table[1:]


def share_cell(cell: str) -> tuple[int, int]:
    """'67% (20)' -> (67, 20)."""
    match = re.fullmatch(r"(\d+)% \((\d+)\)", cell)
    assert match, cell
    return int(match.group(1)), int(match.group(2))


def pct(part: int, whole: int) -> int:
    return round(100 * part / whole)


def num(value: float) -> str:
    """A number as the CSV writes it."""
    return f"{value:g}"


def read_csv(response, filename: str) -> list[dict]:
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents right
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def check_report(
    teacher, bank, session_id: int, question_ids: list[str], given: dict[tuple[int, int], Given], slug: str
):
    """The report page and both CSVs show exactly what the plan had the students do."""
    page = teacher.get(f"/teacher/sessions/{session_id}/report/")
    assert page.status_code == 200
    text = page.data.decode()
    assert ' style="' not in text and "<script>" not in text
    tables = Tables(text).tables
    questions = [bank.question(qid) for qid in question_ids]

    # Per question: answered, share right, partly right, and the split with every wrong option.
    rows = body_rows(tables["questions"])
    assert len(rows) == len(questions)
    for q, (question, row) in enumerate(zip(questions, rows, strict=True)):
        mine = [g for (_s, qq), g in given.items() if qq == q]
        right = sum(g.correct for g in mine)
        assert row[0] == str(q + 1)
        assert row[1] == htmllib.unescape(question.claim or question.prompt)
        assert row[3] == str(len(mine)), (q, row)
        assert share_cell(row[4]) == (pct(right, len(mine)), right), (q, row)
        assert row[5] == str(sum(0 < g.fraction < 1 for g in mine))
        assert row[-1].endswith(" s")
        split = {r[0].removesuffix(" (right)"): int(r[1]) for r in body_rows(tables[f"split-{q + 1}"])}
        expected = Counter(g.label for g in mine)
        assert {k: v for k, v in split.items() if v} == dict(expected), (question.id, split)
        rights = [
            r[0].removesuffix(" (right)") for r in body_rows(tables[f"split-{q + 1}"]) if r[0].endswith("(right)")
        ]
        assert sum(split[label] for label in rights) == right
        certainties = [g.certainty for g in mine if g.certainty is not None]
        if certainties:
            assert row[6] == shown_number(sum(certainties) / len(certainties))
        if question.type == "choice":
            assert set(split) == set(question.choices)  # each wrong option, even unpicked ones
        if question.type == "verdict":
            assert set(split) == set(VERDICT_LABELS.values())

    # Per student: answered, right, points and accuracy.
    students = {r[0]: r for r in body_rows(tables["students"])}
    assert sorted(students) == sorted(NICKNAMES)
    summary = list(read_csv(teacher.get(f"/teacher/sessions/{session_id}/report/students.csv"), f"{slug}-students.csv"))
    assert len(summary) == STUDENTS
    by_nick = {r["nickname"]: r for r in summary}
    assert "'-Dash" in by_nick and "-Dash" not in by_nick  # no spreadsheet formula from a nickname
    for s, nickname in enumerate(NICKNAMES):
        mine = [g for (ss, _q), g in given.items() if ss == s]
        right = sum(g.correct for g in mine)
        points = round(sum(g.points for g in mine), 3)
        row = students[nickname]
        assert row[1] == f"{len(mine)} / {len(questions)}"
        assert row[2] == str(right)
        assert row[3] == str(sum(0 < g.fraction < 1 for g in mine))
        assert row[4] == f"{pct(right, len(mine))}%"
        assert row[5] == f"{shown_number(points)} / {len(questions)}"
        line = by_nick["'" + nickname if nickname.startswith("-") else nickname]
        assert (line["answered"], line["correct"], line["points"], line["max points"]) == (
            str(len(mine)),
            str(right),
            num(points),
            str(len(questions)),
        )
        assert float(line["accuracy"]) == pytest.approx(right / len(mine), abs=1e-4)
        if mine and mine[0].certainty is not None:
            marks = sum(round(cbm_marks(g.fraction, g.certainty), 3) for g in mine)
            errors = sum(g.certainty == 3 and not g.correct for g in mine)
            assert float(line["confidence marks"]) == pytest.approx(marks, abs=1e-6)
            assert line["confident errors"] == str(errors)
            assert row[6] == shown_number(round(marks, 3)) and row[7] == str(errors)

    # Per skill.
    skills = {r[0]: r for r in body_rows(tables["skills"])}
    for skill in {q.skill for q in questions}:
        numbers = [i for i, q in enumerate(questions) if q.skill == skill]
        mine = [g for (_s, q), g in given.items() if q in numbers]
        right = sum(g.correct for g in mine)
        assert skills[skill][1:3] == [str(len(numbers)), str(len(mine))]
        assert share_cell(skills[skill][3]) == (pct(right, len(mine)), right)

    # One row per student per question in the answers CSV.
    lines = read_csv(teacher.get(f"/teacher/sessions/{session_id}/report/answers.csv"), f"{slug}-answers.csv")
    assert len(lines) == STUDENTS * len(questions)
    assert list(lines[0]) == [
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
    ]
    for line in lines:
        s = NICKNAMES.index(line["nickname"].removeprefix("'"))
        q = int(line["question number"]) - 1
        assert line["question id"] == question_ids[q]
        g = given.get((s, q))
        if g is None:
            assert (line["answer given"], line["correct"], line["points"], line["seconds"]) == ("", "", "", "")
            continue
        cell = "'" + g.label if g.label.startswith(("=", "+", "-", "@")) else g.label
        assert line["answer given"] == cell
        assert line["correct"] == ("yes" if g.correct else "no")
        assert float(line["fraction"]) == pytest.approx(g.fraction, abs=1e-4)
        assert line["points"] == num(g.points)
        assert line["certainty"] == ("" if g.certainty is None else str(g.certainty))
        assert float(line["seconds"]) >= 0
    if any(q.type == "text" for q in questions):
        assert any(line["answer given"] == "'" + TRICKY_TEXT for line in lines)
    return tables


def check_private(app, teacher, session_id: int, student) -> None:
    """Another teacher gets 404 on every report URL; a student of the session is sent to log in."""
    other = register_teacher(app, "other@example.org")
    for path in ("/", "/answers.csv", "/students.csv"):
        url = f"/teacher/sessions/{session_id}/report{path}"
        assert other.get(url).status_code == 404
        assert other.get(f"/teacher/sessions/{session_id + 1000}/report{path}").status_code == 404
        response = student.get(url)
        assert response.status_code == 302 and "/teacher/login" in response.location
        assert teacher.get(url).status_code == 200


def test_thirty_students_self_paced(app, bank):
    teacher = register_teacher(app, "teacher@example.org")
    session_id, code = create_session(
        teacher, quiz_id="starter", title="Homework: starter", mode="self-paced", confidence="y"
    )
    quiz = bank.quiz("starter")
    question_ids = list(quiz.question_ids)
    given: dict[tuple[int, int], Given] = {}
    for s, nickname in enumerate(NICKNAMES):
        student, home = join(app, code, nickname)
        url = student.get(home).location  # the resume page sends them to their next question
        stop = len(question_ids) if s < STUDENTS - 3 else 6  # three students have not finished the homework
        for q in range(stop):
            assert url.endswith(f"/{q + 1}"), url
            page = student.get(url).data.decode()
            question = identify(bank, page)
            assert question.id == question_ids[q]
            data, given[(s, q)] = fill(bank, question, page, s, q, certainty=1 + (s + q) % 3)
            response = student.post(url, data=data)
            assert response.status_code == 303, response.data.decode()[:1500]
            url = url.rsplit("/", 1)[0] + f"/{q + 2}"
    tables = check_report(teacher, bank, session_id, question_ids, given, "homework-starter")
    summary = {
        dt: dd
        for dt, dd in re.findall(
            r"<dt>(.*?)</dt><dd>(.*?)</dd>", teacher.get(f"/teacher/sessions/{session_id}/report/").data.decode()
        )
    }
    assert summary["Students"] == "30" and summary["Finished every question"] == "27"
    assert summary["Answers"] == str(len(given))
    assert "calibration" in tables and "confident-errors" in tables
    errors = [r for r in body_rows(tables["confident-errors"])]
    assert len(errors) == sum(g.certainty == 3 and not g.correct for g in given.values())
    discern = {r[0]: r for r in body_rows(tables["discernment"])}
    false_claims = [g for (_s, q), g in given.items() if bank.question(question_ids[q]).type == "truefalse"]
    row = discern["False claims (the source contradicts them)"]
    assert row[3] == str(sum(g.label == "False" for g in false_claims))
    check_private(app, teacher, session_id, student)


def test_thirty_students_live(app, bank):
    teacher = register_teacher(app, "teacher@example.org")
    session_id, code = create_session(teacher, quiz_id="compare-the-sources", title="Live: compare", mode="live")
    question_ids = list(bank.quiz("compare-the-sources").question_ids)
    students = []
    for nickname in NICKNAMES:
        student, home = join(app, code, nickname)
        assert home.endswith(f"/live/{session_id}")
        students.append(student)
    live = f"/teacher/sessions/{session_id}/live"
    token = csrf(teacher.get(live).data)

    def step(do: str) -> None:
        response = teacher.post(live, data={"csrf_token": token, "do": do})
        assert response.status_code == 303
        assert b"not possible" not in teacher.get(live).data

    given: dict[tuple[int, int], Given] = {}
    step("start")
    for q, qid in enumerate(question_ids):
        question = bank.question(qid)
        for s, student in enumerate(students):
            if skips(s, q):
                continue
            page = student.get(f"/live/{session_id}").data.decode()
            assert identify(bank, page).id == qid
            data, given[(s, q)] = fill(bank, question, page, s, q)
            data["index"] = str(q)
            response = student.post(f"/live/{session_id}", data=data)
            assert response.status_code == 303, response.data.decode()[:1500]
        step("reveal")
        if q == 0:  # during the session the report already shows the first question's numbers
            rows = body_rows(
                Tables(teacher.get(f"/teacher/sessions/{session_id}/report/").data.decode()).tables["questions"]
            )
            answered = sum(1 for s in range(STUDENTS) if not skips(s, 0))
            assert rows[0][3] == str(answered) and rows[1][3] == "0"
        step("leaderboard")
        step("next" if q + 1 < len(question_ids) else "finish")
    assert len(given) < STUDENTS * len(question_ids)  # some students missed some questions
    tables = check_report(teacher, bank, session_id, question_ids, given, "live-compare")
    assert "calibration" not in tables and "confident-errors" not in tables  # confidence was off
    discern = {r[0]: r for r in body_rows(tables["discernment"])}
    true_claims = [g for (_s, q), g in given.items() if bank.question(question_ids[q]).type in ("truefalse", "verdict")]
    row = discern["True claims (the source supports them)"]
    accepted = sum(g.label in ("True", VERDICT_LABELS["supported"]) for g in true_claims)
    assert row[2] == str(accepted)
    assert share_cell(row[5]) == (pct(accepted, len(true_claims)), accepted)
    check_private(app, teacher, session_id, students[0])
