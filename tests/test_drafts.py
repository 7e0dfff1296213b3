"""`quiz draft`: drafts anchor, pass `quiz check` and the built-in checks, are deterministic and fail cleanly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quiz.cli import main
from quiz.content import load_bank
from quiz.content.text import fold
from quiz.drafts import draft_bank

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "articles").glob("*.md"))
OTHER_TOPICS = sorted((REPO / "tests" / "data" / "drafts").glob("*.md"))  # science, sports, local politics

FRONT = """---
id: {id}
title: "{title}"
outlet: null
author: null
published: null
url: null
language: "{language}"
---

"""
NO_NUMBERS = """The village choir has a new conductor. Margaret Ellis, who taught music at the local school for many
years, took over from Henry Walsh at the start of the autumn term.

Ellis said she wanted the choir to sing more modern pieces. "People think choirs only sing hymns," she said.
"We want to surprise them."

Walsh, who led the choir since it was founded, said he was proud of what the singers had achieved. He will
stay on as a tenor. The choir rehearses in the church hall and welcomes new members of any age.

The parish council thanked Walsh for his service and wished Ellis well in her new role."""
FRENCH = """Le conseil municipal a voté mardi soir la fermeture de la bibliothèque du quartier est. La décision
a été prise par sept voix contre quatre, après six mois de mobilisation des habitants.

« Personne ici ne veut fermer une bibliothèque », a déclaré le maire, qui doit économiser trois millions
d'euros l'an prochain. Les livres seront transférés à la médiathèque centrale."""


SPELLED = {
    2: ["two"],
    3: ["three"],
    4: ["four"],
    5: ["five"],
    6: ["six"],
    7: ["seven"],
    8: ["eight"],
    9: ["nine"],
    10: ["ten"],
    11: ["eleven"],
    12: ["twelve", "dozen"],
}


def run(*args: str):
    """Invoke ``quiz draft`` through Click's runner."""
    return CliRunner().invoke(main, ["draft", *args])


def copy_articles(paths: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(p, folder / p.name)) for p in paths]


def write_article(folder: Path, slug: str, body: str, title: str = "A test article", language: str = "en") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(FRONT.format(id=slug, title=title, language=language) + body + "\n", encoding="utf-8")
    return path


def mentions(haystack: str, needle: str) -> bool:
    """Whole-word, case-insensitive occurrence after folding typography."""
    h, n = fold(haystack).casefold(), fold(needle).casefold()
    return re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", h) is not None


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """Draft the seed articles and the three other-topic articles once (each group in its own folder)."""
    root = tmp_path_factory.mktemp("drafts")
    out = {}
    for name, sources in (("seeds", SEEDS), ("others", OTHER_TOPICS)):
        paths = copy_articles(sources, root / name / "articles")
        target = root / name / "drafts.yaml"
        result = run(*map(str, paths), "-o", str(target), "--report")
        assert result.exit_code == 0, result.output
        out[name] = (target, paths, result)
    return out


def test_the_other_topic_articles_are_long_enough():
    assert len(OTHER_TOPICS) >= 3
    for path in OTHER_TOPICS:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        assert len(body.split()) >= 300, path.name


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_drafts_pass_quiz_check(drafted, group):
    target, _paths, _result = drafted[group]
    result = load_bank(target)
    assert result.ok, [p.format() for p in result.problems]
    assert [p for p in result.problems if p.severity == "warning"] == []
    check = CliRunner().invoke(main, ["check", str(target)])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_each_article_gets_ten_drafts_of_four_types(drafted, group):
    target, paths, _result = drafted[group]
    bank = load_bank(target).bank
    for path in paths:
        article_id = path.stem
        mine = [q for q in bank.questions if article_id in q.articles and q.id.startswith(article_id)]
        assert len(mine) >= 10, (article_id, len(mine))
        assert len({q.type for q in mine}) >= 4, (article_id, sorted({q.type for q in mine}))


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_every_draft_is_marked_and_anchored(drafted, group):
    target, _paths, _result = drafted[group]
    bank = load_bank(target).bank
    raw = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert raw["articles"] == "articles"  # relative to the output file
    for q in bank.questions:
        assert q.status == "draft" and q.rule and q.skill and q.difficulty, q.id
        assert q.sources, q.id
        for anchor in q.sources:
            article = bank.articles[anchor.article]
            assert fold(article.body[anchor.start : anchor.end]) == fold(anchor.quote)
    assert bank.ready == ()  # drafts are never served


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_drafts_pass_the_built_in_checks(drafted, group):
    """The checks of the issue, re-done here from the written bank (what a teacher sees)."""
    target, _paths, _result = drafted[group]
    bank = load_bank(target).bank
    for q in bank.questions:
        passage = " ".join(bank.articles[a.article].body[a.start : a.end] for a in q.sources)
        prompt = q.prompt
        if q.type == "choice":
            folded = [fold(c).casefold() for c in q.choices]
            assert len(set(folded)) == len(folded) >= 3, q.id
            assert q.answer in q.choices, q.id
            assert not mentions(prompt, q.answer), q.id
            for choice in q.choices:
                if choice != q.answer:
                    assert not mentions(passage, choice), (q.id, choice)  # never stated in the source
            if q.rule not in ("who-said-it",):
                assert mentions(passage, q.answer) or q.skill == "read-closely", q.id
        elif q.type == "text":
            assert not any(mentions(prompt, a) for a in q.answers), q.id
            assert any(mentions(passage, a) for a in q.answers), q.id
        elif q.type == "number":
            assert not re.search(rf"(?<![\d,.]){q.answer:g}(?![\d])", prompt.replace(",", "")), q.id
            said = [f"{q.answer:g}", f"{q.answer:,g}", *SPELLED.get(q.answer, ())]
            assert any(mentions(passage, form) for form in said), q.id
        elif q.type == "verdict" and q.answer == "refuted":
            article = bank.articles[q.sources[0].article]
            assert not mentions(article.body, q.claim.rstrip(".")), q.id  # the changed claim is not in it
        elif q.type == "verdict" and q.answer == "not-in-source":
            article = bank.articles[q.sources[0].article]
            assert not mentions(article.body, q.claim.rstrip(".")), q.id


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_report_lists_every_check_and_kept_drafts_pass(drafted, group):
    _target, paths, result = drafted[group]
    report = result.stderr
    for name in ("anchored", "answer-at-source", "answer-not-in-prompt", "distractors", "one-span", "retrieval"):
        assert name in report
    kept = [line for line in report.splitlines() if line.startswith("  kept ")]
    assert len(kept) >= 10 * len(paths)
    assert not any("FAILED" in line for line in kept)
    assert "checks passed (drafts kept): all" in report
    assert re.search(r"summary: \d+ drafts kept of \d+ made", report)


def test_seed_drafts_resolve_or_flag_pronouns(drafted):
    target, _paths, _result = drafted["seeds"]
    bank = load_bank(target).bank
    for q in bank.questions:
        text = q.claim or q.prompt
        if re.match(r"(Fill in the blank: )?(She|He|Her|His)\b", text):
            assert any("pronoun" in r for r in q.review), q.id
    milano = [q for q in bank.questions if "Alyssa Milano" in (q.claim or q.prompt)]
    assert len(milano) >= 5  # "she" became the article's main person


def test_seed_drafts_include_the_issue_examples(drafted):
    target, _paths, _result = drafted["seeds"]
    bank = load_bank(target).bank
    by_answer = {}
    for q in bank.questions:
        by_answer.setdefault(str(q.answer if q.answer is not None else q.answers[:1]), []).append(q)
    numbers = [q for q in bank.questions if q.type in ("number", "choice") and str(q.answer) == "63"]
    assert numbers  # "one of the 63 republicans": no question moves out of "one of", so a gap-fill asks it
    assert any(q.type == "verdict" and q.answer == "refuted" for q in bank.questions)
    assert any(q.type == "verdict" and q.answer == "not-in-source" for q in bank.questions)
    others = load_bank(drafted["others"][0]).bank
    assert any(q.rule == "who-said-it" for q in others.questions)  # the seeds quote only Alyssa Milano


QUESTION_FRONT = re.compile(
    r"(According to [^,]+, )?((In|On|For|From|By|At|To|With|About) )?"
    r"(Who|Whom|Whose|Which|What|When|Where|How|Why|Is|Are|Was|Were|Do|Does|Did|Has|Have|Had|Can|Could|Will|Would)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_questions_have_their_question_word_in_front(drafted, group):
    """ "Doyle made how many saves?" becomes "How many saves did Doyle make?", or no question is made."""
    bank = load_bank(drafted[group][0]).bank
    asked = [q.prompt for q in bank.questions if q.prompt and q.prompt.endswith("?") and "_____" not in q.prompt]
    assert asked
    for prompt in asked:
        assert QUESTION_FRONT.match(prompt), prompt


NEGATIVE = re.compile(r"n't\b|\b(not|never|no)\b", re.IGNORECASE)  # "Sorry Not Sorry" counts too


def by_article(bank) -> dict[str, list]:
    out: dict[str, list] = {}
    for q in bank.questions:
        out.setdefault(q.sources[0].article, []).append(q)
    return out


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_refuted_and_negated_claims_are_balanced(drafted, group):
    """Per article: a "not" in a claim is no sign that it is false."""
    bank = load_bank(drafted[group][0]).bank
    for article, questions in by_article(bank).items():
        claims = [q for q in questions if q.type in ("verdict", "truefalse") and NEGATIVE.search(q.claim or q.prompt)]
        refuted = [q for q in claims if verdict_of(q) == "refuted"]
        assert len(refuted) <= len(claims) - len(refuted), (article, [q.claim or q.prompt for q in refuted])
    seeds = load_bank(drafted["seeds"][0]).bank
    true_negated = [q for q in seeds.questions if q.type in ("verdict", "truefalse") and verdict_of(q) == "supported"]
    assert any(NEGATIVE.search(q.claim or q.prompt) for q in true_negated)


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_verdicts_are_balanced_per_article(drafted, group):
    """True and false claims within one of each other (1 + LOOSE when only that lets a new sentence in);
    not-in-source no commoner than the rarer of them."""
    from quiz.drafts.rank import LOOSE

    bank = load_bank(drafted[group][0]).bank
    for article, questions in by_article(bank).items():
        answers = [verdict_of(q) for q in questions if q.type in ("verdict", "truefalse")]
        supported, refuted, absent = (answers.count(a) for a in ("supported", "refuted", "not-in-source"))
        assert abs(supported - refuted) <= 1 + LOOSE, (article, supported, refuted)
        assert absent <= max(1, min(supported, refuted)), (article, absent)
        assert supported >= 1 and refuted >= 1, article
        if group == "seeds":  # each has two other articles to borrow claims from
            assert absent >= 1, article


def verdict_of(q) -> str:
    """A verdict's answer; a true-or-false statement counts as supported (true) or refuted (false)."""
    if q.type == "truefalse":
        return "supported" if q.answer else "refuted"
    return q.answer


def test_seed_verdicts_before_and_after_balance(drafted):
    """Each seed article's drafts: about as many true claims as false ones (the bank was 13 to 5)."""
    from quiz.drafts.rank import LOOSE

    bank = load_bank(drafted["seeds"][0]).bank
    by_article: dict[str, list[str]] = {}
    for q in bank.questions:
        if q.type in ("verdict", "truefalse"):
            by_article.setdefault(q.sources[0].article, []).append(verdict_of(q))
    assert len(by_article) == 3
    for article, answers in by_article.items():
        supported, refuted = answers.count("supported"), answers.count("refuted")
        assert abs(supported - refuted) <= 1 + LOOSE and refuted >= 2, (article, supported, refuted)


def sentence_of(bank, anchor) -> str:
    return " ".join(bank.articles[anchor.article].body[anchor.start : anchor.end].split())


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_supported_claims_are_light_paraphrases(drafted, group):
    """Most true claims are not their sentence word for word, and those that are rewritten say so in the
    drafter (``rewrites``) and differ from the sentence."""
    bank = load_bank(drafted[group][0]).bank
    supported = [q for q in bank.questions if q.type == "verdict" and q.answer == "supported"]
    same = [q for q in supported if fold(q.claim) == fold(sentence_of(bank, q.sources[0]))]
    assert len(same) <= len(supported) // 3, [q.claim for q in same]
    run_result = draft_bank(list(drafted[group][1]))
    rewritten = [d for d in run_result.drafts if d.type == "verdict" and d.rewrites]
    assert rewritten
    for d in rewritten:
        source = " ".join(d.sources[0].quote.split())
        assert fold(d.fields["claim"]) != fold(source), d.id


def test_supported_claims_never_come_from_the_standfirst(drafted):
    bank = load_bank(drafted["seeds"][0]).bank
    for q in bank.questions:
        if q.type == "verdict" and q.answer == "supported":
            article = bank.articles[q.sources[0].article]
            first = next(article.body[a:b] for a, b in article.paragraphs if len(article.body[a:b].split()) > 5)
            assert " ".join(first.split()) != sentence_of(bank, q.sources[0]), q.id


QUOTED = re.compile("\u201c([^\u201c\u201d]+)\u201d")


def loose(text: str) -> str:
    """Folded, lower-case, single quotes for double ones, no ellipses: how an explanation quotes a text."""
    return " ".join(fold(text).casefold().replace('"', "'").replace("\u2026", " ").split())


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_explanations_quote_the_deciding_words(drafted, group):
    """A teacher's sentence, not a template; what it quotes is in the article; for a typed or chosen
    answer, the quoted words hold the answer."""
    bank = load_bank(drafted[group][0]).bank
    titles = {loose(a.title) for a in bank.articles.values()}
    for q in bank.questions:
        explain = q.explain
        assert not explain.startswith(("The answer is", "The article says so:")), q.id
        quoted = [m for m in QUOTED.findall(explain) if loose(m) not in titles]
        if q.type == "verdict" and q.answer == "not-in-source":
            assert "never mentions" in explain, q.id  # nothing to quote: it says what is missing
            continue
        assert quoted, q.id
        body = loose(bank.articles[q.sources[0].article].body)
        for text in quoted:
            for piece in (p.strip(" ,.") for p in text.split("\u2026")):
                assert not piece or loose(piece) in body, (q.id, piece)
        if q.type in ("choice", "text", "number") and q.rule not in ("who-said-it", "post-date"):
            forms = [str(q.answer), str(q.answer).split()[-1]] if q.type == "choice" else list(q.answers or [])
            if q.type == "number":
                forms = [f"{q.answer:g}", f"{q.answer:,g}", *SPELLED.get(q.answer, ())]
            assert any(mentions(" ".join(quoted), f) for f in forms), (q.id, quoted)
        whole = loose(sentence_of(bank, q.sources[0]))
        if q.type != "evidence" and len(whole.split()) > 12:
            assert all(loose(t) != whole for t in quoted), q.id  # the deciding words, not the sentence


def test_who_said_it_offers_other_speakers_from_the_article(drafted):
    seeds = load_bank(drafted["seeds"][0]).bank
    # Alyssa Milano is the only person quoted in the seed articles: "who said it?" would be a giveaway
    assert not [q for q in seeds.questions if q.rule == "who-said-it" and q.answer == "Alyssa Milano"]
    others = load_bank(drafted["others"][0]).bank
    said = [q for q in others.questions if q.rule == "who-said-it"]
    assert said
    for q in said:
        body = others.articles[q.sources[0].article].body
        outsiders = [c for c in q.choices if not mentions(body, c.split()[-1])]
        assert len(outsiders) <= 1, (q.id, outsiders)  # people from the same article first ...
        for name in outsiders:  # ... and one from another article only when it has no one else, flagged
            assert any(name in r and "not named in this article" in r for r in q.review), (q.id, q.review)


def test_no_question_whose_answer_is_the_article_subject(drafted):
    bank = load_bank(drafted["seeds"][0]).bank
    for q in bank.questions:
        if q.type == "choice":
            assert q.answer != "Alyssa Milano", q.id
        if q.type == "text":
            assert "Alyssa Milano" not in q.answers, q.id


RELATIVE = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|in recent \w+)\b", re.I)


@pytest.mark.parametrize("group", ["seeds", "others"])
def test_relative_dates_are_flagged_and_dropped_from_claims(drafted, group):
    bank = load_bank(drafted[group][0]).bank
    for q in bank.questions:
        shown = q.claim or q.prompt
        if RELATIVE.search(shown):
            assert any(r.startswith("relative date") for r in q.review), q.id
    seeds = load_bank(drafted["seeds"][0]).bank
    variety = [q for q in seeds.questions if "Variety" in (q.claim or q.prompt)]  # from "Just Thursday, Variety..."
    assert variety
    assert all("Just Thursday" not in (q.claim or q.prompt) for q in variety)


def test_determinism_byte_identical(tmp_path):
    paths = copy_articles(SEEDS, tmp_path / "articles")
    first = run(*map(str, paths))
    second = run(*map(str, paths))
    assert first.exit_code == 0 and second.exit_code == 0
    assert first.stdout and first.stdout == second.stdout
    out1, out2 = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run(*map(str, paths), "-o", str(out1)).exit_code == 0
    assert run(*map(str, paths), "-o", str(out2)).exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()


def test_determinism_across_processes_and_hash_seeds(tmp_path):
    paths = copy_articles(SEEDS, tmp_path / "articles")
    code = "import sys; from quiz.cli import main; sys.argv = ['quiz', *sys.argv[1:]]; main()"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, "draft", *map(str, paths), "-n", "0"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0]


def test_stdout_bank_points_at_the_articles_from_the_working_directory(tmp_path, monkeypatch):
    paths = copy_articles(OTHER_TOPICS[:1], tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    result = run(str(paths[0]))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["title"].startswith("Drafts: ")
    assert data["articles"] == "news"
    assert all(q["status"] == "draft" for q in data["questions"])


def test_max_and_types_options(tmp_path):
    paths = copy_articles(OTHER_TOPICS, tmp_path / "articles")
    out = tmp_path / "d.yaml"
    result = run(*map(str, paths), "-n", "5", "--types", "verdict,number", "-o", str(out))
    assert result.exit_code == 0, result.output
    bank = load_bank(out).bank
    assert {q.type for q in bank.questions} <= {"verdict", "number"}
    for path in paths:
        assert 1 <= sum(q.id.startswith(path.stem) for q in bank.questions) <= 5


def test_unknown_type_is_a_usage_error(tmp_path):
    paths = copy_articles(OTHER_TOPICS[:1], tmp_path / "articles")
    result = run(str(paths[0]), "--types", "choice,essay")
    assert result.exit_code == 2
    assert "essay" in result.output and "Traceback" not in result.output


def test_empty_article_is_a_clean_error(tmp_path):
    path = write_article(tmp_path / "articles", "empty", "")
    result = run(str(path))
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: error: the article has no text", result.stderr)
    assert result.stdout == "" and "Traceback" not in result.output


def test_missing_file_and_missing_front_matter(tmp_path):
    missing = tmp_path / "nope.md"
    result = run(str(missing))
    assert result.exit_code == 1
    assert f"{missing}:1:1: error: no such file" in result.stderr
    bare = tmp_path / "bare.md"
    bare.write_text("Just some text without any front matter.\n", encoding="utf-8")
    result = run(str(bare))
    assert result.exit_code == 1
    assert f"{bare}:1:1: error: an article starts with a '---' line" in result.stderr
    assert "Traceback" not in result.output


def test_one_bad_file_among_good_ones_still_drafts_the_good(tmp_path):
    paths = copy_articles(OTHER_TOPICS[:1], tmp_path / "articles")
    out = tmp_path / "d.yaml"
    result = run(str(paths[0]), str(tmp_path / "articles" / "missing.md"), "-o", str(out))
    assert result.exit_code == 1
    assert "missing.md:1:1: error: no such file" in result.stderr
    assert load_bank(out).ok


def test_article_without_numbers(tmp_path):
    path = write_article(tmp_path / "articles", "choir", NO_NUMBERS, "Village choir gets a new conductor")
    out = tmp_path / "d.yaml"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "no numbers or dates found" in result.stderr
    bank = load_bank(out).bank
    assert bank.questions and "number" not in {q.type for q in bank.questions}
    assert load_bank(out).ok


@pytest.mark.parametrize("language", ["fr", "en"])
def test_non_english_article_is_refused_cleanly(tmp_path, language):
    path = write_article(tmp_path / "articles", "conseil", FRENCH, "Fermeture de la bibliothèque", language)
    result = run(str(path))
    assert result.exit_code == 1
    assert "only knows English" in result.stderr
    assert f"{path}:1:1: error:" in result.stderr and "Traceback" not in result.output


def test_very_long_article(tmp_path):
    paragraphs = []
    for path in OTHER_TOPICS:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
    body = []
    for round_ in range(12):  # ~12,000 words, with the numbers changed in each round
        for para in paragraphs:
            body.append(re.sub(r"\b(\d{1,3})\b", lambda m, r=round_: str(int(m.group(1)) + r + 1), para))
    path = write_article(tmp_path / "articles", "long", "\n\n".join(body), "A very long article")
    out = tmp_path / "d.yaml"
    result = run(str(path), "-o", str(out), "-n", "30")
    assert result.exit_code == 0, result.output
    loaded = load_bank(out)
    assert loaded.ok, [p.format() for p in loaded.problems][:5]
    assert 10 <= len(loaded.bank.questions) <= 30


def test_corpus_folder_supplies_not_in_source_claims(tmp_path):
    seeds = copy_articles(SEEDS, tmp_path / "articles")
    target = next(p for p in seeds if p.stem == "sbs-milano-politics")
    out = tmp_path / "d.yaml"
    result = run(str(target), "--articles", str(tmp_path / "articles"), "-o", str(out), "-n", "0")
    assert result.exit_code == 0, result.output
    bank = load_bank(out).bank
    absent = [q for q in bank.questions if q.type == "verdict" and q.answer == "not-in-source"]
    assert absent
    body = bank.articles["sbs-milano-politics"].body
    for q in absent:
        assert q.sources[0].article == "sbs-milano-politics"
        assert not mentions(body, q.claim.rstrip("."))
    alone = run(str(target), "-n", "0")
    assert "not-in-source" not in alone.stdout  # no other article given: nothing to borrow from


PARAPHRASE_ARTICLE = """Mayor Jane Holt opened the new Riverside bridge on Monday, the first in the town for 40 years.

Holt has led the council since 2019. She grew up in the town and she still lives near the river.

Just last week, Holt also announced a plan to build 240 new homes near the station.

Even more impressive, she was also the first mayor of the town to cycle to work every day.

Councillor Tom Reed, who chairs the housing committee, said the plan was welcome. He voted against the
budget in March 2023.

"I think the bridge will change the town for good," Holt said.

Holt acknowledged the cost of the project. The council approved the budget, ending a long dispute over
funding for the bridge.

The old ferry, which closed in 2015, carried about 300 people a day before the bridge opened."""


@pytest.fixture(scope="module")
def paraphrased(tmp_path_factory):
    """Every verdict drafted from a small article written to exercise each paraphrase rule."""
    folder = tmp_path_factory.mktemp("paraphrase")
    path = write_article(folder, "bridge", PARAPHRASE_ARTICLE, "Mayor Jane Holt opens Riverside bridge")
    result = draft_bank([path], limit=None)
    drafts = result.results[0].generated
    return {(d.rule, d.fields.get("answer"), d.fields.get("claim")) for d in drafts if d.type == "verdict"}, drafts


@pytest.mark.parametrize(
    ("rule", "answer", "claim"),
    [
        # an opening time phrase and "also" dropped; the name given in full
        ("verdict-supported", "supported", "Jane Holt announced a plan to build 240 new homes near the station."),
        # an opening aside dropped and the pronoun resolved
        ("verdict-supported", "supported", "Jane Holt was the first mayor of the town to cycle to work every day."),
        # a non-restrictive aside dropped ...
        ("verdict-supported", "supported", "Councillor Tom Reed said the plan was welcome."),
        # ... and made a claim of its own
        ("verdict-supported", "supported", "Tom Reed chairs the housing committee."),
        # a trailing participle clause dropped
        ("verdict-supported", "supported", "The council approved the budget."),
        # direct speech as reported speech, the verb agreeing with its new subject
        ("verdict-supported", "supported", "Jane Holt said she thinks the bridge will change the town for good."),
        # true claims with a "not" in them
        ("verdict-supported", "supported", "Jane Holt did not deny the cost of the project."),
        ("verdict-supported", "supported", "Tom Reed did not vote for the budget in March 2023."),
        # refuted claims are the same paraphrase with one span changed
        (
            "verdict-opposite",
            "refuted",
            "The old ferry, which opened in 2015, carried about 300 people a day before the bridge opened.",
        ),
        ("verdict-negation", "refuted", "Jane Holt did not acknowledge the cost of the project."),
    ],
)
def test_paraphrase_rules(paraphrased, rule, answer, claim):
    claims, _drafts = paraphrased
    assert (rule, answer, claim) in claims, sorted(c for r, a, c in claims if a == answer)


def test_paraphrased_claims_differ_from_their_sentence_and_refuted_ones_by_one_span(paraphrased):
    _claims, drafts = paraphrased
    verdicts = [d for d in drafts if d.type == "verdict" and d.fields["answer"] != "not-in-source"]
    assert verdicts
    for d in verdicts:
        if d.rewrites:
            assert fold(d.fields["claim"]) != fold(d.sources[0].quote), d.fields["claim"]
        if d.fields["answer"] == "refuted":
            assert d.checks["one-span"] is True, (d.fields["claim"], d.check_notes)
        assert not d.explain.startswith("The answer is"), d.explain


def test_n_0_keeps_every_draft_that_passes_its_checks(tmp_path):
    """`quiz draft -n 0` says "all that pass the checks": the variety rules order them, they drop none."""
    article = Path(__file__).resolve().parents[1] / "articles" / "milano-endorsements-2024.md"
    run = draft_bank([article], limit=None)
    (result,) = run.results
    assert len(result.kept) == sum(d.passed for d in result.generated) > 20
    assert len({d.id for d in result.kept}) == len(result.kept)
    out = tmp_path / "all.yaml"
    out.write_text(run.text, encoding="utf-8")
    checked = load_bank(out, articles_dir=article.parent)
    assert checked.ok and len(checked.bank.questions) == len(result.kept)
