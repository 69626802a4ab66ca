"""What a page is about: the team's product, or the field it works in.

Features from how the text uses the product's names (planner/journey/estate.py):
how often and where it names the product, "in <Product>" instructions, and the
product's own UI and account language ("your <Product> dashboard", "<Product>'s
settings"). A page full of steps that never names the product teaches its field
(buyer/awareness); the same steps inside the product are customer help.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Sequence

from planner.model import Prose

# what a product has that a reader uses from the inside
_OBJECTS = (r"(?:account|accounts|project|projects|workspace|workspaces|instance|instances|app|apps|dashboard|"
            r"organi[sz]ation|team|plan|subscription|console|settings|cloud|server|cluster|site|pipeline|"
            r"pipelines|ui|cli|api|sdk|docs|documentation|agent|agents|integration|integrations|plugin|"
            r"plugins|editor|admin|interface|portal|app|environment|environments|config|configuration)")
OPENING_CHARS = 600  # the opening: title and first paragraph, where a page says what it is about


@lru_cache(maxsize=32)
def _patterns(names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    name = re.compile(rf"(?<![\w.\-])(?:{alt})(?:'s|’s)?(?![\w\-])")
    inside = re.compile(rf"\b(?:in|into|inside|within|from|on|to|with)\s+(?:the\s+|your\s+)?(?:{alt})(?![\w\-])", re.I)
    ui = re.compile(rf"\byour\s+(?:{alt})(?:'s|’s)?\s+{_OBJECTS}\b|(?<![\w.\-])(?:{alt})(?:'s|’s)?\s+{_OBJECTS}\b", re.I)
    return name, inside, ui


def product_spans(text: str, names: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of product uses: kind "ui" (product UI or account language),
    "in" ("in <Product>") or "name" (a plain mention)."""
    if not names:
        return []
    name, inside, ui = _patterns(tuple(names))
    out = [(m.start(), m.end(), "ui") for m in ui.finditer(text)]
    out += [(m.start(), m.end(), "in") for m in inside.finditer(text)]
    out += [(m.start(), m.end(), "name") for m in name.finditer(text)]
    return sorted(out)


def about_features(prose: Prose, words: int, sentences: Sequence[Sequence[int]],
                   names: Sequence[str], text: str | None = None) -> dict[str, float]:
    """``about:*`` features; empty when the estate has no known product name. ``text``:
    the prose to read (default ``prose.text``; the page's own words, quotations blanked)."""
    if not names:
        return {}
    text = prose.text if text is None else text
    name, inside, ui = _patterns(tuple(names))
    per = 100.0 / max(words, 50)
    mentions = [m.start() for m in name.finditer(text)]
    out: dict[str, float] = {"about:density": math.log1p(len(mentions) * per)}
    if not mentions:
        out["about:absent"] = 1.0
    title = next((b for b in prose.blocks if b.kind == "title"), None)
    if title is not None and name.search(text, title.start, title.end):
        out["about:title"] = 1.0
    k = sum(1 for _ in inside.finditer(text))
    if k:
        out["about:in_product"] = math.log1p(k * per)
    k = sum(1 for _ in ui.finditer(text))
    if k:
        out["about:product_ui"] = math.log1p(k * per)
    if sentences and mentions:
        j, hit = 0, 0
        for a, b in sentences:  # both sorted: one merge pass
            while j < len(mentions) and mentions[j] < a:
                j += 1
            if j < len(mentions) and mentions[j] < b:
                hit += 1
        out["about:sentence_share"] = hit / len(sentences)
    if mentions and mentions[0] < OPENING_CHARS:
        out["about:opening"] = 1.0
    return {k: round(v, 4) for k, v in out.items()}
