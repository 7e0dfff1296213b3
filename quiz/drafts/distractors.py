"""Wrong options of the answer's own kind, from the article, the corpus or a plausible shift of the value."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from ..content.text import fold
from ..scoring.words import ordinal
from .candidates import DATE_DMY, DATE_MDY, MONTH_YEAR, date_value
from .gazetteer import COUNTRY_OF, DEMONYMS, PLACE_KIND, WITH_THE
from .lexicon import MONTH_NAMES, MULTIPLIERS, NUMBER_WORDS, ORDINAL_WORDS
from .make import Context, choice_text, tidy
from .model import Candidate
from .wordlists import table

_DATA = table("distractors.yaml")  # the word lists below, in quiz/data/drafting
_ELECTION = re.compile(r"\b(?:" + "|".join(map(re.escape, _DATA["election_cues"])) + r")\b")  # "selected" is no cue
_ORD_WORD = {v: k for k, v in ORDINAL_WORDS.items()}
_SAY = {v: k for k, v in NUMBER_WORDS.items() if k not in ("dozen", "hundred")}
SAME_PLACE: list[set[str]] = [set(group) for group in table("places.yaml")["same_place"]]
_ROLE_OF = {word: role for role, words in _DATA["role_classes"].items() for cue in words for word in cue.split()}


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text).casefold()


@lru_cache(maxsize=8)
def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of one to six words of a long text (folded), for fast whole-word look-ups."""
    words = re.findall(r"\w+", fold(text).casefold())
    return frozenset(tuple(words[i : i + n]) for n in range(1, 7) for i in range(len(words) - n + 1))


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole words, ignoring case and typography."""
    n = _folded(needle)
    if len(haystack) > 4000:
        words = tuple(re.findall(r"\w+", n))
        if 0 < len(words) <= 6:
            return words in _phrases(haystack)
    return bool(n) and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", _folded(haystack)) is not None


def same_place(a: str, b: str) -> bool:
    """Whether two place names can mean the same country ("U.S." and "America")."""
    a, b = a.casefold(), b.casefold()
    return a == b or any(a in group and b in group for group in SAME_PLACE)


def _same_person(a: str, b: str) -> bool:
    """Whether two names share a word (read as the same person)."""
    return bool(set(a.casefold().split()) & set(b.casefold().split()))


def _pool(ctx: Context, kind: str, sub: str = "") -> list[tuple[str, Candidate]]:
    """Values of one kind (places: of one ``sub``) in this article first, then in the corpus, each once, stably."""
    key = ("pool", kind, sub)
    if key not in ctx.cache:
        seen: dict[str, Candidate] = {}
        for analysis in [ctx.analysis, *ctx.corpus]:
            matching = [c for c in analysis.candidates if c.kind == kind and (not sub or c.unit == sub)]
            counts = Counter(choice_text(c) for c in matching)
            firsts = {choice_text(c): c for c in reversed(matching)}  # each text's first candidate
            for text in sorted(counts, key=lambda t: (-counts[t], firsts[t].start)):
                seen.setdefault(text.casefold(), firsts[text])
        ctx.cache[key] = [(choice_text(c), c) for c in seen.values()]
    return ctx.cache[key]


def pick(ctx: Context, c: Candidate, source_text: str, want: int = 3) -> list[str]:
    """Up to ``want`` distractors for candidate ``c`` (never the answer, never in ``source_text``)."""
    answer = choice_text(c)
    if c.kind == "person":
        main = ctx.analysis.main.name if ctx.analysis.main else None
        here = {p.name for p in ctx.analysis.people}
        role, side = role_of(ctx.analysis, c), side_of(ctx.analysis, c)

        def rank(name: str) -> tuple:  # this article's people (of the answer's side first), then others of its role
            elsewhere = name not in here
            other_side = bool(side) and _people(ctx, side_of).get(name) != {side}  # of one side only
            other_role = bool(role) and role not in _people(ctx, role_of).get(name, set())
            return (elsewhere, other_side, elsewhere and other_role, " " not in name)

        options = sorted((t for t, _ in _pool(ctx, c.kind) if t != main), key=rank)
    elif c.kind == "place":
        gazetteer = sorted(  # full names only: "UK" beside "United States" reads as a trick
            n for n, k in PLACE_KIND.items() if k == c.unit and " " not in n[:2] and not n.replace(".", "").isupper()
        )
        ctx.rng(f"place:{answer}").shuffle(gazetteer)
        options = [t for t, _ in _pool(ctx, "place", c.unit)] + gazetteer
        if country := COUNTRY_OF.get(answer):  # its country's cities first (Los Angeles: Chicago, not Bangalore)
            options.sort(key=lambda option: COUNTRY_OF.get(option) != country)
        the = ctx.article.body[max(0, c.start - 4) : c.start].lower() == "the "
        options = [o for o in options if (o in WITH_THE) == the]  # "the _____": not "the Armenia"
    else:  # number, year, date, ordinal or district; an organisation (no shifted values)
        options = shifted(ctx, c) + [t for t, o in _pool(ctx, c.kind) if _compatible(c, o)]
    if c.kind == "number":  # "eleven" is stated when the sentence says "11"
        stated = {x.value for x in ctx.analysis.in_sentence(c.sentence) if x.kind == "number"}
        options = [o for o in options if number_value(o) not in stated]
    out: list[str] = []
    same = {"place": same_place, "person": _same_person}.get(c.kind, lambda a, b: a.casefold() == b.casefold())
    for option in map(tidy, options):
        if not option or any(same(option, o) for o in [answer, *out]) or contains(source_text, option):
            continue  # empty, reading as the answer or an option taken, or in the source
        if c.kind != "person" and (contains(answer, option) or contains(option, answer)):
            continue
        out.append(option)
        if len(out) == want:
            break
    return out


def role_of(analysis, c: Candidate) -> str:
    """The kind of role the words before a person's name give them ("Vice President" -> politics)."""
    before = reversed(analysis.sentences[c.sentence].tokens[max(0, c.first - 3) : c.first])
    return next((_ROLE_OF[tok.lower] for tok in before if tok.lower in _ROLE_OF), "")


def side_of(analysis, c: Candidate) -> str:
    """The country a person plays or speaks for: a nationality or a country's possessive just before the name
    ("English defender Kyle Walker", "Tunisia's coach Nabil Maaloul"), else the one country their sentence names."""
    words = [tok.text.removesuffix("'s").removesuffix("\u2019s") for tok in analysis.sentences[c.sentence].tokens]
    pairs = [" ".join(pair) for pair in pairwise(words)]
    for k in range(c.first - 1, max(-1, c.first - 4), -1):
        for word in (pairs[k - 1] if k else "", words[k]):  # "South Korean", then "Korean"
            if word in DEMONYMS or PLACE_KIND.get(word) == "country":
                return DEMONYMS.get(word, word)
    named = {word for word in words + pairs if PLACE_KIND.get(word) == "country"}
    return named.pop() if len(named) == 1 else ""


def _people(ctx: Context, tag) -> dict[str, set[str]]:
    """Each person's tags (``role_of`` or ``side_of``) across the article and its corpus."""
    if ("people", tag) not in ctx.cache:
        tags = ctx.cache[("people", tag)] = {}
        for analysis in [ctx.analysis, *ctx.corpus]:
            for c in analysis.candidates:
                if c.kind == "person" and (value := tag(analysis, c)):
                    tags.setdefault(choice_text(c), set()).add(value)
    return ctx.cache[("people", tag)]


def _compatible(c: Candidate, other: Candidate) -> bool:
    if c.kind == "number":
        return other.sub == c.sub and other.unit.casefold() == c.unit.casefold()
    if c.kind in ("date", "ordinal"):
        return other.sub == c.sub
    return True


def shifted(ctx: Context, c: Candidate) -> list[str]:
    """Plausible wrong values near the answer, written the way the answer is written."""
    rng = ctx.rng(f"shift:{c.kind}:{c.text}:{c.start}")
    if c.kind == "year":
        return [str(y) for y in _years(ctx, c, rng)]
    if c.kind == "number":
        return [format_number(c, v) for v in _numbers(c.value, c.sub, rng)]
    if c.kind == "date":
        return [format_date(c, value) for value in _dates(ctx, c, rng)]
    if c.kind in ("ordinal", "district"):
        n = c.value if c.kind == "ordinal" else c.value[1]
        nums = [m for m in (n + 1, n - 1, n + 2, n + 10, n * 2, n - 2) if m >= 1 and m != n]
        rng.shuffle(nums)
        nums = list(dict.fromkeys(nums))
        if c.sub == "word":
            return [_ORD_WORD[m] for m in nums if m in _ORD_WORD]
        digits = re.search(r"\d+(st|nd|rd|th)?", c.text)  # "3rd", "4th Congressional District", "District 12"
        head, tail = c.text[: digits.start()], c.text[digits.end() :]
        return [f"{head}{ordinal(m) if digits.group(1) else m}{tail}" for m in nums]
    return []


def _dates(ctx: Context, c: Candidate, rng) -> list[tuple]:
    """Wrong dates near the answer, none crossing another date of the sentence; the first three make a square
    with it (one part moved, the other, both) so the answer is not the one the others agree on."""
    year, month, day = c.value

    def key(value: tuple) -> tuple:
        return (value[0] or year or 0, value[1], value[2] or 0)

    others = [key(o.value) for o in ctx.analysis.in_sentence(c.sentence) if o.kind == "date" and o != c]
    after = max((o for o in others if o < key(c.value)), default=None)
    before = min((o for o in others if o > key(c.value)), default=None)

    def moved(move: tuple) -> tuple | None:
        dy, dm, dd = move
        value = (year + dy if year else None, (month - 1 + dm) % 12 + 1, day + dd if day else None)
        bad_day = value[2] is not None and not 1 <= value[2] <= 28
        crosses = (after is not None and key(value) <= after) or (before is not None and key(value) >= before)
        return None if bad_day or crosses else value

    days = [(0, 0, d) for d in (-7, -5, -3, 3, 5, 8, 11)] if day else []
    months = [(0, m, 0) for m in (-2, -1, 1, 2)]
    years = [(-1, 0, 0), (1, 0, 0)] if year else []
    moves = [m for m in days + months + years if moved(m)]
    rng.shuffle(moves)
    days_first = sorted((m for m in moves if m[1] == 0), key=lambda m: m[2] == 0)  # month kept: a day moved first
    squares = [(b, a, (a[0] + b[0], a[1] + b[1], a[2] + b[2])) for a in days_first for b in moves if b[1] != 0]
    square = next((sq for sq in squares if moved(sq[2])), ())
    return [moved(m) for m in [*square, *(m for m in moves if m not in square)]]


def _years(ctx: Context, c: Candidate, rng) -> list[int]:
    s = ctx.analysis.sentences[c.sentence]
    text = ctx.article.body[s.start : s.end].lower()
    # An election's year moves by the terms between elections, but only when it is the election's ("the 2004
    # election", "elected in 2018"): "In 2021, she considered running in the 2024 election" is about 2021.
    near = " ".join(t.lower for t in s.tokens[max(0, c.first - 3) : c.last + 3])
    if _ELECTION.search(near):
        steps = [-4, 4, -8, 8] if "midterm" not in text and "congress" not in text else [-2, 2, -4, 4]
    else:
        steps = [-1, 1, -2, 2, -3, 3]
        rng.shuffle(steps)
    published = (ctx.article.published or "")[:4]  # never after the article's year, unless the answer is
    return [c.value + d for d in steps if not (published.isdigit() and c.value <= int(published) < c.value + d)]


def _numbers(value, sub: str, rng) -> list:
    if sub == "percent":
        if isinstance(value, float) and value < 10:  # "0.19 percent" is no "6.3 percent": moved in proportion
            cands = [float(f"{value * f:.2g}") for f in (0.5, 0.7, 1.4, 1.8)]  # two significant figures
        elif isinstance(value, float):
            cands = [round(value + d, 1) for d in (-5.5, -3.2, 2.8, 6.1)]
        else:
            cands = [value + d for d in (-12, -7, -4, 5, 9, 14)]
        cands = [v for v in cands if 0 <= v <= 100]
    elif isinstance(value, float):
        decimals = 1 if abs(value) >= 1 else 2
        cands = [round(value * f, decimals) for f in (0.6, 0.8, 1.25, 1.5, 2.0)]
    elif value <= 10:
        cands = [v for v in (value - 2, value - 1, value + 1, value + 2, value + 3) if v >= (2 if sub == "word" else 0)]
    else:
        digits = len(str(value))
        keep = 2 if digits <= 3 or value % 10 ** (digits - 2) == 0 else 3
        unit = 10 ** max(0, digits - keep)
        cands = [round(value * f / unit) * unit for f in (0.5, 0.7, 0.8, 1.2, 1.4, 1.5, 2.0)]
        if 10 <= value < 100 and value % 10 and str(value)[::-1] != str(value):
            cands.append(int(str(value)[::-1]))  # 63 -> 36
        cands = [v for v in cands if v > 0]
    rng.shuffle(cands)
    return [v for v in dict.fromkeys(cands) if v != value]


def number_value(text: str) -> float | None:
    """The value of a written number ("24,000", "$4.2 million", "six", "4.99 percent"), or None."""
    low = text.lower().replace(",", "")
    if (word := re.match(r"[a-z]+", low)) and word.group() in NUMBER_WORDS:
        return float(NUMBER_WORDS[word.group()])
    if not (m := re.search(r"\d+(?:\.\d+)?", low)):
        return None
    value = float(m.group())
    mult = re.search(r"\b(thousand|million|billion|trillion)\b", low)
    return value * MULTIPLIERS[mult.group(1)] if mult else value


def format_number(c: Candidate, value) -> str:
    """``value`` in the answer's style: digits with commas when it used them, a multiplier word, a unit."""
    text, shown = c.text, value
    if mult := re.search(r"\b(thousand|million|billion|trillion)\b", text):
        shown = value / MULTIPLIERS[mult.group(1)]
        shown = int(shown) if shown == int(shown) else round(shown, 2)
    if c.sub == "word":
        core = _SAY.get(shown, "")
        return core.capitalize() if text[:1].isupper() else core
    if (decimals := re.search(r"\d\.(\d+)", text)) and isinstance(shown, float):
        core = f"{shown:.{len(decimals.group(1))}f}"
    else:
        core = f"{shown:,}" if "," in text or (isinstance(shown, int) and shown >= 10000 and not mult) else str(shown)
    currency = text[0] if text[:1] in "$£€" else ""
    tail = text[digits.end() :] if (digits := re.search(r"\d[\d,.]*", text)) else ""
    return f"{currency}{core}{tail}"


def format_date(c: Candidate, value: tuple) -> str:
    """A date written like the answer (``May 20, 2021``, ``20 May``, ``Aug. 29``...)."""
    year, month, day = value
    name = MONTH_NAMES[month - 1]
    if re.match(r"[A-Z][a-z]{2,3}\.", c.text):  # abbreviated: "Aug.", "Sept."
        name = name[:4] + "." if name.startswith("Sept") else (name if len(name) <= 4 else name[:3] + ".")
    if c.sub in ("mdy", "md"):
        out = f"{name} {day}"
        return f"{out}, {year}" if year and "," in c.text else f"{out} {year}" if year else out
    if c.sub in ("dmy", "dm"):
        return f"{day} {name} {year}" if year else f"{day} {name}"
    return f"{name} {year}"


def ordered(c: Candidate, options: list[str]) -> list[str]:
    """Options in a neutral order: numbers and years by value, dates by date, names alphabetically."""
    if c.kind in ("number", "year", "ordinal", "district"):
        values = {text: number_value(text) for text in options}
        return sorted(options, key=lambda t: (0, values[t], t) if values[t] is not None else (1, 0.0, t))
    if c.kind == "date":

        def date_key(text: str) -> tuple:
            m = next(filter(None, (p.fullmatch(text) for p in (DATE_MDY, DATE_DMY, MONTH_YEAR))), None)
            return tuple(part or 0 for part in date_value(m)) if m else (0, 0, 0)

        return sorted(options, key=date_key)
    return sorted(options, key=lambda t: (t.casefold(), t))
