"""order: put 3 to 6 items in order, with partial credit by pairs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..scoring.marks import Score
from ..scoring.scorers import order_fraction
from .base import Entry, Kind, Presented, ResponseError, checked_index, form_int, letter, permutation
from .exchange import Ordering


class Order(Kind):
    name = "order"
    keys = ("items",)
    summary = "Put 3–6 items in order."
    fields_help = "`items` (3–6, in the right order)"
    field = "positions"
    lettered = True

    def load(self, f, articles, sources):
        items = f.strings("items", required=True, low=3, high=6, what="items")
        return {"items": items or ()}

    def schema(self):
        return {
            "items": {
                "type": "array",
                "description": "3 to 6 items in the right order; shuffled for each player.",
                "markdownDescription": "**3 to 6** different items, written in the **right order**; they are "
                "shuffled for each player.",
                "items": {"type": ["string", "number"], "pattern": "\\S", "description": "An item."},
                "minItems": 3,
                "maxItems": 6,
                "uniqueItems": True,
            }
        }

    def snippet(self):
        return {"items": ["", "", ""]}

    def entries(self):
        return (
            Entry("items", "Items in the right order, one per line (3 to 6)", "lines", "Players see them shuffled."),
        )

    def present(self, bank, seed, question):
        # Shuffle from alphabetical order, not from the right order, so the page cannot depend on it.
        items = question.items
        alphabetical = sorted(range(len(items)), key=lambda i: (items[i].casefold(), i))
        perm = tuple(alphabetical[k] for k in permutation(seed, question.id, len(items)))
        return Presented(question, tuple((str(k), items[i]) for k, i in enumerate(perm)), perm)

    def parse(self, shown, values):
        positions = values.get("positions") or {}
        size = len(shown.options)
        chosen: dict[int, int] = {}
        for k in range(size):
            raw = positions.get(str(k))
            if raw is None or raw == "":
                raise ResponseError("Give every event a position.")
            position = form_int(raw)
            if position is None or not 1 <= position <= size:
                raise ResponseError("That position is not one of the choices. Please choose again.")
            chosen[k] = position
        if len(set(chosen.values())) != size:
            raise ResponseError(f"Use each position from 1 to {size} exactly once.")
        return [shown.permutation[k] for k in sorted(chosen, key=chosen.get)]

    def score(self, question, response: Any) -> Score:
        """Partial credit by pairs of items placed in the right relative order."""
        if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
            raise ValueError(f"question {question.id}: an order answer is a sequence of item indices, not {response!r}")
        n = len(question.items)
        placed = [checked_index(question, i, n, "item") for i in response]
        if sorted(placed) != list(range(n)):
            raise ValueError(f"question {question.id}: an order answer must place each of the {n} items exactly once")
        return Score.of(order_fraction(placed))

    def answer_text(self, question, articles=None):
        return " → ".join(question.items)

    def response_text(self, question, response, bank):
        return " → ".join(question.items[i] for i in response)

    def position(self, shown, response):
        return shown.permutation.index(response)

    def letters(self, shown, response):
        return " → ".join(letter(self.position(shown, i)) for i in response)

    def right_letters(self, shown):
        return self.letters(shown, list(range(len(shown.question.items))))  # the bank lists them in order

    def exchange(self, question, bank):
        return Ordering(question.items)

    def from_exchange(self, shape, question, bank):
        return {"items": list(shape.items)} if isinstance(shape, Ordering) else None


KIND = Order()
