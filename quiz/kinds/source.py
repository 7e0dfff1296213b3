"""source: say which article reports something."""

from __future__ import annotations

from typing import Any

from ..content.model import SLUG
from ..content.problems import did_you_mean
from ..content.yamlpos import YList
from ..scoring.marks import Score
from .base import Entry, Kind, Presented, option_index, permutation
from .exchange import Options

ARTICLE_ID = {"type": "string", "pattern": SLUG.pattern}


class Source(Kind):
    name = "source"
    keys = ("answer", "choices")
    summary = "Say which article reports something."
    fields_help = "`answer` (an article id), `choices` (article ids)"
    optional = ("choices",)
    field = "choice"
    single_option = True
    reads_articles = True

    def load(self, f, articles, sources):
        report = f.report
        answer = f.text("answer", required=True)
        choices = f.strings("choices", low=2, high=6, what="articles")
        pool = choices or tuple(sorted(articles))
        unusable = getattr(articles, "unusable", {})  # articles whose own file says why they cannot be read
        offered = {answer, *(choices or unusable)}  # without choices, every article of the bank is offered
        broken = [a for a in offered if a not in articles and a in unusable]
        if broken:
            for article_id in broken:
                unusable[article_id][1].add(f.node.get("id"))
            f.unusable = True
            return {"answer": answer, "choices": pool}
        for i, cid in enumerate(choices or ()):
            if cid not in articles:
                pos = f.node["choices"].item_pos[i] if isinstance(f.node["choices"], YList) else f.pos("choices")
                report.error(pos, f'unknown article "{cid}"{did_you_mean(cid, articles)}')
        if len(pool) < 2:
            report.warning(
                f.pos("choices" if choices else "type"),
                f"a source question needs at least two articles to choose from; it has {len(pool)}: "
                "add another article to the bank (or to choices)",
            )
        if answer is not None:
            if answer not in articles:
                report.error(f.pos("answer"), f'unknown article "{answer}"{did_you_mean(answer, articles)}')
            elif answer not in pool:
                report.error(f.pos("answer"), f'the answer "{answer}" is not among the choices')
        return {"answer": answer, "choices": pool}

    def schema(self):
        return {
            "answer": {
                **ARTICLE_ID,
                "description": "The id of the article that reports it.",
                "markdownDescription": "The **id** of the article that reports it, e.g. `sbs-milano-politics`.",
            },
            "choices": {
                "type": "array",
                "minItems": 2,
                "maxItems": 6,
                "uniqueItems": True,
                "items": {**ARTICLE_ID, "description": "An article id."},
                "description": "Article ids to choose from, 2 to 6 (default: all articles).",
                "markdownDescription": "Article ids to choose from, 2 to 6 (default: all articles).",
            },
        }

    def snippet(self):
        return {"answer": ""}

    def entries(self):
        return (Entry("answer", "The article that reports it", "pick", picks=(("articles", ""),)),)

    def present(self, bank, seed, question):
        perm = permutation(seed, question.id, len(question.choices))
        labels = [bank.articles[question.choices[i]].title for i in perm]
        return Presented(question, tuple((str(k), label) for k, label in enumerate(labels)), perm)

    def parse(self, shown, values):
        k = option_index(values.get("choice"), len(shown.options), "Choose one of the options.")
        return shown.question.choices[shown.permutation[k]]

    def score(self, question, response: Any) -> Score:
        """All or nothing: the named article is the one that reports it."""
        if not isinstance(response, str):
            raise ValueError(f"question {question.id}: a source answer is an article id, not {response!r}")
        if question.choices and response not in question.choices:
            raise ValueError(f"question {question.id}: {response!r} is not among the articles offered")
        return Score.of(response == question.answer)

    def answer_text(self, question, articles=None):
        article = articles.get(question.answer) if articles else None
        return article.title if article is not None else str(question.answer)

    def response_text(self, question, response, bank):
        article = bank.articles.get(response)
        return article.title if article else str(response)

    def all_responses(self, question):
        return list(question.choices)

    def position(self, shown, response):
        return shown.permutation.index(shown.question.choices.index(response))

    def exchange(self, question, bank):
        titles = tuple(bank.articles[c].title for c in question.choices)
        return Options(titles, tuple(float(c == question.answer) for c in question.choices))

    def from_exchange(self, shape, question, bank):
        if bank is None or not isinstance(shape, Options) or shape.multiple or len(shape.right) != 1:
            return None
        by_title = {a.title.casefold(): a.id for a in bank.articles.values()}
        ids = [by_title.get(o.casefold()) for o in shape.options]
        if None in ids:
            return None
        return {"answer": by_title[shape.right[0].casefold()], "choices": ids}


KIND = Source()
