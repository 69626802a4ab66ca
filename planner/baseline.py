"""The baseline ratchet: adopt the CI gate on an old repository without fixing it first.

``planner lint --update-baseline FILE`` records every current finding by fingerprint
(rule + path + normalised evidence: line shifts do not matter). ``planner lint
--baseline FILE`` then fails only on findings that are not in the file, and lists the
entries that no longer occur so the file can shrink. The file is sorted JSON with one
finding per line, so a pull request shows exactly which findings it fixed or accepted.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from planner import __version__
from planner.discovery import is_utf8
from planner.fsutil import atomic_write_text
from planner.model import Audit

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read; phrased for the user."""


def entry(f) -> dict[str, Any]:
    return {"path": f.path, "rule": f.rule, "fingerprint": f.fingerprint, "message": f.message}


def _key(e: dict[str, Any]) -> tuple:
    return (e.get("path", ""), e.get("rule", ""), e.get("fingerprint", ""))


def dumps(entries: list[dict[str, Any]]) -> str:
    """Sorted, one entry per line: diffs show one line per finding fixed or accepted."""
    rows = sorted(entries, key=_key)
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False, sort_keys=True) for e in rows)
    return ('{\n  "baseline_version": %d,\n  "tool": %s,\n  "findings": [\n%s%s  ]\n}\n'
            % (BASELINE_VERSION, json.dumps({"name": "planner", "version": __version__}), body, "\n" if rows else ""))


def load(path: Path) -> list[dict[str, Any]]:
    raw = _read(Path(path))
    if not raw.strip():
        raise BaselineError(f"{path}: baseline is empty; create it with `planner lint --update-baseline {path}`")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: baseline is not valid JSON: {exc.msg}") from None
    except RecursionError:  # json's parser recurses once per level
        raise BaselineError(f"{path}: baseline is nested too deeply to be a planner baseline "
                            "(a baseline is a list of flat entries)") from None
    except ValueError:  # Python reads no whole number of more than 4,300 digits
        raise BaselineError(f"{path}: baseline is not valid JSON: a number too long to read") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a planner baseline (expected an object with a 'findings' list)")
    version = data.get("baseline_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise BaselineError(f"{path}: 'baseline_version' is {version!r}; expected a whole number such as {BASELINE_VERSION}")
    if version > BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {version} is newer than this planner understands; upgrade planner")
    # entries are data from the repository: keep only the well-formed ones (text that
    # can be written back: a lone surrogate such as "\ud800" can match no finding)
    return [e for e in data["findings"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str) and e["fingerprint"]
            and all(isinstance(v, str) and is_utf8(v) for v in (e.get(k, "") for k in _FIELDS))]


_FIELDS = ("path", "rule", "fingerprint", "message")
MAX_BYTES = 64 << 20  # a baseline holds one short line per finding: a few MB for a large estate


def _read(path: Path) -> str:
    """The file's text, read at most MAX_BYTES far: a baseline comes from the repository,
    and a committed symlink to /dev/zero must not read forever. A pipe (``--baseline
    <(git show main:b.json)``) is read; a FIFO nobody writes to reads as empty."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found; create it with `planner lint --update-baseline {path}`") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # opened without waiting for a writer; now wait for its data
        with open(fd, "rb", closefd=False) as fh:
            blob = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(blob) > MAX_BYTES:
        raise BaselineError(f"{path}: baseline is larger than {MAX_BYTES >> 20} MB; not a planner baseline")
    try:
        return blob.decode("utf-8-sig")  # a byte-order mark, as Windows editors save, is not content
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: baseline is not UTF-8 text") from None


def apply(audit: Audit, entries: list[dict[str, Any]]) -> None:
    """Mark findings recorded in the baseline (``Finding.baseline``) and list the
    entries that no longer occur in ``audit.baseline_stale``. With ``lint --changed``
    only entries for the linted files can be judged stale."""
    known = {e["fingerprint"] for e in entries}
    current = set()
    for f in audit.findings:
        current.add(f.fingerprint)
        if f.fingerprint in known:
            f.baseline = True
    for f in audit.suppressed:
        current.add(f.fingerprint)
    only = audit.extras.get("only")
    linted = {d.relpath for d in audit.documents} if only is None else set(only)
    audit.baseline_stale = sorted((e for e in entries if e["fingerprint"] not in current and e.get("path") in linted),
                                  key=_key)


def write(path: Path, audit: Audit, previous: list[dict[str, Any]] | None = None) -> int:
    """Record the audit's active findings; returns how many. With ``lint --changed``
    (``audit.extras['only']``) entries for files that were not linted are kept."""
    entries = [entry(f) for f in audit.findings]
    only = audit.extras.get("only")
    if only is not None and previous:
        entries += [e for e in previous if e.get("path") not in only]
    atomic_write_text(Path(path), dumps(entries), parents=False)  # a typo in the folder must not go unnoticed
    return len(entries)
