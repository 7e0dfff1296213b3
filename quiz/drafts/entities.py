"""People, organisations and places from capitalised words and cue lists; pronouns resolved."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from .flags import flag
from .gazetteer import GIVEN_NAMES, PLACE_KIND
from .lexicon import (
    ADVERBS,
    IRREGULAR_PARTICIPLES,
    MONTHS,
    NON_NAME_WORDS,
    NOT_PAST,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    PERSON_TITLES,
    PLACE_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOPWORDS,
    WEEKDAYS,
    WORK_NOUNS,
)
from .model import Analysis, Candidate, Person, Sentence, Token
from .paraphrase import gender_of
from .sentences import join
from .targets import article_doc

_PERSONAL = {"she", "he", "her", "his", "him", "she's", "he's", "she'd", "he'd", "she'll", "he'll"}


def _clean(token: Token) -> str:
    """Token text without a possessive ending."""
    text = token.text
    for ending in ("\u2019s", "'s", "\u2019", "'"):
        if text.endswith(ending) and len(text) > len(ending) + 1:
            return text[: -len(ending)]
    return text


def _is_cap(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or text == "I" or not any(c.isalpha() for c in text):
        return False
    return text.lower().rstrip(".") not in MONTHS and text.lower() not in WEEKDAYS


def capital_runs(sentence: Sentence, known_caps: set[str]) -> list[tuple[int, int]]:
    """Token ranges of capitalised names in a sentence (sentence-initial words only when seen mid-sentence)."""
    toks = sentence.tokens
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i]):
            i += 1
            continue
        j = i + 1
        # a name runs on through capitals (and "of"/"for" after an org or place word), not past a possessive or ","
        while j < len(toks) and _clean(toks[j - 1]) == toks[j - 1].text and not toks[j - 1].text.endswith(","):
            linked = toks[j].lower in ("of", "for") and _clean(toks[j - 1]) in ORG_WORDS | PLACE_WORDS
            if _is_cap(toks[j]):
                j += 1
            elif linked and j + 1 < len(toks) and _is_cap(toks[j + 1]):
                j += 2
            else:
                break
        initial = i == 0 or (i == 1 and not toks[0].text[0].isalnum())
        start = i + 1 if initial and toks[i].lower in STOPWORDS | PREPOSITIONS else i
        if start < j and (not initial or start > i or j - start > 1 or _clean(toks[start]) in known_caps):
            runs.append((start, j))
        i = j
    return runs


def known_capitals(sentences: list[Sentence]) -> set[str]:
    """Words written with a capital away from the start of a sentence."""
    pairs = (pair for s in sentences for pair in pairwise(s.tokens[1:]))  # (previous, token) from the third token on
    return {_clean(tok) for prev, tok in pairs if _is_cap(tok) and prev.text not in '.!?"\u201c'}


def classify(words: list[str], before: str, after: str) -> tuple[str, str, str]:
    """``(kind, name, sub)`` of a capitalised run: person, org, place, work (a title) or misc, and a place's kind."""
    if words[0] == "The" and len(words) > 1:
        return "org", " ".join(words), ""
    titles = [k for k, w in enumerate(words[:-1]) if w in PERSON_TITLES or w.lower() in ROLE_NOUNS]
    lead = next((k for k in range(len(words) - 1) if k not in titles), len(words) - 1)  # "Mr Thwaite"
    inner = [k for k in titles if k >= lead and len(words) - k > 2]  # "Housing Minister Gareth Pryce", no "Jr."
    cut = inner[-1] + 1 if inner else lead
    words = words[cut:]
    name = " ".join(words)
    for place in (name, " ".join(words[-2:])):  # the run, or a two-word place ending it
        if place in PLACE_KIND:
            return "place", place, PLACE_KIND[place]
    if words[-1] in ORG_WORDS or (len(words) > 1 and words[0] in ORG_WORDS and words[1] == "of"):
        return "org", name, ""
    if words[-1] in PLACE_WORDS or words[0] in ("Lake", "Mount", "Port", "Fort"):
        return "place", name, "place"
    letters = name.replace(".", "").replace("-", "")
    if len(words) == 1 and letters.isupper() and 2 <= len(letters) <= 6:
        return "org", name, ""
    if any(w in NON_NAME_WORDS for w in words):
        return "misc", name, ""
    if cut:
        return "person", name, ""
    if before.lower() in ORG_NOUNS | WORK_NOUNS and words[0] not in GIVEN_NAMES:  # "stockbroker Pellow Grant",
        # "the thriller Salt Marsh"; not "the club Wayne Rooney joined"
        return ("org" if before.lower() in ORG_NOUNS else "work"), name, ""
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words):
        said = after.lower() in SPEECH_VERBS and before.lower() not in ("and", "&")  # not "Food and Rural Affairs said"
        return ("person" if words[0] in GIVEN_NAMES or before.lower() in ROLE_NOUNS or said else "person?"), name, ""
    return "misc", name, ""


def _parsed_start(s: Sentence, a: int, b: int, persons) -> int:
    """Where the parser's PERSON entity ending with run ``a:b`` starts, when only words that are no given name
    come before it ("Minister of Education Stefania Giannini"), and not only a title ("Mr Pask"); else ``a``."""
    end = s.tokens[b - 1].start + len(_clean(s.tokens[b - 1]))
    starts = [k for k in range(a + 1, b) if (s.tokens[k].start, end) in persons]
    before = s.tokens[a : starts[0]] if starts else []
    titles = all(t.text in PERSON_TITLES for t in before)
    return starts[0] if before and not titles and not any(_clean(t) in GIVEN_NAMES for t in before) else a


def find_entities(sentences: list[Sentence], usable, persons=frozenset()) -> tuple[list[Candidate], list[Person]]:
    """Name candidates (person, org, place) and the people of the article, grouped by alias; ``persons`` are the
    (start, end) offsets of the parser's PERSON entities, which confirm a name no other cue marks as a person."""
    caps = known_capitals(sentences)
    raw: list[tuple[str, str, str, Sentence, int, int]] = []
    runs = [(s, a, b) for s in sentences if s.kind != "duplicate" for a, b in capital_runs(s, caps)]
    for s, a, b in runs:
        before = s.tokens[a - 1].text if a > 0 else ""
        after = s.tokens[b].lower if b < len(s.tokens) else ""
        words = [_clean(t) for t in s.tokens[a:b]]
        kind, name, sub = classify(words, before, after)
        if kind == "person" and (k := _parsed_start(s, a, b, persons)) > a:  # "Education Stefania Giannini"
            a, before, words = k, s.tokens[k - 1].text, words[k - a :]
            kind, name, sub = classify(words, before, after)
        if kind == "person?" and (s.tokens[a].start, s.tokens[b - 1].end) in persons:
            kind = "person"  # "Eugene Burger": a given name the list lacks, read as a person by the parser
        dropped = len(words) - len(name.split())  # titles, or the words before a place ("Health Conference In ...")
        raw.append((kind, name, sub, s, a + max(0, dropped), b))
    not_people = {name for kind, name, *_ in raw if kind in ("org", "work")}  # "Salt Marsh left with two awards"
    for k, (kind, name, *rest) in enumerate(raw):
        if kind == "work" or (name in not_people and kind != "org"):
            raw[k] = ("misc", name, *rest)  # a title, not a name to ask about
    titled = {name for kind, name, *_ in raw if kind == "person" and " " not in name}  # "Mr Pask" ...
    people: dict[str, Person] = {}
    for kind, name, _sub, s, a, _b in raw:
        if (kind == "person" and " " in name) or (kind == "person?" and name.split()[-1] in titled):
            people.setdefault(name, Person(name, first=s.tokens[a].start))  # ... and "newcomer Rhodri Pask"
    # how many of the people a first or last name can mean: "Ford" for Gerald Ford and for Betty Ford means neither
    meanings = Counter(alias for full in people for alias in {full.split()[0], full.split()[-1]})
    singles = {alias: full for full in people for alias in (full.split()[0], full.split()[-1]) if meanings[alias] == 1}
    for kind, name, _sub, s, a, _b in raw:  # "Congressman McClintock" with no full name given
        if kind == "person" and " " not in name and name not in singles:
            people.setdefault(name, Person(name, first=s.tokens[a].start))
    candidates: list[Candidate] = []
    for kind, name, sub, s, a, b in raw:
        if kind in ("person", "person?") and name in people:
            full = name
        elif kind in ("person", "person?", "misc") and name in singles:
            full = singles[name]
        else:  # a guessed person ("person?") named by a last name alone
            full = singles.get(name.split()[-1]) if kind == "person?" else None
        if full:
            people[full].mentions += 1
            if name != full:
                people[full].aliases.add(name)
            kind = "person"
        if kind in ("misc", "person?") or not usable(s):
            continue
        toks = s.tokens[a:b]
        end = toks[-1].start + len(_clean(toks[-1]))
        text = join([(_clean(t) if t is toks[-1] else t.text, t.space) for t in toks])
        candidates.append(Candidate(kind, text, toks[0].start, end, s.index, a, b, full or name, sub))
    return candidates, sorted(people.values(), key=lambda p: (-p.mentions, p.first))


def main_person(people: list[Person], title: str) -> Person | None:
    """The person the article is about, when one clearly dominates."""
    if not people:
        return None
    top = people[0]
    second = people[1].mentions if len(people) > 1 else 0
    in_title = top.name in title or any(a in title for a in top.aliases)
    clear = top.mentions >= 2 * second or (in_title and top.mentions > second)
    return top if top.mentions >= 3 and clear else None


def main_gender(analysis: Analysis) -> str | None:
    """The pronoun gender used near the main person's name ("f" or "m"), when clear."""
    if (main := analysis.main) is None:
        return None
    names = {main.name, *main.aliases}
    counts: Counter[str] = Counter()
    mentioned = {c.sentence for c in analysis.candidates if c.kind == "person" and c.value == main.name}
    for s in analysis.sentences:
        if s.index in mentioned or s.index - 1 in mentioned or any(n in join(s.tokens) for n in names):
            counts.update(PRONOUNS[t.lower] for t in s.tokens if t.lower in PRONOUNS and t.lower not in ("her", "his"))
    return next((g for g, other in (("f", "m"), ("m", "f")) if counts[g] >= max(2, 2 * counts[other])), None)


def _person_noun(word: str) -> bool:
    """Whether ``word`` names a person ("man", "driver", "41-year-old")."""
    return word in PERSON_NOUNS or word in ROLE_NOUNS or word.endswith("-year-old")


def render(
    analysis: Analysis,
    sentence: Sentence,
    first: int = 0,
    last: int | None = None,
    replace: dict[int, str | None] | None = None,
    resolve: bool = True,
) -> tuple[str, list[str]]:
    """Text of ``sentence.tokens[first:last]`` with replacements and simple pronouns resolved; and flags."""
    pieces, flags = render_pieces(analysis, sentence, first, last, replace, resolve)
    text = join([(t, sp) for _k, t, sp in pieces]).replace(" ,", ",")  # "on Friday , she said"
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text, flags


def render_pieces(
    analysis: Analysis,
    sentence: Sentence,
    first: int = 0,
    last: int | None = None,
    replace: dict[int, str | None] | None = None,
    resolve: bool = True,
) -> tuple[list[tuple[int, str, bool]], list[str]]:
    """``(token index, text, space before)`` pieces of a rendering, for rules that reorder a clause."""
    toks = sentence.tokens[first:last]
    replace = replace or {}
    main = analysis.main
    names = {main.name, *main.aliases} if main else set()
    people_here = [c for c in analysis.in_sentence(sentence.index) if c.kind == "person"]
    out: list[tuple[int, str, bool]] = []
    flags: list[str] = []
    shown = [t for k, t in enumerate(toks, first) if replace.get(k, t.text) is not None]
    named = any(_clean(t) in names for t in shown)  # "Outside of her career, Alyssa ...": the name is here
    # "The actress has her sights set", "A 41-year-old man ... his", not "A page ... her"
    lead = shown[0].text if shown else ""
    definite = lead == "The" or lead in ("A", "An") and any(_person_noun(t.lower) for t in shown[1:8])
    ends = (main.name.split()[0], main.name.split()[-1]) if main else None  # the main person's first, last name
    full_used = False
    for k, tok in enumerate(toks, first):
        if k in replace:
            if replace[k] is not None:
                out.append((k, replace[k], tok.space))
            continue
        low = tok.lower
        if k + 1 < len(sentence.tokens) and (_clean(tok), _clean(sentence.tokens[k + 1])) == ends:  # the full name
            full_used = True
        elif resolve and main and _clean(tok) in main.aliases and not full_used:
            out.append((k, main.name + tok.text[len(_clean(tok)) :], tok.space))  # "Milano's" -> "Alyssa Milano's"
            full_used = True
            continue
        # a pronoun is left alone when the sentence itself names whom it is about
        unnamed = not (named or (definite and low in ("her", "his")) or any(c.first < k for c in people_here))
        if resolve and low in PRONOUNS and low in _PERSONAL and unnamed:
            if (name := antecedent(analysis, sentence, k, PRONOUNS[low])) is not None:
                out.append((k, _substitute(name, low, toks, k - first), tok.space))
                named = True
                if name not in previous_people(analysis, sentence.index):
                    flags.append(flag("pronoun-read", f"pronoun '{tok.text}' was read as {name}: check"))
                continue
            flags.append(flag("pronoun-unresolved", f"pronoun '{tok.text}' in the text is unresolved"))
        out.append((k, tok.text, tok.space))
    return out, flags


def antecedent(analysis: Analysis, sentence: Sentence, k: int, gender: str) -> str | None:
    """The person a pronoun of ``gender`` at token ``k`` refers to: the nearest person of that gender named
    before it nearby; None when it could be someone else (a pronoun kept costs an edit, a wrong name a key)."""
    before = analysis.sentences[max(0, sentence.index - 4) : sentence.index]
    window = [s for s in before if s.paragraph == sentence.paragraph] or before[-1:]  # else the sentence before
    mentions = [c for c in analysis.in_sentence(sentence.index) if c.kind == "person" and c.first < k]
    for s in reversed(window):  # the nearest first
        mentions += sorted((c for c in analysis.in_sentence(s.index) if c.kind == "person"), key=lambda c: -c.first)
    if not mentions and analysis.main and analysis.main_gender == gender:
        return analysis.main.name  # an article about one person: "she" with no one else named near
    for j, c in enumerate(mentions):
        known = gender_of(analysis, c.value)
        if known is None:
            return None  # the nearest name could be the one meant: keep the pronoun
        if known == gender:
            rivals = {m.value for m in mentions[j + 1 :]} | _people_named(analysis, window, sentence, k)
            same = set(c.value.split())
            # not Tom Reed himself nor "Councillor Tom Reed" for Tom Reed; "Jeb Bush" is a rival
            others = [r for r in rivals if not (set(r.split()) <= same or same <= set(r.split()))]
            # two people it could be ("Nixon ... Ford ... he"): keep the pronoun, flagged
            return None if any(gender_of(analysis, r) in (gender, None) for r in others) else c.value
    return None


def _people_named(analysis: Analysis, window: list[Sentence], sentence: Sentence, k: int) -> set[str]:
    """People spaCy finds in ``window`` and before token ``k`` of ``sentence`` (names missed by capitals)."""
    start = window[0].start if window else sentence.start
    end = sentence.tokens[k].start if k < len(sentence.tokens) else sentence.end
    doc = article_doc(analysis)
    return {e.text for e in doc.ents if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end}


def previous_people(analysis: Analysis, index: int) -> list[str]:
    """The people named in the sentence before ``index`` (distinct, in order)."""
    return list(dict.fromkeys(c.value for c in analysis.in_sentence(index - 1) if c.kind == "person"))


def _substitute(name: str, low: str, toks: list[Token], offset: int) -> str:
    """What replaces pronoun ``low`` (``toks[offset]``) to name ``name``: "Ford's", "Ford is", "Ford would"..."""
    nxt = toks[offset + 1].lower if offset + 1 < len(toks) else ""
    if low in ("her", "his"):
        possessive = low == "his" or (nxt[:1].isalpha() and nxt not in STOPWORDS | PREPOSITIONS)
        return f"{name}'s" if possessive else name
    if low.endswith("'s"):
        after = toks[offset + 2].lower if offset + 2 < len(toks) else ""
        verb = after if nxt in ADVERBS or nxt.endswith("ly") else nxt
        perfect = verb in IRREGULAR_PARTICIPLES or (verb.endswith("ed") and verb not in NOT_PAST)
        return f"{name} has" if perfect else f"{name} is"
    verb = {"d": "would", "ll": "will"}.get(low.partition("'")[2])  # "she'd" -> "Ford would"
    return f"{name} {verb}" if verb else name  # "he", "him"
