"""A bank as one upload: a zip of questions.yaml and articles/*.md, or the YAML alone (quiz.content.bundle)."""

from __future__ import annotations

import ast
import io
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from quiz.content import bundle
from quiz.content.bundle import Bundle, BundleError, BundleLimits, read_bundle, write_bundle

REPO = Path(__file__).resolve().parents[1]
LIMITS = BundleLimits()
QUESTIONS = "title: A small bank\nquestions: []\n"
ARTICLE = '---\nid: "a"\ntitle: "A"\n---\n\nText of the article.\n'
MB = 1024 * 1024


def make_zip(entries, *, method=zipfile.ZIP_DEFLATED, level=None) -> bytes:
    """A zip of (name or ZipInfo, bytes or str) pairs, names written exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def patch_headers(data: bytes, name: str, *, flags: int | None = None, size: int | None = None) -> bytes:
    """Rewrite an entry's flags or declared uncompressed size in both its local and central headers."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, size_at, name_at in ((b"PK\x03\x04", 6, 22, 30), (b"PK\x01\x02", 8, 24, 46)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            start = at + 4
            if out[at + name_at : at + name_at + len(encoded)] != encoded:
                continue
            if flags is not None:
                out[at + flag_at : at + flag_at + 2] = struct.pack("<H", flags)
            if size is not None:
                out[at + size_at : at + size_at + 4] = struct.pack("<I", size)
    return bytes(out)


def error(data: bytes, filename: str = "bank.zip", limits: BundleLimits = LIMITS) -> str:
    with pytest.raises(BundleError) as caught:
        read_bundle(data, filename, limits)
    return caught.value.message


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """50 MB of zeros as one article, about 50 KB compressed, with honest headers."""
    return make_zip([("questions.yaml", QUESTIONS), ("articles/bomb.md", b"\0" * (50 * MB))], level=1)


def test_the_module_does_not_import_flask_or_a_database():
    tree = ast.parse(Path("quiz/content/bundle.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name.split(".")[0] for name in imported} & {"flask", "sqlalchemy", "flask_wtf"}


# --- round trips -----------------------------------------------------------------------------


def test_the_repository_bank_round_trips():
    questions = (REPO / "questions.yaml").read_text(encoding="utf-8")
    articles = {path.name: path.read_text(encoding="utf-8") for path in sorted((REPO / "articles").glob("*.md"))}
    assert len(articles) == 3
    data = write_bundle(questions, articles)
    read = read_bundle(data, "bank.zip", LIMITS)
    assert read == Bundle(questions_yaml=questions, articles=articles)
    assert read.questions_yaml == questions and read.articles == articles


def test_the_same_content_gives_the_same_bytes():
    one = write_bundle(QUESTIONS, {"b.md": "B", "a.md": "A"})
    two = write_bundle(QUESTIONS, {"a.md": "A", "b.md": "B"})
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        assert archive.namelist() == ["questions.yaml", "articles/a.md", "articles/b.md"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_write_bundle_wants_plain_article_names():
    for name in ("../x.md", "sub/x.md", "x.txt", ".md"):
        with pytest.raises(ValueError):
            write_bundle(QUESTIONS, {name: "x"})


def test_a_zip_of_a_folder_with_operating_system_litter():
    data = make_zip(
        [
            ("my-bank/", b""),
            ("my-bank/questions.yaml", QUESTIONS),
            ("my-bank/articles/", b""),
            ("my-bank/articles/a.md", ARTICLE),
            ("my-bank/articles/.DS_Store", b"\0\0\0\1Bud1"),
            ("my-bank/README.txt", "notes for me"),
            ("__MACOSX/my-bank/articles/._a.md", b"\0\5\26\7"),
            ("my-bank/Thumbs.db", b"\xd0\xcf\x11\xe0"),
        ]
    )
    read = read_bundle(data, "My Bank.ZIP", LIMITS)
    assert read.questions_yaml == QUESTIONS
    assert read.articles == {"a.md": ARTICLE}
    assert read.ignored == ("my-bank/README.txt",)


def test_dot_slash_paths_are_fine():
    data = make_zip([("./questions.yaml", QUESTIONS), ("./articles/a.md", ARTICLE)])
    assert read_bundle(data, "bank.zip", LIMITS).articles == {"a.md": ARTICLE}


@pytest.mark.parametrize("filename", ["bank.yaml", "BANK.YML"])
def test_a_single_yaml_upload(filename):
    assert read_bundle(QUESTIONS.encode(), filename, LIMITS) == Bundle(questions_yaml=QUESTIONS, articles={})


# --- refusals --------------------------------------------------------------------------------


def test_not_a_zip():
    assert error(b"questions: []\n") == "The file is not a zip archive."
    assert error(b"PK but not really a zip") == "The zip archive is damaged and cannot be read."
    assert error(QUESTIONS.encode(), "bank.txt") == (
        "Upload a .zip bundle (questions.yaml and an articles folder) or a single .yaml file."
    )


def test_a_corrupt_zip():
    good = write_bundle(QUESTIONS, {"a.md": ARTICLE})
    assert error(good[: len(good) // 2]) == "The zip archive is damaged and cannot be read."
    # flip a byte inside the compressed article: the CRC check fails while reading
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("articles/a.md")
    at = info.header_offset + 30 + len(info.filename) + 2
    damaged = good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1 :]
    assert error(damaged) == "articles/a.md is damaged in the zip and cannot be read."


def test_no_questions_yaml():
    message = (
        "The zip has no questions.yaml: put it at the top of the zip (or in its one folder), "
        "with the articles in an articles folder beside it."
    )
    assert error(make_zip([("articles/a.md", ARTICLE)])) == message
    two_folders = make_zip([("one/questions.yaml", QUESTIONS), ("two/questions.yaml", QUESTIONS)])
    assert error(two_folders) == message
    assert error(make_zip([])) == message


def test_too_many_files():
    entries = [("questions.yaml", QUESTIONS)] + [(f"articles/a{i}.md", ARTICLE) for i in range(200)]
    assert error(make_zip(entries)) == "The zip holds more than 200 files."
    assert len(read_bundle(make_zip(entries[:200]), "bank.zip", LIMITS).articles) == 199


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.md", "The zip contains a path that leaves its folder (../evil.md)."),
        ("articles/../../evil.md", "The zip contains a path that leaves its folder (articles/../../evil.md)."),
        ("/etc/passwd", "The zip contains an absolute path (/etc/passwd); paths must stay inside the bundle."),
        (
            "C:/Windows/evil.md",
            "The zip contains an absolute path (C:/Windows/evil.md); paths must stay inside the bundle.",
        ),
        ("c:evil.md", "The zip contains an absolute path (c:evil.md); paths must stay inside the bundle."),
        (
            "articles\\..\\..\\evil.md",
            "The zip contains a path with a backslash (articles\\..\\..\\evil.md); zip the folder again.",
        ),
        ("__MACOSX/../../evil", "The zip contains a path that leaves its folder (__MACOSX/../../evil)."),
        ("articles/a\x01.md", "The zip contains a file name with control characters (articles/a?.md)."),
    ],
)
def test_paths_that_leave_the_folder(name, message):
    assert error(make_zip([("questions.yaml", QUESTIONS), (name, ARTICLE)])) == message


def test_symbolic_links():
    link = zipfile.ZipInfo("articles/passwd.md", date_time=(2024, 1, 1, 0, 0, 0))
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = make_zip([("questions.yaml", QUESTIONS), (link, "/etc/passwd")])
    assert error(data) == "The zip contains a symbolic link (articles/passwd.md); links are not accepted."


def test_special_files():
    fifo = zipfile.ZipInfo("articles/pipe.md", date_time=(2024, 1, 1, 0, 0, 0))
    fifo.create_system = 3
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    data = make_zip([("questions.yaml", QUESTIONS), (fifo, "")])
    assert error(data) == "The zip contains a special file (articles/pipe.md); only plain files are accepted."


def test_encrypted_entries():
    data = patch_headers(
        make_zip([("questions.yaml", QUESTIONS), ("articles/a.md", ARTICLE)]), "articles/a.md", flags=1
    )
    assert error(data) == "articles/a.md is encrypted; zip the files without a password."


def test_a_zip_bomb_is_refused_on_its_declared_size(bomb):
    assert error(bomb) == "articles/bomb.md is larger than 5 MB uncompressed."


def test_a_zip_bomb_is_refused_on_its_ratio(bomb):
    roomy = BundleLimits(max_upload_bytes=10 * MB, max_file_bytes=100 * MB, max_total_bytes=100 * MB)
    assert error(bomb, limits=roomy) == "articles/bomb.md expands too much when unzipped (a zip bomb?)."


def test_many_files_that_add_up_to_too_much():
    entries = [("questions.yaml", QUESTIONS)] + [(f"articles/a{i}.md", b"x" * (MB + i)) for i in range(6)]
    limits = BundleLimits(max_total_bytes=5 * MB, max_ratio=10_000)
    assert error(make_zip(entries, level=1), limits=limits) == "The files add up to more than 5 MB uncompressed."


def test_a_header_that_lies_about_the_size_does_not_get_through(bomb):
    # the headers say 1,000 bytes; the data inflates to 50 MB
    lying = patch_headers(bomb, "articles/bomb.md", size=1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("articles/bomb.md").file_size == 1000
    assert error(lying) == "articles/bomb.md is damaged in the zip and cannot be read."


def test_decompressed_bytes_are_counted_even_when_the_declared_sizes_pass(bomb, monkeypatch):
    # take away the check on declared sizes: the count while reading must still stop the bomb
    monkeypatch.setattr(bundle, "_check_declared", lambda infos, limits: None)
    assert error(bomb) == "articles/bomb.md is larger than 5 MB uncompressed."
    roomy = BundleLimits(max_file_bytes=100 * MB, max_total_bytes=100 * MB)
    assert error(bomb, limits=roomy) == "articles/bomb.md expands too much when unzipped (a zip bomb?)."
    few = BundleLimits(max_total_bytes=2 * MB, max_ratio=1_000_000)
    assert error(bomb, limits=few) == "The files add up to more than 2 MB uncompressed."


def test_the_counting_reader_stops_at_the_limit():
    class Endless(io.RawIOBase):
        """A stream that never ends, counting what was taken from it."""

        taken = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"\0" * len(buffer)
            self.taken += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(bundle._Overflow):
        bundle._read_limited(stream, MB)
    assert MB < stream.taken <= MB + 1
    assert bundle._read_limited(io.BytesIO(b"x" * 100), 100) == b"x" * 100


def test_an_oversize_upload():
    data = write_bundle(QUESTIONS, {"a.md": ARTICLE * 100})
    assert error(data, limits=BundleLimits(max_upload_bytes=100)) == "The upload is larger than 100 bytes."
    big_yaml = b"# " + b"x" * 2000
    assert error(big_yaml, "bank.yaml", BundleLimits(max_upload_bytes=1000)) == "The upload is larger than 1000 bytes."


def test_text_that_is_not_utf8_is_named():
    latin = "title: Caf\u00e9\n".encode("latin-1")
    assert error(latin, "bank.yaml") == (
        "bank.yaml is not UTF-8 text (byte 0xe9 on line 1); save it as UTF-8 and try again."
    )
    data = make_zip([("questions.yaml", QUESTIONS), ("articles/a.md", b'---\nid: "a"\n---\n\ncaf\xe9\n')])
    assert error(data) == "articles/a.md is not UTF-8 text (byte 0xe9 on line 5); save it as UTF-8 and try again."
    data = make_zip([("bank/questions.yaml", latin)])
    assert error(data) == "bank/questions.yaml is not UTF-8 text (byte 0xe9 on line 1); save it as UTF-8 and try again."


def test_other_files_in_the_articles_folder_are_named():
    data = make_zip([("questions.yaml", QUESTIONS), ("articles/a.md", ARTICLE), ("articles/notes.txt", "x")])
    assert error(data) == "Only .md files belong directly in the articles folder: articles/notes.txt."
    nested = make_zip([("questions.yaml", QUESTIONS), ("articles/old/a.md", ARTICLE), ("articles/B.MD", "x")])
    assert error(nested) == "Only .md files belong directly in the articles folder: articles/B.MD, articles/old/a.md."


def test_the_same_file_twice():
    data = make_zip([("questions.yaml", QUESTIONS), ("articles/a.md", ARTICLE), ("./articles/a.md", ARTICLE)])
    assert error(data) == "The zip contains articles/a.md twice."
    data = make_zip([("questions.yaml", QUESTIONS), ("articles/a.md", ARTICLE), ("articles/A.md", ARTICLE)])
    assert error(data) == "The articles folder has both a.md and A.md; rename one of them."


def test_unusual_compression_is_refused():
    data = patch_headers(make_zip([("questions.yaml", QUESTIONS)], method=zipfile.ZIP_STORED), "questions.yaml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("questions.yaml").compress_type == zipfile.ZIP_STORED
    out = bytearray(data)
    central = out.find(b"PK\x01\x02")
    out[central + 10 : central + 12] = struct.pack("<H", 99)  # AES, say
    assert error(bytes(out)) == "questions.yaml is compressed in a way that cannot be read; use ordinary zip."
