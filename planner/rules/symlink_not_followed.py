"""symlink-not-followed: a content symlink that content.follow_symlinks does not let
planner follow (the loader finds these; this module documents and registers the rule)."""
from __future__ import annotations

from planner.rules import register_builtin

register_builtin(
    "symlink-not-followed", "warning", "A symbolic link in the content that planner does not follow.",
    """
    ## What it does
    Reports a symbolic link among the content files or folders that planner does not
    follow, and says where it points. With `content.follow_symlinks: inside` (the
    default) a link is followed when its target is inside the repository (the folder
    holding `.git`, else the one holding `planner.yml`); with `none` no link is
    followed; with `all` every link is (folder loops are walked once).

    ## Why it matters
    Content comes from pull requests. A link such as `content/x.md -> /home/runner/.env`
    would otherwise put another file's title and sentences into the JSON and SARIF
    reports and onto every page of a preview site. A link that is not followed also
    means a document missing from the audit, so planner says so rather than skipping
    it silently.

    ## Example
    Fires: `content/pricing.md -> ../../shared-docs/pricing.md`, a file outside the
    repository. Does not fire: `content/pricing.md -> ../shared/pricing.md` inside it.

    ## Options
    None. Choose what is followed with `content.follow_symlinks` (`inside`, `none`,
    `all`) in `planner.yml`; only set `all` where every link in the repository is
    trusted, since a pull request can add links too.
    """,
)
