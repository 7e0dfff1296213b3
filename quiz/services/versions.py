"""Bank versions as the game plays them: content hashes and a bounded per-process cache of parsed banks."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from ..content import Bank, LoadResult, load_bank_texts
from ..extensions import db
from ..models import BankVersion

# A parsed version costs about 9 to 20 times its text in memory (tests/bench/bench_library.py: the
# sample's 67 kB parse to 0.56 MiB, a 500-question bank's 337 kB to 6.8 MiB), so 32 versions bound
# a process at about 18 MiB of sample-sized banks and 220 MiB of the largest.
CACHE_SIZE = 32


def content_hash(questions_yaml: str, articles: Mapping[str, str]) -> str:
    """The SHA-256 of a bank's texts: equal texts, equal hash (the cache key and the 'nothing changed' test)."""
    canonical = json.dumps({"questions.yaml": questions_yaml, "articles": dict(sorted(articles.items()))})
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_texts(questions_yaml: str, articles: Mapping[str, str]) -> LoadResult:
    """Load a bank held as texts with every check of `quiz check`."""
    return load_bank_texts(questions_yaml, articles, display="questions.yaml")


class _Cache:
    """A thread-safe LRU of parsed banks keyed by content hash."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, Bank] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Bank | None:
        with self._lock:
            bank = self._items.get(key)
            if bank is not None:
                self._items.move_to_end(key)
            return bank

    def put(self, key: str, bank: Bank) -> None:
        with self._lock:
            self._items[key] = bank
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


cache = _Cache(CACHE_SIZE)


class VersionUnavailable(RuntimeError):
    """A stored version that no longer loads (it was deleted, or the loader grew stricter)."""


@dataclass(frozen=True)
class Played:
    """A version ready to play: its row id, number, hash and parsed bank."""

    version_id: int
    number: int
    hash: str
    bank: Bank


def parsed(version: BankVersion) -> Bank:
    """The parsed bank of a stored version, from the cache when another request already parsed it."""
    bank = cache.get(version.content_hash)
    if bank is None:
        result = check_texts(version.questions_yaml, version.articles)
        if result.bank is None or not result.ok:
            raise VersionUnavailable(f"version {version.number} of bank {version.bank_id} no longer loads")
        bank = result.bank
        cache.put(version.content_hash, bank)
    return bank


def remember(content: str, bank: Bank) -> None:
    """Put a bank just checked under its hash, so the first player does not parse it again."""
    cache.put(content, bank)


def bank_by_hash(version_id: int, content: str) -> Bank:
    """The parsed bank of version ``version_id`` whose hash is ``content`` (one query only on a cache miss)."""
    bank = cache.get(content)
    if bank is not None:
        return bank
    version = db.session.scalar(select(BankVersion).where(BankVersion.id == version_id))
    if version is None:
        raise VersionUnavailable(f"bank version {version_id} was deleted")
    return parsed(version)


def played(version: BankVersion) -> Played:
    """A stored version with its parsed bank."""
    return Played(version.id, version.number, version.content_hash, parsed(version))


def changes_between(old: Bank | None, new: Bank, old_articles: Mapping[str, str], new_articles: Mapping[str, str]):
    """What a save changed: question ids added, removed and changed, and article files added, removed, changed."""
    before = {q.id: q for q in old.questions} if old else {}
    after = {q.id: q for q in new.questions}

    def same(a, b) -> bool:  # the line a question starts on is not a change to it
        from dataclasses import replace

        return replace(a, line=0) == replace(b, line=0)

    return {
        "added": [qid for qid in after if qid not in before],
        "removed": [qid for qid in before if qid not in after],
        "changed": [qid for qid in after if qid in before and not same(before[qid], after[qid])],
        "articles_added": sorted(set(new_articles) - set(old_articles)),
        "articles_removed": sorted(set(old_articles) - set(new_articles)),
        "articles_changed": sorted(n for n in new_articles if n in old_articles and new_articles[n] != old_articles[n]),
    }


def describe_changes(changes: Mapping) -> str:
    """A version's changes in a line: '2 questions added, 1 changed; article x.md added'."""
    parts = []
    for key, word in (("added", "added"), ("removed", "removed"), ("changed", "changed")):
        n = len(changes.get(key) or ())
        if n:
            parts.append(f"{n} question{'s' * (n != 1)} {word}")
    for key, word in (("articles_added", "added"), ("articles_removed", "removed"), ("articles_changed", "changed")):
        names = changes.get(key) or ()
        if names:
            parts.append(f"article{'s' * (len(names) != 1)} {', '.join(names)} {word}")
    return "; ".join(parts) or "no changes to questions or articles"
