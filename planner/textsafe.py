"""Text from the repository, shown safely: control characters as visible escapes.

A file name, a tag or a sentence may hold ESC, BEL or a C1 control such as CSI (0x9b).
Printed raw, they colour, move or clear the reader's terminal, rewrite a CI log line or
split one annotation in two. Every view shows them as ``\\x1b`` instead: shown, never
obeyed.
"""
from __future__ import annotations

import re

# Unicode's own line breaks (U+2028, U+2029: some log viewers break the line) and the
# bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069: "Trojan Source",
# a file name that displays as another's)
_LAYOUT = "\u2028\u2029\u202a-\u202e\u2066-\u2069"
# C0 controls, DEL, the C1 controls, and the layout controls above
_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_LAYOUT}]")
# DEL, C1 and the layout controls are legal raw in JSON strings (C0 are always escaped by json.dumps)
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_LAYOUT}]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character except those in ``keep`` written ``\\xNN``
    (``\\u202e`` for the layout controls)."""
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def json_safe(text: str) -> str:
    """A JSON document with DEL, C1 and layout controls written ``\\u00XX`` (still the
    same JSON): ``jq . report.json`` on a terminal must not obey them either."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
