"""`file-unreadable`: the loader could not read a content file (its findings come from
planner.loader)."""
from __future__ import annotations

from planner.rules.base import builtin

file_unreadable = builtin(
    "file-unreadable", "error", "The file cannot be read as UTF-8 Markdown within the size limits.",
    """
    ## What it does
    Reports a content file that cannot be read: permissions, a broken link, bytes that
    are not UTF-8, a binary file with a `.md` name, or a file over `content.max_bytes`
    (default 1 MB) or `content.max_lines` (default 50,000 lines). The limits keep a CI
    run's time and memory bounded whatever lands in the repository.

    ## Why it matters
    A page nobody can check is a page that may be telling a buyer they already bought,
    or a customer to start a trial. The rest of the run still checks every other file.

    ## Options
    None. The size limits are `content.max_bytes` and `content.max_lines` in
    `planner.yml`.
    """,
    __name__,
)
