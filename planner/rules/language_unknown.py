"""`language-unknown`: text that is not English is not judged."""
from __future__ import annotations

from planner.rules.base import DocContext, rule


@rule("language-unknown", "suggestion", "The text does not read as English; journey checks are skipped.",
      category="journey")
def language_unknown(ctx: DocContext):
    """
    ## What it does
    Notes a page whose text does not read as English (few English function words,
    and the function words, letters or endings of another language instead), so the
    journey, CTA and tone checks, which use English lexicons, are skipped for it rather
    than guessing. Terse English (a plan table, a feature list) is English: a page is
    called not English only on evidence of another language, however short it is.

    ## Why it matters
    A silent pass on a page nobody could check looks like a clean bill of health.

    ## Options
    None.
    """
    a = ctx.analysis
    if a is not None and a.language != "en":
        yield ctx.finding("the text does not read as English: journey, CTA and tone checks were skipped",
                          line=ctx.doc.body_line,
                          why="The journey signals and the tone lexicons are English; judging other languages "
                              "with them would be noise.")
