"""Text from the repository, shown safely: control characters as visible escapes.

A file name, a tag or a sentence may hold ESC, BEL or a C1 control such as CSI (0x9b).
Printed raw, they colour, move or clear the reader's terminal, rewrite a CI log line or
split one annotation in two. Every view shows them as ``\\x1b`` instead: shown, never
obeyed.
"""
from __future__ import annotations

import re

# C0 controls, DEL and the C1 controls
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# DEL and C1 are legal raw in JSON strings (C0 are always escaped by json.dumps)
_JSON_RAW = re.compile(r"[\x7f-\x9f]")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character except those in ``keep`` written ``\\xNN``."""
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else f"\\x{ord(m.group()):02x}", text)


def json_safe(text: str) -> str:
    """A JSON document with DEL and C1 controls written ``\\u00XX`` (still the same JSON):
    ``jq . report.json`` on a terminal must not obey them either."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
