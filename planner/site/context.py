"""What every page generator shares: the Audit, where each page lives, and the views
(coverage, plan) loaded lazily so the site degrades gracefully when one is missing."""
from __future__ import annotations

import datetime as _dt
import posixpath
import statistics
from urllib.parse import quote
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from planner.coverage import coverage_matrix
from planner.model import Audit, Document
from planner.plan import build_plan
from planner.site.html import Links, slug

AXES = ("role", "persona", "format", "owner", "topic")
TAG_RULES = {"front-matter-invalid", "tag-missing", "tag-unknown", "stage-phase-conflict", "file-unreadable"}


@dataclass
class Page:
    src_uri: str
    title: str  # plain text; escaped when it is shown
    body: str  # HTML (already safe); top-level sections from html.section()
    meta: dict[str, Any] = field(default_factory=dict)  # front matter; "search": all | head | none
    markdown: str = ""  # trusted Markdown (rule documentation) shown before the HTML


def _page_uri(folder: str, name: str) -> str:
    return f"{folder}/{slug(name)}.md"


class SiteContext:
    def __init__(self, audit: Audit, use_directory_urls: bool = True, today: _dt.date | None = None,
                 built_from: dict[str, Any] | None = None, edit_url: str | None = None,
                 links_relative_to: str = "page") -> None:
        self.audit = audit
        self.config = audit.config
        self.use_dir = use_directory_urls
        self.today = today or audit.extras.get("today") or _dt.date.today()
        self.built_from = built_from  # the git commit the content was read at (hash, short, date)
        self.edit_url = edit_url  # repo_url + edit_uri of mkdocs.yml: source files link there
        self.links_relative_to = links_relative_to  # "page" (MkDocs) or "source" (Zensical): see html.Links
        self._doc_uris = self._assign_document_uris()
        self._coverage: dict[str, Any] = {}
        self._findings: dict[str, list] = {}
        for f in audit.findings:
            self._findings.setdefault(f.path, []).append(f)
        self.errors: list[str] = []  # views that failed; shown on the dashboard, never fatal
        self.trend: Any = None  # planner.trend.run.Trend over the git history, when built in a repository

    # -- where pages live -------------------------------------------------------------
    def _assign_document_uris(self) -> dict[str, str]:
        """documents/<path below the common content folder>.md, stable across builds."""
        rels = [d.relpath for d in self.audit.documents]
        dirs = [posixpath.dirname(r) for r in rels]
        common = posixpath.commonpath(dirs) if dirs and all(dirs) else ""
        out: dict[str, str] = {}
        used: set[str] = set()
        for rel in rels:
            inner = rel[len(common):].lstrip("/") if common else rel
            stem = inner.rsplit(".", 1)[0] if "." in posixpath.basename(inner) else inner
            parts = [slug(p) for p in stem.split("/") if p not in ("", ".", "..")]
            if parts and parts[-1] == "index":
                parts[-1] = "index-page"
            uri = "documents/" + "/".join(parts or ["document"]) + ".md"
            n = 2
            while uri in used:  # two files that slug alike
                uri = "documents/" + "/".join(parts or ["document"]) + f"-{n}.md"
                n += 1
            used.add(uri)
            out[rel] = uri
        return out

    def doc_uri(self, relpath: str) -> str | None:
        return self._doc_uris.get(relpath)

    # the page of a rule, a stage, a coverage axis, an owner's queue
    rule_uri = staticmethod(partial(_page_uri, "rules"))
    stage_uri = staticmethod(partial(_page_uri, "stages"))
    axis_uri = staticmethod(partial(_page_uri, "coverage"))
    queue_uri = staticmethod(partial(_page_uri, "queue"))

    def source_url(self, relpath: str) -> str | None:
        """Where the document's source file can be edited, when mkdocs.yml says."""
        if not self.edit_url or relpath.startswith("../"):
            return None
        return self.edit_url.rstrip("/") + "/" + "/".join(quote(p) for p in relpath.split("/"))

    def links(self, src_uri: str) -> Links:
        return Links(src_uri, self.use_dir, self.links_relative_to)

    # -- the documents ----------------------------------------------------------------
    def title_of(self, doc: Document) -> str:
        if doc.tags and doc.tags.title:
            return doc.tags.title
        return posixpath.basename(doc.relpath)

    def stages(self) -> list[str]:
        if not hasattr(self, "_stages"):
            self._stages = self.config.stage_order()
        return self._stages

    def stage_target(self, stage: str | None, fmt: str | None = None, phase: str | None = None) -> dict[str, Any]:
        """Targets from the tone configuration: ``all``, then the phase's, then the
        stage's, then the format's entry, later ones winning."""
        tone = self.config.get("tone") or {}
        targets = tone.get("targets") if isinstance(tone, dict) else None
        if not isinstance(targets, dict):
            return {}
        phase = phase or self.config.phase_of(stage)
        out: dict[str, Any] = {}
        for group, key in ((None, "all"), ("phases", phase), ("stages", stage), ("formats", fmt)):
            table = targets if group is None else targets.get(group)
            entry = table.get(key) if isinstance(table, dict) and key else None
            if isinstance(entry, dict):
                out.update(entry)
        return out

    def findings_for(self, relpath: str) -> list:
        return self._findings.get(relpath, [])

    def validly_tagged(self, doc: Document) -> bool:
        if doc.tags is None or not doc.tags.stage or doc.tags.stage not in self.config.taxonomy["stages"]:
            return False
        return not any(f.rule in TAG_RULES and f.severity == "error" for f in self.findings_for(doc.relpath))

    @property
    def axis(self) -> str:
        """The configured coverage axis (role unless planner.yml says otherwise)."""
        from planner.coverage import settings

        return str(settings(self.config).get("axis", "role"))

    def stale_days(self) -> int:
        from planner.coverage import settings

        return int(settings(self.config).get("stale_days", 365))

    def is_stale(self, doc: Document) -> bool:
        from planner.coverage import is_stale

        return is_stale(doc, self.today, self.stale_days())

    def owner_of(self, doc: Document) -> str:
        return doc.tags.owner if doc.tags and doc.tags.owner else ""

    def reading_ease(self, relpath: str) -> float | None:
        a = self.audit.analyses.get(relpath)
        r = a.readability if a else None
        if isinstance(r, dict):
            v = r.get("flesch_reading_ease", r.get("reading_ease"))
            return float(v) if isinstance(v, (int, float)) else None
        return None

    def median_reading_ease(self, phase: str) -> float | None:
        vals = [v for d in self.audit.documents if d.tags and self.config.phase_of(d.tags.stage) == phase
                and (v := self.reading_ease(d.relpath)) is not None]
        return statistics.median(vals) if vals else None

    # -- views from other modules -------------------------------------------------------
    def coverage(self, axis: str) -> dict[str, Any] | None:
        if axis not in self._coverage:
            try:
                self._coverage[axis] = coverage_matrix(self.audit, axis, today=self.today)
            except Exception as exc:  # a broken view must not take the whole site down
                self.errors.append(f"coverage by {axis}: {exc}")
                self._coverage[axis] = None
        return self._coverage[axis]

    def plan(self) -> list[dict] | None:
        """The ranked plan ([] when it could not be built: the error is on the site)."""
        if "plan" not in self._coverage:
            try:
                self._coverage["plan"] = list(build_plan(self.audit, today=self.today))
            except Exception as exc:
                self.errors.append(f"plan: {exc}")
                self._coverage["plan"] = []
        return self._coverage["plan"]
