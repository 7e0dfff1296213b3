"""The address students can reach: for join links, QR codes and practice links.

A teacher on a laptop opens the site at http://127.0.0.1:5000, but phones cannot reach that.
The address shown is, in order: ``QUIZ_PUBLIC_URL`` when set (a proxy's or a school's name);
else, when ``quiz serve`` listens on every interface and the page was opened on the machine
itself, the machine's network address; else the address the page was opened at.
"""

from __future__ import annotations

import ipaddress
import socket

from flask import current_app, request, url_for

# Hosts that mean "this machine only": an address with one of them is no use to a phone.
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
ALL_INTERFACES = ("0.0.0.0", "::", "")  # noqa: S104 - the hosts `quiz serve --host` takes for "every interface"


def is_local(host: str) -> bool:
    """Whether ``host`` (a name or address, without its port) names this machine only."""
    host = host.strip("[]").lower()
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hostname(netloc: str) -> str:
    """The host of ``host[:port]`` (IPv6 in brackets too)."""
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")]
    return netloc.rsplit(":", 1)[0]


def network_address() -> str | None:
    """This machine's address on its network (the one its default route leaves by), or None."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a UDP "connect" only picks the route: no packet is sent
        found = probe.getsockname()[0]
    except OSError:
        found = None
    finally:
        probe.close()
    if found and not is_local(found) and found != "0.0.0.0":  # noqa: S104
        return found
    try:
        _name, _aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return None
    return next((a for a in addresses if not is_local(a)), None)


def public_base() -> str:
    """scheme://host[:port] of the address students can reach (no trailing slash)."""
    public = current_app.config.get("QUIZ_PUBLIC_URL")
    if public:
        return public
    served = current_app.config.get("QUIZ_SERVED_ON")  # (host, port, network address) under `quiz serve`
    if served and served[0] in ALL_INTERFACES and served[2] and is_local(hostname(request.host)):
        return f"{request.scheme}://{served[2]}:{served[1]}"
    return request.host_url.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` at the address students can reach."""
    return public_base() + url_for(endpoint, **values)


def reachable_by_others() -> bool:
    """Whether the address shown can work from another device (False: it names this machine)."""
    return not is_local(hostname(public_base().split("://", 1)[-1]))
