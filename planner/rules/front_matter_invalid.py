"""`front-matter-invalid`: the front matter cannot be used (its findings come from
planner.loader)."""
from __future__ import annotations

from planner.rules.base import builtin

front_matter_invalid = builtin(
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

    ## Options
    None.
    """,
    __name__,
)
