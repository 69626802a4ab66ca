"""`planner new`: scaffold a correctly tagged draft."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from planner.cli.common import PlannerError, get_config
from planner.fsutil import atomic_write_text
from planner.discovery import relpath
from planner.draftnames import names_for
from planner.loader import did_you_mean

# What a fresh draft of each stage should do, as a prompt to the writer (docs/journey.md).
_PROMPTS = {
    "awareness": "Open with the reader's problem in their words. Teach; keep the product out of the way. Close with a soft next step (subscribe, read the guide).",
    "consideration": "Help the reader compare approaches or vendors honestly: criteria, trade-offs, a case study. Close with a next step to evaluate.",
    "decision": "Answer what the reader needs to choose: price, risk, security, ROI, migration effort. Close with a trial, a demo or a talk with sales.",
    "onboarding": "The reader has just bought. Get them to a first small win quickly: what to do first, in order. Close with the next set-up step.",
    "adoption": "Show how to do one job with the product, step by step, for someone using it day to day.",
    "success": "Help an experienced customer get more value: best practices, optimisation, troubleshooting, renewal or expansion.",
    "advocacy": "Invite a happy customer to vouch: referral, review, community, champion programme. Make them look good.",
}


def _yaml_str(s: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML): quotes, backslashes,
    newlines and control characters survive the round trip."""
    return json.dumps(s, ensure_ascii=False)


def _yaml_value(s: str) -> str:
    """Plain when it is a simple name (`checklist`), quoted otherwise (`book: a demo`)."""
    return s if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*", s) and s.lower() not in _YAML_WORDS else _yaml_str(s)


_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _resolve(config, kind: str, value: str, known) -> str:
    """``value`` on the taxonomy (aliases resolved), or a one-line error with a guess."""
    v = value.strip().lower().replace("_", "-").replace(" ", "-")
    v = v if v in known else config.taxonomy.get("aliases", {}).get(kind, {}).get(v, v)
    if v not in known:
        guess = did_you_mean(v, known)
        hint = f" (did you mean '{guess}'?)" if guess else ""  # worded as a planner.yml error is
        raise PlannerError(f"unknown {kind} '{value}'{hint}; expected one of: {', '.join(known)}")
    return v


@click.command("new")
@click.argument("title")
@click.option("--stage", "-s", required=True, help="Journey stage (awareness ... advocacy, or an alias such as bofu).")
@click.option("--role", "-r", "roles", multiple=True, help="Role served; repeat for several (end-user, economic-buyer, champion).")
@click.option("--format", "fmt", help="The page's format: tag, e.g. blog, guide, comparison, help-article "
                                     "(not a report format: planner new writes a file, not a report).")
@click.option("--persona", help="Team-defined persona.")
@click.option("--owner", help="Owning team, e.g. marketing, customer-success.")
@click.option("--topic", help="Topic; pairs decision and onboarding content.")
@click.option("--cta", help="Call to action id, e.g. start-free-trial, invite-your-team.")
@click.option("--dir", "-d", "folder", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
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
    stage_name = _resolve(config, "stage", stage, config.stage_order())
    resolved_roles = [_resolve(config, "role", r, list(tax["roles"])) for r in roles]
    if fmt:
        fmt = _resolve(config, "format", fmt, list(tax["formats"]))
    if owner:
        owner = _resolve(config, "owner", owner, list(tax["owners"]))
    if persona and tax.get("personas"):
        persona = _resolve(config, "persona", persona, list(tax["personas"]))
    if topic and tax.get("topics"):
        topic = _resolve(config, "topic", topic, list(tax["topics"]))
    if not title.strip():
        raise PlannerError("the title is empty; give the draft a title, e.g. planner new \"Your first week\" --stage onboarding")
    slug, doc_id = names_for(title)
    target_dir = folder or (config.root / config["content"]["paths"][0])
    path = target_dir / f"{slug}.md"
    if path.exists():
        raise PlannerError(f"{relpath(path)} already exists; choose another title or --dir (planner never overwrites a file)")
    lines = ["---", f"id: {_yaml_value(doc_id)}", f"title: {_yaml_str(title)}", f"phase: {config.phase_of(stage_name)}",
             f"stage: {stage_name}", f"roles: [{', '.join(resolved_roles)}]"]
    for k, v in (("persona", persona), ("format", fmt), ("owner", owner), ("cta", cta), ("topic", topic)):
        if v:
            lines.append(f"{k}: {_yaml_value(v)}")
    lines += ["status: draft", f"reviewed: {dt.date.today().isoformat()}", "---", "",
              f"<!-- {_PROMPTS.get(stage_name, 'Write for the reader at this stage of their journey.')} -->", "", ""]
    try:
        atomic_write_text(path, "\n".join(lines), overwrite=False)
    except FileExistsError:
        raise PlannerError(f"{relpath(path)} already exists; planner never overwrites a file") from None
    except OSError as exc:
        raise PlannerError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"created {relpath(path)} ({config.phase_of(stage_name)}/{stage_name}, draft)")
