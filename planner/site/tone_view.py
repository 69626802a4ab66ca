"""Readability and tone as bars against the stage's targets. Renders whatever the
analysers produced and says so plainly when a part is absent."""
from __future__ import annotations

import statistics
from typing import Any

from planner.site.html import bar, esc

_SKIP = {"sections", "evidence", "phrases", "sentences", "bands", "version", "words", "explain"}


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dict):
        for k in ("score", "value", "level"):
            if isinstance(v.get(k), (int, float)) and not isinstance(v.get(k), bool):
                return float(v[k])
    return None


def readability_values(analysis) -> dict[str, float]:
    r = analysis.readability if analysis is not None and isinstance(analysis.readability, dict) else {}
    out = {}
    for key, name in (("flesch_reading_ease", "reading ease"), ("reading_ease", "reading ease"), ("grade", "grade level")):
        v = _num(r.get(key))
        if v is not None and name not in out:
            out[name] = v
    return out


def tone_values(analysis) -> dict[str, float]:
    t = analysis.tone if analysis is not None and isinstance(analysis.tone, dict) else {}
    dims = next((t[k] for k in ("scores", "dimensions") if isinstance(t.get(k), dict)), t)
    out = {}
    for k, v in dims.items():
        if k in _SKIP or k in ("flesch_reading_ease", "grade", "readability"):  # readability has its own bars
            continue
        n = _num(v)
        if n is not None:
            out[str(k)] = n
    return out


def _target(targets: dict[str, Any], names: tuple[str, ...]) -> tuple[float | None, str]:
    """(target, "above"|"below") for a dimension, from the shapes a targets table may take."""
    for name in names:
        v = targets.get(name)
        if isinstance(v, dict):
            if isinstance(v.get("min"), (int, float)):
                return float(v["min"]), "above"
            if isinstance(v.get("max"), (int, float)):
                return float(v["max"]), "below"
        for key, side in ((f"{name}_min", "above"), (f"min_{name}", "above"), (f"{name}_max", "below"), (f"max_{name}", "below")):
            if isinstance(targets.get(key), (int, float)):
                return float(targets[key]), side
    return None, ""


_READ = {"reading ease": (("flesch_reading_ease", "reading_ease", "flesch"), 0, 100, "above"),
         "grade level": (("grade", "grade_level"), 0, 20, "below")}


def bars(values_read: dict[str, float], values_tone: dict[str, float], targets: dict[str, Any],
         bands: dict[str, str] | None = None) -> str:
    bands = bands or {}
    rows = []
    for name, v in values_read.items():
        keys, lo, hi, default_side = _READ[name]
        tgt, side = _target(targets, keys)
        rows.append(bar(v, lo=lo, hi=hi, target=tgt, good=side or (default_side if tgt is not None else ""),
                        label=name, fmt="{:.1f}" if name == "grade level" else "{:.0f}",
                        note=bands.get("readability", "") if name == "reading ease" else ""))
    for name, v in values_tone.items():
        tgt, side = _target(targets, (name,))
        rows.append(bar(v, target=tgt, good=side, label=name.replace("_", " "), note=bands.get(name, "")))
    return '<div class="pl-bars">' + "".join(rows) + "</div>"


def legend(has_targets: bool) -> str:
    if not has_targets:
        return '<p class="pl-small pl-muted">No targets are configured for this stage; the bars show the values only (0–100; grade level 0–20).</p>'
    return ('<p class="pl-small">Each bar says whether it meets the stage target; the dark tick on the bar marks the target.</p>')


def bands_of(analysis) -> dict[str, str]:
    t = analysis.tone if analysis is not None and isinstance(analysis.tone, dict) else {}
    b = t.get("bands")
    return {str(k): str(v) for k, v in b.items()} if isinstance(b, dict) else {}


def profile(ctx, analysis, stage: str | None, fmt: str | None = None) -> str:
    read, tone = readability_values(analysis), tone_values(analysis)
    if not read and not tone:
        return '<p class="pl-muted">No readability or tone profile for this document (the tone analyser is not installed, or the text is too short).</p>'
    targets = ctx.stage_target(stage, fmt)
    return legend(bool(targets)) + bars(read, tone, targets, bands_of(analysis))


def stage_profile(ctx, analyses: list, stage: str) -> str:
    """The median of each dimension across a stage's documents, against the stage target."""
    reads = [readability_values(a) for a in analyses]
    tones = [tone_values(a) for a in analyses]

    def medians(rows: list[dict[str, float]]) -> dict[str, float]:
        keys: list[str] = []
        for r in rows:
            keys += [k for k in r if k not in keys]
        return {k: statistics.median([r[k] for r in rows if k in r]) for k in keys}

    read, tone = medians(reads), medians(tones)
    if not read and not tone:
        return '<p class="pl-muted">No tone profiles yet for this stage.</p>'
    targets = ctx.stage_target(stage)
    return (f'<p class="pl-small">Median over {len(analyses)} document{"s" if len(analyses) != 1 else ""}.</p>'
            + legend(bool(targets)) + bars(read, tone, targets))


def _human(key: str) -> str:
    """A target key as words: flesch_reading_ease_min -> "reading ease, at least"."""
    words = key.replace("flesch_", "").replace("_", " ")
    for suffix, side in ((" min", "at least"), (" max", "at most")):
        if words.endswith(suffix):
            return f"{words[:-len(suffix)]} {side}"
    for prefix, side in (("min ", "at least"), ("max ", "at most")):
        if words.startswith(prefix):
            return f"{words[len(prefix):]} {side}"
    return words


def describe_targets(targets: dict[str, Any]) -> str:
    if not targets:
        return ""
    items = []
    for k, v in sorted(targets.items()):
        if isinstance(v, dict):
            bounds = [f"at least {v['min']}" if isinstance(v.get("min"), (int, float)) else "",
                      f"at most {v['max']}" if isinstance(v.get("max"), (int, float)) else ""]
            text = " and ".join(b for b in bounds if b)
            if text:
                items.append(f"{esc(_human(k))} {esc(text)}")
        elif not isinstance(v, list):
            items.append(f"{esc(_human(k))} {esc(v)}")
    return f'<p class="pl-small">Stage targets: {"; ".join(items)}.</p>' if items else ""
