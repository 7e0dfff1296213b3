"""Forms of the library pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput


class TitleForm(FlaskForm):
    """A bank's name in the library (create, rename, copy)."""

    title = StringField("Title", validators=[DataRequired("Give the bank a title."), Length(max=200)])


class EditForm(FlaskForm):
    """The bank's questions.yaml, and the version it was edited from (to catch saves from another tab)."""

    text = TextAreaField("questions.yaml")
    base = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(0, 2**31 - 1)])


class ArticleForm(FlaskForm):
    """A pasted article: only the title and the text are needed; unknown metadata stays unknown."""

    title = StringField("Title", validators=[DataRequired("Give the article's title."), Length(max=300)])
    outlet = StringField("Outlet (newspaper, site)", validators=[Optional(), Length(max=200)])
    author = StringField("Author", validators=[Optional(), Length(max=200)])
    published = StringField("Date published (YYYY-MM-DD)", validators=[Optional(), Length(max=40)])
    url = StringField("Address (URL) of the original", validators=[Optional(), Length(max=2048)])
    article_id = StringField("Article id (made from the title if left empty)", validators=[Optional(), Length(max=60)])
    text = TextAreaField("The article's text", validators=[DataRequired("Paste the article's text.")])


class PageUploadForm(FlaskForm):
    """A saved web page (.html) to extract an article from."""

    page = FileField("A saved web page (.html)", validators=[FileRequired("Choose a saved .html page.")])


class AddressForm(FlaskForm):
    """The address of an article for the server to fetch."""

    address = StringField(
        "The article's address", validators=[DataRequired("Type the article's address."), Length(max=2048)]
    )


class ArticleFileForm(FlaskForm):
    """An article file in the repository's format (.md with front matter)."""

    file = FileField("An article file (.md)", validators=[FileRequired("Choose an article .md file.")])


class BankFileForm(FlaskForm):
    """A bank as a .zip of questions.yaml + articles/, or one questions.yaml."""

    file = FileField("A bank (.zip or .yaml)", validators=[FileRequired("Choose a .zip or .yaml file.")])
    title = StringField("Title in your library (optional)", validators=[Optional(), Length(max=200)])


class ShareForm(FlaskForm):
    """Share read-only with another teacher of this server."""

    email = StringField("Their e-mail address", validators=[DataRequired("Type an e-mail address."), Length(max=254)])


class ConfirmForm(FlaskForm):
    """Deleting needs a tick."""

    confirm = BooleanField("Yes, delete this bank", validators=[DataRequired("Tick the box to confirm.")])


class QuestionsFileForm(FlaskForm):
    """Questions from Moodle: a GIFT (.gift, .txt) or Moodle XML (.xml) file."""

    file = FileField(
        "A GIFT (.gift, .txt) or Moodle XML (.xml) file", validators=[FileRequired("Choose a GIFT or Moodle XML file.")]
    )
