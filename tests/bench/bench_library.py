"""Benchmark the library: saving a big bank, and the memory of cached parsed versions (a script, not a test).

Usage: python tests/bench/bench_library.py [--questions 500] [--articles 20] [--runs 5] [--versions 50]

(a) Saving. A bank of ``--questions`` questions of all nine types quoting sentences of
``--articles`` articles (the three seed articles and generated ones made of their paragraphs, with
other names and numbers) is saved through quiz.services.library.save into a fresh SQLite database
in a temporary folder (an app from quiz.create_app, a teacher, a bank). It prints the loader alone
(versions.check_texts, the check every save runs: the baseline), then check + save: the first save
of the 500 questions, re-saves after an edit, and a re-save by a process whose cache does not
hold the previous version (another gunicorn worker's save), with where the time of a save goes.
Target: check + save < 1 s.

(b) Memory. In a fresh subprocess, ``--versions`` distinct versions of the sample bank (its texts
with a different title each) are parsed and put in versions.cache (its size raised to hold them
all); the growth of the process's resident memory and the Python memory they hold (tracemalloc)
are printed per version and in all, as parsed and once the articles' lazily built indexes
(normalized text, paragraphs, sentences) exist, as they do once a version is played. The same is
measured for one version of the big bank of (a). Compared with versions.CACHE_SIZE, this gives the
bound on a process's cache: CACHE_SIZE versions x the size of a version.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_check, when run from anywhere

from bench_check import anchored_quotes, question, quoted  # noqa: E402 - after the path is set

from quiz.content.loader import parse_articles  # noqa: E402
from quiz.kinds import TYPES  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "articles"
SAMPLE = REPO / "questions.yaml"
TARGET_SAVE = 1.0  # seconds, check + save of a 500-question bank with 20 articles
NAMES = [  # (first name, surname) that replace the seed articles' subject in generated articles
    ("Maria", "Okafor"),
    ("Jonas", "Lindqvist"),
    ("Priya", "Raman"),
    ("Tomás", "Herrera"),
    ("Aiko", "Tanaka"),
    ("Grace", "Mensah"),
    ("Luca", "Bianchi"),
    ("Nadia", "Haddad"),
    ("Ewan", "MacLeod"),
    ("Sofia", "Kowalska"),
    ("Ravi", "Shankar"),
    ("Hannah", "Weiss"),
    ("Diego", "Alvarez"),
    ("Leila", "Farahani"),
    ("Owen", "Pritchard"),
    ("Mei", "Chen"),
    ("Kwame", "Asante"),
    ("Ingrid", "Solberg"),
    ("Samir", "Benali"),
    ("Clara", "Dubois"),
]
OUTLETS = ["The Daily Ledger", "Metro Wire", "Coastal Herald", "The Civic Post", "Northern Times", "Radio Four Cities"]


# Generating a realistic bank -------------------------------------------------------------------


def seed_texts() -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(ARTICLES.glob("*.md"))}


def article_texts(count: int, rng: random.Random) -> dict[str, str]:
    """The seed articles and generated ones (``count`` in all), file name -> text.

    A generated article takes 60-90% of the seed articles' paragraphs in a new order, with the
    subject's name, years and numbers changed, so each reads differently and quotes anchor once.
    """
    seeds = seed_texts()
    parsed, problems = parse_articles(seeds)
    if problems:
        sys.exit("the seed articles have problems: " + "; ".join(p.format() for p in problems))
    pool = [a.body[s:e] for a in parsed.values() for s, e in a.paragraphs]
    texts = dict(list(seeds.items())[:count])
    for k in range(count - len(texts)):
        first, last = NAMES[k % len(NAMES)]
        shift = rng.randint(1, 9)

        def renamed(text: str, first=first, last=last, shift=shift) -> str:
            text = text.replace("Alyssa", first).replace("Milano", last)
            return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) - shift), text)

        paragraphs = [renamed(p) for p in rng.sample(pool, round(len(pool) * rng.uniform(0.6, 0.9)))]
        slug = f"generated-{k + 1:02d}-{last.lower()}"
        front = [
            "---",
            f'id: "{slug}"',
            f'title: "{first} {last} on politics, report {k + 1}"',
            f'outlet: "{rng.choice(OUTLETS)}"',
            f'author: "Staff writer {k + 1}"',
            f'published: "20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"',
            "url: null",
            'language: "en"',
            "note: >-",
            "  Generated for the library benchmark from the seed articles' paragraphs.",
            "---",
            "",
        ]
        texts[f"{slug}.md"] = "\n".join(front) + "\n\n".join(paragraphs) + "\n"
    return texts


def quotes_of(texts: dict[str, str]) -> dict[str, list[str]]:
    """Quotes that anchor once in the generated articles."""
    articles, problems = parse_articles(texts)
    if problems:
        sys.exit("the generated articles have problems: " + "; ".join(p.format() for p in problems))
    return anchored_quotes(articles)


def bank_yaml(count: int, quotes: dict[str, list[str]], rng: random.Random, title: str) -> str:
    """A bank of ``count`` questions cycling through the nine types, citing the articles in ``quotes``."""
    ids = sorted(quotes)
    body = []
    for n in range(count):
        text = question(n, TYPES[n % len(TYPES)], rng, quotes)  # bench_check's questions
        home = re.search(r"^    answer: (\S+)$", text, re.M) if TYPES[n % len(TYPES)] == "source" else None
        if home:  # offer four articles, not all twenty
            others = rng.sample([a for a in ids if a != home.group(1)], 3)
            choices = sorted([home.group(1), *others])
            text = text.replace(home.group(0), f"{home.group(0)}\n    choices: [{', '.join(choices)}]")
        body.append(text)
    head = [
        f"title: {quoted(title)}",
        "articles: articles",
        "quizzes:",
        "  - id: by-tag",
        "    title: By tag",
        "    tags: [t1, t2]",
        "  - id: by-article",
        "    title: By article",
        f"    articles: [{ids[0]}]",
        "  - id: listed",
        "    title: Listed",
        f"    questions: [{', '.join(f'q{n:05d}-{TYPES[n % len(TYPES)]}' for n in range(10))}]",
        "questions:",
    ]
    return "\n".join(head + body) + "\n"


def retitled(text: str, title: str) -> str:
    """The same bank with another title (another version: another content hash)."""
    return re.sub(r"^title: .*$", f"title: {quoted(title)}", text, count=1, flags=re.M)


# (a) Saving -------------------------------------------------------------------------------------


class Stopwatch:
    """Wraps functions in their modules and adds up the time spent in each (the calls save makes itself)."""

    def __init__(self, targets: list[tuple[object, str]]):
        self.spent: dict[str, float] = {}
        self._depth = 0
        self._saved = []
        for module, name in targets:
            original = getattr(module, name)
            self._saved.append((module, name, original))
            wrap = self._wrap_block if name == "write_transaction" else self._wrap
            setattr(module, name, wrap(name, original))

    def _wrap(self, name, func):
        @wraps(func)
        def timed(*args, **kwargs):
            if self._depth:  # called by another wrapped call (parsed calls check_texts): counted there
                return func(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self._depth -= 1
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    def _wrap_block(self, name, manager):
        """A context manager timed from entering its block to leaving it (the database write)."""

        @contextmanager
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                with manager(*args, **kwargs) as value:
                    yield value
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    def reset(self) -> None:
        self.spent.clear()

    def restore(self) -> None:
        for module, name, original in self._saved:
            setattr(module, name, original)


def bench_save(text: str, articles: dict[str, str], runs: int, tmp: Path) -> dict:
    from quiz.app import create_app
    from quiz.database import create_schema
    from quiz.extensions import db
    from quiz.services import accounts, library, versions

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'library.sqlite3'}", "SECRET_KEY": "b" * 32})
    out: dict = {}
    with app.app_context():
        create_schema()
        teacher = accounts.register("bench-library@example.org", "bench library password 1")
        bank, first = library.create_bank(teacher.id, "Benchmark: a big bank")  # the starter text: version 1
        assert first.saved, first.problems

        result = versions.check_texts(text, articles)  # warm-up: imports, the sentence segmenter
        errors = [p for p in result.problems if p.severity == "error"]
        if errors or result.bank is None:
            sys.exit("the generated bank has errors:\n" + "\n".join(p.format() for p in errors[:10]))
        out["questions"], out["articles"] = len(result.bank.questions), len(result.bank.articles)
        out["warnings"] = len(result.problems)
        loads = []
        for i in range(runs):
            variant = retitled(text, f"Loader run {i}")
            start, cpu = time.perf_counter(), time.process_time()
            versions.check_texts(variant, articles)
            loads.append((time.perf_counter() - start, time.process_time() - cpu))
        out["loader"] = loads

        watch = Stopwatch(
            [
                (versions, "check_texts"),
                (versions, "parsed"),
                (versions, "changes_between"),
                (versions, "content_hash"),
                (versions, "remember"),
                (library, "latest_version"),
                (library, "write_transaction"),  # the block: the version row's INSERT and the commit
            ]
        )
        try:

            def save(title: str, cold: bool = False) -> tuple[float, float, dict]:
                variant = retitled(text, title)
                if cold:
                    versions.cache.clear()  # another process saved the previous version
                watch.reset()
                start, cpu = time.perf_counter(), time.process_time()
                saved = library.save(bank, teacher.id, variant, articles, base=bank.latest)
                spent = (time.perf_counter() - start, time.process_time() - cpu)
                assert saved.saved, (saved.problems[:3], saved.conflict)
                return (*spent, dict(watch.spent))

            out["first"] = [save("Benchmark: a big bank")]  # 500 questions added to the starter
            out["resave"] = [save(f"Benchmark: a big bank, edit {i + 1}") for i in range(runs)]
            out["cold"] = [
                save(f"Benchmark: a big bank, edit {runs + i + 1} (cold cache)", cold=True) for i in range(runs)
            ]
        finally:
            watch.restore()
        out["version_bytes"] = len(text.encode()) + sum(len(t.encode()) for t in articles.values())
        db.session.remove()
        db.engine.dispose()
    return out


# (b) Memory, in a fresh process ------------------------------------------------------------------


def rss() -> int:
    """This process's resident memory in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # peak, not current: a fallback


def played_indexes(bank) -> None:
    """Build what playing a version builds lazily: each article's normalized text, paragraphs and sentences."""
    for article in bank.articles.values():
        article.normalized  # noqa: B018 - cached properties
        article.paragraphs  # noqa: B018
        article.sentences  # noqa: B018


def memory_child(count: int, big_path: Path) -> dict:
    """Parse ``count`` versions of the sample into versions.cache; measure what they hold (run in a fresh process)."""
    from quiz.content.loader import load_bank_texts  # noqa: F401 - imported before the baseline
    from quiz.services import versions

    try:
        from quiz.content.loader import read_bank_files
    except ImportError:  # where it lived before
        from quiz.web.bank import read_bank_files

    raw, texts, _folder = read_bank_files(SAMPLE)
    configured = versions.cache.size
    versions.cache.size = max(count, configured)  # hold every version during the measure

    def fill() -> list:
        banks = []
        for i in range(count):
            variant = retitled(raw, f"Version {i + 1} of the sample")
            result = versions.check_texts(variant, texts)
            assert result.ok and result.bank is not None
            versions.remember(versions.content_hash(variant, texts), result.bank)
            banks.append(result.bank)
        return banks

    warm = versions.check_texts(raw, texts).bank  # imports, the segmenter, regex caches: not per version
    played_indexes(warm)
    del warm
    gc.collect()
    out = {"configured": configured, "size": versions.cache.size, "count": count}
    out["text_bytes"] = len(raw.encode()) + sum(len(t.encode()) for t in texts.values())
    rss0 = rss()
    start = time.perf_counter()
    banks = fill()
    out["parse_s"] = time.perf_counter() - start
    gc.collect()
    rss1 = rss()
    for bank in banks:
        played_indexes(bank)
    gc.collect()
    rss2 = rss()
    out["rss"] = (rss1 - rss0, rss2 - rss0)
    out["cached"] = len(versions.cache)
    del banks
    versions.cache.clear()
    gc.collect()

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    banks = fill()
    gc.collect()
    parsed = tracemalloc.get_traced_memory()[0] - base
    for bank in banks:
        played_indexes(bank)
    gc.collect()
    out["traced"] = (parsed, tracemalloc.get_traced_memory()[0] - base)
    del banks
    versions.cache.clear()
    gc.collect()

    big = json.loads(big_path.read_text(encoding="utf-8"))
    base = tracemalloc.get_traced_memory()[0]
    result = versions.check_texts(big["yaml"], big["articles"])
    gc.collect()
    parsed = tracemalloc.get_traced_memory()[0] - base
    played_indexes(result.bank)
    gc.collect()
    out["big_traced"] = (parsed, tracemalloc.get_traced_memory()[0] - base)
    out["big_text_bytes"] = len(big["yaml"].encode()) + sum(len(t.encode()) for t in big["articles"].values())
    tracemalloc.stop()
    versions.cache.size = configured
    return out


# Report --------------------------------------------------------------------------------------------

MB = 1024 * 1024


def breakdown(spent: dict[str, float], total: float) -> str:
    """Where a save's time went: the wrapped calls, largest first, and the rest."""
    parts = sorted(spent.items(), key=lambda kv: -kv[1])
    rest = total - sum(spent.values())
    return ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in parts) + f", the rest {rest * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the loader and of each kind of save")
    parser.add_argument("--versions", type=int, default=50, help="versions parsed for the memory measure")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory_child(args.versions, args.memory_child)))
        return 0

    started = time.perf_counter()
    rng = random.Random(2024)
    texts = article_texts(args.articles, rng)
    text = bank_yaml(args.questions, quotes_of(texts), rng, "Benchmark: a big bank")
    phases = {"generating": time.perf_counter() - started}
    with tempfile.TemporaryDirectory(prefix="quiz-bench-library-") as tmp:
        tmp = Path(tmp)
        saved = bench_save(text, texts, args.runs, tmp)
        phases["saving"] = time.perf_counter() - started - sum(phases.values())
        big = tmp / "big.json"
        big.write_text(json.dumps({"yaml": text, "articles": texts}), encoding="utf-8")
        child = subprocess.run(
            [sys.executable, __file__, "--versions", str(args.versions), "--memory-child", str(big)],
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            sys.exit("the memory measure failed:\n" + child.stderr)
        memory = json.loads(child.stdout.strip().splitlines()[-1])
        phases["memory (subprocess)"] = time.perf_counter() - started - sum(phases.values())

    print(
        f"(a) saving: {saved['questions']} questions of {len(TYPES)} types, {saved['articles']} articles, "
        f"{saved['version_bytes'] / 1000:.0f} kB of text ({len(text.encode()) / 1000:.0f} kB questions.yaml), "
        f"{saved['warnings']} warnings; fresh SQLite database"
    )
    print(
        f"  wall-clock best and median of {args.runs} runs, best CPU time (this process), every run's wall-clock time"
    )

    def line(label: str, runs: list[tuple]) -> str:
        walls = [run[0] for run in runs]
        each = ", ".join(f"{s:.3f}" for s in walls)
        cpu = min(run[1] for run in runs)
        return (
            f"  {label:<58} {min(walls):6.3f} s  median {statistics.median(walls):6.3f} s  CPU {cpu:6.3f} s  [{each}]"
        )

    loader = min(wall for wall, _cpu in saved["loader"])
    print(line("loader alone (versions.check_texts, the baseline)", saved["loader"]))
    for label, key in (
        ("check + save, the first 500-question version", "first"),
        ("check + save, re-save after an edit", "resave"),
        ("check + save, previous version not in this process's cache", "cold"),
    ):
        print(line(label, saved[key]) + f"  {min(run[0] for run in saved[key]) / loader:.1f}x the loader")
    print("  where a save's time goes (median run; the calls save makes, and the rest):")
    for label, key in (("first save", "first"), ("re-save", "resave"), ("cold cache", "cold")):
        wall, _cpu, spent = sorted(saved[key], key=lambda run: run[0])[len(saved[key]) // 2]
        print(f"    {label + ':':<12} {breakdown(spent, wall)}")
    first = saved["first"][0][0]
    resave = statistics.median(run[0] for run in saved["resave"])
    cold = statistics.median(run[0] for run in saved["cold"])
    print(
        f"  target check + save < {TARGET_SAVE:g} s: {'met' if max(first, resave) < TARGET_SAVE else 'NOT met'} "
        f"(the first save {first:.3f} s, re-saves median {resave:.3f} s); "
        f"previous version not cached: {'met' if cold < TARGET_SAVE else 'NOT met'} (median {cold:.3f} s)"
    )

    n = memory["count"]
    rss_parsed, rss_played = (b / MB for b in memory["rss"])
    tr_parsed, tr_played = (b / MB for b in memory["traced"])
    big_parsed, big_played = (b / MB for b in memory["big_traced"])
    text_mb = memory["text_bytes"] / MB
    print(
        f"(b) memory: {n} distinct versions of the sample ({memory['text_bytes'] / 1000:.0f} kB of text each) "
        f"parsed into versions.cache in {memory['parse_s']:.2f} s; cache size raised from "
        f"{memory['configured']} to {memory['size']} for the measure ({memory['cached']} held)"
    )
    print("                                        per version      for all   (x its text)")
    for label, total in (
        ("RSS growth, as parsed", rss_parsed),
        ("RSS growth, played (article indexes)", rss_played),
        ("tracemalloc, as parsed", tr_parsed),
        ("tracemalloc, played (article indexes)", tr_played),
    ):
        print(f"  {label:<37} {total / n:7.2f} MiB  {total:8.1f} MiB   ({total / n / text_mb:4.1f}x)")
    big_text = memory["big_text_bytes"] / MB
    print(
        f"  big bank of (a), one version ({memory['big_text_bytes'] / 1000:.0f} kB of text): tracemalloc "
        f"{big_parsed:.2f} MiB as parsed ({big_parsed / big_text:.1f}x), {big_played:.2f} MiB played "
        f"({big_played / big_text:.1f}x)"
    )
    per = max(rss_played, tr_played) / n
    size = memory["configured"]
    print(
        f"  bound: versions.CACHE_SIZE = {size} versions x {per:.2f} MiB (a played sample version) = "
        f"{size * per:.0f} MiB per process; of versions like the big bank: {size} x {big_played:.1f} MiB = "
        f"{size * big_played:.0f} MiB"
    )
    each = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
    print(f"total {time.perf_counter() - started:.1f} s ({each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
