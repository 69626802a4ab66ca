"""`unused-suppression`: an inline planner-disable comment that suppresses nothing (its
findings come from planner.suppress)."""
from __future__ import annotations

from planner.rules.base import builtin

unused_suppression = builtin(
    "unused-suppression", "warning", "An inline planner-disable comment suppresses nothing.",
    """
    ## What it does
    Reports a `<!-- planner-disable... -->` comment that did not suppress any finding
    in this run: the problem it excused was fixed, the rule was renamed or turned off,
    or the comment is on the wrong line.

    ## Why it matters
    Stale suppressions hide the next real problem in the same place. A reader who
    lands on that paragraph at the wrong journey stage gets no warning, because a
    comment written for an old sentence still silences the rule.

    ## Options
    None. Turn it off with `rules: {unused-suppression: "off"}` in `planner.yml`.
    """,
    __name__,
)
