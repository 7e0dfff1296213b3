"""The nickname filter: run-together words, look-alike digits and repeated letters refused, ordinary names let in."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.paths import read_word_list
from quiz.services import nicknames

DATA = Path(__file__).resolve().parent / "data"
REFUSED = "Please choose another nickname."


def names(file: str) -> list[str]:
    lines = (DATA / file).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_both_lists_are_long_and_distinct():
    refused, allowed = names("nicknames-refused.txt"), names("nicknames-allowed.txt")
    assert len(refused) >= 40 and len(allowed) >= 40
    assert not set(refused) & set(allowed)
    assert {"BigDick", "B1gD1ck", "Shithead", "Fuckface"} <= set(refused)
    assert {"Dickens", "Scunthorpe", "Student 455", "Group 717"} <= set(allowed)


@pytest.mark.parametrize("nickname", names("nicknames-refused.txt"))
def test_offensive_nicknames_are_refused(nickname):
    assert nicknames.problem(nicknames.clean(nickname)) == REFUSED


@pytest.mark.parametrize("nickname", names("nicknames-allowed.txt"))
def test_ordinary_names_and_numbers_are_let_in(nickname):
    assert nicknames.problem(nicknames.clean(nickname)) is None


def test_every_generated_name_passes_the_filter_and_there_are_enough():
    adjectives, animals = read_word_list("nickname-adjectives.txt"), read_word_list("nickname-animals.txt")
    assert nicknames.name_space() >= 20_000  # 300 joining at once draw about 2 clashes, all retried
    offensive = [f"{a} {b}" for a in adjectives for b in animals if nicknames.problem(f"{a} {b}")]
    assert offensive == []
