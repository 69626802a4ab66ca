"""`tag-missing`: a required front-matter field is missing."""
from __future__ import annotations

from planner.rules import evidence as ev
from planner.rules.base import DocContext, rule


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
            typo = next((k for k in doc.meta if ev.misspelt_key(k) == key), None)
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
