"""Benchmark for `quiz draft` (a script, not a test): seconds and peak memory by article length.

Run: .venv/bin/python tests/bench/bench_draft.py

It drafts the three seed articles, then synthetic articles of about 5,000, 10,000 and 20,000 words built
from the seed and test articles' paragraphs with their numbers, years and names varied so that the text
is not one paragraph repeated. Targets: under 2 s for the seed articles and for a 1,500-word news
article (the longest of the evaluation set) once the model is loaded; growth roughly linear in length.
The model's load time and the process's memory are printed too.
"""

from __future__ import annotations

import gc
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from quiz.content.articles import read_article  # noqa: E402
from quiz.drafts.nlp import load_inflections, pipeline  # noqa: E402
from quiz.drafts.pipeline import draft_bank  # noqa: E402

SOURCES = sorted((REPO / "articles").glob("*.md")) + sorted((REPO / "tests" / "data" / "drafts").glob("*.md"))
FIRST = ["Maria", "James", "Aisha", "Tom", "Elena", "Kofi", "Sarah", "Daniel", "Priya", "Lucas", "Nadia", "Oscar"]
LAST = ["Okafor", "Brennan", "Vasquez", "Lindqvist", "Harlow", "Moreau", "Tanaka", "Fenwick", "Osei", "Dunn"]


def paragraphs() -> list[str]:
    out = []
    for path in SOURCES:
        article, _ = read_article(path)
        if article is not None:
            out += [article.body[s:e] for s, e in article.paragraphs if len(article.body[s:e].split()) >= 12]
    return out


def vary(text: str, rng: random.Random) -> str:
    """The paragraph with its numbers, years and two-word names changed, so no two copies are alike."""
    text = re.sub(r"\b(19|20)\d\d\b", lambda m: str(rng.randint(1960, 2024)), text)
    text = re.sub(r"(?<![\d,.])\b\d{1,3}\b(?![\d,.])", lambda m: str(rng.randint(2, 400)), text)
    names = re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text)
    for name in dict.fromkeys(names):
        if name.split()[0] in ("The", "In", "Back", "Just", "But"):
            continue
        text = text.replace(name, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    return text


def synthetic(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    pool = paragraphs()
    body, count = [], 0
    while count < words:
        para = vary(rng.choice(pool), rng)
        body.append(para)
        count += len(para.split())
    head = (
        f'---\nid: bench-{words}\ntitle: "Synthetic benchmark article of {words} words"\noutlet: null\nauthor: null\n'
        'published: null\nurl: null\nlanguage: "en"\n---\n\n'
    )
    return head + "\n\n".join(body) + "\n"


def measure(label: str, paths: list[Path], words: int) -> None:
    """Time a run (plain), then run again under tracemalloc for the peak of Python allocations."""
    gc.collect()
    started = time.perf_counter()
    run = draft_bank(paths, limit=None)
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    draft_bank(paths, limit=None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    drafts = len(run.drafts)
    made = sum(len(r.generated) for r in run.results)
    print(
        f"{label:<16} {words:>7} words  {seconds:7.2f} s  {1000 * seconds / words:6.3f} ms/word  "
        f"peak {peak / 2**20:6.1f} MiB  {made:>6} drafts made, {drafts:>5} kept (-n 0)"
    )


def main() -> None:
    print(f"python {sys.version.split()[0]}; time without tracing, peak memory from a second run under tracemalloc;")
    print("max RSS of this process is printed at the end (resource.getrusage)")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pipeline()  # spaCy and the English model, once per process
    load_inflections()  # and lemminflect's tables, as the server's warm-up loads them
    print(
        f"model load       {time.perf_counter() - started:7.2f} s  (spaCy en_core_web_sm 3.8.0, lemminflect); "
        f"max RSS {before / 1024:.0f} -> {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    long = REPO / "tests" / "data" / "draft-eval" / "articles" / "wikinews-warhol-polaroids-university-exhibits.md"
    long_words = len(read_article(long)[0].body.split())
    for limit in (10, None):
        started = time.perf_counter()
        draft_bank([long], limit=limit)
        print(
            f"{'1,500-word news':<16} {long_words:>7} words  {time.perf_counter() - started:7.2f} s  "
            f"(-n {limit or 0}, "
            + ("first run after the model is loaded; target < 2 s)" if limit else "again: the parse is cached)")
        )
    seeds = sorted((REPO / "articles").glob("*.md"))
    seed_words = sum(len(read_article(p)[0].body.split()) for p in seeds)
    draft_bank(seeds[:1], limit=None)  # warm-up: imports, pysbd's segmenter, regular expressions
    measure("seed articles", seeds, seed_words)
    started = time.perf_counter()
    default = draft_bank(seeds)
    print(f"{'seeds, -n 20':<16} {seed_words:>7} words  {time.perf_counter() - started:7.2f} s  (the default)")
    for result in default.results:  # what the drafts are, not only how fast: types and the verdict balance
        types = Counter(d.type for d in result.kept)
        verdicts = Counter(d.fields["answer"] for d in result.kept if d.type == "verdict")
        print(
            f"  {result.article_id:<26} {len(result.kept):>3} kept: "
            + ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
            + "; verdicts "
            + ", ".join(f"{a} {verdicts[a]}" for a in ("supported", "refuted", "not-in-source"))
        )
    with tempfile.TemporaryDirectory() as tmp:
        for words in (5_000, 10_000, 20_000):
            path = Path(tmp) / f"bench-{words}.md"
            path.write_text(synthetic(words), encoding="utf-8")
            real = len(read_article(path)[0].body.split())
            measure(f"synthetic {words // 1000}k", [path], real)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"max RSS {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
