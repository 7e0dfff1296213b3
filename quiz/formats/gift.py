"""GIFT, Moodle's text format: the same mapping as Moodle XML where GIFT has the type.

GIFT has no ordering type, so ``order`` becomes a matching question (each item to its position);
it has no points and no units, so those are reported. A comment line before each question names
its id, tags and kind (``// [id:…] [tag:…] quiz kind: …``), which Moodle ignores and our import reads.
"""

from __future__ import annotations

from html import escape as html_escape

from ..content.model import Bank, Question
from ..kinds import kind_of
from ..kinds.exchange import Numeric, Options, TrueFalse, Typed
from .common import Exported, categories, common_notes, feedback_html, number, question_html
from .moodle import fraction

MEDIA_TYPE = "text/plain; charset=utf-8"
SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text safe inside GIFT: its special characters backslashed, line breaks as \\n."""
    for char in SPECIAL:  # the backslash first, so the escapes added after it stay single
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _comment(question: Question, kind: str) -> str:
    tags = "".join(f" [tag:{t}]" for t in question.tags if not set(t) & set("[]\n"))
    return f"// [id:{question.id}]{tags} quiz kind: {kind}"


def _answers(question: Question, shape, exported: Exported) -> list[str]:
    if isinstance(shape, Options):
        options = [escape(html_escape(o)) for o in shape.options]  # [html] answers: "<5%" must stay text
        if shape.multiple:
            return [f"~%{fraction(c)}%{o}" for o, c in zip(options, shape.credit, strict=True)]
        return [("=" if c > 0 else "~") + o for o, c in zip(options, shape.credit, strict=True)]
    if isinstance(shape, TrueFalse):
        return ["TRUE" if shape.answer else "FALSE"]
    if isinstance(shape, Typed):
        return [f"={escape(form)}" for form in shape.answers]
    if isinstance(shape, Numeric):
        return [f"#{number(shape.value)}:{number(shape.tolerance)}"]
    exported.note(
        question,
        "GIFT has no ordering type: written as matching (each item to its position), which Moodle marks "
        "item by item, not by pairs in the right order; Moodle XML keeps it as an ordering question",
    )
    return [f"={escape(item)} -> {position}" for position, item in enumerate(shape.items, 1)]


def _question(question: Question, bank: Bank, exported: Exported) -> str:
    kind = kind_of(question)
    shape = kind.exchange(question, bank)
    common_notes(question, shape, exported, points=False, units=False)
    text = question_html(question)
    if isinstance(shape, Numeric) and shape.unit:
        text += f"<p>(in {shape.unit})</p>"
    if isinstance(shape, Options) and not shape.shuffle:
        exported.note(question, "GIFT cannot keep the options in order: Moodle may shuffle them")
    lines = [_comment(question, kind.name), f"::{escape(question.id)}::[html]{escape(text)}{{"]
    lines += [f"\t{answer}" for answer in _answers(question, shape, exported)]
    lines.append(f"\t####{escape(feedback_html(question, bank))}")
    lines.append("}")
    return "\n".join(lines)


def export_gift(bank: Bank, name: str) -> Exported:
    """The bank's ready questions as a GIFT file, a $CATEGORY line before each quiz or tag."""
    exported = Exported(b"", f"{name}.gift.txt", MEDIA_TYPE, 0)
    blocks = [f"// {bank.title}: exported from the fact-checking quiz (GIFT, for Moodle)"]
    for path, questions in categories(bank, exported):
        blocks.append(f"$CATEGORY: $course$/top/{path}")
        for question in questions:
            blocks.append(_question(question, bank, exported))
            exported.wrote(question)
    exported.data = ("\n\n".join(blocks) + "\n").encode("utf-8")
    return exported
