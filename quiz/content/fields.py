"""Typed, positioned access to the fields of one YAML mapping, reporting problems where they are."""

from __future__ import annotations

import datetime as dt

from .problems import Report, did_you_mean
from .yamlpos import YList, YMap

EXAMPLES = {"answer": "7700", "tolerance": "5", "points": "2", "time": "30", "fuzzy": "1"}  # numbers in messages


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, (YMap, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        value = " ".join(value.split())  # one line: messages are FILE:LINE:COL: message
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f'the text "{shown}"'
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    return type(value).__name__


class Fields:
    """Typed access to one YAML mapping, reporting problems at the right node."""

    def __init__(self, node: YMap, report: Report, what: str):
        self.node, self.report, self.what = node, report, what

    def pos(self, key=None) -> tuple[int, int]:
        if key is not None and key in self.node.val_pos:
            return self.node.val_pos[key]
        return self.node.pos

    def check_keys(self, allowed, elsewhere=(), elsewhere_note="") -> None:
        for key, pos in self.node.duplicates:
            self.report.error(pos, f'"{key}" is given twice in this {self.what}')
        for key in self.node:
            if key in allowed:
                continue
            if key in elsewhere:
                self.report.error(self.node.key_pos[key], f'"{key}" is not used {elsewhere_note}')
            else:
                hint = did_you_mean(key, allowed)
                self.report.error(self.node.key_pos[key], f'unknown key "{key}" in this {self.what}{hint}')

    def text(self, key, required=False, default=None):
        value = self.node.get(key)
        if value is None:
            if required:
                self.report.error(self.pos(key), f'missing "{key}" in this {self.what}')
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report.error(self.pos(key), f'"{key}" must be text, not {describe(value)}')
            return default
        value = str(value).strip()
        if not value and required:
            self.report.error(self.pos(key), f'"{key}" is empty')
            return default
        return value

    def flag(self, key, default=False) -> bool:
        value = self.node.get(key, default)
        if not isinstance(value, bool):
            self.report.error(self.pos(key), f'"{key}" must be true or false')
            return default
        return value

    def number(self, key, required=False, default=None, minimum=None, integer=False):
        value = self.node.get(key)
        if value is None:
            if required:
                self.report.error(self.pos(key), f'missing "{key}" in this {self.what}')
            return default
        ok_type = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type) or value != value:
            kind = "a whole number" if integer else "a number"
            example = EXAMPLES.get(key, "7700")
            self.report.error(self.pos(key), f"{key} must be {kind} such as {example}, not {describe(value)}")
            return default
        if minimum is not None and value < minimum:
            self.report.error(self.pos(key), f'"{key}" must be at least {minimum}')
            return default
        return value

    def strings(self, key, required=False, low=0, high=None, unique=True, what="items"):
        """A list of strings (numbers are read as text); None when unusable."""
        value = self.node.get(key)
        if value is None:
            if required:
                self.report.error(self.pos(key), f'missing "{key}" in this {self.what}')
            return None
        if not isinstance(value, YList):
            self.report.error(self.pos(key), f'"{key}" must be a list, not {describe(value)}')
            return None
        else:
            value_list, positions = list(value), value.item_pos
        out, seen = [], {}
        for item, pos in zip(value_list, positions, strict=False):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                hint = ' (put it in quotes: "yes")' if isinstance(item, bool) else ""
                self.report.error(pos, f'each of "{key}" must be text, not {describe(item)}{hint}')
                return None
            text = str(item).strip()
            if not text:
                self.report.error(pos, f'an empty entry in "{key}"')
                return None
            folded = " ".join(text.casefold().split())
            if unique and folded in seen:
                self.report.error(pos, f'"{text}" appears twice in "{key}"')
                return None
            seen[folded] = pos
            out.append(text)
        if len(out) < low or (high is not None and len(out) > high):
            span = f"{low} to {high}" if high else f"at least {low}"
            self.report.error(self.pos(key), f'"{key}" needs {span} {what}, not {len(out)}')
            return None
        return tuple(out)
