"""Shared by the reporters: rule links, severity names, one-line summaries, a finding explained."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


@lru_cache(maxsize=8)
def _mkdocs_site_url(root: str) -> str:
    """``site_url`` from the repository's mkdocs.yml, read without importing MkDocs."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return ""
    import re

    try:
        m = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", path.read_text(encoding="utf-8"), re.M)
    except (OSError, UnicodeDecodeError):
        return ""
    return m.group(1) if m else ""


def todo(f) -> str:
    """A finding's fix in words ("what to do"), or "": other fixes are front-matter
    values its message already names."""
    text = f.fix.get("text") if isinstance(f.fix, dict) else None
    return text if isinstance(text, str) else ""


def explained(f, sep: str = "\n", labels: tuple[str, str] = ("", "What to do: ")) -> str:
    """The message, then why it matters and what to do, for the reports a reviewer reads
    without `-v` (code-scanning alerts, pull-request annotations, test reports)."""
    text = f.message
    if f.why:
        text += f"{sep}{labels[0]}{f.why}"
    if todo(f):
        text += f"{sep}{labels[1]}{todo(f)}"
    return text


def site_url(config) -> str:
    """Base URL of the audit site, ending in '/', or '' when unknown."""
    url = ((config.get("ci") or {}).get("site_url") or "").strip() if config is not None else ""
    if not url and config is not None:
        url = _mkdocs_site_url(str(getattr(config, "root", ".")))
    if url and not url.endswith("/"):
        url += "/"
    return url


def rule_url(config, rule_id: str) -> str:
    base = site_url(config)
    return f"{base}rules/{rule_id}/" if base else ""


def repository_prefix(audit) -> str:
    """The working directory relative to the repository root, with a trailing ``/``
    (or ''), so paths are repository-relative (what code scanning and GitLab's code
    quality report expect) even when planner runs in a sub-folder."""
    from planner.gitutil import toplevel

    root = Path(audit.root).resolve()
    top = toplevel(root)
    if top is None:
        return ""
    rel = os.path.relpath(root, top.resolve())
    return "" if rel == "." else Path(rel).as_posix().rstrip("/") + "/"


def shown(audit) -> list:
    """Findings that count: not hidden by the baseline."""
    return [f for f in audit.findings if not f.baseline]


def doc_section(doc: str, name: str) -> str:
    """The text of a '## name' section of a rule's Markdown documentation."""
    out: list[str] = []
    inside = False
    for line in doc.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip().lower() == name.lower()
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip()
