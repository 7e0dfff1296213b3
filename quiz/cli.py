"""The `quiz` command: thin wrappers over the content, draft and web layers."""

from __future__ import annotations

import json
import logging
import re
import select
import sys
from collections import Counter
from pathlib import Path

import click
import waitress

from .content import load_bank
from .content.problems import ERROR, WARNING
from .drafts.command import draft
from .kinds import TYPES
from .paths import default_bank


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Fact-checking quiz: check a bank, draft questions, serve the game."""


main.add_command(draft)


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database tables (runs the migrations); run before starting app servers."""
    from .app import create_app
    from .config import ConfigError
    from .database import SchemaError, create_schema
    from .extensions import db

    try:
        app = create_app({"QUIZ_MIGRATES_AT_START": True})
        with app.app_context():
            try:
                revision = create_schema()
            finally:
                db.engine.dispose()
    except (ConfigError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from None
    where = app.config["SQLALCHEMY_DATABASE_URI"].split("@")[-1]
    click.echo(f"Database at revision {revision} (the latest) in {where}")


# Waitress for a live round: each polling phone keeps a connection open, so allow well over a
# thousand (Waitress's default of 100 turns the 101st phone away), watch them with poll() rather
# than select() (which stops at 1,024 descriptors), and close connections idle for 30 s (a phone
# that slept or left) instead of 120, checking every 10 s. The README gives the measured figures.
WAITRESS = {
    "connection_limit": 2000,
    "backlog": 2048,
    "channel_timeout": 30,
    "cleanup_interval": 10,
    "asyncore_use_poll": True,
    "ident": "quiz",
}


def waitress_settings(host: str, port: int, threads: int, trusted_proxies: int) -> dict:
    """Keyword arguments for waitress.serve.

    Behind trusted proxies, Waitress must pass their X-Forwarded-* headers on: the app's ProxyFix
    (set up from QUIZ_TRUSTED_PROXIES, as under gunicorn) reads them. Otherwise Waitress drops them,
    so no client can claim another address.
    """
    settings = {**WAITRESS}
    if not hasattr(select, "poll"):  # Windows: select() there takes at most 512 sockets
        settings.update(asyncore_use_poll=False, connection_limit=500)
    return {
        **settings,
        "host": host,
        "port": port,
        "threads": threads,
        "clear_untrusted_proxy_headers": trusted_proxies == 0,
    }


def raise_open_files_limit(wanted: int) -> int:
    """Lift this process's open-files limit towards ``wanted`` (up to the hard limit); the limit now."""
    try:
        import resource
    except ImportError:  # Windows has no such limit to lift
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (OSError, ValueError):  # the system refused: serve with the limit there is
            return soft
        soft = target
    return soft


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: 0.0.0.0 lets phones on your network in (see the README).",
)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Requests served at once.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the game (SQLite in the instance folder unless QUIZ_DATABASE_URL is set)."""
    from .app import create_app
    from .config import ConfigError
    from .database import SchemaError, create_schema
    from .web.address import ALL_INTERFACES, network_address
    from .web.bank import BankUnavailable, current_bank

    try:
        app = create_app({"QUIZ_MIGRATES_AT_START": True})
        # So join links name an address phones can reach (found once: it may wait on DNS).
        found = network_address() if host in ALL_INTERFACES else None
        app.config["QUIZ_SERVED_ON"] = (host, port, found)
        with app.app_context():
            create_schema()  # migrating is part of starting: requests never do it
            current_bank()  # records the bank file's version, so sessions can pin it
    except (ConfigError, BankUnavailable, SchemaError) as exc:
        raise click.ClickException(str(exc)) from None
    settings = waitress_settings(host, port, threads, int(app.config.get("QUIZ_TRUSTED_PROXIES") or 0))
    files = raise_open_files_limit(settings["connection_limit"] + 100)
    if files < settings["connection_limit"] + 100:
        settings["connection_limit"] = max(100, files - 100)
        click.echo(f"Open-files limit {files}: serving at most {settings['connection_limit']} connections.")
    shown = "127.0.0.1" if host in ALL_INTERFACES else host
    click.echo(f"The game is at http://{shown}:{port}/  (Ctrl+C stops it)")
    public = app.config.get("QUIZ_PUBLIC_URL") or (found and f"http://{found}:{port}")
    if public:
        click.echo(f"Students join at {public}/join")
    if settings["clear_untrusted_proxy_headers"] is False and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            "QUIZ_TRUSTED_PROXIES is set: X-Forwarded-For is believed, so only the proxy may reach this "
            f"address ({host}); let the firewall refuse everyone else, or clients can pick their address."
        )
    # A burst of phones queues requests for a moment; that is expected, not worth a line each.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    from .drafts.nlp import warm_up

    warm_up()  # the drafting model loads in the background now, not on a teacher's first "Draft questions"
    # Waitress: a production WSGI server in pure Python (works on a teacher's Windows laptop too).
    waitress.serve(app, **settings)


@main.command("import-bank")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--owner", required=True, help="E-mail address of the teacher whose library receives the bank.")
@click.option("--title", default=None, help="Title in the library (default: the bank's own title).")
def import_bank(path: Path, owner: str, title: str | None) -> None:
    """Import a bank (a folder, a .zip or a questions.yaml with its articles/) into a teacher's library."""
    from .app import create_app
    from .config import ConfigError
    from .content.bundle import BundleError, BundleLimits, read_bundle
    from .content.loader import read_bank_files
    from .database import SchemaError, create_schema
    from .extensions import db
    from .services import library

    try:
        if path.is_dir():
            path = path / "questions.yaml"
        if path.suffix.lower() == ".zip":
            bundle = read_bundle(path.read_bytes(), path.name, BundleLimits())
            questions_yaml, articles = bundle.questions_yaml, bundle.articles
        else:
            questions_yaml, articles, _folder = read_bank_files(path)
    except (BundleError, OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: {getattr(exc, 'message', exc)}") from None
    try:
        app = create_app({"QUIZ_MIGRATES_AT_START": True})
        with app.app_context():
            try:
                create_schema()
                bank, saved = library.import_for(owner, questions_yaml, articles, title or None, path.stem)
            except library.LibraryError as exc:
                raise click.ClickException(str(exc)) from None
            finally:
                db.session.remove()
                db.engine.dispose()
    except (ConfigError, SchemaError) as exc:
        raise click.ClickException(str(exc)) from None
    for problem in saved.problems:
        click.echo(problem.format())
    if not saved.saved:
        click.echo(
            f"Imported as an unsaved draft of bank {bank.id} (“{bank.title}”): fix the errors above in the editor."
        )
        sys.exit(1)
    v = saved.version
    click.echo(
        f"Imported as bank {bank.id} (“{bank.title}”), version {v.number}: "
        f"{v.question_count} questions, {v.article_count} articles"
    )


def summarize(result) -> dict:
    """Counts per type, per article and per quiz for a loaded bank."""
    bank = result.bank
    if bank is None:
        return {"questions": 0, "types": {}, "articles": {}, "quizzes": {}}
    types = Counter(q.type for q in bank.questions)
    per_article = Counter(a for q in bank.questions for a in q.articles)
    return {
        "questions": len(bank.questions),
        "types": {t: types[t] for t in TYPES if types[t]},
        "articles": {a: per_article.get(a, 0) for a in sorted(bank.articles)},
        "quizzes": {q.id: len(q.question_ids) for q in bank.quizzes},
    }


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of article files (default: the bank's `articles:` setting).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(path: Path | None, articles_dir: Path | None, fmt: str, strict: bool) -> None:
    """Check a question bank and its articles (default: the bundled questions.yaml)."""
    path = path or default_bank()
    result = load_bank(path, articles_dir)
    problems = [
        p if not (strict and p.severity == WARNING) else p.__class__(p.path, p.line, p.col, ERROR, p.message)
        for p in result.problems
    ]
    errors = sum(p.severity == ERROR for p in problems)
    warnings = sum(p.severity == WARNING for p in problems)
    summary = summarize(result)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "file": str(path),
                    "ok": errors == 0,
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [p.as_dict() for p in problems],
                    "summary": summary,
                },
                indent=2,
            )
        )
    else:
        for problem in problems:
            click.echo(problem.format())
        click.echo(_summary_line(path, summary, errors, warnings))
    sys.exit(1 if errors else 0)


def _summary_line(path: Path, summary: dict, errors: int, warnings: int) -> str:
    def counts(d: dict) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "none"

    verdict = "OK" if not errors else "FAILED"
    n = summary["questions"]
    return (
        f"{path}: {verdict}: {n} question{'s' * (n != 1)} ({counts(summary['types'])}); "
        f"per article: {counts(summary['articles'])}; quizzes: {counts(summary['quizzes'])}; "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )


@main.command("schema")
def schema_command() -> None:
    """Print the bank's JSON Schema, generated from the question kinds."""
    from .kinds.schema import schema_text

    click.echo(schema_text(), nl=False)


def _library_version(bank_id: int, number: int | None):
    """A library bank's version (the latest by default) and its parsed bank, read from the database."""
    from .app import create_app
    from .config import ConfigError
    from .database import SchemaError
    from .extensions import db
    from .models import LibraryBank
    from .services import library, versions

    try:
        app = create_app()
        with app.app_context():
            try:
                bank = db.session.get(LibraryBank, bank_id)
                if bank is None:
                    raise click.ClickException(f"no library bank {bank_id}")
                version = library.version_number(bank, number) if number else library.latest_version(bank)
                if version is None:
                    raise click.ClickException(f"bank {bank_id} has no version {number or ''}".rstrip())
                return f"{bank.title} v{version.number}", versions.parsed(version)
            finally:
                db.session.remove()
                db.engine.dispose()
    except (ConfigError, SchemaError, versions.VersionUnavailable) as exc:
        raise click.ClickException(str(exc)) from None


@main.command("export")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", required=True, type=click.Choice(["moodle-xml", "gift", "qti", "claimreview", "fever"])
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: named after the bank).",
)
@click.option("--library", "library_id", type=int, help="Export a library bank (its id) instead of a file.")
@click.option("--version", "version_number", type=int, help="With --library: this version (default: the latest).")
def export_command(
    path: Path | None, fmt: str, output: Path | None, library_id: int | None, version_number: int | None
) -> None:
    """Export a bank (default: the sample, or QUIZ_BANK) for an LMS or for fact-checkers."""
    from .formats import export

    if library_id is not None:
        name, bank = _library_version(library_id, version_number)
    else:
        path = path or default_bank()
        result = load_bank(path)
        for problem in result.problems:
            if problem.severity == ERROR:
                click.echo(problem.format(), err=True)
        if not result.ok or result.bank is None:
            raise click.ClickException(f"{path} has errors (above): fix them, then export")
        name, bank = result.bank.title, result.bank
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "questions"
    exported = export(bank, fmt, stem)
    target = output or Path(exported.filename)
    target.write_bytes(exported.data)
    click.echo(f"Wrote {exported.summary()} to {target} ({fmt})")
    report = exported.report()
    if report:
        click.echo(f"What {fmt} cannot hold, question by question:")
        for line in report:
            click.echo(f"  {line}")


def _errors(problems) -> set[str]:
    """Errors by what they say (positions may move when questions are added)."""
    return {p.message for p in problems if p.severity == ERROR}


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The bank file that receives the questions (default: questions.yaml here).",
)
def import_command(source: Path, into: Path | None) -> None:
    """Bring a GIFT or Moodle XML file's questions into a bank file as drafts to anchor."""
    from .content.edit import add_questions
    from .content.loader import load_bank_text
    from .formats.imports import draft_questions, read_file
    from .formats.reading import ImportError_

    into = into or Path("questions.yaml")
    try:
        read = read_file(source.read_bytes(), source.name)
    except ImportError_ as exc:
        raise click.ClickException(f"{source}: {exc}") from None
    before = load_bank(into) if into.exists() else None
    drafted = draft_questions(read, before.bank if before else None)
    for line in drafted.skipped:
        click.echo(f"{source}: skipped {line}")
    if not drafted.questions:
        raise click.ClickException(f"{source}: no question could be imported")
    try:
        updated = add_questions(into.read_text(encoding="utf-8") if before else "", drafted.questions)
    except ValueError as exc:
        raise click.ClickException(f"{into}: {exc}; nothing was added") from None
    after = load_bank_text(updated, str(into), base=into.parent, articles_dir=None)
    new_errors = _errors(after.problems) - _errors(before.problems if before else [])
    if new_errors:
        for problem in [p for p in after.problems if p.message in new_errors][:20]:
            click.echo(problem.format(), err=True)
        raise click.ClickException(f"{into} was left unchanged: the imported questions do not check (above)")
    into.write_text(updated, encoding="utf-8")
    click.echo(
        f"Added {len(drafted.questions)} draft questions to {into}: anchor their sources "
        f"(see each one's review notes), then set status: ready. `quiz check {into}` lists them."
    )
