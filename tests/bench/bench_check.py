"""Benchmark `quiz check` on a generated bank of 10,000 questions (a script, not a test).

Usage: python tests/bench/bench_check.py [--questions N] [--keep DIR]

It writes a valid bank of all nine question types, anchored with quotes taken from the seed
articles' sentences, then times the loader (`load_bank`, the code path of `quiz check`) in
process and the real `quiz check` command in a subprocess, against a baseline: parsing the same
file with PyYAML's C loader (and, as a floor, composing its node tree with the garbage collector
paused, as the loader does). It exits non-zero only if the check reports errors.
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from quiz.content.anchor import locate
from quiz.content.loader import load_articles, load_bank
from quiz.content.model import VERDICTS
from quiz.kinds import TYPES

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "articles"
SKILLS = ("read-closely", "check-the-date", "who-said-it", "compare-sources", "spot-the-error", "not-in-source")
try:
    from yaml import CSafeLoader as BaselineLoader
except ImportError:  # pragma: no cover - depends on the libyaml build
    from yaml import SafeLoader as BaselineLoader


def quotes_by_article() -> dict[str, list[str]]:
    """Quotes that anchor once in the seed articles."""
    articles, problems = load_articles(ARTICLES)
    if problems:
        sys.exit("the seed articles have problems: " + "; ".join(p.format() for p in problems))
    return anchored_quotes(articles)


def anchored_quotes(articles) -> dict[str, list[str]]:
    """Quotes that anchor once in their article: whole sentences and their first or last words."""
    out: dict[str, list[str]] = {}
    for article in articles.values():
        candidates = []
        for start, end in article.sentences:
            words = article.body[start:end].split()
            if len(words) < 4:
                continue
            candidates += [" ".join(words), " ".join(words[:5]), " ".join(words[-5:]), " ".join(words[1:-1])]
        unique = [q for q in dict.fromkeys(candidates) if locate(article, q).span]
        out[article.id] = unique
    return out


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def question(n: int, qtype: str, rng: random.Random, quotes: dict[str, list[str]]) -> str:
    """The YAML of one valid question of ``qtype``."""
    ids = sorted(quotes)
    home = rng.choice(ids)
    lines = [f"  - id: q{n:05d}-{qtype}", f"    type: {qtype}"]
    opts = [f"option {n} {c}" for c in "abcdef"[: rng.randint(2, 6)]]
    if qtype == "choice":
        lines += [
            f"    prompt: Question {n}?",
            f"    choices: [{', '.join(map(quoted, opts))}]",
            f"    answer: {quoted(rng.choice(opts))}",
        ]
    elif qtype == "multi":
        picked = rng.sample(opts, rng.randint(1, len(opts)))
        lines += [
            f"    prompt: Question {n}?",
            f"    choices: [{', '.join(map(quoted, opts))}]",
            f"    answers: [{', '.join(map(quoted, picked))}]",
        ]
    elif qtype == "truefalse":
        lines += [f"    prompt: Statement {n}.", f"    answer: {rng.choice(['true', 'false'])}"]
    elif qtype == "verdict":
        lines += [f"    claim: Claim number {n}.", f"    answer: {rng.choice(VERDICTS)}"]
    elif qtype == "text":
        lines += [f"    prompt: Name {n}?", f"    answers: [answer {n}, other {n}]", f"    fuzzy: {rng.randint(0, 3)}"]
    elif qtype == "number":
        lines += [
            f"    prompt: How many ({n})?",
            f"    answer: {rng.randint(0, 3000)}",
            "    tolerance: 1",
            "    unit: people",
        ]
    elif qtype == "order":
        items = [f"event {n}.{i}" for i in range(rng.randint(3, 6))]
        lines += [f"    prompt: Order {n}.", f"    items: [{', '.join(map(quoted, items))}]"]
    elif qtype == "evidence":
        lines += [f"    claim: Evidence claim {n}."]
    else:  # source
        lines += [f"    prompt: Which article says it ({n})?", f"    answer: {home}"]
    lines.append(f"    explain: Explanation {n}, in a sentence.")
    lines.append("    sources:")
    cited = [home]
    if qtype != "evidence" and rng.random() < 0.3:
        cited.append(rng.choice([a for a in ids if a != home]))
    for article_id in cited:
        lines += [f"      - article: {article_id}", f"        quote: {quoted(rng.choice(quotes[article_id]))}"]
    lines += [
        f"    tags: [t{n % 50}, {home}]",
        f"    skill: {rng.choice(SKILLS)}",
        f"    difficulty: {rng.choice(['easy', 'medium', 'hard'])}",
    ]
    return "\n".join(lines)


def generate(count: int, seed: int = 2024) -> str:
    """A bank of ``count`` questions cycling through the nine types."""
    rng = random.Random(seed)
    quotes = quotes_by_article()
    head = [
        "title: Generated benchmark bank",
        f"articles: {quoted(str(ARTICLES))}",
        "quizzes:",
        "  - id: by-tag",
        "    title: By tag",
        "    tags: [t1, t2]",
        "  - id: by-article",
        "    title: By article",
        "    articles: [sbs-milano-politics]",
        "  - id: listed",
        "    title: Listed",
        f"    questions: [{', '.join(f'q{n:05d}-{TYPES[n % len(TYPES)]}' for n in range(10))}]",
        "questions:",
    ]
    body = [question(n, TYPES[n % len(TYPES)], rng, quotes) for n in range(count)]
    return "\n".join(head + body) + "\n"


def compose_without_gc(text: str):
    """PyYAML's node tree (what the loader builds from), with the collector paused as the loader does."""
    gc.disable()
    try:
        return yaml.compose(text, Loader=BaselineLoader)
    finally:
        gc.enable()


def timed(func):
    """(seconds, result) of the best of three runs."""
    best, result = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the bank here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = (args.keep or Path(tmp)) / "questions.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate(args.questions), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        size = len(text.encode()) / 1e6
        print(f"bank: {args.questions} questions, {size:.1f} MB, {path}")

        base_s, _ = timed(lambda: yaml.load(text, Loader=BaselineLoader))  # noqa: S506 - a safe loader
        compose_s, _ = timed(lambda: compose_without_gc(text))
        load_s, result = timed(lambda: load_bank(path))
        quiz = Path(sys.executable).with_name("quiz")
        command = [str(quiz)] if quiz.exists() else [sys.executable, "-c", "from quiz.cli import main; main()"]
        cli_s, proc = timed(lambda: subprocess.run([*command, "check", str(path)], capture_output=True, text=True))

        errors = [p for p in result.problems if p.severity == "error"]
        loaded = len(result.bank.questions) if result.bank else 0
        print(f"baseline  yaml.load ({BaselineLoader.__name__}): {base_s:6.3f} s")
        print(f"floor     yaml.compose, GC paused: {compose_s:6.3f} s  (parsing with positions, nothing else)")
        print(f"load_bank (in process):        {load_s:6.3f} s  ({load_s / base_s:.1f}x baseline)")
        print(
            f"quiz check (subprocess):       {cli_s:6.3f} s  ({cli_s / base_s:.1f}x baseline)  exit {proc.returncode}"
        )
        print(f"loaded {loaded} questions, {len(errors)} errors; summary: {proc.stdout.strip().splitlines()[-1]}")
        for problem in errors[:10]:
            print("  ", problem.format())
        return 1 if errors or proc.returncode != 0 or loaded != args.questions else 0


if __name__ == "__main__":
    sys.exit(main())
