"""GIFT read by a parser we did not write: npm's gift-pegjs (tests/node), run with node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent / "node" / "node_modules"
_SCRIPT = (
    "const {parse} = require('gift-pegjs'); let text = ''; process.stdin.setEncoding('utf8');"
    "process.stdin.on('data', c => text += c).on('end', () => {"
    " try { process.stdout.write(JSON.stringify(parse(text))); }"
    " catch (e) { process.stderr.write(JSON.stringify({message: e.message, location: e.location || null}));"
    " process.exit(2); } });"
)


class GiftSyntaxError(ValueError):
    """gift-pegjs refused the text."""


def unavailable() -> str | None:
    """Why the parser cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not installed (the GIFT checker runs npm's gift-pegjs)"
    if not (NODE_MODULES / "gift-pegjs").is_dir():
        return "gift-pegjs is not installed: run `npm ci --prefix tests/node`"
    return None


def parse_gift(text: str) -> list[dict]:
    """The questions (and $CATEGORY entries) gift-pegjs reads in ``text``."""
    done = subprocess.run(
        ["node", "-e", _SCRIPT],
        input=text,
        capture_output=True,
        text=True,
        env={"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin:/usr/local/bin"},
        timeout=60,
        check=False,
    )
    if done.returncode == 2:
        error = json.loads(done.stderr)
        raise GiftSyntaxError(f"{error['message']} at {error.get('location')}")
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)
