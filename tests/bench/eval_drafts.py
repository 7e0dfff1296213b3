"""Evaluation of `quiz draft` on real articles, from a teacher's labels (a script that prints figures).

Run: .venv/bin/python tests/bench/eval_drafts.py [--todo FILE] [--merge FILE] [--split dev|held-out]

The set is ``tests/data/draft-eval``: real articles from public sources (``SOURCES.md``), the rubric a
draft is judged on (``RUBRIC.md``) and one labels file per article (``labels/<id>.yaml``). The script
drafts each article's top ten as `quiz draft ARTICLE -n 10` does and prints, from the labels, how many a
teacher would keep (after light edits, and as they are), wrong answer keys, the number of different facts
and kinds in each top ten, and acceptance per article, kind and rule, for the development articles (the
rules were tuned on them) and the held-out ones apart. Drafts no label matches (new or changed since they
were labelled) are listed; ``--todo FILE`` writes them as label stubs to fill in, and ``--merge FILE``
adds a filled-in file to the labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from quiz.drafts.pipeline import draft_bank  # noqa: E402

SET = REPO / "tests" / "data" / "draft-eval"
TOP = 10
CRITERIA = ("grammar", "answerable", "key", "giveaway", "worth", "settles")


def key_of(article: str, d) -> str:
    """What identifies a draft for its label: its kind, its question and its answer fields."""
    fields = {k: v for k, v in d.fields.items() if k in ("prompt", "claim", "answer", "answers", "choices", "items")}
    blob = json.dumps([article, d.type, fields], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def snapshot(article: str, d, body: str) -> dict:
    """A draft as a labeller sees it: the question, its answer, options, explanation and source sentence."""
    f = d.fields
    src = d.sources[0] if d.sources else None
    return {
        "key": key_of(article, d),
        "rule": d.rule,
        "type": d.type,
        "text": d.text,
        "answer": f.get("answer", f.get("answers")),
        "choices": f.get("choices") or f.get("items"),
        "explain": d.explain,
        "source": body[src.start : src.end] if src else None,
        "review": [str(r) for r in d.review],
        "usable": None,
        "as_is": None,
        "wrong_key": None,
        "fails": [],
        "note": "",
    }


def _fact(d) -> str:
    """What a draft asks about its sentence: its answer's offsets, or "claim" for a claim judged true or false."""
    if d.answer_spans:
        return f"{d.answer_spans[0][0]}"
    return "claim" if d.type in ("verdict", "truefalse", "evidence", "source") else d.type


def load_set() -> dict[str, dict]:
    """The articles' kind and split (``set.yaml``)."""
    return yaml.safe_load((SET / "set.yaml").read_text(encoding="utf-8")) or {}


def load_labels() -> dict[str, dict]:
    out = {}
    for path in sorted((SET / "labels").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[data["article"]] = data
    return out


def top_ten(path: Path) -> tuple[str, str, list]:
    run = draft_bank([path], limit=TOP)
    if not run.results:
        return path.stem, "", []
    result = run.results[0]
    from quiz.content.articles import read_article

    article, _ = read_article(path)
    return result.article_id, article.body if article else "", result.kept


def merge(todo: Path) -> None:
    data = yaml.safe_load(todo.read_text(encoding="utf-8")) or []
    labels = load_labels()
    added = Counter()
    for item in data:
        if item.get("usable") is None:
            continue
        article = item.pop("article")
        entry = labels.setdefault(article, {"article": article, "drafts": []})
        entry["drafts"] = [x for x in entry["drafts"] if x["key"] != item["key"]] + [item]
        added[article] += 1
    (SET / "labels").mkdir(exist_ok=True)
    for article in added:
        path = SET / "labels" / f"{article}.yaml"
        path.write_text(yaml.safe_dump(labels[article], sort_keys=False, allow_unicode=True, width=110), "utf-8")
    print(f"merged {sum(added.values())} labels into {len(added)} files")


def evaluate(split: str | None, todo: Path | None) -> None:
    labels, manifest = load_labels(), load_set()
    rows, missing = [], []
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    totals: dict[str, Counter] = defaultdict(Counter)
    for path in sorted((SET / "articles").glob("*.md")):
        article, body, kept = top_ten(path)
        entry = labels.get(article, {"drafts": []})
        group = manifest.get(article, {}).get("split", "dev")
        if split and group != split:
            continue
        known = {x["key"]: x for x in entry.get("drafts", [])}
        count = Counter()
        facts = {(d.article or article, d.sentence) for d in kept}  # a fact: the source sentence it turns on
        kinds = {d.type for d in kept}
        asked: list[tuple[int, str]] = []
        for d in kept:
            fact = (d.sentence, _fact(d))
            repeat = fact in asked  # the same fact as a draft above it: never usable
            asked.append(fact)
            snap = snapshot(article, d, body)
            label = known.get(snap["key"])
            if label is None:
                missing.append({"article": article, **snap})
                continue
            if (label.get("explain"), label.get("source")) != (snap["explain"], snap["source"]):
                missing.append({"article": article, **snap, "was": {"explain": label.get("explain")}})
            count["labelled"] += 1
            count["repeats"] += repeat
            usable = bool(label["usable"]) and not repeat
            count["usable"] += usable
            count["as_is"] += bool(label.get("as_is"))
            count["wrong_key"] += bool(label.get("wrong_key"))
            for name, table in ((d.type, by_kind), (d.rule, by_rule)):
                table[name]["n"] += 1
                table[name]["usable"] += usable
        totals[group].update(count)
        totals[group]["drafts"] += len(kept)
        rows.append((group, article, len(kept), count, len(facts), len(kinds)))

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.0f}%" if b else "-"

    print(
        f"{'split':8} {'article':40} {'top':>3} {'lab':>3} {'use':>4} {'as-is':>5} "
        f"{'wrong':>5} {'facts':>5} {'kinds':>5}"
    )
    for group, article, n, c, facts, kinds in sorted(rows):
        print(
            f"{group:8} {article[:40]:40} {n:3} {c['labelled']:3} {c['usable']:4} {c['as_is']:5} "
            f"{c['wrong_key']:5} {facts:5} {kinds:5}"
        )
    for group, c in sorted(totals.items()):
        print(
            f"{group}: {c['usable']}/{c['labelled']} usable after light edits ({pct(c['usable'], c['labelled'])}), "
            f"{c['as_is']} as they are ({pct(c['as_is'], c['labelled'])}), {c['wrong_key']} wrong keys, "
            f"{c['repeats']} repeats; "
            f"{c['labelled']} of {c['drafts']} drafts labelled"
        )
    for title, table in (("kind", by_kind), ("rule", by_rule)):
        print(f"by {title}: " + ", ".join(f"{k} {v['usable']}/{v['n']}" for k, v in sorted(table.items())))
    if missing:
        print(f"{len(missing)} drafts are new or changed since they were labelled:")
        for m in missing:
            print(f"  {m['article']}  {m['key']}  ({m['type']}, {m['rule']})  {m['text'][:90]}")
        if todo:
            todo.write_text(yaml.safe_dump(missing, sort_keys=False, allow_unicode=True, width=110), "utf-8")
            print(f"wrote {len(missing)} label stubs to {todo}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "held-out"))
    parser.add_argument("--todo", type=Path, help="write the unlabelled drafts here as label stubs")
    parser.add_argument("--merge", type=Path, help="add a filled-in stub file to the labels")
    args = parser.parse_args()
    if args.merge:
        merge(args.merge)
    else:
        evaluate(args.split, args.todo)


if __name__ == "__main__":
    main()
