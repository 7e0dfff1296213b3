"""The bank's named quizzes: selections of questions by id, tag, article or skill."""

from __future__ import annotations

from collections import Counter

from .fields import Fields, describe
from .model import SLUG, Question, Quiz
from .problems import ERROR, Report, did_you_mean
from .yamlpos import YList, YMap

QUIZ_KEYS = ("id", "title", "description", "questions", "tags", "articles", "skills", "confidence", "open_book")
RESERVED_QUIZ_IDS = ("all",)


def load_quizzes(
    root: YMap, report: Report, questions: list[Question], articles, broken: set[str] = frozenset()
) -> list[Quiz]:
    node = root.get("quizzes")
    if node is None:
        return []
    if not isinstance(node, YList):
        report.error(root.val_pos["quizzes"], f'"quizzes" must be a list, not {describe(node)}')
        return []
    by_id = {q.id: q for q in questions}
    unusable = getattr(articles, "unusable", {})
    dropped_tags = getattr(articles, "dropped_tags", set())
    tags_known = Counter(t for q in questions for t in q.tags)
    quizzes, seen = [], set()
    for item, pos in zip(node, node.item_pos, strict=True):
        if not isinstance(item, YMap):
            report.error(pos, f"each quiz must be a mapping, not {describe(item)}")
            continue
        f = Fields(item, report, "quiz")
        before = len(report.problems)
        f.check_keys(QUIZ_KEYS)
        qid = f.text("id", required=True)
        if qid and not SLUG.match(qid):
            report.error(f.pos("id"), "a quiz id is a slug: lowercase letters, digits and dashes")
        if qid in RESERVED_QUIZ_IDS or (qid or "").startswith("article-"):
            report.error(f.pos("id"), f'"{qid}" is reserved for the built-in quizzes')
        if qid in seen:
            report.error(f.pos("id"), f'duplicate quiz id "{qid}"')
        seen.add(qid)
        title = f.text("title", required=True)
        description = f.text("description", default="")
        confidence = f.flag("confidence")
        open_book = f.flag("open_book", True)
        listed = f.strings("questions")
        filters = {k: f.strings(k) for k in ("tags", "articles", "skills")}
        selected: list[str] = []
        if listed is not None and any(v is not None for v in filters.values()):
            report.error(f.pos("questions"), 'a quiz lists "questions" or filters by tags/articles/skills, not both')
        elif listed is not None:
            drafts = []
            items = item["questions"]
            for i, ref in enumerate(listed):
                ipos = items.item_pos[i] if isinstance(items, YList) else f.pos("questions")
                q = by_id.get(ref)
                if q is None and ref in broken:
                    continue  # the question's own errors are reported where it is written
                if q is None:
                    report.error(ipos, f'unknown question id "{ref}"{did_you_mean(ref, by_id)}')
                elif q.status != "ready":
                    report.warning(ipos, f'question "{ref}" is a draft and will not be served')
                else:
                    selected.append(ref)
        elif any(v is not None for v in filters.values()):
            for ref in filters["articles"] or ():
                if ref not in articles and ref not in unusable:  # an unusable one says why in its own file
                    report.error(f.pos("articles"), f'unknown article "{ref}"{did_you_mean(ref, articles)}')
            for tag in filters["tags"] or ():
                if tag not in tags_known and tag not in dropped_tags:
                    report.warning(f.pos("tags"), f'no question has the tag "{tag}"{did_you_mean(tag, tags_known)}')
            drafts = [q.id for q in questions if q.status != "ready" and _matches(q, filters)]
            selected = [q.id for q in questions if q.status == "ready" and _matches(q, filters)]
        else:
            report.error(item.pos, 'a quiz needs "questions" (a list of ids) or a filter: tags, articles or skills')
            continue
        if len(report.problems) > before and any(p.severity == ERROR for p in report.problems[before:]):
            continue
        if not selected and (drafts or (listed and any(by_id.get(r) for r in listed))):
            report.warning(
                item.pos, f'every question of the quiz "{qid}" is a draft: students get none of them until one is ready'
            )
            continue
        touches_unusable = (
            any(a in unusable for a in filters["articles"] or ())
            or any(t in dropped_tags for t in filters["tags"] or ())
            or (listed is not None and any(r in broken for r in listed))
        )
        if not selected and not touches_unusable:  # else its questions' unusable article is the cause, said there
            report.error(item.pos, f'the quiz "{qid}" selects no ready question')
            continue
        if not selected:
            continue
        quizzes.append(Quiz(qid, title, description, tuple(selected), confidence, open_book))
    return quizzes


def _matches(q: Question, filters) -> bool:
    if filters["tags"] is not None and not set(filters["tags"]) & set(q.tags):
        return False
    if filters["articles"] is not None and not set(filters["articles"]) & set(q.articles):
        return False
    return not (filters["skills"] is not None and q.skill not in filters["skills"])
