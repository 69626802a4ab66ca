"""`planner train`: learn the team's own language and write the team model file."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import click

from planner import __version__
from planner.cli.common import FormatChoice, PlannerError, get_config


def _training_audit(ctx: click.Context, paths: tuple[str, ...], config):
    """The estate through the one audit entry, with the estate view set for training:
    product names from planner.yml or inferred afresh, and no team model (a model never
    learns from its own output, and a corrupt one must not block retraining)."""
    from planner.cli.lint import run_audit
    from planner.journey.estate import configured_names, inferred_names
    from planner.discovery import discover
    from planner.cli.common import content_paths

    names = configured_names(config)
    source = "config"
    if names is None:
        targets = [p for p in content_paths(config, paths) if p.exists()]
        files = discover(targets, config)[0] if targets else []
        names = inferred_names(config, files)
        source = "inferred" if names else "none"
    config.estate = {"product_names": names, "names_source": source, "model": None}
    # lint's engine and result store (a run of lint before the first training has already
    # analysed every page with the same estate view); training reads every analysis whole
    return run_audit(ctx, paths, full=True)


# why a page read is not learned from, in the order they are checked (the report's words)
NOT_USED = {"unreadable": "unreadable", "not_published": "not published", "untagged": "untagged",
            "unknown_stage": "with an unknown stage", "conflicting_phase": "with a phase its stage contradicts",
            "not_english": "not English", "too_short": "too short"}


def _not_used(doc, analysis, config) -> str | None:
    """Why a page is not learned from (a key of NOT_USED), None when it is: a published
    page with a known stage, no conflicting phase, read as English and long enough."""
    t = doc.tags
    if not doc.ok:
        return "unreadable"
    if t is not None and t.status != "published":
        return "not_published"
    if t is None or not t.stage:
        return "untagged"
    if t.stage not in config.taxonomy["stages"]:
        return "unknown_stage"
    if t.phase and not t.phase_implied and t.phase != config.phase_of(t.stage):
        return "conflicting_phase"
    j = analysis.journey if analysis else None
    if not j:
        return "unreadable"
    if j.get("skipped"):
        return "not_english" if j["skipped"] == "language" else "too_short"
    return None


def _usable(doc, analysis, config) -> bool:
    return _not_used(doc, analysis, config) is None


def _not_used_counts(audit, config) -> dict[str, int]:
    """How many pages read were not learned from, per reason (only reasons that occur)."""
    out: dict[str, int] = {}
    for d in audit.documents:
        why = _not_used(d, audit.analyses.get(d.relpath), config)
        if why:
            out[why] = out.get(why, 0) + 1
    return {k: out[k] for k in NOT_USED if k in out}


def not_used_text(counts: dict[str, int]) -> str:
    """ "2 not published, 1 with a phase its stage contradicts" """
    return ", ".join(f"{n} {NOT_USED[k]}" for k, n in counts.items())


def training_digest(rows: list[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: (r["digest"], r["stage"])):
        h.update(f"{r['digest']}\x00{r['stage']}\n".encode())
    return h.hexdigest()[:16]


def learn(ctx: click.Context, paths: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(team model file content, report of what was learned)."""
    from planner.journey import adapt, train
    from planner.journey.prediction import load_model

    config = get_config(ctx)
    audit = _training_audit(ctx, paths, config)
    docs = [d for d in audit.documents if _usable(d, audit.analyses.get(d.relpath), config)]
    rows = train.rows_of(docs, audit.analyses, config)
    for r in rows:  # the relative path, not a corpus company
        r["group"] = ""
    skipped = len(audit.documents) - len(rows)
    why_not = _not_used_counts(audit, config)
    try:
        learned = adapt.adapt(rows, config, load_model())
    except adapt.TooFewDocuments as exc:
        read = f" ({skipped} more read but not used: {not_used_text(why_not)})" if skipped else ""
        raise PlannerError(f"{exc}{read}. The shipped model is used until then.") from None
    stages = config.stage_order()
    shipped_ok = sum(1 for d, r in zip(docs, rows)
                     if (audit.analyses[d.relpath].journey.get("predicted") or {}).get("phase") == r["phase"])
    left = {x["path"] for x in learned["left_out"]}
    kept = [r for r in rows if r["path"] not in left]
    journey = {
        "model": learned["model"],
        "product_names": list(config.estate["product_names"]),
        "names_source": config.estate["names_source"],
        "documents": learned["documents"],
        "strongest": adapt.strongest_terms(learned["model"], stages, kept),
    }
    # one set of counts, the same names in the model and the report: of the documents read,
    # the validly tagged ones are cross-validated; less those left out, the rest are learned from
    counts = {"documents": len(kept), "validly_tagged": len(rows), "not_used": skipped}
    model: dict[str, Any] = {
        "format": "planner-team-model", "version": 1, "planner": __version__,
        "trained_on": {**counts, "digest": training_digest(rows), "per_stage": learned["per_stage"],
                       "cross_validated": learned["cross_validated"], "left_out": learned["left_out"],
                       "down_weighted": learned["doubtful"], "seen_other": _other_digests(audit, rows)},
        "journey": journey,
    }
    # a page left out as mistagged speaks in another stage's voice: it shapes neither model
    model["voice"] = _voice(audit, [d for d in docs if d.relpath not in left], config)
    report = {
        **counts, "per_stage": learned["per_stage"],
        "product_names": journey["product_names"], "names_source": journey["names_source"],
        "cross_validated": {**learned["cross_validated"],
                            "shipped_phase_accuracy": round(shipped_ok / len(rows), 3) if rows else None},
        "strongest_terms": journey["strongest"], "left_out": learned["left_out"],
        "down_weighted": learned["doubtful"],
        "new_terms": learned["new_terms"], "not_used_because": why_not,
        "voice": _voice_summary(model["voice"]),
    }
    return model, report


def _other_digests(audit, rows) -> list[str]:
    """Digests of the estate's analysed pages not learned from (drafts, untagged): seen,
    so the stale check does not count them as new."""
    used = {r["digest"] for r in rows}
    out = {a.journey["digest"] for a in audit.analyses.values()
           if a is not None and a.journey and a.journey.get("digest") and a.journey["digest"] not in used}
    return sorted(out)


def _voice(audit, docs, config) -> dict[str, Any]:
    """The team's per-stage voice profile (the model's ``voice`` section)."""
    from planner.tone.voice import learn_voice

    return learn_voice(docs, {d.relpath: audit.analyses.get(d.relpath) for d in docs}, config)


def _voice_summary(voice: dict[str, Any]) -> dict[str, Any]:
    """What the report says about the learned voice: pages, and the usual rate of each
    kind of voice break per 100 words across the estate."""
    every = voice.get("all") or {}
    rates = every.get("rates") or {}
    return {"documents": every.get("documents", 0), "stages": sorted(voice.get("stages") or {}),
            "per_100_words": {k: round(100 * rates.get(k, 0.0), 2) for k in voice.get("kinds", ())}}


DOWN_WEIGHTED_SHOWN = 10


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render_text(report: dict[str, Any], target: Path, size: int, digest: str, in_use: bool = True,
                config_value: str = "") -> str:
    """The report for people; ``in_use``: whether later commands read ``target`` (else
    ``config_value`` is what journey.model would need to say)."""
    from planner.journey.adapt import STRONG_MIN_PAGES
    from planner.journey.prediction import shown_confidence

    tagged, left, learned = report["validly_tagged"], len(report["left_out"]), report["documents"]
    head = f"planner train: {_plural(tagged, 'validly tagged document')}"
    if report["not_used"]:
        head += f" ({report['not_used']} more not used: {not_used_text(report['not_used_because'])})"
    head += (f"; {left} left out as likely mistagged; learned from {learned}" if left
             else f"; learned from {'all ' if tagged > 1 else ''}{learned}")
    lines = [head]
    names = ", ".join(report["product_names"]) or "(none found)"
    how = {"config": "from product.names in planner.yml", "inferred": "inferred: they recur across most pages; "
           "set product.names in planner.yml to override", "none": "no name recurs across most pages; "
           "set product.names in planner.yml"}[report["names_source"]]
    lines.append(f"  product names: {names} ({how})")
    lines.append("  learned from, per stage: " + ", ".join(f"{s} {n}" for s, n in report["per_stage"].items()))
    cv = report["cross_validated"]
    lines.append(f"  cross-validated on the {tagged} tagged pages (5 folds): phase {cv['phase_accuracy']:.2f}, "
                 f"stage {cv['stage_accuracy']:.2f} (shipped model alone: phase {cv['shipped_phase_accuracy']:.2f})")
    lines.append(f"  strongest learned terms per stage (each on {STRONG_MIN_PAGES} or more of its pages):")
    for s, terms in report["strongest_terms"].items():
        if terms or report["per_stage"].get(s):
            lines.append(f"    {s}: " + (", ".join(f'"{t}"' for t in terms[:6]) if terms else "(none stands out)"))
    if report["left_out"]:
        lines.append(f"  left out as likely mistagged ({left}); planner lint will flag them:")
        for x in report["left_out"]:
            lines.append(f"    {x['path']}: tagged {x['tagged']}, reads as {x['reads_as']} (confidence {shown_confidence(x['confidence'])})")
    v = report["voice"]
    if v["documents"]:
        usual = ", ".join(f"{'writer-centred' if k == 'writer' else k} {r:.2f}" for k, r in v["per_100_words"].items())
        lines.append(f"  the team's voice, from {v['documents']} pages in {len(v['stages'])} stages "
                     f"(section-drift and tone-drift measure against it): per 100 words, {usual}")
    if report["down_weighted"]:
        # named, as the pages left out are: these are the next ones an editor should look at
        shown = report["down_weighted"][:DOWN_WEIGHTED_SHOWN]
        more = len(report["down_weighted"]) - len(shown)
        lines.append(f"  down-weighted (their text leans the other way; learned from at a lower weight): "
                     f"{_plural(len(report['down_weighted']), 'page')}")
        lines += [f"    {p}" for p in shown] + ([f"    and {more} more (--format json lists them)"] if more else [])
    try:
        where = target.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        where = target
    wrote = f"wrote {where} ({size / 1000:.0f} kB, digest {digest}); "
    if in_use:
        lines.append(wrote + "planner lint, coverage, plan and build use it from now on (commit it)")
    else:
        lines.append(wrote + "planner lint, coverage, plan and build do not read it: to use it, set "
                     f"`journey.model: {config_value}` in planner.yml")
    return "\n".join(lines) + "\n"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-f", "--format", "fmt", default="text", show_default=True, type=FormatChoice(["text", "json"]),
              help="text for people, json for scripts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the model to FILE instead of journey.model (default .planner/model.json); "
                   "later commands read journey.model only, so set it to FILE to use it.")
@click.pass_context
def train(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Learn the team's own language from its published, tagged pages.

    Adapts the shipped journey model to your vocabulary and product names and writes
    the team model file (journey.model, default .planner/model.json: commit it).
    Every later lint, coverage, plan and build uses it and says so (`-v`, and `tool`
    in the JSON). Pages whose text confidently contradicts their tag are left out
    and listed; each training page is judged by a model not trained on it, so a
    mistagged page is still flagged. PATHS default to content.paths.

    \b
    Examples:
      planner train                  learn from the content folder
      planner train --format json    what was learned, for scripts
      planner train -o try.json      a model to compare, not used until journey.model names it
    """
    from planner.fsutil import atomic_write_text
    from planner.journey.teammodel import dumps, model_path

    # a configured journey.model that does not exist yet is what this run writes: no warning
    config = get_config(ctx, unsaid=("journey.model",) if output is None else ())
    configured = model_path(config)
    target = output or configured
    # -o, as every -o: a folder that does not exist is refused (a typo would hide the model), and
    # before training, not after it; journey.model's own folder (.planner/) is made when missing
    if output is not None and not output.parent.is_dir():
        raise PlannerError(f"cannot write {output}: folder {output.parent} does not exist; create it first")
    _warn_outside_estate(paths, config)
    model, report = learn(ctx, paths)
    text = dumps(model)
    try:
        if output is None:
            target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, text, parents=False)
    except FileNotFoundError:
        raise PlannerError(f"cannot write {target}: folder {target.parent} does not exist; create it first") from None
    except OSError as exc:
        raise PlannerError(f"{target}: cannot write the team model: {exc.strerror or exc}") from None
    raw = text.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    in_use = target.resolve() == configured.resolve()
    if fmt == "json":
        click.echo(json.dumps({"model": str(target), "in_use": in_use, "digest": digest, "bytes": len(raw), **report},
                              indent=2, sort_keys=True))
    else:
        click.echo(render_text(report, target, len(raw), digest, in_use, _config_value(target, config)), nl=False)


def _warn_outside_estate(paths: tuple[str, ...], config) -> None:
    """Later commands judge the model against the estate (content.paths): pages trained on
    from elsewhere make it stale there, and their product names would be applied to it."""
    from planner.fsutil import within

    roots = [r for r in (config.root / p for p in config["content"]["paths"]) if r.exists()]
    if not roots:  # no estate to judge against: later commands use what they read
        return
    outside = [p for p in paths if not any(within(p, str(r)) for r in roots)]
    if outside:
        folders = ", ".join(str(p) for p in config["content"]["paths"])
        click.echo(f"planner: warning: {', '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside content.paths "
                   f"({folders}): lint, coverage, plan and build judge the model against those folders, with the "
                   "product names learned here, and will call it stale; train on the content folders, or add the "
                   "folder to content.paths", err=True)


def _config_value(target: Path, config) -> str:
    """``target`` as journey.model would name it: relative to planner.yml's folder when inside it."""
    try:
        return target.resolve().relative_to(Path(config.root).resolve()).as_posix()
    except (OSError, ValueError):
        return target.resolve().as_posix()
