"""Small cue lists for English news text (from ``quiz/data/drafting/lexicon.yaml``), with Python names and types."""

from __future__ import annotations

from ..scoring.words import CARDINALS, ORDINALS, SCALES
from .wordlists import table

_DATA = table("lexicon.yaml")


def _words(name: str) -> frozenset[str]:
    return frozenset(_DATA[name])


MONTHS: dict[str, int] = dict(_DATA["months"])
MONTH_NAMES: tuple[str, ...] = tuple(_DATA["month_names"])
WEEKDAYS = _words("weekdays")

# Number words as the scorer reads them (quiz.scoring.words), narrowed to what drafts look for.
NUMBER_WORDS = {word: value for word, value in CARDINALS.items() if value >= 2} | {"hundred": 100, "dozen": 12}
MULTIPLIERS = SCALES | {"trillion": 1_000_000_000_000}
ORDINAL_WORDS = {word: value for word, value in ORDINALS.items() if value <= 20}

STOPWORDS = _words("stopwords")
ENGLISH_MARKERS = _words("english_markers")  # words frequent in any English text: English or not
PREPOSITIONS = _words("prepositions")
DETERMINERS = _words("determiners")
PRONOUNS: dict[str, str] = dict(_DATA["pronouns"])  # third-person pronoun -> "f" or "m"
FIRST_PERSON = _words("first_person")
VAGUE_SUBJECTS = _words("vague_subjects")  # subjects a "who" question cannot be asked about: "it", "they", "some"
AUXILIARIES = _words("auxiliaries") | _words("negative_auxiliaries")
NEGATIONS = _words("negations")
IRREGULAR_PAST: dict[str, str] = dict(_DATA["irregular_past"])  # "went" -> "go"
IRREGULAR_PARTICIPLES = _words("irregular_participles")
NOT_PAST = _words("not_past")  # words ending in -ed that are not past verbs
PRESENT_VERBS = _words("present_verbs")
ADVERBS = _words("adverbs")
SPEECH_VERBS = _words("speech_verbs")

PERSON_TITLES = _words("person_titles")
PERSON_NOUNS = _words("person_nouns")
COURTESY_TITLES = _words("courtesy_titles")  # a full name goes without them: no "Ms Helen Varney"
ROLE_NOUNS = _words("role_nouns")
UNIQUE_ROLES = _words("unique_roles")
ORG_WORDS = _words("org_words")
ORG_NOUNS = _words("org_nouns")
WORK_NOUNS = _words("work_nouns")
PLACE_WORDS = _words("place_words")
NON_NAME_WORDS = _words("non_name_words")  # words that make a capitalised run something other than a name
