"""Rules about inline suppression comments; the findings come from planner.suppress."""
from __future__ import annotations

from planner.rules import register_builtin

register_builtin(
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

    ## Example
    Fires:
    ```markdown
    <!-- planner-disable-next-line hype -- launch copy, approved by legal -->
    Set up your workspace in three steps.
    ```
    Does not fire: the same comment above a sentence that `hype` reports.

    ## Options
    None. Turn it off with `rules: {unused-suppression: "off"}` in `planner.yml`.
    """,
)

register_builtin(
    "suppression-invalid", "warning", "An inline planner comment names an unknown rule or directive.",
    """
    ## What it does
    Reports a `<!-- planner-... -->` comment that planner cannot act on: a rule id
    that does not exist (usually a typo) or a directive other than `disable`,
    `enable`, `disable-next-line` and `disable-file`.

    ## Why it matters
    A misspelt suppression silently suppresses nothing, and the author believes the
    finding is excused. Saying so keeps the journey checks honest.

    ## Example
    Fires: `<!-- planner-disable-next-line hipe -->` (did you mean `hype`?).
    Does not fire: `<!-- planner-disable-next-line hype -- quoted from a review -->`.

    ## Options
    None.
    """,
)
