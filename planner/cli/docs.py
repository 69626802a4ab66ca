"""`planner rules`, `planner explain RULE`, `planner schema`: the reference, from the code."""
from __future__ import annotations

import json

import click

from planner.cli.common import FormatChoice, PlannerError, get_config, use_color
from planner.loader import did_you_mean
from planner.rules import registry
from planner.schema import front_matter_schema


@click.command("rules")
@click.option("-f", "--format", "fmt", type=FormatChoice(["table", "json"]), default="table", show_default=True,
              help="table for people, json for scripts (with each rule's default severity, category and scope).")
@click.pass_context
def rules_cmd(ctx: click.Context, fmt: str) -> None:
    """List every rule with its id, effective severity and summary."""
    config = get_config(ctx)
    rows = []
    for rid in sorted(registry()):
        r = registry()[rid]
        sev, _ = r.effective(config)
        rows.append({"id": rid, "severity": sev, "default": r.severity, "category": r.category,
                     "scope": r.scope, "summary": r.summary})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    color = use_color()
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        sev = r["severity"].ljust(10)
        if color:
            sev = click.style(sev, fg={"error": "red", "warning": "yellow", "suggestion": "cyan"}.get(r["severity"], "white"))
        click.echo(f"{r['id'].ljust(width)}  {sev} {r['summary']}")
    click.echo(f"\n{len(rows)} rules. `planner explain RULE` tells what one checks, why, and how to configure it.")


def _rule_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of RULE_ID."""
    return [rid for rid in sorted(registry()) if rid.startswith(incomplete)]


@click.command("explain")
@click.argument("rule_id", shell_complete=_rule_ids)
@click.pass_context
def explain(ctx: click.Context, rule_id: str) -> None:
    """Explain one rule: what it checks, why it matters, examples, and its severity and
    options in effect for this planner.yml. RULE_ID is one `planner rules` lists.

    \b
    Example:
      planner explain phase-mismatch
    """
    rules = registry()
    if rule_id not in rules:
        guess = did_you_mean(rule_id, rules)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        raise PlannerError(f"no rule '{rule_id}'{hint}; `planner rules` lists them")
    r = rules[rule_id]
    sev, opts = r.effective(get_config(ctx))
    click.echo(f"# {r.id}\n\n{r.summary}\n\nSeverity: {sev} (default {r.severity}). Scope: {r.scope}.\n")
    click.echo(r.doc)
    if opts:
        click.echo("\nCurrent options:")
        for k, v in sorted(opts.items()):
            click.echo(f"  {k}: {json.dumps(v)}")


@click.command("schema")
@click.pass_context
def schema_cmd(ctx: click.Context) -> None:
    """Print the JSON Schema of the front matter (for editor autocompletion).

    \b
    VS Code (YAML extension), settings.json:
      "yaml.schemas": {"./planner-frontmatter.schema.json": "content/**/*.md"}
    """
    click.echo(json.dumps(front_matter_schema(get_config(ctx)), indent=2))
