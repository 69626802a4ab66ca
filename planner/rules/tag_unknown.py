"""`tag-unknown`: a tag value outside the taxonomy, or a misspelt key."""
from __future__ import annotations

from planner.loader import did_you_mean
from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule


def _unknown(ctx: DocContext, key: str, value: str, known: list[str], line: int):
    guess = did_you_mean(value, known)
    hint = f"did you mean '{guess}'? " if guess else ""
    return ctx.finding(f"unknown {key} '{value}': {hint}expected one of {', '.join(known)} (extend taxonomy.{key}s in planner.yml for a new one)",
                       line=line, evidence=[value], fix={key: guess} if guess else None,
                       why="Values outside the taxonomy do not count in coverage and cannot be checked against the journey.")


@rule("tag-unknown", "error", "A tag value is not in the taxonomy.")
def tag_unknown(ctx: DocContext):
    """
    ## What it does
    Checks `phase`, `stage`, `roles`, `format`, `owner` and `status` (and `persona`
    and `topic` when the taxonomy lists them) against the taxonomy, after aliases
    (`tofu` → awareness, `retention` → success, ...). Suggests the closest value.

    ## Why it matters
    A misspelt stage or role silently removes the page from its cell of the coverage
    matrix, so the matrix shows a gap that is not there and hides one that is.

    ## Options
    Extend the taxonomy in `planner.yml` (`taxonomy.stages`, `taxonomy.roles`,
    `taxonomy.formats`, `taxonomy.aliases`, ...).
    """
    tags, tax = ctx.doc.tags, ctx.config.taxonomy
    if tags is None:
        return
    line = ctx.meta_line
    if tags.phase and tags.phase not in tax["phases"]:
        yield _unknown(ctx, "phase", tags.phase, list(tax["phases"]), line("phase"))
    if tags.stage and tags.stage not in tax["stages"]:
        yield _unknown(ctx, "stage", tags.stage, ctx.config.stage_order(), line("stage"))
    for r in tags.roles:
        if r not in tax["roles"]:
            yield _unknown(ctx, "role", r, list(tax["roles"]), line("roles") if "roles" in ctx.doc.meta_lines else line("role"))
    for key, known in (("format", tax["formats"]), ("owner", tax["owners"]), ("status", tax["statuses"]),
                       ("persona", tax["personas"]), ("topic", tax["topics"])):
        value = getattr(tags, key)
        if value and known and value not in known:
            yield _unknown(ctx, key, value, list(known), line(key))
    # a misspelt key (`stgae:`) silently drops the tag; other extra keys are the team's own
    for key in ctx.doc.meta:
        guess = ev.misspelt_key(key)
        if guess and guess not in ctx.doc.meta:
            yield ctx.finding(f"unknown front-matter key '{key}': did you mean '{guess}'? (planner ignores this key)",
                              line=line(key), evidence=[key], fix={guess: ctx.doc.meta[key]},
                              severity="warning" if ctx.severity == "error" else ctx.severity,
                              why="A misspelt key hides the tag it was meant to set.")
