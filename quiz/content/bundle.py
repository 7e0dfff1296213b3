"""A question bank as one file: a zip of ``questions.yaml`` and ``articles/*.md``, or the YAML alone.

Uploads come from anyone with a teacher account, so reading one trusts nothing in it:

* the upload's size, the number of entries and every entry's path are checked before anything is
  read: no ``..``, no absolute paths or drive letters, no backslashes (Windows tools read them as
  folder separators), no symbolic links or other special files, no encrypted entries;
* sizes are checked twice: the sizes the zip declares (total, per file and compression ratio),
  and then the bytes actually decompressed, counted while reading and stopped at the limit,
  because a zip's headers can lie;
* every text must be UTF-8; the error names the file.

Layout: ``questions.yaml`` at the root, or inside one top-level folder (what zipping a folder
gives); its articles are the ``.md`` files directly in ``articles/`` beside it. Operating-system
litter (``__MACOSX/``, ``.DS_Store``, ``._*``, ``Thumbs.db``, ``desktop.ini``) is skipped. Any
other file inside ``articles/`` is an error naming it (a ``.txt`` article or a subfolder would
otherwise vanish without a word); files elsewhere beside ``questions.yaml`` (a README, notes)
are skipped and listed in ``Bundle.ignored``. Nothing is ever written to disk here.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO

from .problems import size_text

MB = 1024 * 1024
QUESTIONS = "questions.yaml"
ARTICLES = "articles/"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: the same input gives the same bytes
_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_LITTER_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_RATIO_FLOOR = 64 * 1024  # below this, a high ratio is a short repetitive file, not a bomb
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class BundleLimits:
    """How big an upload may be, before and after decompression."""

    max_upload_bytes: int = 10 * MB
    max_files: int = 200
    max_total_bytes: int = 20 * MB  # all files, uncompressed
    max_ratio: int = 100  # uncompressed / compressed, per file
    max_file_bytes: int = 5 * MB  # one file, uncompressed


@dataclass(frozen=True)
class Bundle:
    """A bank's texts: the questions file and its articles by file name (``name.md``)."""

    questions_yaml: str
    articles: dict[str, str]
    ignored: tuple[str, ...] = ()  # files in the zip that are not part of the bank


class BundleError(Exception):
    """An upload that cannot be read as a bank; ``message`` is written for the teacher."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def write_bundle(questions_yaml: str, articles: Mapping[str, str]) -> bytes:
    """A zip of ``questions.yaml`` and ``articles/NAME.md``; the same texts always give the same bytes."""
    for name in articles:
        if not _plain_article_name(name):
            raise ValueError(f"an article file name is NAME.md, without folders: {name!r}")
    entries = [(QUESTIONS, questions_yaml)] + [(ARTICLES + name, articles[name]) for name in sorted(articles)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix; otherwise it depends on the machine that writes the zip
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=9)
    return buffer.getvalue()


def read_bundle(data: bytes, filename: str, limits: BundleLimits | None = None) -> Bundle:
    """Read an uploaded bank (a .zip, or a single .yaml/.yml file) within ``limits``."""
    limits = limits or BundleLimits()
    if len(data) > limits.max_upload_bytes:
        raise BundleError(f"The upload is larger than {size_text(limits.max_upload_bytes)}.")
    lower = (filename or "").lower()
    if lower.endswith((".yaml", ".yml")):
        if len(data) > limits.max_file_bytes:
            raise BundleError(f"{_shown(filename)} is larger than {size_text(limits.max_file_bytes)}.")
        return Bundle(questions_yaml=_text(data, _shown(filename)), articles={})
    if not lower.endswith(".zip"):
        raise BundleError("Upload a .zip bundle (questions.yaml and an articles folder) or a single .yaml file.")
    return _read_zip(data, limits)


def _read_zip(data: bytes, limits: BundleLimits) -> Bundle:
    if not data.startswith(b"PK"):
        raise BundleError("The file is not a zip archive.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        # a damaged central directory, or not a zip at all
        raise BundleError("The zip archive is damaged and cannot be read.") from None
    with archive:
        infos = archive.infolist()
        # a bound on the work done just to look at names, litter included
        if len(infos) > 4 * limits.max_files:
            raise BundleError(f"The zip holds more than {limits.max_files} files.")
        files = _check_entries(infos)
        questions_name, root = _find_questions(files)
        articles: dict[str, zipfile.ZipInfo] = {}
        ignored: list[str] = []
        wrong: list[str] = []
        for name, info in files.items():
            if name == questions_name:
                continue
            if not name.startswith(root):
                ignored.append(name)
                continue
            rest = name[len(root) :]
            if rest.startswith(ARTICLES):
                article = rest[len(ARTICLES) :]
                if _plain_article_name(article):
                    articles[article] = info
                else:
                    wrong.append(name)
            else:
                ignored.append(name)
        if wrong:
            shown = ", ".join(_shown(name) for name in sorted(wrong)[:5]) + (" and others" if len(wrong) > 5 else "")
            raise BundleError(f"Only .md files belong directly in the articles folder: {shown}.")
        _check_duplicates(articles)
        chosen = [files[questions_name], *articles.values()]
        if len(chosen) > limits.max_files:
            raise BundleError(f"The zip holds more than {limits.max_files} files.")
        _check_declared(chosen, limits)
        budget = limits.max_total_bytes
        questions_bytes = _read_entry(archive, files[questions_name], limits, budget)
        budget -= len(questions_bytes)
        texts: dict[str, str] = {}
        for article, info in sorted(articles.items()):
            raw = _read_entry(archive, info, limits, budget)
            budget -= len(raw)
            texts[article] = _text(raw, _shown(info.filename))
        questions = _text(questions_bytes, _shown(files[questions_name].filename))
    return Bundle(questions_yaml=questions, articles=texts, ignored=tuple(sorted(ignored)))


def _check_entries(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Check every entry's path and kind; the regular files by cleaned path, litter left out."""
    files: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = _safe_path(info.filename)
        # Unix modes mean something only in zips made on Unix, and many tools (Python's own
        # zipfile among them) write permission bits without a file type: that is a plain file
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if stat.S_ISLNK(kind):
            raise BundleError(f"The zip contains a symbolic link ({_shown(info.filename)}); links are not accepted.")
        if kind and not (stat.S_ISREG(kind) or stat.S_ISDIR(kind)):
            raise BundleError(
                f"The zip contains a special file ({_shown(info.filename)}); only plain files are accepted."
            )
        if info.flag_bits & 0x1:
            raise BundleError(f"{_shown(info.filename)} is encrypted; zip the files without a password.")
        if info.compress_type not in _SUPPORTED_METHODS:
            raise BundleError(f"{_shown(info.filename)} is compressed in a way that cannot be read; use ordinary zip.")
        if info.is_dir() or _litter(name):
            continue
        if name in files:
            raise BundleError(f"The zip contains {_shown(name)} twice.")
        files[name] = info
    return files


_DRIVE = re.compile(r"^[A-Za-z]:")


def _safe_path(name: str) -> str:
    """An entry's path with ``.`` parts removed; BundleError if it could leave its folder."""
    shown = _shown(name)
    if "\\" in name:
        raise BundleError(f"The zip contains a path with a backslash ({shown}); zip the folder again.")
    if name.startswith("/") or _DRIVE.match(name):
        raise BundleError(f"The zip contains an absolute path ({shown}); paths must stay inside the bundle.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise BundleError(f"The zip contains a file name with control characters ({shown}).")
    parts = name.split("/")
    directory = name.endswith("/")
    if directory:
        parts = parts[:-1]
    if ".." in parts:
        raise BundleError(f"The zip contains a path that leaves its folder ({shown}).")
    kept = [part for part in parts if part not in ("", ".")]
    if not kept and not directory:
        raise BundleError(f"The zip contains an entry without a name ({shown}).")
    return "/".join(kept) + ("/" if directory else "")


def _litter(name: str) -> bool:
    """Files that operating systems add to zips of folders."""
    parts = name.split("/")
    base = parts[-1]
    return "__MACOSX" in parts[:-1] or base.lower() in _LITTER_NAMES or base.startswith("._")


def _find_questions(files: dict[str, zipfile.ZipInfo]) -> tuple[str, str]:
    """The questions file's path and the folder it sits in ("" or "TOP/")."""
    if QUESTIONS in files:
        return QUESTIONS, ""
    tops = {name.split("/", 1)[0] for name in files if "/" in name}
    loose = [name for name in files if "/" not in name]
    if len(tops) == 1 and not loose:
        (top,) = tops
        candidate = f"{top}/{QUESTIONS}"
        if candidate in files:
            return candidate, f"{top}/"
    raise BundleError(
        "The zip has no questions.yaml: put it at the top of the zip (or in its one folder), "
        "with the articles in an articles folder beside it."
    )


def _plain_article_name(name: str) -> bool:
    # ".md" exactly, as the loader's articles/*.md: a "Notes.MD" would be skipped there without a word
    return "/" not in name and "\\" not in name and name.endswith(".md") and len(name) > 3


def _check_duplicates(articles: dict[str, zipfile.ZipInfo]) -> None:
    # on Windows and macOS "Budget.md" and "budget.md" are one file: refuse what would collide there
    seen: dict[str, str] = {}
    for name in articles:
        key = name.casefold()
        if key in seen:
            raise BundleError(f"The articles folder has both {seen[key]} and {name}; rename one of them.")
        seen[key] = name


def _check_declared(infos: list[zipfile.ZipInfo], limits: BundleLimits) -> None:
    """Refuse on the sizes the zip declares, before decompressing anything."""
    total = 0
    for info in infos:
        if info.file_size > limits.max_file_bytes:
            raise BundleError(
                f"{_shown(info.filename)} is larger than {size_text(limits.max_file_bytes)} uncompressed."
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleError(f"{_shown(info.filename)} expands too much when unzipped (a zip bomb?).")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise BundleError(f"The files add up to more than {size_text(limits.max_total_bytes)} uncompressed.")


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: BundleLimits, budget: int) -> bytes:
    """An entry's bytes, counted as they are decompressed and cut off at the limits."""
    limit = min(limits.max_file_bytes, budget)
    if limit == budget and budget < limits.max_file_bytes:
        too_much = f"The files add up to more than {size_text(limits.max_total_bytes)} uncompressed."
    else:
        too_much = f"{_shown(info.filename)} is larger than {size_text(limits.max_file_bytes)} uncompressed."
    ratio_limit = max(_RATIO_FLOOR, limits.max_ratio * max(info.compress_size, 1))
    try:
        with archive.open(info) as stream:
            data = _read_limited(stream, min(limit, ratio_limit))
    except _Overflow:
        if ratio_limit < limit:
            raise BundleError(f"{_shown(info.filename)} expands too much when unzipped (a zip bomb?).") from None
        raise BundleError(too_much) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # a CRC mismatch (sizes that lie end up here), a damaged stream, a missing password
        raise BundleError(f"{_shown(info.filename)} is damaged in the zip and cannot be read.") from None
    return data


class _Overflow(Exception):
    """More bytes came out of an entry than it may have."""


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read ``stream`` to its end, raising _Overflow as soon as more than ``limit`` bytes come out."""
    chunks: list[bytes] = []
    size = 0
    while True:
        # never ask for more than one byte past the limit: reading stops there
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _Overflow
        chunks.append(chunk)


def _text(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BundleError(
            f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8 and try again."
        ) from None


def _shown(name: str) -> str:
    """A file name as it may be shown in a message: printable and not too long."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in name)
    return cleaned if len(cleaned) <= 80 else cleaned[:77] + "..."
