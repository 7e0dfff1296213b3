"""Moodle XML: every kind as the nearest Moodle question type, in one category per quiz or tag.

choice, verdict, evidence and source become multiple choice (one answer); multi becomes multiple
choice with several answers, each right pick worth 1/(right answers) and each wrong pick costing
as much, which Moodle adds up and floors at 0 exactly as ``multi`` scores; truefalse is true/false;
text is short answer with every accepted form; number is numerical with its tolerance and unit;
order is Moodle's ordering type (standard since Moodle 4.4), graded by "all previous and next"
items, which is this game's share of item pairs in the right order. A comment before each question
names its kind and id, so our import rebuilds the same question; Moodle ignores it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from ..content.model import Bank, Question
from ..kinds import kind_of
from ..kinds.exchange import Numeric, Options, Ordering, TrueFalse, Typed
from .common import Exported, categories, common_notes, feedback_html, number, question_html

MEDIA_TYPE = "application/xml"


def fraction(credit: float) -> str:
    """A Moodle answer fraction in percent, as Moodle writes them (100, 50, 33.33333, -50)."""
    return f"{credit * 100:.7g}"


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer(parent: ET.Element, text: str, credit: float, fmt: str = "html") -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": fraction(credit), "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")
    return answer


def _question(quiz: ET.Element, question: Question, bank: Bank, exported: Exported) -> None:
    kind = kind_of(question)
    shape = kind.exchange(question, bank)
    common_notes(question, shape, exported, points=True, units=True)
    quiz.append(ET.Comment(f" quiz kind: {kind.name}; id: {question.id} ".replace("--", "- -")))  # "--" ends a comment
    qtype = {
        Options: "multichoice",
        TrueFalse: "truefalse",
        Typed: "shortanswer",
        Numeric: "numerical",
        Ordering: "ordering",
    }[type(shape)]
    element = ET.SubElement(quiz, "question", {"type": qtype})
    _text(element, "name", question.id, fmt=None)
    unit = f"<p>(in {escape(shape.unit)})</p>" if isinstance(shape, Numeric) and shape.unit else ""
    _text(element, "questiontext", question_html(question) + unit)
    _text(element, "generalfeedback", feedback_html(question, bank))
    ET.SubElement(element, "defaultgrade").text = str(question.points)
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    if isinstance(shape, Options):
        ET.SubElement(element, "single").text = "false" if shape.multiple else "true"
        ET.SubElement(element, "shuffleanswers").text = "true" if shape.shuffle else "false"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        for option, credit in zip(shape.options, shape.credit, strict=True):
            _answer(element, escape(option), credit)  # an HTML answer: "<5%" must stay text
    elif isinstance(shape, TrueFalse):
        _answer(element, "true", float(shape.answer), fmt="moodle_auto_format")
        _answer(element, "false", float(not shape.answer), fmt="moodle_auto_format")
    elif isinstance(shape, Typed):
        ET.SubElement(element, "usecase").text = "0"
        for form in shape.answers:
            _answer(element, form, 1.0, fmt="moodle_auto_format")
    elif isinstance(shape, Numeric):
        answer = _answer(element, number(shape.value), 1.0, fmt="moodle_auto_format")
        ET.SubElement(answer, "tolerance").text = number(shape.tolerance)
        if shape.unit:
            units = ET.SubElement(element, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = shape.unit
            ET.SubElement(element, "unitgradingtype").text = "0"  # the unit may be left out
            ET.SubElement(element, "showunits").text = "3"  # no unit box: the question text names the unit
            ET.SubElement(element, "unitsleft").text = "0"
    else:  # Ordering
        for name, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            ET.SubElement(element, name).text = value
        for item in shape.items:  # in the right order
            _answer(element, item, 1.0, fmt="moodle_auto_format")
    if question.tags or question.skill:
        tags = ET.SubElement(element, "tags")
        for tag in dict.fromkeys((*question.tags, *((question.skill,) if question.skill else ()))):
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag


def export_moodle(bank: Bank, name: str) -> Exported:
    """The bank's ready questions as a Moodle XML question file."""
    exported = Exported(b"", f"{name}.moodle.xml", MEDIA_TYPE, 0)
    quiz = ET.Element("quiz")
    for path, questions in categories(bank, exported):
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/{path}", fmt=None)
        for question in questions:
            _question(quiz, question, bank, exported)
            exported.wrote(question)
    ET.indent(quiz)
    exported.data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"
    return exported
