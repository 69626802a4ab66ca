"""Tone-break detection on real documents: inject off-voice paragraphs, run the real
pipeline, count what the tone rules catch and what they say about untouched pages.

    .venv/bin/python benchmarks/tone_detection.py [--corpus DIR] [--sample N] [--seed S]

1. Copies the corpus (``<company>--<slug>.md`` files) into a temporary folder and runs
   ``planner.engine.audit`` on it: warning-level tone findings there are false
   alarms (reported per 100 documents), suggestions are reported separately.
2. Copies it again, and into a seeded sample of documents inserts one paragraph
   after a randomly chosen prose paragraph: a hype-laden sales pitch, a stiff
   legalistic paragraph, a we-centred paragraph or one run-on sentence of jargon
   (five variants of each, written for this benchmark). A document counts as
   detected when a tone finding's lines (or the lines of a sentence it quotes)
   overlap the injected paragraph's lines.
3. Times the whole pipeline with and without tone, and the tone analyser alone
   (words per second of CPU time, one process; the first run in the process pays
   for loading spaCy and the CMU dictionary, so a warm-up on the example content
   runs first). Texts are read fresh from disk for each run; the tone profile does not
   use textstat's whole-text caches (syllables are memoised per word).
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from planner.config import default_config  # noqa: E402
from planner.loader import load_document  # noqa: E402
from planner import engine  # noqa: E402

TONE_RULES = {"readability", "hype", "self-centred", "tone-drift", "section-drift", "handoff-drift"}

BREAKS: dict[str, list[str]] = {
    "hype": [
        "This is the feature that changes everything. Our revolutionary engine is the most powerful tool on the "
        "market, and it is incredibly easy to use! Teams that switch see jaw-dropping results from day one, and it "
        "just works, every single time. Forget everything you knew about the old way of doing things: this is a "
        "game-changing, best-in-class experience that will absolutely blow your mind. Don't miss out. Upgrade today "
        "and unleash the full power of your team!",
        "Get ready for something truly amazing! We are thrilled to unveil the ultimate upgrade: a next-generation, "
        "lightning-fast experience that puts every competitor to shame. It is hands down the best release we have "
        "ever shipped, packed with incredible, must-have features you will absolutely love. Whether you are a "
        "startup or a global enterprise, this is the breakthrough you have been waiting for. Act now and supercharge "
        "your workflow like never before!",
        "Say goodbye to slow, painful setups forever. With the world-class tooling in this release, everything is "
        "insanely fast, unbelievably simple and totally seamless. It is the smartest, most advanced solution "
        "available anywhere, trusted by the best teams on the planet. You will wonder how you ever lived without it! "
        "Honestly, nothing else even comes close: this is the gold standard, the absolute best, period. Start now "
        "and watch your productivity skyrocket!",
        "Our award-winning platform delivers stunning, phenomenal results that will transform everything about how "
        "you work. It is the fastest, easiest and most powerful option ever built, and our customers absolutely love "
        "it! Imagine cutting your workload in half overnight. That is not a dream: it is the incredible reality "
        "thousands of teams enjoy today. Join the revolution NOW and see why everyone is talking about it!",
        "Looking for a better way? This is it. Blazing-fast performance, jaw-dropping design and rock-solid "
        "reliability come together in one unstoppable package. There is truly nothing like it on the market! Every "
        "detail has been obsessively polished to deliver a legendary experience that leaves the competition in the "
        "dust. It is the ultimate must-have upgrade for every serious team, and it is hugely popular for a reason. "
        "Try it today and prepare to be amazed!",
    ],
    "legalistic": [
        "Prior to the commencement of any configuration activity, it is recommended that the identification of all "
        "parties to whom administrative privileges are to be assigned be undertaken, inasmuch as the subsequent "
        "modification of such assignments may necessitate the involvement of the account owner. It should be noted "
        "that the foregoing obligations apply notwithstanding any arrangement that may have been entered into in "
        "respect of the provision of access by means of an external provider, and that the responsibility for the "
        "verification thereof shall remain with the organisation.",
        "In the event that the retention period specified herein is exceeded, the deletion of the data in question "
        "shall be effected in accordance with the applicable policy, whereupon the restoration thereof is not to be "
        "regarded as guaranteed. The user is advised that the submission of a request for the extension of said "
        "period is to be made prior to the expiry of the period in question, and that the determination of such a "
        "request is undertaken at the sole discretion of the provider, pursuant to the terms in force at the time at "
        "which the request is received.",
        "The utilisation of the functionality described in this section is subject to the fulfilment of the "
        "prerequisites set out hereinafter, the satisfaction of which is to be confirmed by the administrator prior "
        "to the initiation of the procedure. Where the configuration is determined to be non-compliant, the "
        "remediation thereof shall be undertaken without delay, and it is further advised that documentation of the "
        "rationale underlying each such determination be maintained for the purpose of facilitating subsequent "
        "review by the relevant compliance function.",
        "Notwithstanding the foregoing, the obligations of the organisation with respect to the safeguarding of "
        "credentials are not diminished by the availability of the automated mechanisms referred to above, and the "
        "implementation of supplementary controls is to be regarded as advisable in circumstances in which the "
        "sensitivity of the information so warrants. Any failure in the performance of such obligations shall be "
        "deemed to constitute a breach of the conditions of use, whereby the suspension of access may be effected "
        "without prior notification.",
        "Upon the completion of the installation, the verification of the integrity of the deployed components is "
        "to be performed by the designated operator, whereupon the registration of the instance with the central "
        "service shall be effected by means of the submission of the credentials issued in respect thereof. It "
        "should be noted that the provision of incorrect information in the course of the registration process may "
        "result in the invalidation of the instance, in which event the repetition of the foregoing steps in their "
        "entirety will be required.",
    ],
    "we-centred": [
        "At our company, we have always believed that we build the best tools in the industry. We started this "
        "journey years ago with a simple mission, and our team has worked tirelessly ever since. We are proud of "
        "what we have achieved, and we are excited about where we are going next. Our engineers, our designers and "
        "our support staff share our passion for quality, and it shows in everything we ship. We would like to "
        "thank our investors and our partners for their support along the way.",
        "We designed our platform around our own experience of running large projects. Our founders spent a decade "
        "building software for enterprises, and we poured everything we learned into this product. We believe our "
        "approach is unique: we listen to our customers, we iterate quickly, and we hold ourselves to the highest "
        "standards. Our roadmap reflects our vision for the future of the category, and we are committed to "
        "delivering on it. We are confident that our product will keep getting better with every release we make.",
        "Our story began in a small office where we asked ourselves a question: what would we build if we could "
        "start from scratch? We assembled our team, we created our first prototype, and we have never looked back. "
        "Today our company serves customers in many countries, and we are proud that our technology powers some of "
        "the most demanding workloads. We have invested heavily in our infrastructure, our security and our people, "
        "because we care deeply about our reputation.",
        "We are thrilled to share our latest milestone. Our team has grown to more than two hundred people, we have "
        "opened our third office, and our platform now processes more events than ever. We built our culture "
        "around our values, and we strive every day to live up to them. We want to thank everyone who helped us get "
        "here. Our mission remains the same: we will keep building the product we always dreamed of, and we will "
        "keep raising the bar for ourselves.",
        "We know what we are doing. Our engineers have built systems at the largest companies in the world, and we "
        "bring that expertise to every line of code we write. We developed our own framework because we were not "
        "satisfied with what existed, and we maintain it ourselves. Our processes, our tooling and our standards are "
        "the result of years of hard work. We take pride in our craft, and we expect our product to speak for "
        "itself.",
    ],
    "jargon": [
        "By leveraging a holistic, data-driven framework that synergizes cross-functional workflows across the "
        "enterprise ecosystem, organisations can unlock value at scale and operationalise actionable insights that "
        "move the needle on their strategic north star metrics, while simultaneously empowering stakeholders to "
        "drive alignment across siloed verticals through a frictionless, AI-powered orchestration layer that "
        "future-proofs their digital transformation journey and delivers best-of-breed outcomes in an omnichannel, "
        "value-driven paradigm.",
        "Our value proposition centres on empowering digital-first teams to leverage synergies between their core "
        "competencies, so that thought leadership can be operationalised into scalable, outcome-driven initiatives "
        "that align stakeholders around a single pane of glass and accelerate time-to-value across the full "
        "customer lifecycle, from ideation through to a seamless, turnkey, enterprise-grade deployment that "
        "disrupts legacy paradigms and positions the organisation for sustained, transformative growth in an "
        "increasingly dynamic, AI-driven marketplace.",
        "To maximise synergy and drive holistic alignment, the solution leverages an end-to-end, cloud-native, "
        "AI-ready architecture that streamlines cross-functional collaboration and empowers stakeholders to ideate, "
        "iterate and operationalise next-level learnings in a frictionless, 360-degree feedback loop, thereby "
        "unlocking actionable insights and mission-critical value at every touchpoint while future-proofing the "
        "organisation's digital transformation roadmap against disruption from emerging paradigms.",
        "Going forward, the team will circle back with key stakeholders to deep dive into the low-hanging fruit and "
        "socialise a win-win game plan that leverages core competencies, moves the needle on engagement and drives "
        "value-add synergies across the omnichannel customer journey, so that every touchpoint becomes a "
        "data-driven, outcome-focused opportunity to empower cross-functional teams, operationalise the north star "
        "vision and deliver a seamless, best-of-breed experience at unprecedented scale.",
        "This paradigm-shifting approach empowers forward-thinking organisations to leverage holistic, AI-powered "
        "insights that seamlessly integrate with their existing ecosystem, enabling frictionless, data-driven "
        "decision-making and mission-critical agility that unlocks value, drives stakeholder alignment and "
        "positions visionary leaders to disrupt their verticals with turnkey, enterprise-grade, future-proof "
        "solutions that deliver transformative outcomes across every layer of the modern digital stack.",
    ],
}


def copy_corpus(src: Path, dst: Path) -> list[Path]:
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for p in sorted(src.glob("*--*.md")):
        q = dst / p.name
        shutil.copyfile(p, q)
        out.append(q)
    return out


def inject(path: Path, text: str, rng: random.Random, config) -> tuple[int, int] | None:
    """Insert ``text`` as a paragraph after a random prose paragraph; (first, last) line."""
    doc = load_document(path, config, path.parent)
    paras = [b for b in doc.prose.blocks if b.kind == "paragraph" and len(doc.prose.text[b.start:b.end].split()) >= 8]
    if not paras:
        return None
    b = rng.choice(paras)
    _l, _c, end_line, _ec = doc.prose_position(b.start, b.end)
    lines = path.read_text(encoding="utf-8").split("\n")
    at = end_line  # insert after this (1-based) line
    lines[at:at] = ["", text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 2, at + 2


def lands(f, first: int, last: int) -> bool:
    spans = [(f.line, f.end_line or f.line)] + [(s["line"], s["end_line"]) for s in f.sentences]
    return any(a <= last and first <= b for a, b in spans)


def audit(folder: Path, tone: bool = True):
    """(audit, CPU seconds). CPU time, not wall time: the machine may be shared."""
    from planner import analysis
    from planner.config import build_config

    saved = analysis.ANALYSERS
    if tone:
        config = default_config(folder)
    else:  # the same pipeline without the tone analyser and rules, to measure what tone costs
        analysis.ANALYSERS = tuple(a for a in saved if a[0] != "tone")
        config = build_config({"rules": {r: "off" for r in TONE_RULES}}, root=folder)
    try:
        t = time.process_time()
        result = engine.audit([folder], config, cwd=folder)
        return result, time.process_time() - t
    finally:
        analysis.ANALYSERS = saved


def tone_only_speed(folder: Path) -> float:
    """Words per second of the tone analyser alone, on already parsed documents."""
    from planner.analysis import analyse_documents
    from planner.tone import profile_document

    config = default_config(folder)
    docs = [load_document(p, config, folder) for p in sorted(folder.glob("*.md"))]
    analyses = analyse_documents(docs, config)
    words = sum(a.words for a in analyses.values())
    t = time.process_time()
    for d in docs:
        if d.relpath in analyses:
            profile_document(d, analyses[d.relpath], config)
    return words / (time.process_time() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--sample", type=int, default=80, help="documents to inject into (spread over the 4 kinds)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # warm-up outside the timings: spaCy, the lexicons and the CMU dictionary load once per process
        engine.audit([REPO / "content"], default_config(REPO), cwd=REPO)

        pristine = copy_corpus(args.corpus, tmp / "pristine")
        clean, seconds = audit(tmp / "pristine")
        words = sum(a.words for a in clean.analyses.values())
        n_docs = len(pristine)
        warn = [f for f in clean.findings if f.rule in TONE_RULES and f.severity in ("warning", "error")]
        sugg = [f for f in clean.findings if f.rule in TONE_RULES and f.severity == "suggestion"]
        first_seconds = seconds  # the first pass also fills spaCy's vocabulary and the syllable memo
        # steady state, fair to both: alternate runs with and without tone, best of two each
        seconds = min(audit(tmp / "pristine", tone=True)[1] for _ in range(2))
        seconds_without = min(audit(tmp / "pristine", tone=False)[1] for _ in range(2))
        tone_speed = tone_only_speed(tmp / "pristine")

        files = copy_corpus(args.corpus, tmp / "injected")
        config = default_config(tmp / "injected")
        kinds = list(BREAKS)
        injected: dict[str, tuple[str, int, int, int]] = {}
        for i, path in enumerate(rng.sample(files, min(args.sample, len(files)))):
            kind = kinds[i % len(kinds)]
            variant = (i // len(kinds)) % len(BREAKS[kind])
            where = inject(path, BREAKS[kind][variant], rng, config)
            if where:
                injected[path.name] = (kind, variant, *where)
        broken, _ = audit(tmp / "injected")
        by_path = defaultdict(list)
        for f in broken.findings:
            if f.rule in TONE_RULES:
                by_path[Path(f.path).name].append(f)
        hit, hit_warn, per_kind, per_rule = 0, 0, defaultdict(lambda: [0, 0, 0]), Counter()
        missed = []
        for name, (kind, variant, first, last) in injected.items():
            found = [f for f in by_path.get(name, []) if lands(f, first, last)]
            per_kind[kind][0] += 1
            if found:
                hit += 1
                per_kind[kind][1] += 1
                per_rule.update({f.rule for f in found})
            else:
                missed.append(f"{name} ({kind} #{variant})")
            if any(f.severity in ("warning", "error") for f in found):
                hit_warn += 1
                per_kind[kind][2] += 1
        untouched = [n for n in (p.name for p in files) if n not in injected]
        warn_untouched = sum(1 for n in untouched for f in by_path.get(n, []) if f.severity in ("warning", "error"))

    n = len(injected)
    print(f"corpus: {n_docs} documents, {words:,} words ({args.corpus})")
    print(f"injected: {n} documents, seed {args.seed}")
    print(f"detection: {hit}/{n} = {100 * hit / n:.1f}%  (warning level: {hit_warn}/{n} = {100 * hit_warn / n:.1f}%)")
    for kind, (total, h, hw) in per_kind.items():
        print(f"  {kind:11} {h}/{total} detected, {hw}/{total} at warning level")
    print("  rules that landed on the injected paragraph: " + ", ".join(f"{r} {c}" for r, c in per_rule.most_common()))
    if missed:
        print("  missed: " + "; ".join(missed))
    print(f"false alarms (pristine corpus): {len(warn)} warning-level tone findings = "
          f"{100 * len(warn) / n_docs:.1f} per 100 documents; suggestions {100 * len(sugg) / n_docs:.1f} per 100")
    for rule_id, c in Counter(f.rule for f in warn).most_common():
        print(f"  {rule_id}: {c}")
    print(f"false alarms (untouched documents of the injected run): {warn_untouched} = "
          f"{100 * warn_untouched / max(1, len(untouched)):.1f} per 100 documents")
    print(f"speed (CPU time, one process, steady state): whole pipeline with tone {words / seconds:,.0f} words/s "
          f"({seconds:.2f} s); without tone {words / seconds_without:,.0f} words/s ({seconds_without:.2f} s); "
          f"tone analyser alone {tone_speed:,.0f} words/s")
    print(f"  first pass over the corpus in this process (new words for spaCy and the syllable memo): "
          f"{words / first_seconds:,.0f} words/s ({first_seconds:.2f} s)")


if __name__ == "__main__":
    main()
