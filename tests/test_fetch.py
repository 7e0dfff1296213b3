"""The guarded page download (quiz.content.fetch), against small servers on 127.0.0.1 only.

Every fetch here has its own deadline (a few seconds at most), so no test can hang; the refusals
of other addresses happen before any connection is made, so nothing but 127.0.0.1 is contacted.
Made-up names (news.example) are answered by a stand-in resolver, never by DNS.
"""

from __future__ import annotations

import ast
import gzip
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from quiz.content import fetch
from quiz.content.fetch import FetchedPage, FetchLimits, FetchRefused, fetch_page, is_allowed_address
from quiz.content.ingest import article_from_html

NEWS_PAGE = (Path(__file__).parent / "data" / "news-page.html").read_bytes()
LOCAL = FetchLimits(allow_private=True, timeout=5)  # a test server on 127.0.0.1; production never does this
GZIP_PAGE = gzip.compress(NEWS_PAGE, mtime=0)
GZIP_BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=6, mtime=0)  # 20 MB of zeros, ~20 KB

# A throwaway certificate authority and a certificate for news.example it signed (EC P-256,
# valid 2000-2100), made with openssl for these tests only.
TEST_CA = """-----BEGIN CERTIFICATE-----
MIIBeDCCAR+gAwIBAgIBATAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhDaGVjayB0
aGUgU291cmNlIHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAw
MDBaMCMxITAfBgNVBAMMGENoZWNrIHRoZSBTb3VyY2UgdGVzdCBDQTBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABHw19yDgLf8u4DHwsDjNe6MjJ3FEWo40BIy+aSsk
9x2NSMF3PV+s7eftr8heW4GigkoLB+1IyTOrWKZKreV65smjQjBAMA8GA1UdEwEB
/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBQrc1ZpUSmJSdC7jED9
ruPe1CwS8DAKBggqhkjOPQQDAgNHADBEAiB5QU1LLpFqcavtoa+nSE0hgYr3Q3X4
s4xakB0HTMVcYwIgLP9dsmQnwD0dRG4Ne13LZ+pVko9HvMVCA4ohd6AcPvI=
-----END CERTIFICATE-----
"""
NEWS_CERT = """-----BEGIN CERTIFICATE-----
MIIBuzCCAWGgAwIBAgIBAjAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhDaGVjayB0
aGUgU291cmNlIHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAw
MDBaMBcxFTATBgNVBAMMDG5ld3MuZXhhbXBsZTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABBtBOolElaOeh1xAAcFq7B41L8BmG+j4TFA9v3YiX3tAkpppHiRdtX8G
4uxZXZMoOt4IvCQNhsLTo0Ss0b4NcjqjgY8wgYwwDAYDVR0TAQH/BAIwADAOBgNV
HQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEwFwYDVR0RBBAwDoIMbmV3
cy5leGFtcGxlMB0GA1UdDgQWBBT7+j03D4PLKRt0XHmw9hWlx4tjjDAfBgNVHSME
GDAWgBQrc1ZpUSmJSdC7jED9ruPe1CwS8DAKBggqhkjOPQQDAgNIADBFAiEAtBFL
CT7bVIbRIFoG9HXnAwmgvI8hyiwEuFE5OoxbGKUCIAXl72b7x8YMNNrRDCbmo/PK
EuZbVeYqZK8fzomQKgSl
-----END CERTIFICATE-----
"""
NEWS_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkn4JE0+PxonIDq0E
SA+UDuwspLproEKK93kiFL6GbqehRANCAAQbQTqJRJWjnodcQAHBauweNS/AZhvo
+ExQPb92Il97QJKaaR4kXbV/BuLsWV2TKDreCLwkDYbC06NErNG+DXI6
-----END PRIVATE KEY-----
"""


class Handler(BaseHTTPRequestHandler):
    """One route per behaviour the fetcher must cope with."""

    protocol_version = "HTTP/1.1"
    server: PageServer

    def log_message(self, format, *args):
        pass  # keep the test output quiet

    def do_GET(self):
        self.server.seen.append({"path": self.path, "host": self.headers.get("Host")})
        parts = urlsplit(self.path)
        route = getattr(self, "route_" + parts.path.strip("/").split("/")[0].replace("-", "_"), None)
        if route is None:
            self.reply(404, b"<html><body><p>Not here.</p></body></html>")
        else:
            route(parts)

    def reply(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_news(self, parts):
        self.reply(200, NEWS_PAGE)

    def route_echo(self, parts):
        host = self.headers.get("Host", "")
        self.reply(200, f"<html><body><p>Host was {host}</p></body></html>".encode())

    def route_plain(self, parts):
        self.reply(200, b"Just text, not a page.", content_type="text/plain; charset=utf-8")

    def route_pdf(self, parts):
        self.reply(200, b"%PDF-1.4\n", content_type="application/pdf")

    def route_untyped(self, parts):
        self.send_response(200)
        self.send_header("Content-Length", "4")
        self.end_headers()
        self.wfile.write(b"<p/>")

    def route_gone(self, parts):
        self.reply(410, b"<html><body><p>Gone.</p></body></html>")

    def route_redirect(self, parts):
        target = parse_qs(parts.query)["to"][0]
        self.reply(302, b"", headers=[("Location", target)])

    def route_loop(self, parts):
        n = int(parts.path.rsplit("/", 1)[1])
        self.reply(302, b"", headers=[("Location", f"/loop/{n + 1}")])

    def route_big_length(self, parts):
        # says 50 MB, sends a little: the fetcher must refuse on the header alone
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"<html>" + b" " * 1000)

    def route_big_chunked(self, parts):
        # no length at all: the fetcher must count and stop
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
        try:
            for _ in range(200):  # at most 13 MB, if nobody hangs up
                if self.server.stop.is_set():
                    return
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the fetcher hung up, as it should

    def route_gzip(self, parts):
        self.reply(200, GZIP_PAGE, headers=[("Content-Encoding", "gzip")])

    def route_gzip_bomb(self, parts):
        self.reply(200, GZIP_BOMB, headers=[("Content-Encoding", "gzip")])

    def route_slow_body(self, parts):
        # headers at once, then a byte a second: each read is quick, the whole is not
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "8")
        self.end_headers()
        self.wfile.flush()
        self.drip(b"<p>x</p>", 1.0)

    def route_slow_headers(self, parts):
        self.close_connection = True
        self.drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok", 1.0)

    def drip(self, data, pause):
        try:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                if self.server.stop.wait(pause):
                    return
        except OSError:
            pass

    def route_stall(self, parts):
        # accepts the request and never answers (until the test module ends)
        self.close_connection = True
        self.server.stop.wait(10)


class PageServer(ThreadingHTTPServer):
    """A threaded server on 127.0.0.1 that records what it was asked."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, tls: ssl.SSLContext | None = None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.tls = tls
        self.stop = threading.Event()
        self.seen: list[dict] = []
        self.sni: list[str | None] = []

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def get_request(self):
        sock, address = self.socket.accept()
        if self.tls is None:
            return sock, address
        sock.settimeout(5)
        return self.tls.wrap_socket(sock, server_side=True), address  # a failed handshake is an OSError, dropped

    def handle_error(self, request, client_address):
        pass  # clients that hang up early are the point of several tests


def serve(tls: ssl.SSLContext | None = None):
    server = PageServer(tls)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


def stop(server: PageServer, thread: threading.Thread) -> None:
    server.stop.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def server():
    """The plain-HTTP test server."""
    running, thread = serve()
    yield running
    stop(running, thread)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS test server presenting a certificate for news.example; records the SNI it gets."""
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_text(NEWS_CERT)
    (folder / "key.pem").write_text(NEWS_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    running, thread = serve(context)
    context.sni_callback = lambda sslsocket, name, ctx: running.sni.append(name)
    yield running
    stop(running, thread)


class Names:
    """Answers for made-up names; every lookup is recorded."""

    def __init__(self):
        self.answers: dict[str, list[str]] = {}
        self.calls: list[str] = []

    def __setitem__(self, host: str, addresses: list[str]) -> None:
        self.answers[host] = list(addresses)

    def getaddrinfo(self, host, port, *args, **kwargs):
        self.calls.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers = self.answers[host]
        address = answers.pop(0) if len(answers) > 1 else answers[0]  # a later lookup may answer differently
        if ":" in address:
            return [(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]


@pytest.fixture
def names(monkeypatch):
    """A stand-in resolver: made-up names map to the addresses a test gives; others do not resolve."""
    resolver = Names()
    monkeypatch.setattr(fetch, "_getaddrinfo", resolver.getaddrinfo)
    return resolver


@pytest.fixture
def trust_test_ca(monkeypatch):
    """Make the fetcher trust the test CA (and only it)."""
    monkeypatch.setattr(fetch, "_tls_context", lambda: ssl.create_default_context(cadata=TEST_CA))


def refusal(url: str, limits: FetchLimits = LOCAL) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_page(url, limits)
    return caught.value.message


UNSPECIFIED = "0.0.0.0"  # noqa: S104 - an address the fetcher must refuse, never one to bind
PRIVATE = "is on a private or local network; only public web sites can be fetched."


def test_the_module_does_not_import_flask_or_a_database():
    tree = ast.parse(Path("quiz/content/fetch.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name.split(".")[0] for name in imported} & {"flask", "sqlalchemy", "flask_wtf"}


# --- success ---------------------------------------------------------------------------------


def test_a_news_page_is_fetched_and_ingested(server):
    page = fetch_page(server.url("/news#top"), LOCAL)
    assert isinstance(page, FetchedPage)
    assert page.url == server.url("/news")  # the fragment is the reader's, not the server's
    assert page.content == NEWS_PAGE
    assert page.content_type == "text/html; charset=utf-8"
    draft = article_from_html(page.content, url=page.url, content_type=page.content_type)
    assert draft.title == "Millbrook council approves £4.2m budget after late-night vote"
    assert (draft.author, draft.outlet, draft.published) == ("Priya Okonjo", "The Millbrook Courier", "2024-03-14")
    assert len(draft.paragraphs) == 7
    assert draft.paragraphs[0].startswith("Millbrook Town Council approved its £4.2 million budget")
    assert "MUST NOT APPEAR" not in draft.body and "alert" not in draft.body


def test_redirects_are_followed_and_the_final_address_is_returned(server):
    start = server.url("/redirect?to=/loop/0")  # /loop/0 -> /loop/1 -> ... but allow only a few
    limits = FetchLimits(allow_private=True, timeout=5, max_redirects=5)
    assert "redirected more than 5 times" in refusal(start, limits)
    page = fetch_page(server.url("/redirect?to=" + server.url("/news")), LOCAL)
    assert page.url == server.url("/news") and page.content == NEWS_PAGE


def test_a_gzip_page_sent_anyway_is_decompressed(server):
    assert fetch_page(server.url("/gzip"), LOCAL).content == NEWS_PAGE


def test_the_request_names_the_host_and_goes_to_the_checked_address(server, names):
    # the first lookup says 127.0.0.1, any later one would say 10.0.0.1 (DNS rebinding):
    # there must be one lookup, and the connection must go to the address it gave
    names["news.example"] = ["127.0.0.1", "10.0.0.1"]
    page = fetch_page(server.url("/echo", host="news.example"), LOCAL)
    assert page.content == f"<html><body><p>Host was news.example:{server.port}</p></body></html>".encode()
    assert names.calls == ["news.example"]


def test_https_sends_the_name_for_sni_and_checks_the_certificate(tls_server, names, trust_test_ca):
    names["news.example"] = ["127.0.0.1"]
    page = fetch_page(tls_server.url("/news", host="news.example", scheme="https"), LOCAL)
    assert page.content == NEWS_PAGE
    assert tls_server.sni[-1] == "news.example"
    assert tls_server.seen[-1]["host"] == f"news.example:{tls_server.port}"


def test_https_refuses_a_certificate_for_another_name(tls_server, names, trust_test_ca):
    names["other.example"] = ["127.0.0.1"]
    message = refusal(tls_server.url("/news", host="other.example", scheme="https"))
    assert message == "The secure connection to other.example failed: its certificate could not be verified."


def test_https_refuses_a_certificate_nobody_trusts(tls_server, names):
    names["news.example"] = ["127.0.0.1"]
    message = refusal(tls_server.url("/news", host="news.example", scheme="https"))
    assert message == "The secure connection to news.example failed: its certificate could not be verified."


# --- refusals of the address -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["ftp://example.org/article", "file:///etc/passwd", "javascript:alert(1)", "example.org"]
)
def test_only_http_and_https(url):
    assert refusal(url) == "Only web addresses starting with http:// or https:// can be fetched."


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://", "The address has no site name after http://."),
        ("http:///path", "The address has no site name after http://."),
        ("http://127.0.0.1:99999/", "The address is not a valid web address (check the part after http://)."),
        ("http://[not-ipv6]/", "The address is not a valid web address (check the part after http://)."),
        ("http://exa mple.org/", "The address contains spaces or invisible characters; check it and try again."),
        (
            "http://user:secret@127.0.0.1/",
            "The address contains a user name or password; remove them (the part before '@').",
        ),
        ("http://bad_name!.example/", "The site name in the address is not valid."),
        ("http://example.org/" + "a" * 3000, "The address is longer than 2048 characters."),
    ],
)
def test_malformed_addresses(url, message):
    assert refusal(url) == message


def test_a_name_that_does_not_resolve(names):
    message = refusal("http://no-such-site.example/news")
    assert message == "The site name no-such-site.example could not be found; check the address for typos."


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/news",
        "http://[::1]:{port}/news",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/news",
        "http://0.0.0.0:{port}/news",
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(server, url):
    message = refusal(url.format(port=server.port), FetchLimits(timeout=5))
    assert message.endswith(PRIVATE)


def test_a_name_that_resolves_to_a_private_address_is_refused(names):
    names["intranet.example"] = ["10.1.2.3"]
    assert refusal("http://intranet.example/", FetchLimits(timeout=5)) == f"The address intranet.example {PRIVATE}"
    names["metadata.example"] = ["169.254.169.254"]
    assert refusal("http://metadata.example/", LOCAL) == f"The address metadata.example {PRIVATE}"


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0:{port}/"],
)
def test_allow_private_admits_loopback_only(server, url):
    assert refusal(url.format(port=server.port), LOCAL).endswith(PRIVATE)


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:{port}/news",
        "http://10.0.0.1/",
        "http://[fd00::1]/",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_refused_destination_is_refused(server, target):
    message = refusal(server.url("/redirect?to=" + target.format(port=server.port)))
    assert message.endswith(PRIVATE) or message.startswith("Only web addresses")


def test_allowed_hosts_limit_where_a_fetch_may_go(server, names):
    names["news.example"] = ["127.0.0.1"]
    limits = FetchLimits(allow_private=True, timeout=5, allowed_hosts=("example.org",))
    assert refusal(server.url("/news"), limits) == (
        "Pages from 127.0.0.1 cannot be fetched here; only from example.org."
    )
    ok = FetchLimits(allow_private=True, timeout=5, allowed_hosts=("example",))
    assert fetch_page(server.url("/news", host="news.example"), ok).content == NEWS_PAGE


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.8.8",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        UNSPECIFIED,
        "100.64.0.1",
        "192.0.2.10",
        "198.18.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
        "not an address",
    ],
)
def test_addresses_that_are_refused(address):
    assert not is_allowed_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert is_allowed_address(address)
    assert is_allowed_address(address, allow_private=True)


def test_allow_private_admits_loopback_and_nothing_else():
    for address in ("127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"):
        assert is_allowed_address(address, allow_private=True)
    for address in ("10.0.0.1", "192.168.0.1", "169.254.169.254", UNSPECIFIED, "::", "fe80::1", "fd00::1", "224.0.0.1"):
        assert not is_allowed_address(address, allow_private=True)
    assert not is_allowed_address("2002:7f00:1::1", allow_private=True)  # 6to4 around 127.0.0.1 is not loopback


# --- refusals of the answer ------------------------------------------------------------------


def test_too_many_redirects(server):
    limits = FetchLimits(allow_private=True, timeout=5, max_redirects=3)
    assert refusal(server.url("/loop/0"), limits) == "The address redirected more than 3 times; fetching stopped."
    assert [hit["path"] for hit in server.seen[-4:]] == ["/loop/0", "/loop/1", "/loop/2", "/loop/3"]


def test_an_http_error_status(server):
    assert refusal(server.url("/missing")) == "The site answered HTTP 404 (Not Found) instead of the page."
    assert refusal(server.url("/gone")) == "The site answered HTTP 410 (Gone) instead of the page."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/plain", "The address leads to a file of type text/plain, not a web page; only HTML pages can be read."),
        ("/pdf", "The address leads to a file of type application/pdf, not a web page; only HTML pages can be read."),
        ("/untyped", "The address leads to a file, not a web page; only HTML pages can be read."),
    ],
)
def test_not_an_html_page(server, path, message):
    assert refusal(server.url(path)) == message


def test_too_large_by_content_length(server):
    limits = FetchLimits(allow_private=True, timeout=5, max_bytes=1024 * 1024)
    assert refusal(server.url("/big-length"), limits) == "The page is larger than 1 MB; fetching stopped."


def test_too_large_while_streaming_without_a_length(server):
    limits = FetchLimits(allow_private=True, timeout=5, max_bytes=100_000)
    assert refusal(server.url("/big-chunked"), limits) == "The page is larger than 97.7 KB; fetching stopped."


def test_too_large_after_decompression(server):
    limits = FetchLimits(allow_private=True, timeout=5, max_bytes=1024 * 1024)
    assert refusal(server.url("/gzip-bomb"), limits) == "The page is larger than 1 MB; fetching stopped."


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_too_slow_is_cut_off_by_the_deadline_over_the_whole_download(server, path):
    # a byte a second never trips a per-read timeout of 1.5 s; the deadline over the whole must
    limits = FetchLimits(allow_private=True, timeout=1.5)
    assert (
        refusal(server.url(path), limits) == "The site took longer than 1.5 seconds to send the page; fetching stopped."
    )


def test_nothing_listening():
    with socket.socket() as probe:  # a port on 127.0.0.1 that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert refusal(f"http://127.0.0.1:{port}/") == "Could not connect to 127.0.0.1: the connection was refused."
