"""Banks that travel: exports to Moodle XML, GIFT, QTI 2.1, ClaimReview and FEVER, and imports (no Flask).

Each kind maps its questions to a format-neutral shape (``quiz.kinds.exchange``); each format
here writes shapes, so no format asks a question's type.
"""

from __future__ import annotations

from collections.abc import Callable

from ..content.model import Bank
from .claims import export_claimreview, export_fever
from .common import Exported
from .gift import export_gift
from .moodle import export_moodle
from .qti import export_qti

FORMATS: dict[str, tuple[str, Callable[[Bank, str], Exported]]] = {
    "moodle-xml": ("Moodle XML (Moodle's question bank: every kind)", export_moodle),
    "gift": ("GIFT (Moodle's text format)", export_gift),
    "qti": ("QTI 2.1 package (Canvas, Blackboard, Brightspace and other LMSs)", export_qti),
    "claimreview": ("ClaimReview JSON-LD (the verdict questions, as fact-checkers publish them)", export_claimreview),
    "fever": ("FEVER JSONL (verdict and evidence questions, as claim/label/evidence records)", export_fever),
}


def export(bank: Bank, fmt: str, name: str = "questions") -> Exported:
    """The bank in format ``fmt`` (a key of FORMATS); ``name`` is the file name's stem."""
    return FORMATS[fmt][1](bank, name)


__all__ = ["FORMATS", "Exported", "export"]
