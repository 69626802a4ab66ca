"""A generated content estate for speed benchmarks: realistic ~800-word Markdown
documents with front matter, assembled from varied building blocks (stage-flavoured
sentences with slots, headings, lists, tables, code, links, quotes) so that no two
documents are alike. Deterministic for a given seed."""
from __future__ import annotations

import random
from pathlib import Path

STAGES = {
    "awareness": ("buyer", [
        "Most {team} teams lose {n} hours a week to {pain}, and few of them notice until {moment}.",
        "If {pain} sounds familiar, you are not alone: {pct}% of {team} leads we surveyed said the same.",
        "The real cost of {pain} is not the time; it is the {thing} that never gets done.",
        "Here is a simple way to spot {pain} before it spreads across your {team} team.",
        "Why does {pain} keep coming back? Usually because nobody owns the {thing}.",
        "A short checklist helps you see where {pain} starts and what it costs.",
    ]),
    "consideration": ("buyer", [
        "When you compare tools for {thing}, look at how each one handles {feature}.",
        "Spreadsheets work until about {n} people; after that, {pain} grows faster than the team.",
        "We put three approaches side by side: manual tracking, a generic tool, and a planner built for {team} teams.",
        "Ask every vendor how {feature} works when {moment}; the answers differ more than the brochures suggest.",
        "Teams that switched from a generic tool report {pct}% less time spent on {pain}.",
        "The right choice depends on how often your {team} team changes its {thing}.",
    ]),
    "decision": ("buyer", [
        "Plans start at {price} per seat per month, billed annually, with {feature} included.",
        "Start a {n}-day trial with your own {thing}; no card is needed.",
        "Our security review pack answers the questions your {team} lead will ask about {feature}.",
        "Book a demo and we will map your current {thing} in thirty minutes.",
        "The business case is simple: {pct}% fewer hours on {pain} pays for the plan in {n} weeks.",
        "Migration is free for teams moving from spreadsheets before {moment}.",
    ]),
    "onboarding": ("customer", [
        "Welcome aboard: in your first week, set up {feature} and invite your {team} team.",
        "Open Settings, choose {feature}, and connect your first {thing}.",
        "Your first small win is a shared {thing} that everyone on the {team} team can see.",
        "Import your existing {thing} from a CSV file; it takes about {n} minutes.",
        "If the import stops, check that each row has a name and an owner, then try again.",
        "Once {feature} is on, your team gets a weekly summary every Monday.",
    ]),
    "adoption": ("customer", [
        "To automate {thing}, create a rule under {feature} and pick a trigger.",
        "Filters let you see only the {thing} that changed since {moment}.",
        "Keyboard shortcuts save time: press {key} to open {feature} from anywhere.",
        "Use templates when your {team} team repeats the same {thing} every sprint.",
        "Dashboards show how {pain} trends over {n} weeks, per team and per owner.",
        "Share a read-only view of your {thing} with stakeholders outside the workspace.",
    ]),
    "success": ("customer", [
        "Teams that review their {thing} monthly cut {pain} by {pct}% within a quarter.",
        "Before your renewal, check which seats are inactive and reassign them.",
        "Expanding to a second {team} team? Copy your {feature} settings in one step.",
        "If {feature} feels slow, archive {thing} older than {n} months.",
        "A quarterly business review with your account manager keeps the plan aligned with your goals.",
        "Best practice: give every {thing} one owner and one due date.",
    ]),
    "advocacy": ("customer", [
        "Refer a {team} team and both of you get {n} months free.",
        "Join the community forum to share how your team handles {thing}.",
        "Write a review and tell other {team} leads what changed after {moment}.",
        "Our champions programme gives early access to {feature} and a direct line to the product team.",
        "Speak at a meetup about how you reduced {pain} by {pct}%.",
        "Nominate a colleague who made {feature} work for the whole company.",
    ]),
}
FILL = {
    "team": ["operations", "marketing", "support", "finance", "engineering", "design", "sales", "people", "product", "legal"],
    "pain": ["status meetings", "duplicate work", "missed handoffs", "manual reporting", "unclear priorities",
             "context switching", "late approvals", "scattered documents", "surprise deadlines", "rework"],
    "thing": ["roadmap", "backlog", "weekly plan", "project board", "release calendar", "content calendar",
              "budget sheet", "hiring plan", "launch checklist", "capacity plan"],
    "feature": ["automations", "workload view", "timeline", "approvals", "integrations", "single sign-on",
                "audit log", "recurring tasks", "goals", "portfolio view"],
    "moment": ["the quarter closes", "a launch slips", "a new hire joins", "the budget review", "an audit",
               "the board meeting", "a reorganisation", "peak season"],
    "key": ["G then P", "Ctrl+K", "Shift+N", "the slash key"],
}
FILLER = [
    "This matters more than it seems.", "In practice, the details decide.", "Keep it simple at first.",
    "Small changes add up over a quarter.", "That is the part most teams skip.", "It is worth writing down.",
    "Nobody wants another meeting about it.", "The numbers tell the same story.",
]
ROLES = ["end-user", "economic-buyer", "champion"]
FORMATS = ["blog", "guide", "faq", "help-article", "checklist", "comparison", "case-study", "tutorial", "email"]


def _sentence(rng: random.Random, stage: str) -> str:
    tpl = rng.choice(STAGES[stage][1] if rng.random() < 0.8 else STAGES[rng.choice(list(STAGES))][1])
    out = tpl.format(n=rng.randint(2, 40), pct=rng.randint(10, 70), price=f"${rng.randint(5, 40)}",
                     **{k: rng.choice(v) for k, v in FILL.items()})
    if rng.random() < 0.25:
        out += " " + rng.choice(FILLER)
    return out


def _paragraph(rng: random.Random, stage: str) -> str:
    return " ".join(_sentence(rng, stage) for _ in range(rng.randint(3, 6)))


def document(rng: random.Random, i: int, words: int = 800) -> str:
    stage = rng.choice(list(STAGES))
    phase = STAGES[stage][0]
    title = _sentence(rng, stage).split(":")[0].split(",")[0].rstrip(".?")[:70]
    fm = ["---", f"id: doc-{i:05d}", f"title: \"{title}\"", f"stage: {stage}"]
    if rng.random() < 0.5:
        fm.append(f"phase: {phase}")
    fm.append(f"roles: [{', '.join(rng.sample(ROLES, rng.randint(1, 2)))}]")
    fm.append(f"format: {rng.choice(FORMATS)}")
    fm.append(f"status: {rng.choice(['published'] * 8 + ['draft', 'review'])}")
    fm.append(f"reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}")
    fm.append(f"topic: {rng.choice(FILL['feature']).replace(' ', '-')}")
    fm.append("---")
    body = [f"# {title}", ""]
    count = 0
    while count < words:
        kind = rng.random()
        if kind < 0.12:
            block = f"## {_sentence(rng, stage).split('.')[0][:60]}"
        elif kind < 0.27:
            block = "\n".join(f"- {_sentence(rng, stage)}" for _ in range(rng.randint(3, 5)))
        elif kind < 0.32:
            block = "| Step | What to do |\n|---|---|\n" + "\n".join(
                f"| {j + 1} | {_sentence(rng, stage)} |" for j in range(rng.randint(2, 4)))
        elif kind < 0.35:
            block = "```yaml\nautomation:\n  trigger: status-change\n  action: notify-owner\n```"
        elif kind < 0.38:
            block = f"> {_sentence(rng, stage)}"
        else:
            block = _paragraph(rng, stage)
            if rng.random() < 0.2:
                block += f" [Read more](https://example.com/{stage}/{rng.randint(1, 999)})."
        body += [block, ""]
        count += len(block.split())
    return "\n".join(fm) + "\n" + "\n".join(body)


def generate(folder: Path, n: int, seed: int = 7) -> int:
    """Write ``n`` documents under ``folder`` (in sub-folders of 100); returns words."""
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        text = document(rng, i)
        sub = folder / f"part-{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc-{i:05d}.md").write_text(text, encoding="utf-8")
        total += len(text.split("---", 2)[2].split())
    return total
