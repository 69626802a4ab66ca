"""Reference pages: one page per rule (the `planner explain` text), the tagging guide
for writers (from the taxonomy), and the suppressions inventory."""
from __future__ import annotations

import json
import re
from typing import Iterator

from planner.rules import registry
from planner.site.context import Page, SiteContext
from planner.site.documents import finding_card
from planner.site.html import a, esc, esc_lines, note, section, severity, table, tag


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield rules_index(ctx)
    for rid in sorted(registry()):
        yield rule_page(ctx, rid)
    yield tagging_guide(ctx)
    yield suppressions_page(ctx)


def explain_text(rule_id: str, config) -> str:
    """The same text `planner explain RULE` prints (Markdown)."""
    r = registry()[rule_id]
    sev, opts = r.effective(config)
    out = f"# {r.id}\n\n{r.summary}\n\nSeverity: {sev} (default {r.severity}). Scope: {r.scope}.\n\n{r.doc}\n"
    if opts:
        out += "\nCurrent options:\n\n" + "\n".join(f"    {k}: {json.dumps(v)}" for k, v in sorted(opts.items())) + "\n"
    return out


def rules_index(ctx: SiteContext) -> Page:
    here = "rules/index.md"
    L = ctx.links(here)
    hits: dict[str, int] = {}
    for f in ctx.audit.findings:
        hits[f.rule] = hits.get(f.rule, 0) + 1
    rows = []
    for rid in sorted(registry()):
        r = registry()[rid]
        sev, _ = r.effective(ctx.config)
        rows.append([a(L.href(ctx.rule_uri(rid)), f"<code>{esc(rid)}</code>"), severity(sev), esc(r.category),
                     esc(r.summary), (str(hits.get(rid, 0)), hits.get(rid, 0))])
    body = ('<h1>Rules</h1><p class="pl-lead">Every check planner runs. Each page says what the rule does, why it matters '
            'for the reader\'s journey, an example that fires and one that does not, and its options '
            '(the same text as <code>planner explain RULE</code>).</p>'
            + table(["Rule", "Severity", "Category", "What it checks", "Findings"], rows, label="Rules"))
    return Page(here, "Rules", body)


_FENCE = re.compile(r"^(```|~~~)")
_LINK = re.compile(r"(?<![`!])\[([^\]\n]+)\]\(([^)\s]+)\)")


def inert_links(markdown: str) -> str:
    """Rule documentation quotes page text, links included: show those links as the
    writer would type them (code), not as live links to pages that do not exist."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced:
            parts = line.split("`")
            line = "`".join(_LINK.sub(lambda m: f"`{m.group(0)}`", part) if i % 2 == 0 else part
                            for i, part in enumerate(parts))
        out.append(line)
    return "\n".join(out)


def rule_page(ctx: SiteContext, rule_id: str) -> Page:
    """Markdown from the rule's own documentation (code, not content), then its findings as HTML."""
    here = ctx.rule_uri(rule_id)
    L = ctx.links(here)
    found = [f for f in ctx.audit.findings if f.rule == rule_id]
    docs = {d.relpath: d for d in ctx.audit.documents}
    extra = ""
    if found:
        extra += "".join(finding_card(ctx, f, L, show_path=True, docs=docs) for f in found[:50])
        if len(found) > 50:
            extra += (f'<p class="pl-muted">… and {len(found) - 50} more: '
                      f'{a(L.href("findings.md"), "filter the findings by this rule")}.</p>')
    else:
        extra += '<p class="pl-muted">No document triggers this rule.</p>'
    body = section(f"In this audit ({len(found)})", extra, "in-this-audit")
    return Page(here, rule_id, body, meta={"search": "none"}, markdown=inert_links(explain_text(rule_id, ctx.config)))


def tagging_guide(ctx: SiteContext) -> Page:
    here = "guide/tagging.md"
    L = ctx.links(here)
    tax = ctx.config.taxonomy
    stages = [[a(L.href(ctx.stage_uri(s)), f"<code>{esc(s)}</code>"), tag(tax["stages"][s].get("phase"), tax["stages"][s].get("phase")),
               esc(tax["stages"][s].get("description", "")), _examples(ctx, s, L)] for s in ctx.stages()]
    phases = [[f"<code>{esc(p)}</code>", esc((spec or {}).get("description", ""))] for p, spec in tax["phases"].items()]
    roles = [[f"<code>{esc(r)}</code>", esc((spec or {}).get("description", ""))] for r, spec in tax["roles"].items()]
    simple = [[f"<code>{esc(field)}</code>", " ".join(f"<code>{esc(v)}</code>" for v in tax.get(k, [])) or '<span class="pl-muted">any value</span>']
              for field, k in (("format", "formats"), ("owner", "owners"), ("status", "statuses"), ("persona", "personas"), ("topic", "topics"))]
    aliases = [[esc(kind), ", ".join(f"<code>{esc(k)}</code> → <code>{esc(v)}</code>" for k, v in sorted(tab.items()))]
               for kind, tab in (tax.get("aliases") or {}).items() if tab]
    required = ", ".join(f"<code>{esc(k)}</code>" for k in ctx.config["content"]["required"])
    example_stage = ctx.stages()[3] if len(ctx.stages()) > 3 else ctx.stages()[0]
    example = "\n".join([
        "---", "id: first-week-checklist", "title: Your first week", f"stage: {example_stage}",
        f"roles: [{next(iter(tax['roles']), 'end-user')}]", "format: checklist", "owner: customer-success",
        "cta: invite-your-team", "status: published", "reviewed: 2026-05-01", "topic: permissions", "---"])
    body = (
        '<h1>Tagging guide</h1><p class="pl-lead">Each document says in its front matter which reader it serves. '
        f'Required: {required}. The phase follows from the stage and may be left out.</p>'
        + section("Front matter", f'<pre class="pl-cmd"><code>{esc_lines(example)}</code></pre>'
                  '<p>Scaffold a correctly tagged draft with <code>planner new "Title" --stage STAGE --role ROLE</code>; '
                  'check it with <code>planner lint FILE -v</code>.</p>')
        + section("Phases", table(["Phase", "The reader"], phases))
        + section("Stages", table(["Stage", "Phase", "What it is for", "Good examples here"], stages))
        + section("Roles", table(["Role", "Who they are"], roles))
        + section("Other fields", table(["Field", "Allowed values"], simple))
        + (section("Aliases", '<p>These common names are accepted and mapped onto the taxonomy:</p>'
                   + table(["Field", "Alias → value"], aliases)) if aliases else "")
        + section("Telling the phases apart",
                  '<p><strong>Buyer</strong> content answers “why should I choose this?”: it educates, compares and helps decide. '
                  '<strong>Customer</strong> content answers “was this the right choice?”: it helps set up, use, get more value and vouch. '
                  'A page that says “your subscription” or “since you signed up” is for customers; one that says “start your free trial” '
                  'or “compare plans” is for buyers.</p>'))
    return Page(here, "Tagging guide", body)


def _examples(ctx: SiteContext, stage: str, L, n: int = 2) -> str:
    """Up to ``n`` published documents of the stage with no error or warning: models to copy."""
    good = [d for d in ctx.audit.documents if d.tags and d.tags.stage == stage and d.tags.status == "published"
            and not any(f.severity in ("error", "warning") for f in ctx.findings_for(d.relpath))]
    good.sort(key=lambda d: len(ctx.findings_for(d.relpath)))
    links = [a(L.href(ctx.doc_uri(d.relpath)), esc(ctx.title_of(d))) for d in good[:n]]
    return "<br>".join(links) or '<span class="pl-muted">none yet</span>'


def suppressions_page(ctx: SiteContext) -> Page:
    here = "suppressions.md"
    L = ctx.links(here)
    rows = []
    for d in ctx.audit.documents:
        for s in d.suppressions:
            uri = ctx.doc_uri(d.relpath)
            rows.append([a(L.href(uri), esc(ctx.title_of(d))) + f'<br><span class="pl-small">{esc(d.relpath)}:{s.line}</span>',
                         esc(s.kind), " ".join(a(L.href(ctx.rule_uri(r)), f"<code>{esc(r)}</code>") for r in s.rules) or "all rules",
                         esc(s.reason) or tag("no reason", "warn"), "used" if s.used else tag("unused", "warn")])
    body = ('<h1>Suppressions</h1><p class="pl-lead">Every inline <code>planner-disable</code> comment, with its reason. '
            'A suppression without a reason, or one that no longer silences anything, is worth a second look.</p>')
    if rows:
        body += (f'<p>{len(rows)} suppression comments silence {len(ctx.audit.suppressed)} findings.</p>'
                 + table(["Document", "Kind", "Rules", "Reason", "Status"], rows, label="Suppressions"))
    else:
        body += note("No suppressions: every finding is shown.", "ok")
    return Page(here, "Suppressions", body)
