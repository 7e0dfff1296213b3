"""questions.yaml + articles/ -> a Bank, with every problem found on the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import kinds
from .anchor import locate
from .articles import Article, parse_article, read_article
from .fields import Fields, describe
from .hints import check_explain_quotes, quote_differences, root_causes
from .model import DIFFICULTIES, SKILLS, SLUG, Anchor, Bank, Question
from .problems import ERROR, Problem, Report, did_you_mean
from .quizzes import load_quizzes
from .yamlpos import YamlError, YList, YMap, parse

COMMON_KEYS = (
    "id",
    "type",
    "prompt",
    "explain",
    "sources",
    "tags",
    "skill",
    "difficulty",
    "points",
    "time",
    "status",
    "rule",
    "review",
)


def type_keys() -> dict[str, tuple[str, ...]]:
    """Each kind's own fields, by type name."""
    return {name: kind.keys for name, kind in kinds.KINDS.items()}


def all_question_keys() -> frozenset[str]:
    """Every field a question of some kind may have (worked out once per set of kinds)."""
    return _all_keys(tuple(kinds.KINDS.values()))


@lru_cache(maxsize=8)
def _all_keys(registered: tuple) -> frozenset[str]:
    return frozenset(COMMON_KEYS) | {"claim"} | {k for kind in registered for k in kind.keys}


BANK_KEYS = ("title", "articles", "quizzes", "questions")
SOURCE_KEYS = ("article", "quote", "prefix", "suffix")
PLACES_SHOWN = 5  # occurrences listed for an ambiguous quote
MIN_TIME, MAX_TIME = 5, 600  # a question's own time in a live session, in seconds (as the session's)


@dataclass
class LoadResult:
    """A bank (None when the file could not be read at all) and every problem found."""

    bank: Bank | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not any(p.severity == ERROR for p in self.problems)


def load_bank(path: str | Path, articles_dir: str | Path | None = None) -> LoadResult:
    """Load and validate a bank file and its articles; never raises on bad content."""
    path = Path(path)
    display = _relative(path)
    report = Report(display)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error((1, 1), "no such file")
        return LoadResult(None, report.problems)
    except UnicodeDecodeError as exc:
        report.error((1, 1), f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return LoadResult(None, report.problems)
    except OSError as exc:
        report.error((1, 1), f"cannot read the file: {exc.strerror or exc}")
        return LoadResult(None, report.problems)
    return load_bank_text(raw, display, base=path.parent, articles_dir=articles_dir)


def read_bank_files(path: Path) -> tuple[str, dict[str, str], Path]:
    """The bank file's text, its article files' texts (name -> text) and its articles folder."""
    raw = path.read_text(encoding="utf-8")
    name = "articles"
    try:
        root = parse(raw)
        if isinstance(root, YMap) and isinstance(root.get("articles"), str):
            name = root["articles"]
    except YamlError:
        pass  # the loader reports it
    folder = path.parent / name
    texts = {f.name: f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
    return raw, texts, folder


def load_bank_text(raw: str, display: str, base: Path, articles_dir=None) -> LoadResult:
    """Load a bank from text (``display`` names it in messages; ``base`` resolves articles/)."""
    return _load(raw, display, folder=lambda name: Path(articles_dir) if articles_dir else base / name, base=base)


def load_bank_texts(raw: str, articles: Mapping[str, str], display: str = "questions.yaml") -> LoadResult:
    """Load a bank held as texts: ``questions.yaml`` and its article files (name -> text), e.g. from the database.

    The same checks run as for files; article problems are reported as ``articles/NAME``.
    """
    return _load(raw, display, texts=articles)


def _load(raw: str, display: str, folder=None, base: Path | None = None, texts=None) -> LoadResult:
    report = Report(display)
    try:
        root = parse(raw)
    except YamlError as exc:
        report.error(exc.pos, exc.message)
        return LoadResult(None, report.problems)
    if not isinstance(root, YMap):
        pos = getattr(root, "pos", (1, 1))
        if root is None:
            report.error(pos, 'the file is empty: a bank needs a title and a "questions" list')
        else:
            report.error(pos, 'the bank must be a mapping with a "questions" list (and a title)')
        return LoadResult(None, report.problems)
    top = Fields(root, report, "bank")
    top.check_keys(BANK_KEYS)
    title = top.text("title", default="Questions") or "Questions"
    name = top.text("articles", default="articles")
    if texts is not None:
        articles, article_problems = parse_articles(texts)
        if name != "articles":  # a bank held as texts keeps its articles in articles/, as its zip does
            report.warning(top.pos("articles"), 'articles are read from "articles/" here; this setting is ignored')
    else:
        article_root = folder(name)
        articles, article_problems = load_articles(article_root, base)
        if not article_root.is_dir():
            report.error(top.pos("articles"), f'the articles folder "{article_root}" does not exist')
    questions, broken = _load_questions(root, report, articles)
    quizzes = load_quizzes(root, report, questions, articles, broken)
    article_problems = root_causes(article_problems, articles)
    bank = Bank(title=title, questions=tuple(questions), articles=articles, quizzes=tuple(quizzes), path=display)
    return LoadResult(bank, sorted(article_problems + report.problems))


def load_articles(folder: Path, base: Path | None = None) -> tuple[dict[str, Article], list[Problem]]:
    """Every ``*.md`` article in ``folder``, keyed by id, and the problems found."""
    if not folder.is_dir():
        return {}, []
    return _collect(read_article(file, _relative(file, base)) for file in sorted(folder.glob("*.md")))


def parse_articles(texts: Mapping[str, str]) -> tuple[dict[str, Article], list[Problem]]:
    """Articles given as texts (file name -> text), keyed by id, and the problems found."""
    found = []
    for name in sorted(texts):
        shown = f"articles/{name}"
        found.append(parse_article(texts[name], Report(shown), default_id=name.removesuffix(".md")))
    return _collect(found)


class Articles(dict):
    """Articles keyed by id, and the articles that could not be read: id -> (its first error, questions citing it)."""

    def __init__(self) -> None:
        super().__init__()
        self.unusable: dict[str, list] = {}
        self.dropped_tags: set[str] = set()  # tags of questions left out because they cite an unusable article


def _collect(parsed) -> tuple[dict[str, Article], list[Problem]]:
    """Articles keyed by id from (article or None, report) pairs; a second use of an id is an error."""
    articles = Articles()
    problems: list[Problem] = []
    for article, report in parsed:
        problems.extend(report.problems)
        if article is None:
            errors = [p for p in report.problems if p.severity == ERROR]
            first = min(errors, key=lambda p: (p.line, p.col)) if errors else None
            if report.about and first is not None and report.about not in articles.unusable:
                articles.unusable[report.about] = [first, set()]  # its first error, the questions citing it
            continue
        if article.id in articles:
            again = Report(report.path)
            again.error((2, 1), f'article id "{article.id}" is also used by {articles[article.id].path}')
            problems.extend(again.problems)
            continue
        articles[article.id] = article
    return articles, problems


def _relative(file: Path, base: Path | None = None) -> str:
    """A file's path as messages show it: relative to where the command runs, else as the bank file names it."""
    try:
        return str(file.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(file)


def _load_questions(root: YMap, report: Report, articles: dict[str, Article]) -> tuple[list[Question], set[str]]:
    """The valid questions, and the ids of those that have errors (already reported)."""
    node = root.get("questions")
    if not isinstance(node, YList):
        where = root.val_pos.get("questions", root.pos)
        if "questions" not in root:
            report.error(root.pos, 'missing "questions": the list of questions')
        else:
            report.error(where, f'"questions" must be a list, not {describe(node)}')
        return [], set()
    questions: list[Question] = []
    broken: set[str] = set()
    first_seen: dict[str, int] = {}
    for item, pos in zip(node, node.item_pos, strict=True):
        if not isinstance(item, YMap):
            report.error(pos, f"each question must be a mapping of fields, not {describe(item)}")
            continue
        raw_id = item.get("id")  # compared as the text it is read as: `id: 12` and `id: "12"` are the same id
        qid = str(raw_id).strip() if isinstance(raw_id, (str, int, float)) and not isinstance(raw_id, bool) else ""
        duplicate = bool(qid) and qid in first_seen
        if duplicate:
            report.error(item.val_pos["id"], f'duplicate id "{qid}" (first used on line {first_seen[qid]})')
        elif qid:
            first_seen[qid] = item.pos[0]
        question = _load_question(item, report, articles)
        if question is not None and not duplicate:
            questions.append(question)
        elif qid and not duplicate:
            broken.add(qid)
    return questions, broken


def _load_question(node: YMap, report: Report, articles: dict[str, Article]) -> Question | None:
    f = Fields(node, report, "question")
    before = len(report.problems)
    qid = f.text("id", required=True)
    if qid and not SLUG.match(qid):
        report.error(f.pos("id"), "an id is a slug: lowercase letters, digits and dashes")
    qtype = f.text("type", required=True)
    types = tuple(kinds.KINDS)
    if qtype and qtype not in types:
        report.error(f.pos("type"), f'unknown type "{qtype}"{did_you_mean(qtype, types)}; one of {", ".join(types)}')
        qtype = None
    kind = kinds.KINDS[qtype] if qtype else None
    every = all_question_keys()
    if kind:
        allowed = set(COMMON_KEYS) | set(kind.keys)
        f.check_keys(allowed, every - allowed, f"by a {qtype} question")
    else:
        f.check_keys(every)
    claim = f.text("claim", required=bool(kind) and kind.asks_claim)
    prompt = f.text("prompt", required=bool(kind) and not kind.asks_claim)
    status = f.text("status", default="ready")
    if status not in ("ready", "draft"):
        report.error(f.pos("status"), f'status is "ready" or "draft"{did_you_mean(status, ("ready", "draft"))}')
    draft = status == "draft"  # a draft may wait for its explanation and its source (e.g. just imported)
    explain = f.text("explain", required=not draft)
    if draft and not explain:
        report.warning(f.pos("explain"), "this draft has no explanation yet: write one before marking it ready")
    tags = f.strings("tags") or ()
    skill = f.text("skill")
    if skill and skill not in SKILLS:
        report.warning(f.pos("skill"), f'unknown skill "{skill}"{did_you_mean(skill, SKILLS)}')
    difficulty = f.text("difficulty")
    if difficulty and difficulty not in DIFFICULTIES:
        report.error(
            f.pos("difficulty"),
            f"difficulty is one of {', '.join(DIFFICULTIES)}{did_you_mean(difficulty, DIFFICULTIES)}",
        )
    points = f.number("points", default=1, minimum=1, integer=True)
    time = f.number("time", minimum=MIN_TIME, integer=True)  # seconds to answer in a live session
    if time is not None and time > MAX_TIME:
        report.error(f.pos("time"), f'"time" must be at most {MAX_TIME} seconds')
        time = None
    rule = f.text("rule")
    review = f.strings("review", unique=False) or ()
    sources = _load_sources(node, f, articles, draft)
    fields = kind.load(f, articles, sources) if kind else {}
    if explain and sources and not getattr(f, "unusable", False):
        check_explain_quotes(explain, sources, articles, f, (claim, prompt, *fields.get("choices", ())))
    if len(report.problems) > before and any(p.severity == ERROR for p in report.problems[before:]):
        return None
    if getattr(f, "unusable", False):  # it cites an article that cannot be read: not served, and said there
        getattr(articles, "dropped_tags", set()).update(tags)
        return None
    return Question(
        id=qid,
        type=qtype,
        prompt=prompt or kind.default_prompt,
        explain=explain or "",
        sources=sources,
        claim=claim,
        tags=tags,
        skill=skill,
        difficulty=difficulty,
        points=points,
        time=time,
        status=status,
        rule=rule,
        review=review,
        line=node.pos[0],
        **fields,
    )


def _load_sources(node: YMap, f: Fields, articles: dict[str, Article], draft: bool = False) -> tuple[Anchor, ...]:
    report = f.report
    value = node.get("sources")
    if draft and (value is None or (isinstance(value, YList) and not value)):
        report.warning(f.pos("sources"), "this draft has no source yet: anchor the passage that proves its answer")
        return ()
    if value is None:
        report.error(f.pos("sources"), 'missing "sources": at least one {article, quote}')
        return ()
    if not isinstance(value, YList) or not value:
        report.error(f.pos("sources"), '"sources" must be a list of {article, quote} with at least one entry')
        return ()
    anchors = []
    for item, pos in zip(value, value.item_pos, strict=True):
        if not isinstance(item, YMap):
            report.error(pos, f"a source is a mapping with article and quote, not {describe(item)}")
            continue
        sf = Fields(item, report, "source")
        sf.check_keys(SOURCE_KEYS)
        article_id = sf.text("article", required=True)
        quote = sf.text("quote", required=True)
        prefix, suffix = sf.text("prefix"), sf.text("suffix")
        if article_id is None or quote is None:
            continue
        article = articles.get(article_id)
        unusable = getattr(articles, "unusable", {}).get(article_id)
        if article is None and unusable is not None:  # its own file says why, once, with this count
            unusable[1].add(f.node.get("id"))
            f.unusable = True
            continue
        if article is None:
            report.error(sf.pos("article"), f'unknown article "{article_id}"{did_you_mean(article_id, articles)}')
            continue
        anchor = _anchor(article, quote, prefix, suffix, sf)
        if anchor:
            anchors.append(anchor)
    return tuple(anchors)


def _anchor(article: Article, quote: str, prefix, suffix, sf: Fields) -> Anchor | None:
    found = locate(article, quote, prefix, suffix)
    if found.span:
        return Anchor(article.id, quote, found.span[0], found.span[1], prefix, suffix)
    report, at = sf.report, sf.pos("quote")
    if not found.occurrences:
        if found.closest:
            s, e = found.closest
            snippet = " ".join(article.body[s:e].split())
            line, col = article.position(s)
            window = article.body[max(0, s - len(quote)) : e + len(quote)]
            report.error(
                at,
                f'quote not found in "{article.id}": {quote_differences(quote, window)}; the closest passage '
                f'({found.similarity:.0f}% similar, {article.path}:{line}:{col}) is: "{snippet}"',
            )
        else:
            report.error(at, f'quote not found in "{article.id}"')
        return None
    shown = [("{}:{}".format(*article.position(s))) for s, _ in found.occurrences[:PLACES_SHOWN]]
    extra = len(found.occurrences) - PLACES_SHOWN
    places = ", ".join(shown) + (f" and {extra} more" if extra > 0 else "")
    if prefix or suffix:
        if len(found.occurrences) == 1:
            report.error(
                sf.pos("prefix" if prefix else "suffix"),
                f"the prefix/suffix does not match the text around the quote (found once, at {article.path}:{places})",
            )
            return None
        report.error(
            at,
            f"the prefix/suffix does not pick one of the {len(found.occurrences)} occurrences "
            f"in {article.path} (lines {places})",
        )
        return None
    hint = f'; add prefix: "{found.suggestion}" to pick the first' if found.suggestion else "; add a prefix or suffix"
    report.error(
        at, f'the quote occurs {len(found.occurrences)} times in "{article.id}" (at {article.path} {places}){hint}'
    )
    return None
