"""`regex-timeout`: a team's regular expression ran out of time on a document."""
from __future__ import annotations

from planner.rules.base import DocContext, rule


@rule("regex-timeout", "error", "A regular expression from planner.yml ran out of time on this document.",
      category="hygiene")
def regex_timeout(ctx: DocContext):
    """
    ## What it does
    Reports a pattern from `planner.yml` (a `regex:` entry of a signal in
    `journey.lexicon`, or an `re:` entry in `tone.lexicons`) whose search of this
    document ran out of time (0.1 s), and names the entry. The pattern counts no
    matches on this document; every other pattern and document is checked as usual.

    ## Why it matters
    Some patterns backtrack for longer than any CI job lasts on an unlucky line:
    `(a|aa)+$` on a line of 41 `a`s followed by `!` would never finish. planner runs a
    team's patterns with a time bound, so one such entry cannot hang the gate, and says
    so here because the document's journey or tone reading is missing that entry's
    matches.

    ## Options
    None. Rewrite the pattern so each character can be matched one way only (`a+$`
    rather than `(a|aa)+$`), or anchor it to a word.
    """
    a = ctx.analysis
    if a is None:
        return
    for part in (a.journey, a.tone):
        for entry in (part or {}).get("regex_timeouts") or ():
            yield ctx.finding(f"{entry} ran out of time searching this document and counted no matches here; "
                              "simplify it so it cannot backtrack (see `planner explain regex-timeout`)", line=1)
