"""Answer candidates found by pattern: numbers, years, dates, ordinals, districts; quotes and speakers."""

from __future__ import annotations

import re

from .entities import previous_people
from .lexicon import (
    MONTH_NAMES,
    MONTHS,
    MULTIPLIERS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERBS,
    STOPWORDS,
)
from .model import Analysis, Candidate, Quote, Sentence
from .targets import article_doc
from .wordlists import table

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_MONTH = f"(?:{'|'.join(MONTH_NAMES)})"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"  # 1800 to 2099
DATE_MDY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?")
DATE_DMY = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_FULL_MONTH})\b(?:,?\s+{_YEAR}\b)?")
MONTH_YEAR = re.compile(rf"\b(?P<month>{_FULL_MONTH})\s+(?:of\s+)?{_YEAR}\b")
YEAR = re.compile(rf"(?<![\w$£€.,:/#@-]){_YEAR}(?![\w%]|[.,:/]\d)")
NUMBER = re.compile(
    r"(?<![\w.,/:#@$£€-])(?P<cur>[$£€])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?![\w:]|[.,]\d)"
    r"(?:\s?(?P<mult>thousand|million|billion|trillion)\b)?(?:\s?(?P<pct>%|percent\b|per cent\b))?"
)
_NUMBER_SUBS = {"pct": "percent", "cur": "money", "mult": "multiplied"}  # the first group present names the sub
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
_CAP = r"[A-Z][\w\u2019'.-]*"  # a capitalised word
_WHO = rf"(?P<who>[Ss]he|[Hh]e|{_CAP}(?: {_CAP}){{0,2}})"
AFTER = re.compile(
    rf"^[\s,.!?\u2014-]*[\"\u201d]?[\s,]*(?:{_WHO}\s+(?P<verb>{SPEECH})\b(?P<obj>\s+{_CAP}(?: {_CAP})*)?"
    rf"|(?P<verb2>{SPEECH})\s+(?P<who2>{_CAP}(?: {_CAP}){{0,2}}))"
)
BEFORE = re.compile(rf"{_WHO}\s+(?P<verb>{SPEECH})\b[^\"\u201c\u201d]{{0,40}}?[,:]\s*[\"\u201c]?$")


def _number_value(match: re.Match) -> float:
    """The number a NUMBER match gives ("4.2 million" -> 4200000), an int when it is whole."""
    value = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
    if match.group("mult"):
        value *= MULTIPLIERS[match.group("mult")]
    return int(value) if value == int(value) else value


def date_value(m: re.Match) -> tuple[int | None, int, int | None]:
    """``(year, month, day)`` of a DATE_MDY, DATE_DMY or MONTH_YEAR match, None for a part it does not give."""
    parts = m.groupdict()
    year, day = parts.get("year"), parts.get("day")
    return int(year) if year else None, MONTHS[parts["month"].lower().rstrip(".")], int(day) if day else None


def _unit(text: str, end: int) -> str:
    """The plural noun right after a number ("63 republicans" -> "republicans")."""
    words = list(re.finditer(r"[A-Za-z][\w\u2019'-]*", text[end : end + 60]))
    for k, w in enumerate(words[:3]):
        gap = text[end + (words[k - 1].end() if k else 0) : end + w.start()]
        low = w.group().lower()
        if gap.strip() or not w.group()[0].islower() or low in STOPWORDS or low in PREPOSITIONS:
            break
        if low.endswith("s") and not low.endswith("ss") or low in _PLURAL_IRREGULAR:
            return text[end : end + w.end()].strip()
        if low.endswith(("ed", "ing", "ly")):
            break
    return ""


def find_patterns(body: str, s: Sentence) -> list[Candidate]:
    """Dates, districts, years, ordinals and numbers in one sentence (longest readings first)."""
    text = body[s.start : s.end]
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match, value, unit: str = "", sub: str = "", group: int | str = 0) -> None:
        """Keep match ``m`` (or its ``group``) as a candidate unless it overlaps one kept before."""
        start, end = s.start + m.start(group), s.start + m.end(group)
        covered = [k for k, t in enumerate(s.tokens) if t.end > start and t.start < end]
        if not covered or any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        out.append(Candidate(kind, m.group(group), start, end, s.index, covered[0], covered[-1] + 1, value, unit, sub))

    for pattern, order in ((DATE_MDY, "md"), (DATE_DMY, "dm"), (MONTH_YEAR, "my")):  # "May 3, 2019", "3 May 2019"
        for m in pattern.finditer(text):
            year, month, day = date_value(m)
            sub = order if order == "my" or not year else f"{order}y"  # "mdy", "md", "dmy", "dm" or "my"
            if day is None or 1 <= day <= 31:
                add("date", m, (year, month, day), sub=sub)
    for m in DISTRICT.finditer(text):
        add("district", m, (m.group("state") or "", int(m.group("num") or m.group("num2"))))
    for m in YEAR.finditer(text):
        add("year", m, int(m.group()))
    for m in ORDINAL.finditer(text):
        add("ordinal", m, int(m.group("num")), sub="digits")
    for m in ORDINAL_WORD.finditer(text):
        add("ordinal", m, ORDINAL_WORDS[m.group("word").lower()], sub="word", group="word")
    for m in NUMBER.finditer(text):
        value = _number_value(m)
        sub = next((sub for group, sub in _NUMBER_SUBS.items() if m.group(group)), "count")
        if sub == "count" and value == 1:
            continue
        unit = {"percent": "%", "money": m.group("cur")}.get(sub) or _unit(text, m.end())
        add("number", m, value, unit, sub)
    for m in NUMBER_WORD.finditer(text):
        if unit := _unit(text, m.end()):
            add("number", m, NUMBER_WORDS[m.group("word").lower()], unit, "word")
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
        who = verb = obj = who_at = None
        parsed = inferred = False
        if m := AFTER.match(body[end : min(closer.end, end + 120)]):  # "...," she said
            group = "who" if m.group("who") else "who2"
            who, verb = m.group(group), m.group("verb" if group == "who" else "verb2")
            obj = (m.group("obj") or "").strip().rstrip(".") or None
            who_at = (end + m.start(group), end + m.end(group))
        elif m := BEFORE.search(body[holder.start : max(holder.start, start - 1)]):  # She said: "...
            who, verb = m.group("who"), m.group("verb")
            who_at = (holder.start + m.start("who"), holder.start + m.end("who"))
        elif (at := parsed_speaker(analysis, (start, end), (holder.start, closer.end)))[1]:  # the parser's reading
            who, who_at, parsed = body[at[0] : at[1]], at, True
        if who and who.endswith("."):
            who, who_at = who[:-1], (who_at[0], who_at[1] - 1)
        speaker = _resolve_speaker(analysis, who, holder.index) if who else None
        if speaker is None and parsed:  # a person the parser names whom the name reader does not know
            speaker = who
        para = holder.paragraph
        said = any(t.lower in SPEECH_VERBS and not start <= t.start < end for t in [*holder.tokens, *closer.tokens])
        if who is None and not said:  # no one named: the speaker of the paragraph's (or the one before's) last quote
            prev = last_by_para.get(para) or last_by_para.get(para - 1)
            if prev is not None and body[start - 1 : start] in '"\u201c':
                speaker, who_at, verb = prev.speaker, prev.speaker_span, prev.verb
                inferred = para not in last_by_para
        if holder.kind == "embedded" and speaker is None and holder.note:  # who posted it
            speaker = _resolve_speaker(analysis, holder.note, holder.index)
        verb = f"told {obj}" if verb == "told" and obj else verb
        sentence = closer.index if who_at and closer.start <= who_at[0] else holder.index
        quotes.append(Quote(start, end, text, sentence, speaker, who_at, inferred, verb or "said"))
        if speaker:
            last_by_para[para] = quotes[-1]
    return quotes


def parsed_speaker(analysis: Analysis, quote: tuple[int, int], around: tuple[int, int]) -> tuple[int, int]:
    """Where the parser names a quote's speaker, in the text ``around`` it: a PERSON entity as (or in apposition to)
    the subject of the speech verb it hangs from (not "a spokesman for John Smith said"); (0, 0) if it names no one."""
    doc = article_doc(analysis)
    start, end = quote
    quoted = [t for t in doc.char_span(*around, alignment_mode="expand") or () if start <= t.idx < end]
    root = next((t for t in quoted if t.head.i == t.i or not start <= t.head.idx < end), None)
    if root is None:
        return 0, 0
    said = [c for c in root.children if not start <= c.idx < end and c.lower_ in SPEECH_VERBS]
    verb = root.head if root.head.i != root.i else (said or [root])[0]  # the quote parsed as ROOT: a verb it governs
    while verb.lower_ not in SPEECH_VERBS and verb.head.i != verb.i:  # "said" in "..., she said after ... told"
        verb = verb.head
    for subject in (c for c in verb.children if c.dep_ == "nsubj" and verb.lower_ in SPEECH_VERBS):
        heads = [subject.i] + [c.i for c in subject.children if c.dep_ == "appos"]  # "coach Nabil Maaloul"
        for e in doc.ents:
            if e.label_ == "PERSON" and any(e.start <= k < e.end for k in heads):
                return e.start_char, e.end_char
    return 0, 0


def _resolve_speaker(analysis: Analysis, who: str, index: int) -> str | None:
    """The full name of the person ``who`` (a name or pronoun in sentence ``index``) means, or None."""
    low = who.lower()
    if low in PRONOUNS:
        if analysis.main and analysis.main_gender == PRONOUNS[low]:
            return analysis.main.name
        before = previous_people(analysis, index)
        return before[0] if len(before) == 1 else None
    if (person := analysis.person(who)) is not None:
        return person.name
    words = who.split()
    if all(w[:1].isupper() for w in words) and 1 <= len(words) <= 3:
        return next((p.name for p in analysis.people if p.name.split()[-1] == words[-1]), None)
    return None
