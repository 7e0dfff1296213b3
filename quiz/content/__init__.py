"""Content: articles and the question bank, loaded into frozen dataclasses (no Flask)."""

from .articles import Article
from .loader import LoadResult, load_bank, load_bank_texts
from .model import Anchor, Bank, Question, Quiz
from .problems import Problem

__all__ = ["Anchor", "Article", "Bank", "LoadResult", "Problem", "Question", "Quiz", "load_bank", "load_bank_texts"]
