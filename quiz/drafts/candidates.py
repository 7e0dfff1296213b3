"""Answer candidates found by pattern: numbers, years, dates, ordinals, districts; quotes and speakers."""

from __future__ import annotations

import re

from .entities import previous_people
from .lexicon import MONTH_NAMES, MONTHS, MULTIPLIERS, NUMBER_WORDS, ORDINAL_WORDS, PREPOSITIONS, PRONOUNS, STOPWORDS
from .model import Analysis, Candidate, Quote, Sentence
from .wordlists import table

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_MONTH = f"(?:{'|'.join(MONTH_NAMES)})"
DATE_MDY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
)
DATE_DMY = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_FULL_MONTH})\b(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
)
MONTH_YEAR = re.compile(rf"\b(?P<month>{_FULL_MONTH})\s+(?:of\s+)?(?P<year>(?:1[89]|20)\d\d)\b")
YEAR = re.compile(r"(?<![\w$£€.,:/#@-])(?P<year>(?:1[89]|20)\d\d)(?![\w%]|[.,:/]\d)")
NUMBER = re.compile(
    r"(?<![\w.,/:#@$£€-])(?P<cur>[$£€])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?![\w:]|[.,]\d)"
    r"(?:\s?(?P<mult>thousand|million|billion|trillion)\b)?(?:\s?(?P<pct>%|percent\b|per cent\b))?"
)
NUMBER_WORD = re.compile(r"\b(?P<word>" + "|".join(NUMBER_WORDS) + r")\b", re.I)
ORDINAL = re.compile(r"\b(?P<num>\d{1,3})(?P<suf>st|nd|rd|th)\b")
ORDINAL_WORD = re.compile(
    r"\b(?P<word>" + "|".join(ORDINAL_WORDS) + r")\s+(?=(?:straight\s+|consecutive\s+)?"
    r"(?:time|term|year|season|place|round|title|goal|day|week|quarter|half|woman|person|man|black|female))"
)
DISTRICT = re.compile(
    r"\b(?:(?P<state>[A-Z][a-z]+(?: [A-Z][a-z]+)?)[\u2019']s\s+)?(?P<num>\d{1,2})(?:st|nd|rd|th)"
    r"\s+(?:Congressional\s+)?District\b|\bDistrict\s+(?P<num2>\d{1,3})\b"
)
_PLURAL_IRREGULAR: set[str] = set(table("lexicon.yaml")["plural_irregular"])  # "12 people"
SPEECH = "|".join(table("lexicon.yaml")["speech_verbs"])  # the speech verbs, in the order of the file
_WHO = r"(?P<who>[Ss]he|[Hh]e|(?:[A-Z][\w\u2019'.-]*)(?: [A-Z][\w\u2019'.-]*){0,2})"
AFTER = re.compile(
    rf"^[\s,.!?\u2014-]*[\"\u201d]?[\s,]*(?:{_WHO}\s+(?P<verb>{SPEECH})\b(?P<obj>\s+[A-Z][\w\u2019'.-]*"
    rf"(?: [A-Z][\w\u2019'.-]*)*)?|(?P<verb2>{SPEECH})\s+(?P<who2>(?:[A-Z][\w\u2019'.-]*)"
    rf"(?: [A-Z][\w\u2019'.-]*){{0,2}}))"
)
BEFORE = re.compile(rf"{_WHO}\s+(?P<verb>{SPEECH})\b[^\"\u201c\u201d]{{0,40}}?[,:]\s*[\"\u201c]?$")


def _number_value(match: re.Match) -> float:
    value = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
    if match.group("mult"):
        value *= MULTIPLIERS[match.group("mult")]
    return int(value) if value == int(value) else value


def _unit(text: str, end: int) -> tuple[str, int]:
    """The plural noun right after a number ("63 republicans" -> "republicans") and where it ends."""
    words = list(re.finditer(r"[A-Za-z][\w\u2019'-]*", text[end : end + 60]))
    chosen, stop = "", end
    for k, w in enumerate(words[:3]):
        gap = text[end + (words[k - 1].end() if k else 0) : end + w.start()]
        if gap.strip() or not w.group()[0].islower():
            break
        low = w.group().lower()
        if low in STOPWORDS or low in PREPOSITIONS:
            break
        if low.endswith("s") and not low.endswith("ss") or low in _PLURAL_IRREGULAR:
            chosen = text[end : end + w.end()].strip()
            stop = end + w.end()
            break
        if low.endswith(("ed", "ing", "ly")):
            break
    return chosen, stop


def _add(
    out: list[Candidate],
    taken: list[tuple[int, int]],
    s: Sentence,
    kind: str,
    start: int,
    end: int,
    text: str,
    value,
    unit: str = "",
    sub: str = "",
) -> None:
    if any(a < end and start < b for a, b in taken):
        return
    first = next((k for k, t in enumerate(s.tokens) if t.end > start), None)
    last = next((k + 1 for k in range(len(s.tokens) - 1, -1, -1) if s.tokens[k].start < end), None)
    if first is None or last is None or last <= first:
        return
    taken.append((start, end))
    out.append(Candidate(kind, text, start, end, s.index, first, last, value, unit, sub))


def find_patterns(body: str, s: Sentence) -> list[Candidate]:
    """Dates, districts, years, ordinals and numbers in one sentence (longest readings first)."""
    text = body[s.start : s.end]
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    base = s.start
    for pattern, order in ((DATE_MDY, "md"), (DATE_DMY, "dm")):  # "May 3, 2019" then "3 May 2019"
        for m in pattern.finditer(text):
            year = int(m.group("year")) if m.group("year") else None
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            month = MONTHS[m.group("month").lower().rstrip(".")]  # "Sept." -> "sept"
            sub = f"{order}y" if year else order  # "mdy", "md", "dmy", "dm"
            _add(out, taken, s, "date", base + m.start(), base + m.end(), m.group(), (year, month, day), sub=sub)
    for m in MONTH_YEAR.finditer(text):
        _add(
            out,
            taken,
            s,
            "date",
            base + m.start(),
            base + m.end(),
            m.group(),
            (int(m.group("year")), MONTHS[m.group("month").lower()], None),
            sub="my",
        )
    for m in DISTRICT.finditer(text):
        num = int(m.group("num") or m.group("num2"))
        _add(out, taken, s, "district", base + m.start(), base + m.end(), m.group(), (m.group("state") or "", num))
    for m in YEAR.finditer(text):
        _add(out, taken, s, "year", base + m.start(), base + m.end(), m.group(), int(m.group()))
    for m in ORDINAL.finditer(text):
        _add(out, taken, s, "ordinal", base + m.start(), base + m.end(), m.group(), int(m.group("num")), sub="digits")
    for m in ORDINAL_WORD.finditer(text):
        _add(
            out,
            taken,
            s,
            "ordinal",
            base + m.start("word"),
            base + m.end("word"),
            m.group("word"),
            ORDINAL_WORDS[m.group("word").lower()],
            sub="word",
        )
    for m in NUMBER.finditer(text):
        value = _number_value(m)
        sub = (
            "percent"
            if m.group("pct")
            else "money"
            if m.group("cur")
            else ("multiplied" if m.group("mult") else "count")
        )
        unit, _ = _unit(text, m.end()) if sub in ("count", "multiplied") else ("", m.end())
        unit = unit or ("%" if sub == "percent" else m.group("cur") or "")
        if sub == "count" and value == 1:
            continue
        _add(out, taken, s, "number", base + m.start(), base + m.end(), m.group().strip(), value, unit, sub)
    for m in NUMBER_WORD.finditer(text):
        unit, _ = _unit(text, m.end())
        if unit:
            _add(
                out,
                taken,
                s,
                "number",
                base + m.start(),
                base + m.end(),
                m.group(),
                NUMBER_WORDS[m.group("word").lower()],
                unit,
                "word",
            )
    return sorted(out, key=lambda c: c.start)


def find_quotes(analysis: Analysis, spans: list[tuple[int, int]]) -> list[Quote]:
    """Quoted speech of five words or more, with its speaker when the article names one."""
    body = analysis.article.body
    sentences = analysis.sentences
    quotes: list[Quote] = []
    last_by_para: dict[int, Quote] = {}
    for start, end in spans:
        text = body[start:end].strip()
        if len(text.split()) < 5:
            continue
        over = analysis.sentences_over(max(0, start - 2), end + 1)
        holder = next((sentences[k] for k in over if sentences[k].start <= start < sentences[k].end + 2), None)
        if holder is None or holder.kind in ("duplicate", "caption", "attribution"):
            continue
        closer = next((sentences[k] for k in over if sentences[k].start <= end <= sentences[k].end + 1), holder)
        after = body[end : min(closer.end, end + 120)]
        before = body[holder.start : max(holder.start, start - 1)]
        who = verb = obj = None
        who_at = None
        m = AFTER.match(after)
        if m:
            who, verb = (m.group("who"), m.group("verb")) if m.group("who") else (m.group("who2"), m.group("verb2"))
            obj = (m.group("obj") or "").strip() or None
            group = "who" if m.group("who") else "who2"
            who_at = (end + m.start(group), end + m.end(group))
        else:
            m = BEFORE.search(before)
            if m:
                who, verb = m.group("who"), m.group("verb")
                who_at = (holder.start + m.start("who"), holder.start + m.end("who"))
        speaker, inferred = None, False
        if who and who.endswith("."):
            who = who[:-1]
            who_at = (who_at[0], who_at[1] - 1) if who_at else None
        if obj:
            obj = obj.rstrip(".")
        if who:
            speaker = _resolve_speaker(analysis, who, holder.index)
        para = holder.paragraph
        if speaker is None and who is None:
            prev = last_by_para.get(para) or last_by_para.get(para - 1)
            if prev is not None and prev.speaker and body[start - 1 : start] in '"\u201c':
                speaker, who_at, verb = prev.speaker, prev.speaker_span, prev.verb
                inferred = para not in last_by_para
        if holder.kind == "embedded" and speaker is None:
            speaker = _resolve_speaker(analysis, holder.note, holder.index) if holder.note else None
        verb_text = verb if verb not in (None, "told") or not obj else f"told {obj}"
        quote = Quote(
            start,
            end,
            text,
            closer.index if who_at and closer.start <= who_at[0] else holder.index,
            speaker,
            who_at,
            inferred,
            verb_text or "said",
        )
        quotes.append(quote)
        if speaker:
            last_by_para[para] = quote
    return quotes


def _resolve_speaker(analysis: Analysis, who: str, index: int) -> str | None:
    low = who.lower()
    if low in PRONOUNS:
        if analysis.main and analysis.main_gender == PRONOUNS[low]:
            return analysis.main.name
        before = previous_people(analysis, index)
        return before[0] if len(before) == 1 else None
    person = analysis.person(who)
    if person is not None:
        return person.name
    words = who.split()
    if all(w[:1].isupper() for w in words) and 1 <= len(words) <= 3:
        for p in analysis.people:
            if words[-1] == p.name.split()[-1]:
                return p.name
    return None
