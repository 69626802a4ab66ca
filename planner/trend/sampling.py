"""Which commits become points: the first-parent line of the tip, cut by ``--since`` /
``--until`` (a date or a git ref), one point per commit or per day, week or month.

A period's point is its last commit: the content as it stood when the period ended.
Dates are committer dates in the committer's own time zone (the date a person on that
team would name), and a point's "today" is that date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from planner import gitutil
from planner.gitutil import Commit

EVERY = ("commit", "day", "week", "month")
PER_COMMIT_MAX = 60  # up to this many commits, one point each by default; beyond, weekly


class SamplingError(ValueError):
    """A --since/--until/--every value that names nothing usable."""


@dataclass
class Bound:
    date: dt.date | None = None
    commit: str | None = None
    text: str = ""


def parse_bound(top: Path, value: str | None, option: str) -> Bound | None:
    """A --since/--until value: an ISO date (2026-01-31), else a git ref."""
    if not value:
        return None
    try:
        return Bound(date=dt.date.fromisoformat(value.strip()), text=value)
    except ValueError:
        pass
    oid = gitutil.resolve(top, value)
    if oid is None:
        raise SamplingError(f"{option} {value!r} is neither a date (YYYY-MM-DD) nor a commit, branch or tag here")
    return Bound(commit=oid, text=value)


def _period(day: dt.date, every: str) -> tuple[int, ...]:
    if every == "day":
        return (day.toordinal(),)
    if every == "week":
        iso = day.isocalendar()
        return (iso[0], iso[1])
    return (day.year, day.month)


def thin(commits: list[Commit], every: str) -> list[Commit]:
    """The last commit of each period (``commits`` oldest first, as history runs)."""
    if every == "commit":
        return list(commits)
    last: dict[tuple[int, ...], int] = {}
    for i, c in enumerate(commits):
        last[_period(c.date.date(), every)] = i
    return [commits[i] for i in sorted(last.values())]


@dataclass
class Range:
    commits: list[Commit]  # every commit in range, oldest first
    points: list[Commit]  # those sampled
    every: str
    notes: list[str] = field(default_factory=list)


def select(top: Path, since: Bound | None, until: Bound | None, every: str | None) -> Range:
    """The commits in range and the sampled ones. ``since`` as a ref starts at that
    commit (it is the first point: the state the trend starts from)."""
    if every is not None and every not in EVERY:
        raise SamplingError(f"--every {every!r}: expected one of {', '.join(EVERY)}")
    tip = until.commit if until and until.commit else gitutil.resolve(top, "HEAD")
    if tip is None:
        raise SamplingError("the repository has no commits yet: commit some content, then run planner trend")
    notes: list[str] = []
    if since and since.commit:
        line = gitutil.log(top, tip)
        start = _meet(top, line, since, notes)
        commits = line[line.index(start):]
    else:
        commits = gitutil.log(top, tip)
    if since and since.date:
        commits = [c for c in commits if c.date.date() >= since.date]
    if until and until.date:
        commits = [c for c in commits if c.date.date() <= until.date]
    chosen = every or ("commit" if len(commits) <= PER_COMMIT_MAX else "week")
    return Range(commits, thin(commits, chosen), chosen, notes)


def _meet(top: Path, line: list[Commit], since: Bound, notes: list[str]) -> Commit:
    """Where the first-parent ``line`` meets the ``--since`` ref: the ref itself when it
    is on the line, else the newest commit of the line the ref reaches (a merged side
    branch starts where it forked). A side branch's own commits are never points: the
    line did not pass through them, and a point there would invent a rise or a drop."""
    assert since.commit
    for c in line:
        if c.oid == since.commit:
            return c
    reached = gitutil.ancestors(top, since.commit)
    on_line = [c for c in line if c.oid in reached]
    if not on_line:
        raise SamplingError(f"--since {since.text!r} shares no history with the first-parent line of the tip: "
                            "name a commit, branch or tag on it, or a date")
    start = on_line[-1]
    notes.append(f"--since {since.text} is not on the first-parent line of the tip (a side branch): "
                 f"the trend starts where the line meets it, at {start.oid[:7]}")
    return start
