"""`suppression-invalid`: an inline planner comment planner cannot act on (its findings
come from planner.suppress)."""
from __future__ import annotations

from planner.rules.base import builtin

suppression_invalid = builtin(
    "suppression-invalid", "warning", "An inline planner comment names an unknown rule or directive.",
    """
    ## What it does
    Reports a `<!-- planner-... -->` comment that planner cannot act on: a rule id
    that does not exist (usually a typo) or a directive other than `disable`,
    `enable`, `disable-next-line` and `disable-file`.

    ## Why it matters
    A misspelt suppression silently suppresses nothing, and the author believes the
    finding is excused. Saying so keeps the journey checks honest.

    ## Options
    None.
    """,
    __name__,
)
