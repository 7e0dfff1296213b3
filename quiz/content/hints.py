"""What the checker adds to a finding, so that a teacher sees its cause in plain words.

The loader finds problems; these say more about some of them: which words of a near-miss quote
differ, that an unusable article is the cause of its questions' troubles, and which quoted words
of an explanation its article does not have.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from .fields import Fields
from .problems import Problem

_CURLY = re.compile(r"“([^”]*)”")
_STRAIGHT = re.compile(r'"([^"]*)"')  # paired in order: the text between the 1st and 2nd, the 3rd and 4th...
_ELLIPSIS = re.compile(r"…|\.\.\.")
QUOTED_WORDS = 12  # characters: shorter quotations (a word or two) are not checked


@lru_cache(maxsize=256)
def _bare_words(text: str) -> str:
    """Text as its words only: letter case, accents' encoding, punctuation and quotation marks aside."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " " + " ".join(re.sub(r"[^\w\s]", " ", folded).split()) + " "


def _quoted(text: str) -> list[str]:
    return [
        m[1].strip() for pattern in (_CURLY, _STRAIGHT) for m in pattern.finditer(text) if len(m[1]) >= QUOTED_WORDS
    ]


def check_explain_quotes(explain: str, sources, articles, f: Fields, own=()) -> None:
    """Warn when the explanation puts in quotation marks words that none of the cited articles has.

    Letter case, punctuation and the quotation marks inside are not compared, and an ellipsis
    (… or ...) marks words left out: each part must be in the article. Quoting the question's own
    claim, prompt or options, or another article's title, is fine.
    """
    quotations = _quoted(explain)
    if not quotations:  # most explanations: nothing to compare
        return
    cited = [articles[a] for a in dict.fromkeys(s.article for s in sources) if a in articles]
    allowed = _bare_words("\n".join([*(a.title for a in articles.values()), *(str(o) for o in own if o)]))
    for quoted in quotations:
        pieces = _ELLIPSIS.split(quoted)
        parts = []
        for i, piece in enumerate(pieces):
            words = piece.split()
            if i < len(pieces) - 1 and words and not piece[-1:].isspace():
                words = words[:-1]  # a word cut short by the ellipsis ("Poli…")
            if i > 0 and words and not piece[:1].isspace():
                words = words[1:]
            if len(words) >= 3:
                parts.append(_bare_words(" ".join(words)))
        if (
            parts
            and not all(part in allowed for part in parts)
            and not any(all(part in _bare_words(a.body) for part in parts) for a in cited)
        ):
            shown = quoted if len(quoted) <= 60 else quoted[:57] + "…"
            f.report.warning(
                f.pos("explain"),
                f"the explanation quotes “{shown}”, which is not in {', '.join(a.id for a in cited)}: "
                "quote the article's own words, or leave out the quotation marks",
            )


def quote_differences(quote: str, passage: str) -> str:
    """What a near-miss quote has that the article's closest passage does not, in words."""
    words, written = quote.split(), passage.split()
    for start in range(len(written) - len(words) + 1):  # word by word, so that "ß" and "ss" keep their places
        if all(a.casefold() == b.casefold() for a, b in zip(words, written[start:], strict=False)):
            return f'only letter case differs (the article writes "{" ".join(written[start : start + len(words)])}")'
    mine, theirs = quote.split(), passage.split()
    matcher = SequenceMatcher(None, [_bare_words(w) for w in mine], [_bare_words(w) for w in theirs], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if blocks:  # the part of the passage the quote lines up with
        first, last = blocks[0], blocks[-1]
        theirs = theirs[max(0, first.b - first.a) : last.b + last.size + (len(mine) - last.a - last.size)]
    parts = []
    bare = SequenceMatcher(None, [_bare_words(w) for w in mine], [_bare_words(w) for w in theirs], autojunk=False)
    for tag, i1, i2, j1, j2 in bare.get_opcodes():
        said, written = " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
        if tag == "replace":
            case = " (only letter case differs)" if said.casefold() == written.casefold() else ""
            parts.append(f'it has "{said}" where the article has "{written}"{case}')
        elif tag == "delete":
            parts.append(f'it has "{said}", which the article does not have there')
        elif tag == "insert" and 0 < i1 < len(mine):
            parts.append(f'it leaves out "{written}"')
    return "; ".join(parts[:3]) if parts else "its words differ from the article's"


def root_causes(problems: list[Problem], articles) -> list[Problem]:
    """An unusable article's first error says so, and how many questions cite it (they get no error of their own)."""
    unusable = getattr(articles, "unusable", {})
    if not unusable:
        return problems
    said = {id(first): (article_id, len(citing)) for article_id, (first, citing) in unusable.items()}
    out = []
    for problem in problems:
        if id(problem) in said:
            article_id, count = said[id(problem)]
            cite = f"{count} question{'s' * (count != 1)} cite{'s' * (count == 1)} it"
            message = f"article {article_id} is not usable: {problem.message}; {cite}"
            problem = Problem(problem.path, problem.line, problem.col, problem.severity, message)
        out.append(problem)
    return out
