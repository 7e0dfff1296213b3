"""Reading other formats' questions: GIFT and Moodle XML, into format-neutral parsed questions.

Only what a question needs is read: its name, text, answers with their credit, and general
feedback. Question types this game has no kind for (essays, cloze, drag-and-drop) are reported,
never dropped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import unescape

from lxml import etree, html

from ..kinds.exchange import Numeric, Options, Ordering, Shape, TrueFalse, Typed


class ImportError_(ValueError):
    """The file cannot be read at all (the message says where)."""


@dataclass
class Parsed:
    """One question read from a file."""

    line: int
    name: str
    text: str  # the prompt (claim removed)
    shape: Shape
    claim: str | None = None
    feedback: str = ""  # the general feedback, as text
    kind: str | None = None  # the kind our own export named
    tags: tuple[str, ...] = ()
    points: int = 1
    quoted: list[str] = field(default_factory=list)  # passages the feedback quotes ("“…” (Title — …)")


@dataclass
class Read:
    questions: list[Parsed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "line 12: an essay question: …"


_BLOCKS = ("p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "br")


def html_paragraphs(markup: str) -> list[tuple[str, str]]:
    """(tag, text) of each block of an HTML fragment, spaces tidied; plain text gives one block."""
    if "<" not in markup:  # text, with its entities ("California&#x27;s 4th")
        text = " ".join(unescape(markup).split())
        return [("p", text)] if text else []
    root = html.fragment_fromstring(markup, create_parent="div")
    blocks: list[tuple[str, str]] = []
    loose: list[str] = [root.text or ""]  # text outside any block ("Who won?<br>Pick one.")

    def flush() -> None:
        text = " ".join("".join(loose).split())
        if text:
            blocks.append(("p", text))
        loose.clear()

    for element in root:
        if element.tag in _BLOCKS and element.tag != "br":
            flush()
            blocks.append((element.tag, " ".join(element.text_content().split())))
        elif element.tag == "br":
            flush()
        else:
            loose.append(element.text_content())
        loose.append(element.tail or "")
    flush()
    return [(tag, text) for tag, text in blocks if text]


def split_text(markup: str) -> tuple[str | None, str]:
    """The claim (a first paragraph "Claim: …", as our export writes it) and the prompt."""
    blocks = [text for _tag, text in html_paragraphs(markup)]
    claim = None
    if blocks and blocks[0].startswith("Claim:"):
        claim = blocks.pop(0).removeprefix("Claim:").strip()
    return claim, " ".join(blocks)


def split_feedback(markup: str) -> tuple[str, list[str]]:
    """The explanation and the quoted passages of a general feedback (ours: explanation, quote, source)."""
    blocks = html_paragraphs(markup)
    quoted = [text for tag, text in blocks if tag == "blockquote"]
    rest = [text for tag, text in blocks if tag != "blockquote" and not text.startswith("Source:")]
    return " ".join(rest), quoted


_MARKER = re.compile(r"quiz kind: ([a-z]+)")


def marker_kind(comment: str) -> str | None:
    found = _MARKER.search(comment)
    return found[1] if found else None


def options_shape(answers: list[tuple[str, float]], shuffle: bool = True, single: bool | None = None) -> Options:
    """Options from (text, credit); several positive credits below 1 make it a several-answer question.

    ``single``: what the file says (Moodle's <single>), when it says it.
    """
    positive = [c for _t, c in answers if c > 0]
    multiple = len(positive) > 1 and any(c < 0.999 for c in positive) if single is None else not single
    return Options(tuple(t for t, _c in answers), tuple(c for _t, c in answers), multiple, shuffle)


def matching_shape(pairs: list[tuple[str, str]]) -> Ordering | None:
    """A matching of items to positions 1..N, as our GIFT export writes an order question."""
    try:
        positions = [int(right) for _left, right in pairs]
    except ValueError:
        return None
    if sorted(positions) != list(range(1, len(pairs) + 1)):
        return None
    return Ordering(tuple(left for left, _right in sorted(pairs, key=lambda p: int(p[1]))))


# -- GIFT --------------------------------------------------------------------------------------

_ESCAPES = {
    "\\\\": "\ue000",
    "\\~": "\ue001",
    "\\=": "\ue002",
    "\\#": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\:": "\ue006",
    "\\n": "\ue007",
}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items()} | {"\ue007": "\n"}


def _protect(text: str) -> str:
    for escaped, mark in _ESCAPES.items():
        text = text.replace(escaped, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in _RESTORE.items():
        text = text.replace(mark, char)
    return text.strip()


_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?[0-9.]+)%")


def read_gift(text: str) -> Read:
    """The questions of a GIFT file (questions end at a blank line, as Moodle reads them)."""
    found = Read()
    text = _protect(text.replace("\r\n", "\n").lstrip("\ufeff"))
    comment, block, start = "", [], 0
    lines = text.split("\n")
    for number, line in enumerate([*lines, ""], 1):
        stripped = line.strip()
        if stripped.startswith("//") or (not block and stripped.startswith("$CATEGORY:")):
            if not block:
                comment = stripped
            continue
        if stripped:
            start = start if block else number
            block.append(line)
            continue
        if not block:
            continue
        joined = "\n".join(block)
        if _closed(joined):
            _gift_question(joined, start, comment, found)
        elif "{" not in joined:
            found.skipped.append(f"line {start}: text with no answers (a description): nothing to import")
        elif number <= len(lines):
            continue  # the answers go on after a blank line
        else:
            found.skipped.append(f"line {start}: its answers never end (no closing }})")
        block, comment = [], ""
    return found


def _closed(text: str) -> bool:
    return "{" in text and text.rfind("}") > text.find("{")


def _gift_question(text: str, line: int, comment: str, found: Read) -> None:
    name = ""
    title = re.match(r"\s*::(.*?)::", text, re.S)
    if title:
        name = _restore(title[1])
        text = text[title.end() :]
    opened, closed = text.find("{"), text.rfind("}")
    before, body, after = text[:opened].strip(), text[opened + 1 : closed].strip(), text[closed + 1 :].strip()
    fmt = _FORMAT.match(before)
    if fmt:
        before = before[fmt.end() :]
    stem = _restore(before) + (" _____ " + _restore(after) if after else "")
    general = ""
    if "####" in body:
        body, general = body.split("####", 1)
        body = body.strip()
    shape = _gift_shape(body, bool(fmt) and fmt[1].lower() == "html")
    if isinstance(shape, str):
        found.skipped.append(f"line {line}{f' ({name})' if name else ''}: {shape}")
        return
    claim, prompt = split_text(stem)
    explain, quoted = split_feedback(_restore(general))
    tags = tuple(re.findall(r"\[tag:([^\]]+)\]", comment))
    ident = re.search(r"\[id:([^\]]+)\]", comment)
    found.questions.append(
        Parsed(
            line, ident[1] if ident else name, prompt, shape, claim, explain, marker_kind(comment), tags, quoted=quoted
        )
    )


def _gift_shape(body: str, is_html: bool = False) -> Shape | str:
    """The answer block's shape, or why this game has no kind for it."""
    if not body:
        return "an essay question (no answer to check): this game has no such kind"
    if re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?", body, re.S):
        return TrueFalse(body.split("#")[0] in ("T", "TRUE"))
    if body.startswith("#"):
        first = re.split(r"\s*=\s*", body[1:].strip())[0] if body[1:].lstrip().startswith("=") else body[1:]
        value = first.split("#")[0].strip().lstrip("=")
        value = _WEIGHT.sub("", value)
        try:
            if ".." in value:
                low, high = (float(v) for v in value.split(".."))
                found = Numeric((low + high) / 2, (high - low) / 2)
            else:
                number, _, tolerance = value.partition(":")
                found = Numeric(float(number), float(tolerance or 0))
            if math.isfinite(found.value) and math.isfinite(found.tolerance):
                return found
            raise ValueError(value)
        except ValueError:
            return f'a numerical answer that cannot be read ("{_restore(value)}")'
    answers = [a for a in re.split(r"(?=[=~])", body) if a.strip()]
    if any("->" in a for a in answers):
        pairs = [tuple(_restore(x) for x in a[1:].split("->", 1)) for a in answers]
        if is_html:
            pairs = [(unescape(left), unescape(right)) for left, right in pairs]
        return matching_shape(pairs) or "a matching question: this game has no such kind"
    parsed = []
    for answer in answers:
        mark, rest = answer[0], answer[1:].split("#", 1)[0].strip()
        weight = _WEIGHT.match(rest)
        credit = _fraction(weight[1]) if weight else (1.0 if mark == "=" else 0.0)
        text = _restore(_WEIGHT.sub("", rest))
        parsed.append((mark, unescape(text) if is_html else text, credit))
    if all(mark == "=" for mark, _t, _c in parsed):
        return Typed(tuple(text for _m, text, _c in parsed))
    return options_shape([(text, credit) for _m, text, credit in parsed])


# -- Moodle XML --------------------------------------------------------------------------------


def read_moodle_xml(data: bytes) -> Read:
    """The questions of a Moodle XML file; ImportError_ when it is not well-formed XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ImportError_(f"line {line}, column {column}: not well-formed XML ({exc.msg})") from None
    if root.tag != "quiz":
        raise ImportError_(f"line {root.sourceline}: a Moodle XML file starts with <quiz>, not <{root.tag}>")
    found = Read()
    comment = ""
    for element in root:
        if isinstance(element, etree._Comment):
            comment = element.text or ""
            continue
        if element.tag != "question":
            continue
        _moodle_question(element, comment, found)
        comment = ""
    return found


def _fraction(raw: str | None) -> float:
    """A Moodle fraction in percent as a share (0.5 for "50"); 0 for anything that is not a finite number."""
    try:
        value = float(raw or 0)
    except ValueError:
        return 0.0
    return value / 100 if math.isfinite(value) else 0.0


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _moodle_question(q, comment: str, found: Read) -> None:
    qtype = q.get("type", "")
    if qtype == "category":
        return
    name = _text(q, "name/text").strip()
    answers = [(_text(a, "text"), _fraction(a.get("fraction"))) for a in q.findall("answer")]
    shape: Shape | str
    if qtype == "multichoice":
        said = _text(q, "single").strip().lower()
        single = said in ("true", "1") if said else None
        shape = options_shape(answers, _text(q, "shuffleanswers").strip().lower() not in ("false", "0"), single)
        shape = Options(
            tuple(" ".join(split_text(o)[1].split()) for o in shape.options),
            shape.credit,
            shape.multiple,
            shape.shuffle,
        )
    elif qtype == "truefalse":
        right = next((t for t, c in answers if c > 0), "")
        shape = TrueFalse(right.strip().lower() == "true")
    elif qtype == "shortanswer":
        shape = Typed(tuple(t.strip() for t, c in answers if c > 0.999))
    elif qtype == "numerical":
        right = next((a for a in q.findall("answer") if _fraction(a.get("fraction")) >= 0.999), None)
        try:
            value = float(_text(right, "text")) if right is not None else None
            tolerance = float(_text(right, "tolerance") or 0) if right is not None else 0
        except ValueError:
            value = None
        if value is not None and not (math.isfinite(value) and math.isfinite(tolerance)):
            value = None
        unit = _text(q, "units/unit/unit_name").strip() or None
        shape = Numeric(value, tolerance, unit) if value is not None else "a numerical answer that cannot be read"
    elif qtype == "ordering":
        shape = Ordering(tuple(split_text(t)[1] for t, _c in answers))
    elif qtype == "matching":
        pairs = [(split_text(_text(s, "text"))[1], _text(s, "answer/text").strip()) for s in q.findall("subquestion")]
        shape = matching_shape(pairs) or "a matching question: this game has no such kind"
    else:
        shape = f"a {qtype or 'typeless'} question: this game has no such kind"
    if isinstance(shape, str):
        found.skipped.append(f"line {q.sourceline}{f' ({name})' if name else ''}: {shape}")
        return
    claim, prompt = split_text(_text(q, "questiontext/text"))
    explain, quoted = split_feedback(_text(q, "generalfeedback/text"))
    grade = _fraction(_text(q, "defaultgrade") or "100") * 100
    points = max(1, min(100, round(grade)))
    tags = tuple(t.text.strip() for t in q.findall("tags/tag/text") if t.text and t.text.strip())
    ident = _text(q, "idnumber").strip() or name
    found.questions.append(
        Parsed(q.sourceline, ident, prompt, shape, claim, explain, marker_kind(comment), tags, points, quoted)
    )
