"""Drafting questions from an article: rule-based, offline and deterministic (no Flask, no models)."""

from .pipeline import DEFAULT_MAX, TYPES, ArticleDrafts, DraftRun, draft_bank

__all__ = ["DEFAULT_MAX", "TYPES", "ArticleDrafts", "DraftRun", "draft_bank"]
