"""Light paraphrases that keep a true sentence exactly true, as token edits for ``render``: a claim copied word for
word is a matching exercise, so claims drop what the fact does not need ("But", "also", asides, a trailing clause),
and a short first-person quote can become reported speech ("Alyssa Milano told Bustle she went to ...")."""

from __future__ import annotations

from dataclasses import dataclass, field

from .clauses import FRONT, segment, verb_kind
from .flags import flag
from .lexicon import ADVERBS, DETERMINERS, FIRST_PERSON, IRREGULAR_PAST, NOT_PAST, PRONOUNS, SPEECH_VERBS
from .model import Analysis, Candidate, Quote, Sentence, Token
from .sentences import join
from .wordlists import table

_DATA = table("paraphrase.yaml")  # the word lists below, in quiz/data/drafting

DISCOURSE, CONJUNCTIONS, KEEP_OPENING, ASIDE_HEADS, TRAILING_KEEP = (
    frozenset(_DATA[name]) for name in ("discourse", "conjunctions", "keep_opening", "aside_heads", "trailing_keep")
)
MIN_WORDS = 6
MIN_CLAIM_WORDS = 5  # "The council approved the budget."
REPORTED_FLAG = flag(
    "reported-speech", "turned from a quote into reported speech: check the pronouns and verb forms read right"
)


@dataclass
class Rewrite:
    """Token edits (index -> new text, or None to drop) and the names of the rules that made them."""

    replace: dict[int, str | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def kept(self, s: Sentence) -> list[int]:
        """Indexes of the tokens the rewrite keeps."""
        return [k for k in range(len(s.tokens)) if self.replace.get(k, s.tokens[k].text) is not None]


def _quoted(analysis: Analysis, s: Sentence, first: int, last: int) -> bool:
    return any(analysis.quoted(t.start, t.end) or t.text in '"\u201c\u201d\u2018' for t in s.tokens[first:last])


def dateline_end(toks: list[Token]) -> int:
    """Where the text after a dateline starts ("DENVER (AP) — A man ...", "(CNN) — About ..."), or 0."""
    dashes = (
        k for k in range(3, min(len(toks) - 4, 10)) if toks[k].text in "\u2014\u2013-" and toks[k - 1].text == ")"
    )
    dash = next((k for k in dashes if _agency(toks[k - 2])), 0)
    return dash + 1 if dash and toks[dash + 1].text[:1].isupper() else 0


def _agency(tok: Token) -> bool:
    """Whether ``tok`` names a news agency in a dateline's brackets ("AP", "CNN", "Reuters"), not "(Lab)"."""
    return tok.text.isupper() and len(tok.text) >= 2 or tok.text in ("Reuters", "Bloomberg")


def said_comma(toks: list[Token], start: int) -> int | None:
    """The comma after "she said" that an opening cut at ``start`` leaves first ("Until then, she said, the ..")."""
    said = next((k for k in range(start + 1, min(start + 4, len(toks) - 1)) if toks[k].lower in SPEECH_VERBS), None)
    if said is None or toks[said + 1].text != ",":
        return None
    who = toks[said - 1]  # "she said", "Dr Marsh said"; not "the defendant admitted, through his lawyer, ..."
    return said + 1 if who.lower in PRONOUNS or who.text[:1].isupper() else None


def opening(analysis: Analysis, s: Sentence) -> int | None:
    """Index of the first token after an opening phrase a claim can do without, or None."""
    toks = s.tokens
    if len(toks) < MIN_WORDS + 3 or toks[0].lower in KEEP_OPENING:
        return None
    if dash := dateline_end(toks):
        return dash
    first = toks[0].lower
    comma = next((k for k in range(1, min(len(toks) - 4, 14)) if toks[k].text == ","), None)
    if first in CONJUNCTIONS and toks[1].text[:1].isalnum():
        end = 1  # "But ...", "And ..."
    elif (first in DISCOURSE or first in FRONT) and comma is not None:
        if first in ("this", "that") and any(verb_kind(t) for t in toks[1:comma]):
            return None  # "That assurance has done little ..., Neb., where ..." is the sentence, not "That day,"
        end = comma + 1
        while end + 1 < len(toks) and toks[end].lower in DISCOURSE and toks[end + 1].text == ",":
            end += 2  # "Outside of her acting career, though, ..."
    else:
        return None
    nxt = toks[end]
    opens = nxt.text[:1].isupper() or nxt.lower in PRONOUNS or nxt.lower in DETERMINERS or nxt.text[:1].isdigit()
    if _quoted(analysis, s, 0, end) or not opens or sum(1 for t in toks[end:] if t.text[:1].isalnum()) < 4:
        return None
    return end


def rewrite(analysis: Analysis, s: Sentence, keep: set[int]) -> Rewrite:
    """The paraphrase edits that apply to ``s`` without touching the tokens in ``keep``."""
    toks = s.tokens
    out = Rewrite()
    last = len(toks) - 1
    if last < MIN_WORDS or toks[last].text not in (".", "!"):
        return out

    def apply(first: int, end: int, note: str) -> None:
        edits = dict.fromkeys(range(first, end))
        words = sum(1 for k in Rewrite({**out.replace, **edits}).kept(s) if toks[k].text[:1].isalnum())
        if words >= MIN_CLAIM_WORDS and keep.isdisjoint(range(first, end)) and not _quoted(analysis, s, first, end):
            out.replace.update(edits)
            out.notes.append(note)

    if (start := opening(analysis, s)) is not None:
        apply(0, start, "opening")
    start = start if "opening" in out.notes else 0
    if start and (comma := said_comma(toks, start)) is not None:
        apply(comma, comma + 1, "attribution")
    for k in range(max(1, start), last - 1):
        if toks[k].text == "also" and toks[k - 1].lower != "but" and toks[k + 1].text[:1].isalpha():
            apply(k, k + 1, "also")
    depth, open_at = 0, None
    for k, tok in enumerate(toks):
        if tok.text == "(":
            depth, open_at = depth + 1, k if depth == 0 else open_at
        elif tok.text == ")" and depth:
            depth -= 1
            if depth == 0:
                apply(open_at, k + 1, "brackets")
    for k in range(max(1, start), last - 2):  # asides: ", who ...", ", a former ...,"
        if toks[k].text != "," or toks[k + 1].lower not in ASIDE_HEADS or k in out.replace:
            continue
        if (close := next((j for j in range(k + 2, last) if toks[j].text == ","), None)) is None:
            if toks[k + 1].lower in ("who", "which", "whose"):
                apply(k, last, "aside")  # "..., who has played an important role in ...."
            break
        after = close + 1
        while after < last and toks[after].text.islower() and toks[after].lower in ADVERBS:
            after += 1
        if after < last and verb_kind(toks[after]):
            apply(k, close + 1, "aside")
    for k in range(last - 2, 3, -1):  # a trailing participle clause: ", leaving ..."
        if toks[k].text == "," and k not in out.replace:
            j = next((j for j in range(k + 1, last) if not _adverb(toks[j])), last)  # the word after any adverbs
            word = toks[j].lower
            if toks[j].text.islower() and word.endswith("ing") and len(word) > 5 and word not in TRAILING_KEEP:
                apply(_with_absolute(toks, k), last, "trailing")
                break
    seg_start, cut = segment(analysis, s, start)
    if seg_start <= start and cut < last and cut - start >= MIN_WORDS and not any(k >= cut for k in keep):
        apply(cut, last, "clause")
    return out


def _with_absolute(toks: list[Token], k: int) -> int:
    """Where a trailing clause at ``k`` starts with its "with" and subject (", with their spokeswoman, X, calling")."""
    for i in range(k - 1, 1, -1):
        if verb_kind(toks[i]):
            return k
        if toks[i].lower == "with" and toks[i - 1].text == ",":
            return i - 1
    return k


def facts(analysis: Analysis, s: Sentence) -> list[Candidate]:
    """The values in ``s`` a claim turns on: numbers, dates, people but the main one, places; not organisations."""
    main = analysis.main.name if analysis.main else None
    found = analysis.in_sentence(s.index)
    return [c for c in found if c.value != main and c.kind != "org" and not (c.kind == "place" and c.unit == "place")]


def paraphrase(analysis: Analysis, s: Sentence, extra: tuple[int, int] | None = None) -> Rewrite:
    """The paraphrase claims on ``s`` are written with, keeping its facts (and ``extra``, a token range)."""
    cache = analysis.memo.setdefault("rewrites", {})
    key = (s.index, extra)
    if key not in cache:
        keep = {k for c in facts(analysis, s) for k in range(c.first, c.last)} | set(range(*extra) if extra else ())
        cache[key] = rewrite(analysis, s, keep)
    return cache[key]


# --- reported speech -------------------------------------------------------------------------------------

_SHIFT: dict[str, dict[str, str]] = {gender: dict(words) for gender, words in _DATA["shift"].items()}
_SHIFT_CONTRACTED: dict[str, str] = dict(_DATA["shift_contracted"])
_AGREE: dict[str, str] = dict(_DATA["agree"])
_POINTING, _VAGUE_START, _UNCHANGED, _PAST_EXTRA, _REPORT_AS_IS = (
    frozenset(_DATA[name]) for name in ("pointing", "vague_start", "unchanged", "past_extra", "report_as_is")
)
_NEAR_NAME = ("she", "he", "her", "his", "herself", "himself")  # pronouns that may follow a name for its person
_NOT_ONE_CLAUSE = (".", "!", "?", ";", "\u2018", "'", "\u2026", '"')  # marks of a second sentence or a nested quote


def _agree(word: str) -> str | None:
    """``word`` after "she"/"he" instead of "I", or None when it is left as it is."""
    low = word.lower().replace("\u2019", "'")
    if low in _AGREE:
        return _AGREE[low].replace("'", "\u2019") if "\u2019" in word else _AGREE[low]
    if not low.isalpha() or low in _UNCHANGED or low in IRREGULAR_PAST or low in _PAST_EXTRA:
        return None
    if low.endswith("ed") and low not in NOT_PAST:
        return None  # a regular past form: "I wanted" -> "she wanted"
    if low.endswith(("s", "sh", "ch", "x", "z", "o")):
        return low + "es"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return low[:-1] + "ies"
    return low + "s"


@dataclass(frozen=True)
class Speech:
    """A quote a reported-speech claim can be made from: the quote tokens and how to introduce them."""

    first: int  # first token of the quoted words
    end: int  # one past the last quoted word (a closing comma or full stop left out)
    speaker: str
    verb: str  # "said", "told Bustle", "confirmed"
    gender: str


def speech_of(s: Sentence, q: Quote, gender: str | None) -> Speech | None:
    """The quote as material for reported speech, or None when it cannot be reported safely."""
    if gender not in ("f", "m") or not q.speaker or q.speaker_span is None or s.kind != "prose" or s.repeats > 1:
        return None
    if not (s.start <= q.start and q.end <= s.end and s.start <= q.speaker_span[0] < s.end):
        return None
    toks = s.tokens
    inside = [k for k, t in enumerate(toks) if q.start <= t.start and t.end <= q.end]
    if not inside or inside != list(range(1, len(inside) + 1)) or toks[0].text not in '"\u201c':
        return None  # the quote must open the sentence, all of it: '"...," Milano told Bustle.'
    first, end = 1, inside[-1] + 1
    while end > first and toks[end - 1].text in (",", "."):
        end -= 1
    rest = [t for t in toks[inside[-1] + 1 :] if t.text not in '"\u201d']
    words = toks[first:end]
    if not rest or rest[-1].text != "." or len(rest) > 12 or not MIN_WORDS - 1 <= len(words) <= 30:
        return None
    if words[0].lower in _VAGUE_START or any(t.lower in _POINTING or t.text in _NOT_ONE_CLAUSE for t in words):
        return None
    verb = q.verb if q.verb.startswith("told ") or q.verb in _REPORT_AS_IS else "said"
    return Speech(first, end, q.speaker, verb, gender) if verb.split()[0] in SPEECH_VERBS else None


def reported(
    analysis: Analysis, s: Sentence, sp: Speech, edits: dict[int, str | None] | None = None
) -> tuple[str, list[str]] | None:
    """'NAME VERB ...' from the quote with ``edits``: (text, no flags) like ``claim_text``; None if it reads wrong."""
    edits = edits or {}
    shift = _SHIFT[sp.gender]
    pieces: list[tuple[str, bool]] = [(sp.speaker, False), (sp.verb, True)]
    after_i = False
    for k, tok in enumerate(s.tokens[sp.first : sp.end], sp.first):
        if k in edits:
            if edits[k] is not None:
                pieces.append((edits[k], tok.space or k == sp.first))
            after_i = False
            continue
        low, text = tok.lower, tok.text
        if low in shift:
            text = shift[low]
        elif low in _SHIFT_CONTRACTED:
            text = shift["i"] + _SHIFT_CONTRACTED[low].replace("'", "\u2019" if "\u2019" in text else "'")
        elif after_i and not _adverb(tok):  # the verb after "I" (and any adverb): "I really want" -> "she really wants"
            text = _agree(text) or text
        elif not after_i and low in FIRST_PERSON:
            return None
        after_i = low == "i" or (after_i and _adverb(tok))  # the verb after "I" is still to come
        if k == sp.first and text == tok.text and text[:1].isupper() and not _proper(analysis, text):
            text = text[0].lower() + text[1:]
        pieces.append((text, tok.space or k == sp.first))
    return None if after_i else (join(pieces) + ".", [])


def _adverb(tok: Token) -> bool:
    """A lower-case adverb ("already", "really"), as may come between a subject and its verb."""
    return tok.text.islower() and (tok.lower in ADVERBS or tok.lower.endswith("ly"))


def _proper(analysis: Analysis, word: str) -> bool:
    """Whether ``word`` is a name: capitalised in the middle of some sentence, or part of a person's name."""
    caps = analysis.capitals()
    if "names" not in analysis.memo:
        analysis.memo["names"] = {w for p in analysis.people for n in (p.name, *p.aliases) for w in n.split()}
    bare = word.removesuffix("'s").removesuffix("\u2019s")
    return word in caps or bare in caps or bare in analysis.memo["names"]


def lower_first(analysis: Analysis, text: str) -> str:
    """``text`` with its first letter lower-cased unless the first word is a name."""
    if not text:
        return text
    word = text.split()[0]
    bare = word.strip("\u201c\u201d\"',")
    if word.isupper() and len(word) > 1 or bare.endswith(".") or _proper(analysis, bare.rstrip(".")):
        return text  # a name, an abbreviation ("Dr.") or an acronym keeps its capital
    if text[0] in "\u201c\u2018\"'" and len(text) > 1:
        return text[0] + lower_first(analysis, text[1:])
    return text[0].lower() + text[1:]


def gender_of(analysis: Analysis, name: str) -> str | None:
    """The pronoun gender the article uses for ``name``: "f", "m" or None when it does not say."""
    if analysis.main and name == analysis.main.name and analysis.main_gender:
        return analysis.main_gender
    known = analysis.memo.setdefault("gender", {})
    if name not in known:
        known[name] = _gender(analysis, name)
    return known[name]


def _gender(analysis: Analysis, name: str) -> str | None:
    """The one gender of the pronouns said for ``name`` (speaker, near the name, opening the next sentence)."""
    spans = [q.speaker_span for q in analysis.quotes if q.speaker == name and q.speaker_span]
    said = [analysis.article.body[a:b].lower() for a, b in spans]  # the speaker as the article names them: "she said"
    pronouns = [w for w in said if w in ("she", "he")]
    for c in analysis.candidates:  # the first pronoun after the name: "Rovers manager Claire Benson said her ..."
        if c.kind == "person" and c.value == name:
            others = [x.first for x in analysis.in_sentence(c.sentence) if x.kind == "person" and x.first > c.first]
            near = analysis.sentences[c.sentence].tokens[c.last : min([c.last + 6, *others])]
            pronouns.append(next((t.lower for t in near if t.lower in _NEAR_NAME), ""))
    for s in analysis.sentences:  # "she"/"he" opening the sentence after one naming only them, before anyone else
        if {c.value for c in analysis.in_sentence(s.index - 1) if c.kind == "person"} == {name}:
            upto = [c.first + 1 for c in analysis.in_sentence(s.index) if c.kind == "person"]
            pronouns.append(next((t.lower for t in s.tokens[: min([6, *upto])] if t.lower in ("she", "he")), ""))
    genders = {PRONOUNS[w] for w in pronouns if w}
    return genders.pop() if len(genders) == 1 else None  # None when the article does not say, or says both
