"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every rule is described in ``tool.driver.rules`` (short and full description, help
text, a link to its page on the audit site); results point at repository-relative
URIs and carry ``partialFingerprints`` built from the finding's fingerprint, which does
not depend on line numbers, so an alert survives edits above it. Inline suppressions
are included as results with an ``inSource`` suppression and its reason.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from planner import __version__
from planner.discovery import name_bytes
from planner.reporters.ci_common import SARIF_LEVEL, doc_section, explained, repository_prefix, rule_url, shown
from planner.textsafe import json_safe

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "plannerFingerprint/v1"


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def rule_descriptor(rule, config) -> dict[str, Any]:
    what = doc_section(rule.doc, "What it does") or rule.summary
    d: dict[str, Any] = {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": rule.doc or rule.summary, "markdown": rule.doc or rule.summary},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(rule.effective(config)[0], "none")},
        "properties": {"category": rule.category, "scope": rule.scope, "tags": ["content", rule.category]},
    }
    url = rule_url(config, rule.id)
    if url:
        d["helpUri"] = url
    return d


def _location(f, prefix: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, f.line), "startColumn": max(1, f.column)}
    end_line = f.end_line if f.end_line is not None else f.line
    end_col = f.end_column if f.end_column is not None else f.column
    if end_line >= f.line:
        region["endLine"] = max(1, end_line)
        # SARIF endColumn is exclusive; planner's end_column is inclusive
        if end_line > f.line or end_col >= f.column:
            region["endColumn"] = max(1, end_col) + 1
    if f.sentences:
        region["snippet"] = {"text": f.sentences[0]["text"]}
    path = f.path
    # a URI, not a path: spaces, '%', '#', control characters and other bytes of a name percent-encoded
    encoded = quote(name_bytes(path if Path(path).is_absolute() else prefix + path), safe="/")
    uri = "file://" + encoded if Path(path).is_absolute() else encoded
    artifact = {"uri": uri} if Path(path).is_absolute() else {"uri": uri, "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(f, index: dict[str, int], prefix: str, baseline_used: bool) -> dict[str, Any]:
    text = explained(f, "\n\n", ("Why: ", "What to do: "))
    r: dict[str, Any] = {
        "ruleId": f.rule,
        "level": SARIF_LEVEL.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [_location(f, prefix)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
    }
    if f.rule in index:
        r["ruleIndex"] = index[f.rule]
    props: dict[str, Any] = {"severity": f.severity}
    if f.evidence:
        props["evidence"] = [str(e) for e in f.evidence]
    if f.fix:
        props["fix"] = f.fix
    r["properties"] = props
    if baseline_used:
        r["baselineState"] = "new"
    return r


def sarif_log(audit) -> dict[str, Any]:
    from planner.rules import registry

    config = audit.config
    rules = [registry()[rid] for rid in sorted(registry())]
    index = {r.id: i for i, r in enumerate(rules)}
    prefix = repository_prefix(audit)
    baseline_used = "baseline" in audit.extras
    results = [_result(f, index, prefix, baseline_used) for f in shown(audit)]
    for f in audit.suppressed:
        r = _result(f, index, prefix, False)
        reason = next((s.reason for d in audit.documents if d.relpath == f.path for s in d.suppressions
                       if s.used and (not s.rules or f.rule in s.rules)), "")
        r["suppressions"] = [{"kind": "inSource", **({"justification": reason} if reason else {})}]
        results.append(r)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "planner",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": rule_url(config, "").rsplit("rules/", 1)[0] or "https://pypi.org/project/planner/",
            "rules": [rule_descriptor(r, config) for r in rules],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(audit.root).resolve().as_uri().rstrip("/") + "/"
                                              if not prefix else _repo_root_uri(audit, prefix)}},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"documents": len(audit.documents), "summary": audit.counts()},
    }
    if audit.baseline_stale:
        run["properties"]["baselineStale"] = audit.baseline_stale
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _repo_root_uri(audit, prefix: str) -> str:
    root = Path(audit.root).resolve()
    for _ in prefix.strip("/").split("/"):
        root = root.parent
    return root.as_uri().rstrip("/") + "/"


def render(audit, out: TextIO, *, color: bool = False) -> None:
    out.write(json_safe(json.dumps(sarif_log(audit), indent=2, ensure_ascii=False, default=str)) + "\n")
