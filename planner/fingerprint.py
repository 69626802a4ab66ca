"""Stable finding fingerprints: rule + path + normalised evidence, never line numbers.

A fingerprint survives edits elsewhere in the file (lines shift, the finding keeps its
key), so a baseline or a SARIF ``partialFingerprints`` entry keeps matching. Two
findings with the same key in one file get an ordinal (``#2``, ``#3``) in file order.
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterable

from planner.model import Finding

VERSION = "v1"
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Case, quotes and whitespace do not change what a finding is about."""
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip()


def basis(f: Finding) -> str:
    """What identifies a finding: its evidence, else its message with numbers blanked
    (messages may quote line numbers or scores that drift between runs)."""
    if f.evidence:
        return "\x1f".join(normalise(str(e)) for e in f.evidence)
    return _DIGITS.sub("#", normalise(f.message))


def fingerprint(f: Finding, ordinal: int = 1, about: str | None = None) -> str:
    """``about``: the finding's :func:`basis`, when the caller has it already."""
    raw = "\x1e".join((VERSION, f.rule, f.path, basis(f) if about is None else about))
    if ordinal > 1:
        raw += f"\x1e{ordinal}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def assign(findings: Iterable[Finding]) -> None:
    """Set ``Finding.fingerprint`` on each finding (in file order, so ordinals are stable).

    Ordinals count within one rule and one file, so the findings of a rule in a file
    that all have their fingerprint already (a file's per-document findings, assigned
    when the file was checked and kept with its result) keep it."""
    ordered = sorted(findings, key=Finding.sort_key)
    todo = {(f.rule, f.path) for f in ordered if not f.fingerprint}
    seen: dict[tuple[str, str, str], int] = {}
    for f in ordered:
        if (f.rule, f.path) not in todo:
            continue
        about = basis(f)
        key = (f.rule, f.path, about)
        seen[key] = seen.get(key, 0) + 1
        f.fingerprint = fingerprint(f, seen[key], about)
