"""Tag rules: is the front matter present, well-formed and inside the taxonomy?"""
from __future__ import annotations

import difflib
from collections import defaultdict

from planner.loader import KNOWN_KEYS, did_you_mean
from planner.rules import CorpusContext, DocContext, register_builtin, rule

register_builtin(
    "file-unreadable", "error", "The file cannot be read as UTF-8 Markdown within the size limits.",
    """
    ## What it does
    Reports a content file that cannot be read: permissions, a broken link, bytes that
    are not UTF-8, a binary file with a `.md` name, or a file over `content.max_bytes`
    (default 1 MB) or `content.max_lines` (default 50,000 lines). The limits keep a CI
    run's time and memory bounded whatever lands in the repository.

    ## Why it matters
    A page nobody can check is a page that may be telling a buyer they already bought,
    or a customer to start a trial. The rest of the run still checks every other file.

    ## Example
    Fires: a file saved as Windows-1252 with a curly apostrophe (`0x92`).
    Does not fire: the same file re-saved as UTF-8.

    ## Options
    None. The size limits are `content.max_bytes` and `content.max_lines` in
    `planner.yml`.
    """,
)

register_builtin(
    "front-matter-invalid", "error", "The front matter is not a readable YAML mapping of tags.",
    """
    ## What it does
    Reports front matter that cannot be used: invalid YAML, a list or a single value
    instead of `key: value` lines, an opening `---` that is never closed, duplicate
    keys, YAML anchors and aliases, values of the wrong type (`title: [a, b]`,
    `reviewed: yesterday`).

    ## Why it matters
    The tags say which reader a page serves (phase, stage, role). When they cannot be
    read, the page drops out of the coverage matrix and its journey checks.

    ## Example
    Fires:
    ```yaml
    ---
    stage: awareness
    stage: decision
    ---
    ```
    Does not fire: one `stage:` line.

    ## Options
    None.
    """,
)


@rule("tag-missing", "error", "A required front-matter field is missing.", options={})
def tag_missing(ctx: DocContext):
    """
    ## What it does
    Checks that every field listed in `content.required` (default `title` and
    `stage`) is present and not empty.

    ## Why it matters
    Without a stage, planner cannot tell which reader the page is for: it cannot be
    placed in the journey, checked for phase mismatch, or counted in coverage. A page
    without a title cannot be found in the audit.

    ## Example
    Fires: front matter with `title:` but no `stage:`.
    Does not fire: `title: Your first week` and `stage: onboarding`.

    ## Options
    The list of required fields is `content.required` in `planner.yml`.
    """
    doc = ctx.doc
    if not doc.ok or (not doc.meta and any(p.rule == "front-matter-invalid" for p in doc.problems)):
        return  # the front matter itself is broken: that finding says it all
    required = list(ctx.config["content"]["required"])
    if not doc.meta and len(required) > 1:  # no front matter at all: one finding, not one per field
        yield ctx.finding(f"no front matter: start the file with a '---' block holding {', '.join(k + ':' for k in required)} "
                          f"(stage is one of {', '.join(ctx.config.stage_order())}) and a closing '---'",
                          line=1, fix={k: None for k in required}, why="Untagged pages fall out of the journey map and its checks.")
        return
    for key in required:
        value = doc.meta.get(key)
        if key == "roles" and value is None:
            value = doc.meta.get("role")
        if key == "phase" and value is None and doc.tags and doc.tags.phase:
            continue  # implied by the stage
        if value in (None, "", []):
            typo = next((k for k in doc.meta if _misspelt_key(k) == key), None)
            if typo:
                yield ctx.finding(f"missing '{key}': the front matter has '{typo}'; did you mean '{key}'?",
                                  line=ctx.meta_line(typo), evidence=[typo], fix={key: doc.meta[typo]},
                                  why="Untagged pages fall out of the journey map and its checks.")
                continue
            hint = {"stage": "add `stage:` with one of " + ", ".join(ctx.config.stage_order()),
                    "title": "add `title:` with the page's headline",
                    "roles": "add `roles:` with any of " + ", ".join(ctx.config.roles())}.get(key, f"add `{key}:`")
            yield ctx.finding(f"missing '{key}': {hint}", line=ctx.meta_line(key) if key in doc.meta_lines else 1,
                              fix={key: None}, why="Untagged pages fall out of the journey map and its checks.")


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

    ## Example
    Fires: `roles: [champoin]` ("did you mean 'champion'?").
    Does not fire: `roles: [champion]`, or `stage: bofu` (an alias of decision).

    A front-matter key that looks like a misspelt field (`stgae:`, `rolse:`) is
    reported too, as a warning; other keys of your own (`author:`, `tags:`) are left
    alone.

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
        guess = _misspelt_key(key)
        if guess and guess not in ctx.doc.meta:
            yield ctx.finding(f"unknown front-matter key '{key}': did you mean '{guess}'? (planner ignores this key)",
                              line=line(key), evidence=[key], fix={guess: ctx.doc.meta[key]},
                              severity="warning" if ctx.severity == "error" else ctx.severity,
                              why="A misspelt key hides the tag it was meant to set.")


def _misspelt_key(key: str) -> str | None:
    """The front-matter field ``key`` is probably a typo of, if any."""
    if key in KNOWN_KEYS:
        return None
    # strict cutoff: one transposed or missing letter, not any look-alike (`tags` is not `stage`)
    close = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.75)
    return close[0] if close else None


@rule("stage-phase-conflict", "error", "The stage belongs to the other phase.")
def stage_phase_conflict(ctx: DocContext):
    """
    ## What it does
    Checks that the `stage` belongs to the `phase` given in the same front matter.

    ## Why it matters
    `phase: buyer` with `stage: onboarding` cannot both be true: one of them sends the
    page to the wrong reader (a prospect, or someone who has already paid), and the
    page is counted in the wrong half of the journey.

    ## Example
    Fires: `phase: buyer` with `stage: onboarding`.
    Does not fire: `phase: customer` with `stage: onboarding`, or `stage: onboarding`
    alone (the phase is implied).

    ## Options
    None.
    """
    tags = ctx.doc.tags
    if not tags or tags.phase_implied or not tags.phase or not tags.stage:
        return
    expected = ctx.config.phase_of(tags.stage)
    if expected and tags.phase in ctx.config.taxonomy["phases"] and expected != tags.phase:
        yield ctx.finding(
            f"stage '{tags.stage}' is a {expected} stage but phase is '{tags.phase}': set phase: {expected}, or pick a {tags.phase} stage ({', '.join(ctx.config.stages_of(tags.phase))})",
            line=ctx.meta_line("phase"), evidence=[f"phase: {tags.phase}", f"stage: {tags.stage}"], fix={"phase": expected},
            why="One of the two tags sends the page to the wrong reader.")


@rule("duplicate-id", "error", "Two documents share one id.", scope="corpus")
def duplicate_id(ctx: CorpusContext):
    """
    ## What it does
    Checks that no two documents have the same `id` (the path stands in for a missing
    id).

    ## Why it matters
    The id is the stable key that links a page across audits, baselines and the
    decision-to-onboarding handoff. Two pages with one id overwrite each other there.

    ## Example
    Fires: `id: pricing` in both `pricing.md` and `pricing-2024.md`.
    Does not fire: `id: pricing` and `id: pricing-2024`.

    ## Options
    None.
    """
    by_id = defaultdict(list)
    for doc in ctx.audit.documents:
        if doc.tags:
            by_id[doc.tags.id].append(doc)
    for ident, docs in by_id.items():
        if len(docs) < 2:
            continue
        for doc in docs:
            others = ", ".join(d.relpath for d in docs if d is not doc)
            yield ctx.finding(doc, f"id '{ident}' is also used by {others}: give each document its own id",
                              line=doc.meta_lines.get("id", 1), evidence=[ident],
                              why="Ids key baselines and handoff pairs; a shared id makes pages overwrite each other.")
