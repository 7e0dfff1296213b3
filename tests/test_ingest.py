"""Turning pasted text and saved web pages into article files (quiz.content.ingest)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from quiz.content.articles import parse_article
from quiz.content.ingest import (
    EXTRACTED_WARNING,
    ONE_PARAGRAPH_WARNING,
    ArticleDraft,
    IngestError,
    article_from_html,
    article_from_text,
    decode_html,
    slugify,
    split_paragraphs,
)
from quiz.content.problems import Report

DATA = Path(__file__).parent / "data"
NEWS_PAGE = (DATA / "news-page.html").read_bytes()
PLAIN_PAGE = (DATA / "plain-page.html").read_bytes()

NEWS_PARAGRAPHS = [
    "Millbrook Town Council approved its £4.2 million budget for 2024-25 on Thursday night, after a debate "
    "that ran for more than four hours and ended with a vote of seven to four.",
    "The budget raises the council's share of the local tax bill by 3.5 per cent, which the treasurer, "
    "Graham Ellery, said would add about £6.20 a year to the bill of an average Band D home.",
    "Most of the argument was about the Station Road library. An earlier draft had cut its opening hours from "
    "six days a week to four, but councillors restored the fifth day after a petition signed by 1,137 residents "
    "was handed in at the start of the meeting.",
    '"We heard the town loud and clear," said the council leader, Marian Whitcombe. "A library that is shut half '
    'the week is a library people stop using."',
    "Opposition councillors said the money for the library had been found by delaying road repairs. Councillor "
    "Dev Anand, who voted against the budget, said the repairs to Mill Lane and Quarry Hill had now been put off "
    "for a second year running.",
    "The council will spend £310,000 on road maintenance next year, down from £355,000 this year. Mr Ellery said "
    "the difference would be made up if a bid to the county's highways fund succeeded in the summer.",
    "The new budget takes effect on 1 April. A recording of the meeting is available from the town hall on request.",
]
# text on the fixture page that is not the article: it must never reach the body
NOT_ARTICLE = [
    "MUST NOT APPEAR",
    "alert",
    "dataLayer",
    "Advertisement",
    "Garden Centre",
    "Sponsored",
    "Subscribe",
    "Most read",
    "Footbridge",
    "All rights reserved",
    "Privacy",
    "Local Democracy Reporter",
]


def parsed(draft: ArticleDraft):
    """The draft written as a file and read back by the repository's own parser, with no problems."""
    text = draft.to_markdown()
    article, report = parse_article(text, Report(draft.filename), default_id=draft.id)
    assert report.problems == [], [p.format() for p in report.problems]
    assert article is not None
    for name in ("id", "title", "outlet", "author", "published", "url", "language", "note", "body"):
        assert getattr(article, name) == getattr(draft, name), name
    return article


def test_the_module_does_not_import_flask_or_a_database():
    tree = ast.parse(Path("quiz/content/ingest.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name.split(".")[0] for name in imported} & {"flask", "sqlalchemy", "flask_wtf"}


# --- split_paragraphs ------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs():
    text = "First paragraph.\n\nSecond paragraph.\n\n\n\nThird paragraph."
    assert split_paragraphs(text) == ["First paragraph.", "Second paragraph.", "Third paragraph."]


def test_windows_line_endings_trailing_spaces_and_blank_lines_of_spaces():
    text = "  First paragraph.   \r\n \t \r\nSecond paragraph.\t\r\n\r\n"
    assert split_paragraphs(text) == ["First paragraph.", "Second paragraph."]


def test_single_line_breaks_inside_blank_line_paragraphs_are_kept():
    # a post quoted line by line stays line by line
    text = "He posted:\n\nShould I run?\nI think so.\n\nThat was in 2021."
    assert split_paragraphs(text) == ["He posted:", "Should I run?\nI think so.", "That was in 2021."]


def test_without_blank_lines_each_line_is_a_paragraph():
    text = (
        "The council met on Thursday.\nThe budget passed.\n“We heard you,” said the leader.\nIt takes effect in April."
    )
    assert split_paragraphs(text) == [
        "The council met on Thursday.",
        "The budget passed.",
        "“We heard you,” said the leader.",
        "It takes effect in April.",
    ]


def test_hard_wrapped_lines_are_rejoined():
    text = (
        "The council met on Thursday and\n"
        "agreed the budget after a long\n"
        "debate.\n"
        "The leader said it was a well-\n"
        "known problem.\n"
        "Opposition members disagreed."
    )
    assert split_paragraphs(text) == [
        "The council met on Thursday and agreed the budget after a long debate.",
        "The leader said it was a well-known problem.",
        "Opposition members disagreed.",
    ]


def test_a_line_ending_a_sentence_or_a_quote_is_not_joined_to_a_lowercase_line():
    text = 'She said: "Not yet."\nmeanwhile, the vote went ahead.\nIt ended 7-4;\nlater the leader spoke.'
    assert split_paragraphs(text) == [
        'She said: "Not yet."',
        "meanwhile, the vote went ahead.",
        "It ended 7-4;",
        "later the leader spoke.",
    ]


def test_a_line_followed_by_a_capital_is_a_new_paragraph_even_without_a_full_stop():
    assert split_paragraphs("Budget approved\nThe council voted") == ["Budget approved", "The council voted"]


def test_runs_of_spaces_inside_a_line_collapse_but_other_characters_stay():
    text = "Two  spaces\tand a tab.   £4.2\u00a0million “quoted” — dash’s.\n\nNext."
    assert split_paragraphs(text) == ["Two spaces and a tab. £4.2\u00a0million “quoted” — dash’s.", "Next."]


def test_control_characters_and_a_byte_order_mark_are_dropped():
    assert split_paragraphs("\ufeffOne\x00 two\x07.\u2029Three.") == ["One two.", "Three."]


def test_nothing_but_white_space_is_no_paragraphs():
    assert split_paragraphs(" \n\r\n\t ") == []


# --- slugify ---------------------------------------------------------------------------------


def test_slug_from_a_title():
    assert slugify("Millbrook council approves £4.2m budget!") == "millbrook-council-approves-4-2m-budget"
    assert slugify("Alyssa Milano’s politics: a “run”?") == "alyssa-milanos-politics-a-run"
    assert slugify("Café déjà vu") == "cafe-deja-vu"


def test_slug_is_never_empty():
    assert slugify("!!!") == "article"
    assert slugify("数学の記事") == "article"
    assert slugify("") == "article"


def test_long_slugs_are_cut_between_words():
    slug = slugify("The council approved its budget after a debate that ran for more than four hours on Thursday")
    assert len(slug) <= 60
    assert slug == "the-council-approved-its-budget-after-a-debate-that-ran-for"
    assert len(slugify("x" * 100)) == 60


def test_slug_collisions_get_a_number():
    assert slugify("Budget vote", taken={"budget-vote"}) == "budget-vote-2"
    assert slugify("Budget vote", taken={"budget-vote", "budget-vote-2"}) == "budget-vote-3"
    assert slugify("Budget vote", taken=["other"]) == "budget-vote"
    long = slugify("x" * 100)
    again = slugify("x" * 100, taken={long})
    assert again.endswith("-2") and len(again) <= 60 and again != long


# --- article_from_text -----------------------------------------------------------------------


def test_article_from_pasted_text_with_all_metadata():
    draft = article_from_text(
        "First paragraph.\n\nSecond paragraph.",
        "  Budget   approved ",
        outlet="The Millbrook Courier",
        author="Priya Okonjo",
        published="2024-03-14",
        url="https://www.millbrook-courier.example/news/budget",
    )
    assert draft.id == "budget-approved"
    assert draft.title == "Budget approved"
    assert draft.body == "First paragraph.\n\nSecond paragraph."
    assert draft.note is None  # nothing unknown, nothing to say
    assert draft.warnings == []
    article = parsed(draft)
    assert article.paragraphs == ((0, 16), (18, 35))


def test_only_the_title_is_required_and_the_note_names_what_is_unknown():
    draft = article_from_text("One.\nTwo.", "Budget approved", author="Priya Okonjo")
    assert (draft.outlet, draft.published, draft.url) == (None, None, None)
    assert draft.note == "Outlet, date and address (URL) unknown: none were given with the text."
    parsed(draft)
    one = article_from_text("One.\nTwo.", "T", outlet="O", published="2024-01-02", url="http://x.example/")
    assert one.note == "Author unknown: none was given with the text."
    parsed(one)


def test_one_paragraph_is_warned_about():
    draft = article_from_text("A long text pasted without any of its line breaks. It goes on and on.", "Budget")
    assert draft.warnings == [ONE_PARAGRAPH_WARNING]
    parsed(draft)


def test_published_accepts_dates_and_date_times():
    assert article_from_text("x", "t", published=dt.date(2024, 2, 29)).published == "2024-02-29"
    assert article_from_text("x", "t", published="2024-03-14T21:40:00+00:00").published == "2024-03-14"
    assert article_from_text("x", "t", published=" ").published is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "Text.", "title": "  "}, "The article needs a title."),
        ({"body": " \n\n ", "title": "Budget"}, "The article has no text: paste the article's text."),
        (
            {"body": "Text.", "title": "Budget", "published": "14/03/2024"},
            '"14/03/2024" is not a date: write it like 2024-03-14 (year-month-day).',
        ),
        (
            {"body": "Text.", "title": "Budget", "published": "2023-02-29"},
            '"2023-02-29" is not a date: write it like 2024-03-14 (year-month-day).',
        ),
        (
            {"body": "Text.", "title": "Budget", "url": "ftp://example.org/a"},
            "The address must be a web address starting with http:// or https://.",
        ),
        (
            {"body": "Text.", "title": "Budget", "url": "javascript:alert(1)"},
            "The address must be a web address starting with http:// or https://.",
        ),
        (
            {"body": "Text.", "title": "Budget", "article_id": "Not A Slug"},
            "An article id is lowercase letters, digits and dashes, like city-budget-2024.",
        ),
        (
            {"body": "Text.", "title": "Budget", "article_id": "budget", "taken": {"budget"}},
            'The article id "budget" is already used by another article.',
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(kwargs, message):
    with pytest.raises(IngestError) as caught:
        article_from_text(**kwargs)
    assert caught.value.message == message


def test_titles_and_metadata_with_yaml_characters_survive():
    title = 'Budget: "yes" or no? #1 --- null & 2024-01-01'
    draft = article_from_text(
        "Body: with a colon.\n\n---\n\nA line of dashes above.",
        title,
        outlet="'Courier' #1",
        author="O'Brien, Jr.: reporter",
        taken={"budget-yes-or-no-1-null-2024-01-01"},
    )
    assert draft.id == "budget-yes-or-no-1-null-2024-01-01-2"
    article = parsed(draft)
    assert article.title == title


def test_a_given_article_id_is_used():
    draft = article_from_text("Text.", "Budget", article_id="millbrook-budget-2024")
    assert draft.id == "millbrook-budget-2024" and draft.filename == "millbrook-budget-2024.md"
    parsed(draft)


def test_a_draft_built_by_hand_still_says_what_is_unknown():
    draft = ArticleDraft(id="by-hand", title="By hand", author="A. Person", body="Text.")
    assert "Outlet, date and address (URL) unknown" in draft.to_markdown()
    with pytest.raises(IngestError):
        ArticleDraft(id="Bad Id", title="t", body="x").to_markdown()
    with pytest.raises(IngestError):
        ArticleDraft(id="empty", title="t", body=" ").to_markdown()


# --- article_from_html -----------------------------------------------------------------------


def test_a_news_page_gives_its_metadata_and_paragraphs():
    draft = article_from_html(NEWS_PAGE, url="https://www.millbrook-courier.example/news/budget?utm_source=x")
    assert draft.title == "Millbrook council approves £4.2m budget after late-night vote"
    assert draft.outlet == "The Millbrook Courier"
    assert draft.author == "Priya Okonjo"
    assert draft.published == "2024-03-14"
    assert draft.url == "https://www.millbrook-courier.example/news/2024/03/14/council-budget-vote"  # canonical
    assert draft.language == "en"
    assert draft.id == "millbrook-council-approves-4-2m-budget-after-late-night-vote"
    assert draft.paragraphs == NEWS_PARAGRAPHS  # the headline is the title, not a paragraph
    assert draft.note is None
    assert draft.warnings == [EXTRACTED_WARNING]
    for text in NOT_ARTICLE:
        assert text not in draft.body
    parsed(draft)


def test_scripts_styles_handlers_and_comments_never_reach_the_body():
    page = b"""<!doctype html><html><head><title>Harbour wall repaired</title>
    <style>p { color: red } /* STYLE */</style><script>alert(1)</script></head>
    <body onload="alert('onload')"><article>
    <p onclick="alert(3)">The harbour wall was repaired over the winter at a cost of ninety thousand pounds,
    the harbour master said on Monday.</p>
    <script>alert(1)</script><noscript>NOSCRIPT text</noscript>
    <!-- COMMENT text -->
    <p>Boats will be able to moor along the full length of the wall again from the first of May this year.</p>
    <iframe src="https://ads.example/">IFRAME text</iframe>
    <p>The work was paid for by the town council and a grant from the county's coastal fund.</p>
    </article></body></html>"""
    draft = article_from_html(page)
    assert len(draft.paragraphs) == 3
    for text in ("alert", "onload", "onclick", "STYLE", "color", "NOSCRIPT", "COMMENT", "IFRAME", "<", ">"):
        assert text not in draft.body
    parsed(draft)


def test_metadata_the_page_does_not_give_stays_unknown():
    draft = article_from_html(PLAIN_PAGE)
    assert draft.title == "Allotment waiting list reopens in Bramley"
    assert (draft.outlet, draft.author, draft.published, draft.url) == (None, None, None, None)
    assert draft.note == "Outlet, author, date and address (URL) unknown: the page does not give them."
    assert len(draft.paragraphs) == 5
    assert "© 2023" not in draft.body and "Notices" not in draft.body
    parsed(draft)


def test_the_site_name_is_not_guessed_from_the_address():
    draft = article_from_html(PLAIN_PAGE, url="https://www.bramley-parish.example/notices/allotments")
    assert draft.url == "https://www.bramley-parish.example/notices/allotments"
    assert draft.outlet is None  # trafilatura would fall back to "bramley-parish.example"
    assert draft.note == "Outlet, author and date unknown: the page does not give them."
    parsed(draft)


def test_one_unknown_field_is_named_alone():
    page = NEWS_PAGE.replace(b'<meta name="author" content="Priya Okonjo">', b"")
    page = page.replace(b'By <span class="author">Priya Okonjo</span>, Local Democracy Reporter', b"")
    draft = article_from_html(page)
    assert draft.author is None
    assert draft.note == "Author unknown: the page does not name one."
    parsed(draft)


def test_line_breaks_lists_subheadings_and_quotes_keep_their_shape():
    page = """<!doctype html><html lang="fr-FR"><head><meta charset="utf-8"><title>Le café rouvre</title></head>
    <body><article><h1>Le café rouvre</h1>
    <p>Le café de la place rouvre lundi, après six mois de travaux qui ont coûté 40&nbsp;000 euros au total.</p>
    <h2>Une terrasse plus grande</h2>
    <p>La terrasse passe de dix à vingt tables, et le propriétaire dit que les habitants l'attendaient.</p>
    <p>Adresse :<br>12 place du Marché<br>Bramley</p>
    <ul><li>Ouvert du lundi au samedi, de huit heures à dix-neuf heures.</li>
    <li>Fermé le dimanche et les jours fériés de l'année.</li></ul>
    <blockquote><p>Nous sommes très heureux de revenir enfin sur la place, a dit la gérante.</p></blockquote>
    </article></body></html>"""
    draft = article_from_html(page)
    assert draft.language == "fr"
    assert draft.paragraphs == [
        # HTML white space, &nbsp; included, is what a reader sees: a space
        "Le café de la place rouvre lundi, après six mois de travaux qui ont coûté 40 000 euros au total.",
        "Une terrasse plus grande",
        "La terrasse passe de dix à vingt tables, et le propriétaire dit que les habitants l'attendaient.",
        "Adresse :\n12 place du Marché\nBramley",
        "Ouvert du lundi au samedi, de huit heures à dix-neuf heures.",
        "Fermé le dimanche et les jours fériés de l'année.",
        "Nous sommes très heureux de revenir enfin sur la place, a dit la gérante.",
    ]
    parsed(draft)


def test_the_page_charset_is_honoured():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Café prices rise</title></head><body><article>"
        "<p>A cup of coffee at the café on the square now costs £3.20, up from £2.90 last spring.</p>"
        "<p>The owner blamed the price of beans and said the café would not raise prices again this year.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    draft = article_from_html(page)
    assert draft.title == "Café prices rise"
    assert "£3.20" in draft.body
    parsed(draft)


def test_decoding_order_bom_then_header_then_meta_then_utf8():
    assert decode_html("\ufeff<p>é</p>".encode()) == "<p>é</p>"
    assert decode_html("<p>é</p>".encode("utf-16-le").join([b"\xff\xfe", b""])) == "<p>é</p>"
    latin = '<meta charset="windows-1252"><p>é</p>'.encode("cp1252")
    assert decode_html(latin) == '<meta charset="windows-1252"><p>é</p>'
    assert decode_html("<p>é</p>".encode("cp1252"), "text/html; charset=ISO-8859-1") == "<p>é</p>"
    # a page that names a charset it is not in, but is UTF-8
    assert decode_html('<meta charset="utf-16"><p>é</p>'.encode()) == '<meta charset="utf-16"><p>é</p>'
    assert decode_html('<meta charset="no-such-charset"><p>é</p>'.encode()).endswith("<p>é</p>")


def test_bytes_that_are_not_text_in_any_named_charset_are_refused():
    with pytest.raises(IngestError) as caught:
        article_from_html(b"<html><body><p>caf\xe9 \xff\xfe\xfd</p></body></html>")
    assert caught.value.message == (
        "The page cannot be read as text: it is not UTF-8, and names no other character set."
    )
    with pytest.raises(IngestError) as caught:
        decode_html(b'<meta charset="shift_jis"><p>\x81\x39</p>\xff')
    assert "says it is shift_jis but is not" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"Just some plain text, with no markup at all.",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "<html><body>\x00</body></html>",
        b"",
    ],
)
def test_things_that_are_not_web_pages_are_refused(data):
    with pytest.raises(IngestError) as caught:
        article_from_html(data)
    assert caught.value.message in (
        "This is not a web page (no HTML found): paste the article's text instead.",
        "The page cannot be read as text: it is not UTF-8, and names no other character set.",
    )


def test_a_page_without_article_text_is_refused():
    with pytest.raises(IngestError) as caught:
        article_from_html(b"<html><head><title>Empty</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    assert caught.value.message == "No article text was found on the page: paste the article's text instead."


def test_a_bad_url_argument_is_refused():
    with pytest.raises(IngestError):
        article_from_html(NEWS_PAGE, url="file:///etc/passwd")


def test_page_slugs_avoid_taken_ids():
    taken = {"millbrook-council-approves-4-2m-budget-after-late-night-vote"}
    draft = article_from_html(NEWS_PAGE, taken=taken)
    assert draft.id == "millbrook-council-approves-4-2m-budget-after-late-night-2"  # cut at a dash, 60 at most
    parsed(draft)


def test_the_same_page_twice_gives_the_same_article():
    # trafilatura's duplicate filter keeps a process-wide cache; it must not empty a second import
    assert article_from_html(PLAIN_PAGE).body == article_from_html(PLAIN_PAGE).body
