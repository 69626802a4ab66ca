"""Voice: four kinds of voice break counted per paragraph, and the per-stage voice
profile a paragraph is measured against.

The kinds an editor circles in an otherwise well-kept page:

========== ===================================================== ==============
kind       counted from (lexicon files in planner/data/tone)      dimension
========== ===================================================== ==============
hype       hype, superlatives, intensifiers, evaluative,          hype
           ease_claims (1 each), "!" and shouting (hype.yml)
officialese legalistic (1), formal_register (0.5), "the            informality
           <nominalisation> of" (0.5), "shall/must be <done>"
           (0.25) (officialese.yml)
writer     company_voice (1), company_mentions (0.5), "we built",  personalism
           "our platform" (1), 0.5 per we/our but a tutorial's
           "now we add"; all scaled by the share of we/our
           among we/our and you/your (writer.yml)
buzzwords  jargon (1), buzz_terms (0.5) (buzzwords.yml)           jargon
========== ===================================================== ==============

``Analysis.tone["voice"]`` holds, per document, the hits of each kind for every
paragraph (or whole list) of at least ``MIN_WORDS`` words (``rows``) and for the whole document
(``total``: every block, lists and headings included): plain numbers, so a cached
analysis gives the same verdicts.

The **voice profile** is what "usual" means for a stage: hits per word of each kind
(a winsorised mean over the stage's documents, so one loud page does not move it)
and the median and spread of the document-level tone scores. ``learn_voice`` builds
it from an estate (``planner train`` stores it as the ``voice`` section of the team
model); without a trained model the estate's own profile is used, shrunk towards the
profile shipped in ``planner/data/tone/voice.json`` (learned the same way from a
corpus of real software documentation) when the estate is small.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import numpy as np

KINDS = ("hype", "officialese", "writer", "buzzwords")
DIMENSION = {"hype": "hype", "officialese": "informality", "writer": "personalism", "buzzwords": "jargon"}
LABEL = {"hype": "hype", "officialese": "officialese", "writer": "writer-centred", "buzzwords": "buzzwords"}
# which evidence marks explain each kind, strongest first
MARKS = {"hype": ("hype", "mild_hype"), "officialese": ("legal", "formal", "nominal_of", "modal_passive"),
         "writer": ("company", "we"), "buzzwords": ("jargon", "buzz")}
MIN_WORDS = 12  # a paragraph shorter than this is not judged on its own
PROFILE_FORMAT = 1
SCORE_DIMENSIONS = ("readability", "personalism", "informality", "hype", "hedging", "jargon")
WINSOR = 0.9  # a document's rate counts at most at the stage's 90th percentile
PRIOR_WORDS = 20_000  # how many words of the shipped profile an estate's own profile is shrunk with


def _winsor_index(n: int) -> int:
    """Where a stage's sorted per-document rates are capped: the 90th percentile, and
    never above the second-loudest page once there are three, so that one loud page
    does not move a small stage's usual rate (at seven pages the 90th is the loudest)."""
    return min(int(WINSOR * n), n - 2) if n > 2 else n - 1


def rate_dim(kind: str) -> str:
    """The name of a kind's rate as a drift dimension ("hype phrases")."""
    return f"{LABEL[kind]} phrases"


def kind_hits(c: dict[str, float]) -> list[float]:
    """Weighted hits of each kind in a stretch of text, from its counts."""
    return [
        c["hype"] + c["mild_hype"] + c["intensifiers"],  # an intensifier weighs 0.5 in hype, 1 here
        c["legal"] + c["formal"] + 0.5 * c["nominal_of"] + 0.25 * c["modal_passive"],
        (c["company"] + c["self"] + 0.5 * max(0.0, c["we"] - c["we_narrative"])) * (c["we"] + 1.0)
        / (c["we"] + c["you"] + 1.0),
        c["jargon"] + c["buzz"],
    ]


def _row(start: int, end: int, words: float, you: float, we: float, hits: list[float]) -> list:
    return [start, end, int(words), int(you), round(we, 2), *(round(h, 2) for h in hits)]


# the counts kind_hits reads: a block with none of them has no hits of any kind
_KIND_COUNTS = ("hype", "mild_hype", "intensifiers", "legal", "formal", "nominal_of", "modal_passive", "company",
                "self", "we", "jargon", "buzz")
_NONE = [0.0] * len(KINDS)


def paragraph_rows(prose, counts: list[dict], min_section_words: int) -> dict[str, Any]:
    """The ``voice`` record of a document: ``rows`` [start, end, words, you, we, *hits]
    for each paragraph (or whole list) long enough to judge, ``sections`` the same for each heading
    section of at least ``min_section_words`` words, ``total`` [words, *hits] over
    every block."""
    rows: list[list] = []
    n = len(KINDS)
    total = [0.0] * (1 + n)
    by_section: dict[int, list[float]] = {}
    run: list = []  # the list being read: [start, end, words, you, we, *hits, section]

    def end_list() -> None:
        if run and run[2] >= MIN_WORDS:
            rows.append(_row(run[0], run[1], run[2], run[3], run[4], run[5:5 + n]))
        run.clear()

    for b, c in zip(prose.blocks, counts):
        words = c["words"]
        if not words:
            continue
        hits = kind_hits(c) if any(c[k] for k in _KIND_COUNTS) else _NONE
        # a list is judged as one passage: four short bullets of praise are one voice
        # break, though no item alone is long enough to judge
        if b.kind == "list_item" and run and run[-1] == b.section:
            run[1] = b.end
            for k, x in enumerate((words, c["you"], c["we"], *hits)):
                run[2 + k] += x
        else:
            end_list()
            if b.kind == "list_item":
                run.extend([b.start, b.end, words, c["you"], c["we"], *hits, b.section])
        acc = by_section.get(b.section)
        if acc is None:
            acc = by_section[b.section] = [0.0] * (3 + n)
        acc[0] += words
        acc[1] += c["you"]
        acc[2] += c["we"]
        total[0] += words
        if hits is not _NONE:
            for k in range(n):
                acc[3 + k] += hits[k]
                total[1 + k] += hits[k]
        if words >= MIN_WORDS and b.kind in ("paragraph", "blockquote"):
            rows.append(_row(b.start, b.end, words, c["you"], c["we"], hits))
    end_list()
    sections = [_row(sec.start, sec.end, acc[0], acc[1], acc[2], acc[3:]) for sec in prose.sections
                if (acc := by_section.get(sec.index)) and acc[0] >= min_section_words]
    return {"rows": rows, "sections": sections, "total": [round(x, 2) for x in total]}


# --------------------------------------------------------------------------- profiles

def _round(x: float) -> float:
    return float(f"{x:.6g}")


def _median_mad(values: Any) -> list[float]:
    v = np.sort(np.asarray(values, dtype=float))
    n = len(v)
    med = (v[(n - 1) // 2] + v[n // 2]) / 2
    dev = np.sort(np.abs(v - med))
    return [_round(float(med)), _round(float((dev[(n - 1) // 2] + dev[n // 2]) / 2))]


def profile_of(records: list[tuple[list[float], dict[str, Any]]]) -> dict[str, Any]:
    """The voice profile of a group of documents, from each one's ``voice.total`` and
    tone ``scores``. Vectorised (every run works out the estate's profile anew), with
    the same arithmetic in the same order as one document at a time, so the same bits."""
    return _profile(*_columns(records))


def _columns(records: list[tuple[list[float], dict[str, Any]]]) -> tuple[Any, dict[str, Any]]:
    """The records as arrays: each document's totals (one row each), and each score
    dimension's values with which documents have one (a missing or null score is no value)."""
    totals = np.array([t for t, _ in records], dtype=float).reshape(len(records), 1 + len(KINDS))
    table = np.array([[s.get(dim) for dim in SCORE_DIMENSIONS] for _, s in records], dtype=object)
    table = table.reshape(len(records), len(SCORE_DIMENSIONS))
    present = table != None  # noqa: E711 (element-wise)
    values = np.where(present, table, 0.0).astype(float)
    return totals, {dim: (values[:, j], present[:, j]) for j, dim in enumerate(SCORE_DIMENSIONS)}


def _profile(totals: Any, scores_of: dict[str, Any]) -> dict[str, Any]:
    words = sum(totals[:, 0].tolist())  # summed in order, as before
    spoken = totals[totals[:, 0] > 0]
    rates = {}
    for k, kind in enumerate(KINDS):
        per_doc = np.sort(spoken[:, k + 1] / spoken[:, 0])
        cap = float(per_doc[_winsor_index(len(per_doc))]) if len(per_doc) else 0.0
        hits = sum(np.minimum(totals[:, k + 1], cap * totals[:, 0]).tolist())  # summed in order, as before
        rates[kind] = _round(hits / words) if words else 0.0
    scores = {}
    for dim in SCORE_DIMENSIONS:
        vals, present = scores_of[dim]
        if present.any():
            scores[dim] = _median_mad(vals[present])
    breaks = {kind: _median_mad(100.0 * spoken[:, k + 1] / spoken[:, 0]) for k, kind in enumerate(KINDS)
              if len(spoken)}
    return {"documents": len(totals), "words": int(words), "rates": rates, "scores": scores, "breaks": breaks}


def _records(documents, analyses) -> Iterable[tuple[Any, list[float], dict[str, Any]]]:
    for d in documents:
        a = analyses.get(d.relpath) if isinstance(analyses, dict) else None
        tone = getattr(a, "tone", None)
        if d.tags is None or not d.tags.stage or not tone or "voice" not in tone:
            continue
        yield d, tone["voice"]["total"], tone["scores"]


def learn_voice(documents, analyses, config) -> dict[str, Any]:
    """The team's voice profile (the ``voice`` section of the team model): per stage,
    per phase and for the whole estate, the usual rate of each kind of voice break and
    the median and MAD of the document-level tone scores. Deterministic, plain JSON."""
    by_stage: dict[str, list[int]] = {}
    by_phase: dict[str, list[int]] = {}
    everything = []
    for i, (d, total, scores) in enumerate(_records(documents, analyses)):
        by_stage.setdefault(d.tags.stage, []).append(i)
        by_phase.setdefault(d.tags.phase or config.phase_of(d.tags.stage) or "", []).append(i)
        everything.append((total, scores))
    totals, scores_of = _columns(everything)  # once for the estate; each group takes its rows

    def group(rows: list[int]) -> dict[str, Any]:
        return _profile(totals[rows], {dim: (v[rows], p[rows]) for dim, (v, p) in scores_of.items()})

    return {
        "format": PROFILE_FORMAT,
        "kinds": list(KINDS),
        "stages": {s: group(r) for s, r in sorted(by_stage.items())},
        "phases": {p: group(r) for p, r in sorted(by_phase.items()) if p},
        "all": _profile(totals, scores_of) if everything else None,
    }


def dumps(profile: dict[str, Any]) -> str:
    """Deterministic bytes for a profile (sorted keys, rounded floats)."""
    return json.dumps(profile, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- validation

class VoiceError(ValueError):
    """A voice section that is not one planner wrote."""


def _check_group(g: Any, where: str) -> None:
    if not isinstance(g, dict):
        raise VoiceError(f"{where} is not an object")
    for key in ("documents", "words"):
        if not isinstance(g.get(key), int) or isinstance(g.get(key), bool) or g[key] < 0:
            raise VoiceError(f"{where}.{key} is not a count")
    rates = g.get("rates")
    if not isinstance(rates, dict) or set(rates) != set(KINDS):
        raise VoiceError(f"{where}.rates must give {', '.join(KINDS)}")
    for kind, r in rates.items():
        if not isinstance(r, (int, float)) or isinstance(r, bool) or not (0 <= r <= 1) or math.isnan(r):
            raise VoiceError(f"{where}.rates.{kind} is not a rate between 0 and 1")
    _check_pairs(g.get("scores"), SCORE_DIMENSIONS, f"{where}.scores", "on the 0-100 scale")
    _check_pairs(g.get("breaks"), KINDS, f"{where}.breaks", "per 100 words")


def _check_pairs(table: Any, allowed: tuple[str, ...], where: str, unit: str) -> None:
    """``table`` maps names from ``allowed`` to [median, MAD] pairs."""
    if not isinstance(table, dict):
        raise VoiceError(f"{where} is not an object")
    for name, pair in table.items():
        if name not in allowed or not _pair(pair):
            raise VoiceError(f"{where}.{name} must be [median, MAD] {unit}")


def _pair(pair: Any) -> bool:
    return isinstance(pair, list) and len(pair) == 2 and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 100 for x in pair)


def validate(section: Any) -> dict[str, Any]:
    """The section itself when it is a voice profile planner wrote; VoiceError otherwise.
    Everything read from a repository is untrusted: types, keys and ranges are checked."""
    if not isinstance(section, dict):
        raise VoiceError("the voice section is not an object")
    if section.get("format") != PROFILE_FORMAT:
        raise VoiceError(f"unknown voice profile format {section.get('format')!r} (expected {PROFILE_FORMAT})")
    if section.get("kinds") != list(KINDS):
        raise VoiceError("the voice profile counts other kinds than this version of planner")
    for table in ("stages", "phases"):
        groups = section.get(table)
        if not isinstance(groups, dict):
            raise VoiceError(f"voice.{table} is not an object")
        for name, g in groups.items():
            _check_group(g, f"voice.{table}.{name}")
    if section.get("all") is not None:
        _check_group(section["all"], "voice.all")
    return section


@lru_cache(maxsize=1)
def shipped_profile() -> dict[str, Any]:
    """The profile planner ships (learned from real software documentation): the prior
    an estate's own profile is shrunk towards."""
    text = (resources.files("planner") / "data" / "tone" / "voice.json").read_text(encoding="utf-8")
    return validate(json.loads(text))


# --------------------------------------------------------------------------- baselines

class Baseline:
    """What "usual" is for each stage: the rate of each kind of voice break, and the
    median and MAD of each tone score. ``source`` says where it comes from (the team
    model, or the estate itself)."""

    def __init__(self, profile: dict[str, Any], source: str, prior: dict[str, Any] | None = None) -> None:
        self.profile, self.source, self.prior = profile, source, prior

    def _group(self, stage: str | None, phase: str | None) -> tuple[dict[str, Any] | None, str]:
        p = self.profile
        if stage and stage in p.get("stages", {}):
            return p["stages"][stage], f"{stage} pages"
        if phase and phase in p.get("phases", {}):
            return p["phases"][phase], f"{phase} pages"
        return p.get("all"), "pages"

    def rates(self, stage: str | None, phase: str | None) -> tuple[dict[str, float], str]:
        """(hits per word of each kind, what the group is called)."""
        g, name = self._group(stage, phase)
        if self.prior is None:
            return (dict(g["rates"]) if g else {k: 0.0 for k in KINDS}), name
        pg = Baseline(self.prior, "shipped")._group(stage, phase)[0] or self.prior["all"]
        words = g["words"] if g else 0
        own = g["rates"] if g else {k: 0.0 for k in KINDS}
        return {k: (own[k] * words + pg["rates"][k] * PRIOR_WORDS) / (words + PRIOR_WORDS) for k in KINDS}, name

    def described(self, stage: str | None, phase: str | None) -> str:
        """Where the usual rate of ``rates`` comes from, for a message: "in adoption pages
        of this estate", or, when the estate has fewer words of them than the shipped
        profile weighs, "in adoption pages (mostly planner's reference profile: this
        estate has 3,200 words of them)"."""
        g, name = self._group(stage, phase)
        if self.prior is None:
            return f"in {self.source} for {name}"
        words = int(g["words"]) if g else 0
        if words >= PRIOR_WORDS:
            return f"in {name} of this estate"
        return f"in {name} (mostly planner's reference profile: this estate has {words:,} words of them)"

    def spread(self, stage: str | None, phase: str | None) -> tuple[dict[str, list[float]], int, str]:
        """(median and MAD of each tone score, by dimension, and of each kind's rate per
        100 words, by kind; the documents behind them; the group's name)."""
        g, name = self._group(stage, phase)
        if not g:
            return {}, 0, name
        return {**g["scores"], **{rate_dim(k): pair for k, pair in g["breaks"].items()}}, g["documents"], name


def estate_baseline(documents, analyses, config, team: dict[str, Any] | None = None) -> Baseline:
    """The team's trained voice when given, else the estate's own profile shrunk towards
    the shipped one."""
    if team is not None:
        return Baseline(team, "the team's trained voice")
    return Baseline(learn_voice(documents, analyses, config), "this estate", prior=shipped_profile())
