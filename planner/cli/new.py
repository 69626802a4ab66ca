"""`planner new`: scaffold a correctly tagged draft."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import click

from planner.cli import PlannerError, cli, get_config
from planner.fsutil import atomic_write_text
from planner.loader import did_you_mean

# What a fresh draft of each stage should do, as a prompt to the writer (DOMAIN.md).
_PROMPTS = {
    "awareness": "Open with the reader's problem in their words. Teach; keep the product out of the way. Close with a soft next step (subscribe, read the guide).",
    "consideration": "Help the reader compare approaches or vendors honestly: criteria, trade-offs, a case study. Close with a next step to evaluate.",
    "decision": "Answer what the reader needs to choose: price, risk, security, ROI, migration effort. Close with a trial, a demo or a talk with sales.",
    "onboarding": "The reader has just bought. Get them to a first small win quickly: what to do first, in order. Close with the next set-up step.",
    "adoption": "Show how to do one job with the product, step by step, for someone using it day to day.",
    "success": "Help an experienced customer get more value: best practices, optimisation, troubleshooting, renewal or expansion.",
    "advocacy": "Invite a happy customer to vouch: referral, review, community, champion programme. Make them look good.",
}


def slugify(title: str) -> str:
    s = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s).strip("-").lower()
    return s[:80].rstrip("-") or "untitled"


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cli.command("new")
@click.argument("title")
@click.option("--stage", "-s", required=True, help="Journey stage (awareness ... advocacy, or an alias such as bofu).")
@click.option("--role", "-r", "roles", multiple=True, help="Role served; repeat for several (end-user, economic-buyer, champion).")
@click.option("--format", "fmt", help="Format, e.g. blog, guide, comparison, help-article.")
@click.option("--persona", help="Team-defined persona.")
@click.option("--owner", help="Owning team, e.g. marketing, customer-success.")
@click.option("--topic", help="Topic; pairs decision and onboarding content.")
@click.option("--cta", help="Call to action id, e.g. start-free-trial, invite-your-team.")
@click.option("--dir", "-d", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (default: the first content path).")
@click.pass_context
def new(ctx: click.Context, title: str, stage: str, roles: tuple[str, ...], fmt: str | None, persona: str | None,
        owner: str | None, topic: str | None, cta: str | None, folder: Path | None) -> None:
    """Write a new draft TITLE with correct journey tags.

    The phase follows from the stage; status is draft and reviewed is today. The
    file name is a slug of the title; an existing file is never overwritten.

    \b
    Example:
      planner new "Your first week with Acme" --stage onboarding --role end-user --format checklist
    """
    config = get_config(ctx)
    tax = config.taxonomy
    key = stage.strip().lower()
    stage_name = key if key in tax["stages"] else tax.get("aliases", {}).get("stage", {}).get(key)
    if stage_name not in tax["stages"]:
        guess = did_you_mean(key, tax["stages"])
        raise PlannerError(f"unknown stage '{stage}'" + (f"; did you mean '{guess}'?" if guess else f"; expected one of {', '.join(config.stage_order())}"))
    resolved_roles = []
    for r in roles:
        rr = r.strip().lower()
        rr = rr if rr in tax["roles"] else tax.get("aliases", {}).get("role", {}).get(rr, rr)
        if rr not in tax["roles"]:
            guess = did_you_mean(rr, tax["roles"])
            raise PlannerError(f"unknown role '{r}'" + (f"; did you mean '{guess}'?" if guess else f"; expected one of {', '.join(tax['roles'])}"))
        resolved_roles.append(rr)
    slug = slugify(title)
    target_dir = folder or (config.root / config["content"]["paths"][0])
    path = target_dir / f"{slug}.md"
    if path.exists():
        raise PlannerError(f"{path} already exists; choose another title or --dir (planner never overwrites a file)")
    lines = ["---", f"id: {slug}", f"title: {_yaml_str(title)}", f"phase: {config.phase_of(stage_name)}",
             f"stage: {stage_name}", f"roles: [{', '.join(resolved_roles)}]"]
    for k, v in (("persona", persona), ("format", fmt), ("owner", owner), ("cta", cta), ("topic", topic)):
        if v:
            lines.append(f"{k}: {v}")
    lines += ["status: draft", f"reviewed: {dt.date.today().isoformat()}", "---", "",
              f"<!-- {_PROMPTS.get(stage_name, 'Write for the reader at this stage of their journey.')} -->", "", ""]
    try:
        atomic_write_text(path, "\n".join(lines), overwrite=False)
    except FileExistsError:
        raise PlannerError(f"{path} already exists; planner never overwrites a file") from None
    except OSError as exc:
        raise PlannerError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"created {path.as_posix()} ({config.phase_of(stage_name)}/{stage_name}, draft)")
