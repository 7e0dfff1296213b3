"""A guarded server-side download of an article's web page (safe against server-side request forgery).

A teacher types an address and the server fetches it, so the address must not be able to reach
what only the server can reach: its own loopback services, the private network behind it or a
cloud metadata service (169.254.169.254). Every hop of the download is checked:

* only ``http`` and ``https`` addresses, with a host name and no user name or password;
* the name is resolved once, by us, and every address it resolves to must be public (not private,
  loopback, link-local, multicast, reserved or unspecified; IPv4 and IPv6, with IPv4 addresses
  carried inside IPv6 ones unwrapped), and then we connect to the address we checked, so a DNS
  server answering differently a second time (DNS rebinding) cannot swap it;
* the request still names the host (``Host`` header, TLS SNI, certificate checked against the
  name), so virtual hosts and HTTPS work as usual;
* redirects are followed by hand, each one checked again like the first address;
* one wall-clock deadline covers the whole download (lookup, connect, TLS, headers, body): every
  read gets only the time that is left, so a server dribbling a byte a second is cut off;
* the answer must be a success, an HTML page, and no bigger than the limit, by its
  Content-Length and by the bytes actually counted while reading (after decompression).

``FetchLimits.allow_private`` exists for the tests, which serve pages on 127.0.0.1: it admits
loopback addresses only (127.0.0.0/8, ::1). Private networks, link-local and metadata addresses,
0.0.0.0 and the rest stay refused even then. Production never sets it.

Why the standard library (``socket``, ``ssl``, ``http.client``) rather than urllib3 or requests:
they resolve names themselves and time out per socket operation, so pinning the checked address
and a deadline over the whole download would mean patching their internals. ``http.client``
takes a connected socket of our own and reads through whatever file object that socket's
``makefile`` returns, which is all this needs; ``ssl`` verifies certificates against the host name.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from .problems import size_text

MB = 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "CheckTheSource/0.1 (fetches one article page for a teacher)"
MAX_URL_LENGTH = 2048
_CHUNK = 64 * 1024
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")
_SAFE_PATH = "/%:@!$&'()*+,;=-._~?"  # what may stay as it is in a path and query; the rest is %-encoded


@dataclass(frozen=True)
class FetchLimits:
    """What one download may do: its size, its time, its redirects and where it may go."""

    max_bytes: int = 5 * MB
    timeout: float = 10.0  # seconds for the whole download, not per read
    max_redirects: int = 5
    allow_private: bool = False  # admits loopback only, for tests; see the module docstring
    allowed_hosts: tuple[str, ...] = ()  # when given, only these hosts and their subdomains


@dataclass(frozen=True)
class FetchedPage:
    """A downloaded page: the address it finally came from, its bytes and its Content-Type."""

    url: str
    content: bytes
    content_type: str


class FetchRefused(Exception):
    """A download that was refused or failed; ``message`` is written for the teacher."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _TooSlow(Exception):
    """The deadline passed; raised from inside http.client's reads and turned into a refusal."""


@dataclass(frozen=True)
class _Target:
    url: str  # without its fragment
    scheme: str
    host: str  # ASCII (IDNA), lowercase, IPv6 without brackets
    port: int
    path: str  # the request target: path and query

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; raises _TooSlow when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise _TooSlow
        return left


def fetch_page(url: str, limits: FetchLimits | None = None) -> FetchedPage:
    """Download one HTML page within ``limits``, or raise FetchRefused saying why not."""
    limits = limits or FetchLimits()
    deadline = _Deadline(limits.timeout)
    current = url
    try:
        for _hop in range(limits.max_redirects + 1):
            target = _parse_url(current)
            _check_allowed_host(target.host, limits)
            addresses = _resolve(target.host, target.port, deadline)
            for _family, sockaddr in addresses:
                if not is_allowed_address(sockaddr[0], allow_private=limits.allow_private):
                    raise FetchRefused(
                        f"The address {target.host} is on a private or local network; "
                        "only public web sites can be fetched."
                    )
            raw = _connect(target, addresses, deadline)
            try:
                response = _send(raw, target, deadline)
                try:
                    if response.status in REDIRECTS:
                        location = (response.getheader("Location") or "").strip()
                        if not location:
                            raise FetchRefused(
                                f"The site answered with a redirect (HTTP {response.status}) but no address."
                            )
                        current = urljoin(target.url, location)
                        continue
                    return _page(target, response, deadline, limits)
                finally:
                    response.close()
            finally:
                raw.close()
    except _TooSlow:
        raise FetchRefused(_too_slow(limits)) from None
    raise FetchRefused(f"The address redirected more than {limits.max_redirects} times; fetching stopped.")


def is_allowed_address(
    address: str | ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool = False
) -> bool:
    """Whether a download may connect to this IP address (``allow_private`` admits loopback only)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:10.0.0.1 is 10.0.0.1
            return is_allowed_address(ip.ipv4_mapped, allow_private=allow_private)
        embedded = _embedded_ipv4(ip)
        # a tunnel or translator prefix leads to the IPv4 address inside it: never to loopback
        if embedded is not None and not is_allowed_address(embedded):
            return False
        if ip.is_site_local:  # fec0::/10, deprecated but still private in practice
            return False
    if allow_private and ip.is_loopback:
        return True
    refused = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
    refused = refused or ip.is_reserved or ip.is_unspecified or not ip.is_global
    return not refused


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a 6to4, Teredo or NAT64 address carries, if any."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _parse_url(url: str) -> _Target:
    """Check the address's form and split it; FetchRefused when it is not a fetchable web address."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise FetchRefused(f"The address is longer than {MAX_URL_LENGTH} characters.")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise FetchRefused("Only web addresses starting with http:// or https:// can be fetched.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise FetchRefused("The address contains spaces or invisible characters; check it and try again.")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        raise FetchRefused("The address is not a valid web address (check the part after http://).") from None
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("The address contains a user name or password; remove them (the part before '@').")
    if not host:
        raise FetchRefused("The address has no site name after http://.")
    if ":" in host:  # only an IPv6 literal may contain colons
        try:
            host = str(ipaddress.IPv6Address(host.split("%", 1)[0]))
        except ValueError:
            raise FetchRefused("The address is not a valid web address (check the part after http://).") from None
    else:
        try:  # internationalised names go out in their ASCII form
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise FetchRefused("The site name in the address is not valid.") from None
        if not _HOST_NAME.fullmatch(host):
            raise FetchRefused("The site name in the address is not valid.")
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        path += "?" + quote(parts.query, safe=_SAFE_PATH)
    default = 443 if parts.scheme.lower() == "https" else 80
    return _Target(urldefrag(url)[0], parts.scheme.lower(), host, port or default, path)


def _check_allowed_host(host: str, limits: FetchLimits) -> None:
    if not limits.allowed_hosts:
        return
    for allowed in limits.allowed_hosts:
        allowed = allowed.strip().lower().lstrip(".")
        if host == allowed or host.endswith("." + allowed):
            return
    raise FetchRefused(f"Pages from {host} cannot be fetched here; only from {', '.join(limits.allowed_hosts)}.")


# the resolver, kept as a module attribute so tests can answer for made-up names without DNS
_getaddrinfo = socket.getaddrinfo


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple[int, tuple]]:
    """The (family, socket address) pairs ``host`` resolves to, within the deadline."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if ip.version == 4:
            return [(socket.AF_INET, (str(ip), port))]
        return [(socket.AF_INET6, (str(ip), port, 0, 0))]
    # getaddrinfo cannot be interrupted; a daemon thread lets the deadline apply to it too
    # (a lookup that hangs finishes on its own, later, and its answer is dropped)
    found: dict[str, object] = {}

    def lookup() -> None:
        try:
            found["infos"] = _getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            found["error"] = exc

    thread = threading.Thread(target=lookup, name="fetch-lookup", daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        raise _TooSlow
    infos = found.get("infos") or []
    addresses: list[tuple[int, tuple]] = []
    for family, _type, _proto, _name, sockaddr in infos:  # type: ignore[union-attr]
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    if not addresses:
        raise FetchRefused(f"The site name {host} could not be found; check the address for typos.")
    return addresses


def _tls_context() -> ssl.SSLContext:
    """The TLS settings for https: the system's trusted certificates, names checked (tests replace this)."""
    return ssl.create_default_context()


def _connect(target: _Target, addresses: list[tuple[int, tuple]], deadline: _Deadline) -> socket.socket:
    """A socket connected to one of the checked addresses (TLS for https), within the deadline."""
    failure: OSError | None = None
    for index, (family, sockaddr) in enumerate(addresses):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            # share the time left among the addresses still to try, so one dead address
            # (often an IPv6 one) does not use up the whole deadline
            left = deadline.remaining()
            sock.settimeout(max(left / (len(addresses) - index), min(left, 2.0)))
            sock.connect(sockaddr)
        except _TooSlow:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            failure = exc
            continue
        if target.scheme != "https":
            return sock
        try:
            sock.settimeout(deadline.remaining())
            # the checked address is connected; SNI and the certificate check use the name
            return _tls_context().wrap_socket(sock, server_hostname=target.host)
        except ssl.SSLCertVerificationError:
            raise FetchRefused(
                f"The secure connection to {target.host} failed: its certificate could not be verified."
            ) from None
        except TimeoutError:
            raise _TooSlow from None
        except (ssl.SSLError, OSError):
            raise FetchRefused(f"The secure connection to {target.host} failed.") from None
        finally:
            sock.close()  # after wrap_socket this one is detached and closing it does nothing
    if isinstance(failure, TimeoutError):
        raise _TooSlow
    reason = "the connection was refused" if isinstance(failure, ConnectionRefusedError) else "no answer"
    raise FetchRefused(f"Could not connect to {target.host}: {reason}.")


class _DeadlineSocket:
    """What http.client needs of a socket, with every read and write bound by the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock = sock
        self._deadline = deadline

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._deadline.remaining())
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise _TooSlow from None

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        # fetch_page closes the real socket itself; http.client would otherwise close it as
        # soon as the headers say "Connection: close", before the body has been read
        pass


class _DeadlineReader(io.RawIOBase):
    """Raw reads from a socket, each allowed only the time left before the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        self._sock.settimeout(self._deadline.remaining())
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError:
            raise _TooSlow from None


def _send(raw: socket.socket, target: _Target, deadline: _Deadline) -> http.client.HTTPResponse:
    """Send the GET request and read the status line and headers."""
    conn = http.client.HTTPConnection(target.host, target.port)
    conn.sock = _DeadlineSocket(raw, deadline)  # type: ignore[assignment]  # already connected: no lookup
    try:
        conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", target.host_header)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        conn.putheader("Accept-Encoding", "identity")  # gzip is still read if a server sends it anyway
        conn.putheader("Connection", "close")
        conn.endheaders()
        return conn.getresponse()
    except (http.client.HTTPException, ValueError):
        raise FetchRefused(f"The answer from {target.host} could not be read as a web page.") from None
    except OSError:
        raise FetchRefused(f"The connection to {target.host} was lost.") from None


def _page(target: _Target, response: http.client.HTTPResponse, deadline: _Deadline, limits: FetchLimits) -> FetchedPage:
    """Check a final answer (status, type, size) and read its body within the limits."""
    status = response.status
    if status >= 400:
        try:
            phrase = f" ({HTTPStatus(status).phrase})"
        except ValueError:
            phrase = ""
        raise FetchRefused(f"The site answered HTTP {status}{phrase} instead of the page.")
    if not 200 <= status < 300 or status == 204:
        raise FetchRefused(f"The site sent no page (it answered HTTP {status}).")
    content_type = (response.getheader("Content-Type") or "").strip()
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime not in HTML_TYPES:
        # the type is the server's text: name it only when it looks like one
        what = f"a file of type {mime}" if re.fullmatch(r"[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}", mime) else "a file"
        raise FetchRefused(f"The address leads to {what}, not a web page; only HTML pages can be read.")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise FetchRefused("The site sent the page compressed in a way that cannot be read.")
    declared = (response.getheader("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchRefused(_too_large(limits))
    # gzip and zlib streams both start with a header that wbits=47 recognises
    inflate = zlib.decompressobj(47) if encoding not in ("identity", "") else None
    content = _read_body(response, limits.max_bytes, inflate, target)
    return FetchedPage(url=target.url, content=content, content_type=content_type)


def _read_body(
    response: http.client.HTTPResponse, limit: int, inflate: zlib._Decompress | None, target: _Target
) -> bytes:
    """The body, counting the bytes as they come (and after decompression); refused past ``limit``."""
    chunks: list[bytes] = []
    received = 0  # bytes off the wire
    size = 0  # bytes of page
    try:
        while True:
            data = response.read(min(_CHUNK, limit + 1 - received))
            if not data:
                break
            received += len(data)
            if received > limit:
                raise FetchRefused(_too_large_for(limit))
            if inflate is not None:
                data = inflate.decompress(data, limit + 1 - size)
                if inflate.unconsumed_tail:  # more output than the limit allows is waiting
                    raise FetchRefused(_too_large_for(limit))
            size += len(data)
            if size > limit:
                raise FetchRefused(_too_large_for(limit))
            chunks.append(data)
        if inflate is not None:
            tail = inflate.flush(limit + 1 - size)
            size += len(tail)
            if size > limit:
                raise FetchRefused(_too_large_for(limit))
            chunks.append(tail)
    except (http.client.HTTPException, zlib.error, ValueError):
        raise FetchRefused(f"The answer from {target.host} could not be read as a web page.") from None
    except OSError:
        raise FetchRefused(f"The connection to {target.host} was lost.") from None
    return b"".join(chunks)


def _too_large(limits: FetchLimits) -> str:
    return _too_large_for(limits.max_bytes)


def _too_large_for(limit: int) -> str:
    return f"The page is larger than {size_text(limit)}; fetching stopped."


def _too_slow(limits: FetchLimits) -> str:
    return f"The site took longer than {limits.timeout:g} seconds to send the page; fetching stopped."
