"""File names for new drafts: `planner new` writes them, `planner plan` checks them, so a
suggested command never targets a file that already exists."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path


def slugify(title: str) -> str:
    """The title's ASCII slug ("Café: ROI" -> "cafe-roi"), or "" when nothing of it is
    Latin (a Japanese or Greek title)."""
    s = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s).strip("-").lower()
    return s[:80].rstrip("-")


def names_for(title: str) -> tuple[str, str]:
    """(file name stem, id) for a draft. A title with nothing Latin keeps its own letters
    in the file name, and gets an id from its digest (ids are ASCII: docs/tagging.md), so
    two such titles never collide on one name."""
    ascii_slug = slugify(title)
    if ascii_slug:
        return ascii_slug, ascii_slug
    stem = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", title)).strip("-_").lower()[:80].rstrip("-_")
    digest = hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return stem or f"page-{digest}", f"page-{digest}"


def draft_path(config, title: str) -> Path:
    """Where `planner new TITLE` (without --dir) writes: the first content path."""
    return config.root / config["content"]["paths"][0] / f"{names_for(title)[0]}.md"
