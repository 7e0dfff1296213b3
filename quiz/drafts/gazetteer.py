"""Place names and given names (``quiz/data/drafting/places.yaml``, ``given-names.txt``) behind the guesses."""

from __future__ import annotations

from .wordlists import lines, table

_PLACES = table("places.yaml")

# A city's country (the cities listed without one are absent).
COUNTRY_OF: dict[str, str] = {city: country for country, cities in _PLACES["cities"].items() for city in cities}
CITIES: list[str] = [*COUNTRY_OF, *_PLACES["cities_without_country"]]
DEMONYMS: dict[str, str] = dict(_PLACES["demonyms"])  # "English" -> "England"
WITH_THE: set[str] = set(_PLACES["with_the"])  # "the United States", "the Netherlands"
_BY_KIND = {"state": _PLACES["us_states"], "country": _PLACES["countries"], "city": CITIES, "place": _PLACES["regions"]}
PLACE_KIND = {name: kind for kind, names in _BY_KIND.items() for name in names}  # a name in two lists: the later kind

# Common given names: one cue (among several) that a capitalised pair is a person.
GIVEN_NAMES = lines("given-names.txt")
