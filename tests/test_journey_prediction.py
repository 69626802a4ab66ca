"""How sure phase-mismatch is that a tag is wrong (planner.journey.prediction.mismatch_confidence)."""
from __future__ import annotations

from planner.config import default_config
from planner.journey.prediction import from_scores, mismatch_confidence
from planner.loader import load_document
from planner.model import Analysis
from planner.rules import DocContext, registry
from tests.conftest import doc

STAGES = ["awareness", "consideration", "decision", "onboarding", "adoption", "success", "advocacy"]


def _pred(**scores: float) -> dict:
    config = default_config()
    probs = {s: scores.get(s, 0.0) for s in STAGES}
    return from_scores(probs, STAGES, {s: config.phase_of(s) for s in STAGES})


# customer reading, 0.88 sure of the phase; the buyer share mostly on consideration
READING = dict(adoption=0.6, success=0.2, onboarding=0.08, consideration=0.1, awareness=0.01, decision=0.01)


def test_a_tagged_stage_the_text_gives_nothing_is_surer_to_be_wrong_than_the_runner_up_stage():
    pred = _pred(**READING)
    assert pred["phase"] == "customer" and pred["confidence"] == 0.88
    assert mismatch_confidence(pred, "decision") == round(0.88 / 0.89, 4)  # ~0.99: flagged
    assert mismatch_confidence(pred, "consideration") == round(0.88 / 0.98, 4)  # ~0.90: not at the default 0.95


def test_the_mismatch_confidence_is_never_below_the_phase_confidence():
    pred = _pred(**READING)
    for stage in ("awareness", "consideration", "decision"):
        assert mismatch_confidence(pred, stage) >= pred["confidence"]


def test_a_page_tagged_with_a_phase_only_is_judged_on_the_phase_confidence():
    pred = _pred(**READING)
    assert mismatch_confidence(pred, None) == pred["confidence"]
    assert mismatch_confidence({"phase": None, "confidence": 0.0, "scores": {}}, "decision") == 0.0


def _findings(tmp_path, stage: str, pred: dict) -> list:
    (tmp_path / "page.md").write_text(doc(stage, "Words about a product. " * 30, title="A page"), encoding="utf-8")
    config = default_config()
    d = load_document(tmp_path / "page.md", config, tmp_path)
    a = Analysis(words=d.prose.words, sentences=[])
    a.journey = {"predicted": pred, "signals": [], "features": {"about:density": 1.0}, "ctas": [], "skipped": None}
    rule = registry()["phase-mismatch"]
    return list(rule.check(DocContext(rule, d, a, config)))


def test_phase_mismatch_flags_the_stage_the_text_gives_nothing_but_abstains_on_the_runner_up(tmp_path, monkeypatch):
    from planner.rules import evidence

    monkeypatch.setattr(evidence, "evidence", lambda *a, **k: (["your account"], [], (0, 4)))
    pred = _pred(**READING)
    [f] = _findings(tmp_path, "decision", pred)
    assert "(confidence 0.98)" in f.message  # 0.88 / (0.88 + 0.01) = 0.9888, shown rounded down
    assert not _findings(tmp_path, "consideration", pred)
