"""Values only this server can make or check: HMAC-SHA-256 keyed with the app's secret key."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def secret_mac(message: str, length: int) -> str:
    """The first ``length`` hex digits of the HMAC of ``message`` under the app's secret key."""
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:length]


def same_mac(given: str, expected: str) -> bool:
    """Constant-time comparison; as bytes, since compare_digest refuses str with non-ASCII characters."""
    return hmac.compare_digest(given.encode(), expected.encode())
