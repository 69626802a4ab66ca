"""`file-unreadable`: the loader could not read a content file (its findings come from
planner.loader)."""
from __future__ import annotations

from planner.rules.base import builtin

file_unreadable = builtin(
    "file-unreadable", "error", "The file cannot be read as UTF-8 Markdown within the size limits.",
    """
    ## What it does
    Reports a content file that cannot be read: permissions, a broken link, bytes that
    are not UTF-8, a UTF-16 or UTF-32 file, a binary file with a `.md` name, a file name
    that is not UTF-8, or a file over `content.max_bytes` (default 1 MB) or
    `content.max_lines` (default 50,000 lines). The limits keep a CI run's time and
    memory bounded whatever lands in the repository.

    It also reports, at its path, a folder that cannot be listed (its documents would
    otherwise vanish from the audit while the gate passes) and a symbolic link that
    `content.follow_symlinks` does not let planner follow: with `inside`, the default,
    a link whose target is outside the repository (the folder holding `.git`, else the
    one holding `planner.yml`); with `none`, every link. Such a link is not read, so a
    pull request cannot pull a file from the CI machine into reports and a preview site.

    ## Why it matters
    A page nobody can check is a page that may be telling a buyer they already bought,
    or a customer to start a trial. The rest of the run still checks every other file.

    ## Options
    None. The size limits are `content.max_bytes` and `content.max_lines` in
    `planner.yml`; which links are followed is `content.follow_symlinks`
    (`inside`, `none`, `all`: only where every link in the repository is trusted).
    """,
    __name__,
)
