"""The team model file (`planner train` writes it, every command reads it).

One JSON object at ``journey.model`` (default ``.planner/model.json``), meant to be
committed: deterministic bytes (sorted keys, rounded floats) and untrusted on read
(size-bounded, parsed as data, validated field by field; a corrupt or foreign file
is a :class:`TeamModelError`, which the commands turn into a one-line error, exit 2).

    {"format": "planner-team-model", "version": 1, "planner": "<version>",
     "trained_on": {"documents": N, "digest": "...", ...},
     "journey": {"model": {...linear model...}, "product_names": [...],
                 "documents": {"<text digest>": {"scores": {...}}}, ...},
     "voice": {...}}

``journey.documents`` holds each training document's out-of-fold prediction
(cross-fitting): an unchanged training page is judged by a model that never saw it,
so a page the team mistagged is still flagged after training.

This module also resolves, once per run, what the journey analyser needs to know
about the estate (:func:`planner.journey.estate.attach`): the product names and the team model's digest.
Both go into the configuration's fingerprint, hence into every cache key.
"""
from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = "planner-team-model"
VERSION = 1
MAX_BYTES = 50_000_000
STALE_SHARE = 0.5  # more than half the documents new or changed since training: stale


class TeamModelError(ValueError):
    """The team model file cannot be used; the message names the file and why."""


def model_path(config) -> Path:
    raw = (config.get("journey") or {}).get("model") or ".planner/model.json"
    p = Path(raw)
    return p if p.is_absolute() else Path(config.root) / p


def text_digest(text: str) -> str:
    """Key of a document's prose in the model's cross-fitted predictions."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def pack(linear: dict[str, Any]) -> dict[str, Any]:
    """A linear model with its weights as one list per stage, aligned with ``features``
    (the file stays small: no feature name is repeated per stage)."""
    feats = linear["features"]
    out = dict(linear)
    out["weights"] = {s: [w.get(f, 0.0) for f in feats] for s, w in linear["weights"].items()}
    out["packed"] = True
    return out


def unpack(linear: dict[str, Any]) -> dict[str, Any]:
    if not linear.get("packed"):
        return linear
    feats = linear["features"]
    out = {k: v for k, v in linear.items() if k != "packed"}
    out["weights"] = {s: {f: x for f, x in zip(feats, ws) if x} for s, ws in linear["weights"].items()}
    return out


def dumps(model: dict[str, Any]) -> str:
    """The file's bytes: sorted keys, the linear model packed, newline-terminated."""
    model = dict(model)
    journey = dict(model.get("journey") or {})
    if isinstance(journey.get("model"), dict) and not journey["model"].get("packed"):
        journey["model"] = pack(journey["model"])
        model["journey"] = journey
    # one line per top-level section: small, and a diff still shows which part moved
    parts = [f" {json.dumps(k)}: {json.dumps(model[k], sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(',', ':'))}"
             for k in sorted(model)]
    return "{\n" + ",\n".join(parts) + "\n}\n"


# -- validation -------------------------------------------------------------------------
def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _fail(path: Path, why: str) -> TeamModelError:
    return TeamModelError(f"{path}: {why}; re-create it with `planner train` (or delete it to use the shipped model)")


def validate_linear(m: Any, where: str) -> list[str]:
    """Problems with a linear journey model ({stages, features, weights, bias, temperature, vocabulary})."""
    if not isinstance(m, dict):
        return [f"{where} is not an object"]
    out = []
    stages = m.get("stages")
    if not isinstance(stages, list) or not stages or not all(isinstance(s, str) for s in stages):
        out.append(f"{where}.stages is not a list of stage names")
        return out
    if not isinstance(m.get("features"), list) or not all(isinstance(f, str) for f in m["features"]):
        out.append(f"{where}.features is not a list of names")
    if not isinstance(m.get("vocabulary", []), list) or not all(isinstance(t, str) for t in m.get("vocabulary", [])):
        out.append(f"{where}.vocabulary is not a list of terms")
    w = m.get("weights")
    if m.get("packed"):
        n = len(m.get("features") or [])
        if not isinstance(w, dict) or not all(isinstance(k, str) and isinstance(v, list) and len(v) == n
                                              for k, v in w.items()):
            out.append(f"{where}.weights is not a list of {n} weights per stage")
        elif not all(_num(x) for v in w.values() for x in v):
            out.append(f"{where}.weights holds a value that is not a finite number")
    elif not isinstance(w, dict) or not all(isinstance(k, str) and isinstance(v, dict) for k, v in w.items()):
        out.append(f"{where}.weights is not a mapping of stage to weights")
    elif not all(isinstance(f, str) and _num(x) for v in w.values() for f, x in v.items()):
        out.append(f"{where}.weights holds a value that is not a finite number")
    b = m.get("bias")
    if not isinstance(b, dict) or not all(isinstance(k, str) and _num(v) for k, v in b.items()):
        out.append(f"{where}.bias is not a mapping of stage to numbers")
    t = m.get("temperature", 1.0)
    if not _num(t) or not 0.01 <= t <= 100:
        out.append(f"{where}.temperature is not a number between 0.01 and 100")
    if not out:  # an emptied or truncated model would read every page as a coin toss, silently
        missing = [s for s in stages if s not in w or s not in b]
        if missing:
            out.append(f"{where} has no weights or bias for stage '{missing[0]}'")
    return out


def validate(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(path, f"not a planner team model (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise _fail(path, f"team model version {data.get('version')!r} is not supported (this planner reads version {VERSION})")
    trained = data.get("trained_on")
    if not isinstance(trained, dict) or not isinstance(trained.get("documents"), int) \
            or not isinstance(trained.get("digest"), str):
        raise _fail(path, "`trained_on` needs `documents` (a count) and `digest`")
    journey = data.get("journey")
    if not isinstance(journey, dict):
        raise _fail(path, "`journey` section missing")
    problems = validate_linear(journey.get("model"), "journey.model")
    names = journey.get("product_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and 0 < len(n) <= 60 for n in names):
        problems.append("journey.product_names is not a list of names")
    docs = journey.get("documents", {})
    if not isinstance(docs, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("scores"), dict)
            and all(isinstance(s, str) and _num(p) for s, p in v["scores"].items()) for k, v in docs.items()):
        problems.append("journey.documents is not a mapping of text digest to {scores}")
    other = trained.get("seen_other", [])
    if not isinstance(other, list) or not all(isinstance(d, str) for d in other):
        problems.append("trained_on.seen_other is not a list of digests")
    if "voice" in data:
        from planner.tone.voice import VoiceError, validate as validate_voice

        try:
            validate_voice(data["voice"])
        except VoiceError as exc:
            problems.append(f"voice: {exc}")
    if problems:
        raise _fail(path, "corrupt team model: " + problems[0])
    journey["model"] = unpack(journey["model"])
    return data


@lru_cache(maxsize=8)
def _read_cached(path: str, size: int, mtime_ns: int) -> tuple[dict[str, Any], str]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TeamModelError(f"{p}: cannot read the team model: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise _fail(p, f"larger than {MAX_BYTES // 1_000_000} MB")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except RecursionError:
        raise _fail(p, "not valid JSON (nested too deeply)") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(p, f"not valid JSON ({str(exc).splitlines()[0][:80]})") from None
    return validate(data, p), hashlib.sha256(raw).hexdigest()[:16]


def read(path: Path) -> tuple[dict[str, Any], str] | None:
    """(model, digest) of the file at ``path``, None when there is none; raises
    :class:`TeamModelError` when it exists but cannot be used."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TeamModelError(f"{path}: cannot read the team model: {exc.strerror or exc}") from None
    if not path.is_file():
        raise TeamModelError(f"{path}: the team model path is not a file")
    return _read_cached(str(path), st.st_size, st.st_mtime_ns)


def model_digest(config) -> str:
    """Digest of the team model this configuration uses ("" when none): a cache-key part."""
    if config.estate is not None:
        return str((config.estate.get("model") or {}).get("digest", ""))
    got = read(model_path(config))
    return got[1] if got else ""


def team_model(config) -> dict[str, Any] | None:
    """The team model this run uses (validated), or None."""
    if config.estate is not None and not config.estate.get("model"):
        return None
    got = read(model_path(config))
    if got is None:
        return None
    if config.estate is not None and got[1] != config.estate["model"]["digest"]:
        raise TeamModelError(f"{model_path(config)}: the team model changed during the run; run the command again")
    return got[0]


def team_voice(config) -> dict[str, Any] | None:
    """The ``voice`` section of the team model (validated with the rest of the file by
    :func:`validate`), or None when there is no model or it has no voice section."""
    model = team_model(config) if config is not None else None
    return model.get("voice") if model else None


def staleness(model: dict[str, Any], digests: list[str], estate: int | None = None) -> dict[str, Any]:
    """How much of the estate the model has not seen: {new_or_changed, documents,
    estate_documents, whole_estate, trained_on, stale, stale_because}.

    ``digests`` are the text digests of the documents this run read. ``estate`` is
    None when they are the whole estate; else the run read only part of it, and
    ``estate`` is how many documents the estate has. Stale (``stale_because``):
    ``new_or_changed`` when more than half of the estate's documents are new or
    changed since training, ``estate_size`` when the estate's size changed by more
    than half. A partial run knows only its own documents' digests, so it says
    ``new_or_changed`` only when those alone are more than half of the estate (one
    edited page linted alone never makes the model stale)."""
    known = set((model.get("journey") or {}).get("documents") or {})
    other = (model.get("trained_on") or {}).get("seen_other") or []
    known.update(other)  # pages seen at training but not learned from (drafts, untagged)
    fresh = sum(1 for d in digests if d not in known)
    n = len(digests)
    size = n if estate is None else estate
    seen = len(known)  # the estate at training: every distinct page it read
    because = None
    if size and fresh > STALE_SHARE * size:
        because = "new_or_changed"
    elif size and seen and abs(size - seen) > STALE_SHARE * seen:
        because = "estate_size"
    return {"new_or_changed": fresh, "documents": n, "estate_documents": size, "whole_estate": estate is None,
            "trained_on": int((model.get("trained_on") or {}).get("documents", 0)), "estate_at_training": seen,
            "stale": because is not None, "stale_because": because}


def _estate_part(config, run: tuple[list[Path], list[Path] | None, Path] | None) -> tuple[int | None, set[str] | None]:
    """(documents in the estate when the run read only part of it, else None; relpaths
    of the run's documents inside the estate, None for all of them). ``run`` is the
    run's (PATHs, discovered files, working folder); None: the run is the estate (a
    past commit's snapshot). The estate is the configured content folders (as for the
    product names), else what the run read. A part is found by one walk of those
    folders (no file is read); the usual run, over the configured folders, needs none."""
    import os

    if run is None:
        return None, None
    paths, files, cwd = run
    roots = [p for p in (config.root / p for p in config["content"]["paths"]) if p.exists()]
    if not roots or {os.path.abspath(p) for p in paths} == {os.path.abspath(p) for p in roots}:
        return None, None
    from planner.discovery import discover, relpaths

    estate = {os.path.abspath(p) for p in discover(roots, config)[0]}
    if not estate:
        return None, None
    linted = files if files is not None else discover(paths, config)[0]
    inside = {rel for p, rel in zip(linted, relpaths(linted, cwd)) if os.path.abspath(p) in estate}
    return (None if len(inside) == len(estate) else len(estate)), inside


def describe(config, analyses: dict[str, Any] | None = None,
             run: tuple[list[Path], list[Path] | None, Path] | None = None) -> dict[str, Any]:
    """What the journey checker used this run, for reports (``tool.journey`` in the JSON):
    ``{"product_names", "names_source", "model": None | {path, digest, trained_on,
    new_or_changed, documents, estate_documents, whole_estate, stale, stale_because}}``.
    ``run`` (PATHs, files, working folder) lets a run over part of the estate judge
    staleness against the estate (see :func:`staleness`)."""
    est = config.estate or {}
    info: dict[str, Any] = {"product_names": list(est.get("product_names") or []),
                            "names_source": est.get("names_source") or "none", "model": None}
    m = est.get("model")
    if m:
        model = team_model(config)
        analyses = analyses or {}
        size, inside = _estate_part(config, run)
        digests = [a.journey["digest"] for rel, a in analyses.items()
                   if a is not None and a.journey and a.journey.get("digest") and (inside is None or rel in inside)]
        path = Path(m["path"])
        try:
            shown = path.relative_to(Path(config.root)).as_posix()
        except ValueError:
            shown = path.as_posix()
        info["model"] = {"path": shown, "digest": m["digest"], **staleness(model or {}, digests, size)}
    return info


def summary_line(info: dict[str, Any]) -> str:
    """One line for `-v` and for warnings: which model and names the run used."""
    names = ", ".join(info["product_names"]) or "none"
    src = {"config": "from planner.yml", "model": "from the team model", "inferred": "inferred from the estate",
           "none": "none found; set product.names"}[info["names_source"]]
    m = info.get("model")
    if not m:
        return f"journey model: shipped (no team model; `planner train` writes one); product names: {names} ({src})"
    pages = f"{m['trained_on']} document" + ("" if m["trained_on"] == 1 else "s")
    line = (f"journey model: {m['path']} (team model, digest {m['digest']}, trained on {pages}); "
            f"product names: {names} ({src})")
    if m["stale"]:
        line += "; STALE: " + stale_reason(m) + ": run `planner train` again"
    return line


def stale_reason(m: dict[str, Any]) -> str:
    """Which rule found the model stale, with its numbers (``m``: :func:`staleness`)."""
    if m.get("stale_because") == "estate_size":
        return (f"the estate has {m['estate_documents']} documents, {m['estate_at_training']} when the model was "
                "trained (its size changed by more than half)")
    least = "" if m.get("whole_estate", True) else "at least "  # a partial run knows only the pages it read
    return (f"{least}{m['new_or_changed']} of the estate's {m['estate_documents']} documents are new or changed "
            "since training (more than half)")
