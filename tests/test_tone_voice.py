"""Voice breaks (section-drift's four kinds), their lexicon families, severity, the page
that is uniformly in another voice, and the team's voice profile (planner train)."""
from __future__ import annotations

import json

import pytest

from planner.tone.voice import KINDS
from tests.conftest import doc
from tests.test_tone import profile
from tests.test_tone_rules import PLAIN as RULE_PLAIN

PLAIN = [*RULE_PLAIN,
         "To add a label, open a card and type the label's name in the side panel. Labels show on the card's "
         "front, so the board reads at a glance.",
         "Archived cards leave the board but stay searchable. Restore one from the archive if the work comes back."]

# One ordinary-sounding paragraph per kind, in words of the kind's lexicon family (not the
# benchmark's paragraphs).
BREAKS = {
    "hype": "Honestly, the new board view is a joy to use. Everything feels snappy and polished, and planning "
            "a busy week is now genuinely effortless. You'll love it.",
    "officialese": "Prior to the deletion of a board, the account holder is required to ensure that all "
                   "relevant cards have been archived. Requests for restoration shall be submitted in writing "
                   "and will be processed in accordance with the retention policy.",
    "writer": "We started this company because we were frustrated with the tools we had. Our founders spent "
              "years building planning software, and we are proud of our engineers and our culture. Our "
              "mission has always guided us.",
    "buzzwords": "The board empowers teams to unlock actionable insights, drive alignment across stakeholders "
                 "and accelerate time to value with an end-to-end, insight-led planning ecosystem.",
}
LABEL = {"hype": "hype", "officialese": "officialese", "writer": "writer-centred", "buzzwords": "buzzwords"}


def plain(n: int) -> str:
    return "\n\n".join(PLAIN[i % len(PLAIN)] for i in range(n)) + "\n"


def findings(cli, rule: str | None = None) -> list[dict]:
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 0, r.output + r.stderr
    return [f for f in r.json()["findings"] if rule is None or f["rule"] == rule]


def line_of(path, paragraph: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(paragraph) + 1


def hits(tmp_path, body: str) -> dict[str, float]:
    """Each kind's weighted hits over a whole document."""
    _d, a = profile(tmp_path, body)
    return dict(zip(KINDS, a.tone["voice"]["total"][1:]))


@pytest.mark.parametrize("kind", list(BREAKS))
def test_each_lexicon_family_counts_its_paragraph_and_not_neutral_text(tmp_path, kind):
    found = hits(tmp_path, BREAKS[kind] + "\n")
    assert found[kind] >= 2.5, found
    neutral = hits(tmp_path, plain(6))
    assert neutral[kind] <= 0.5, neutral


@pytest.mark.parametrize("kind", list(BREAKS))
def test_a_single_departing_paragraph_is_found_inside_a_long_page(repo, cli, kind):
    body = plain(10) + "\n" + BREAKS[kind] + "\n\n" + plain(10)
    path = repo.write("content/guide.md", doc("adoption", body))
    line = line_of(path, BREAKS[kind])
    drift = findings(cli, "section-drift")
    assert len(drift) == 1, [f["message"] for f in drift]
    f = drift[0]
    assert f["line"] == line and f["end_line"] == line
    assert f"({LABEL[kind]}" in f["message"]
    assert "such phrases per 100 words, against" in f["message"] and "in the rest of the page" in f["message"]
    assert len(f["evidence"]) >= 2 and all(p.lower() in BREAKS[kind].lower() for p in f["evidence"])
    assert f["fix"]["kind"] == LABEL[kind] and f["fix"]["per_100_words"] > f["fix"]["rest_per_100_words"]
    assert f["sentences"] and f["sentences"][0]["highlights"]


def test_a_plain_long_page_has_no_voice_break(repo, cli):
    repo.write("content/guide.md", doc("adoption", plain(20)))
    assert findings(cli, "section-drift") == []


def test_a_clear_break_warns_and_a_borderline_one_suggests(repo, cli):
    clear = BREAKS["officialese"]
    borderline = "Upon completion, the board is archived."  # two phrases: "upon", the passive
    repo.write("content/clear.md", doc("adoption", plain(10) + "\n" + clear + "\n\n" + plain(10)))
    repo.write("content/mild.md", doc("adoption", plain(10) + "\n" + "Once the week is over, the board is "
                                      "archived. Additionally, the report is sent in accordance with the "
                                      "schedule." + "\n\n" + plain(10)))
    drift = {f["path"]: f for f in findings(cli, "section-drift")}
    assert drift["content/clear.md"]["severity"] == "warning"
    assert drift["content/mild.md"]["severity"] == "suggestion"
    assert borderline  # (a one-phrase paragraph is not reported at all: see the plain page above)


def test_a_page_uniformly_in_another_voice_is_not_a_paragraph_break(repo, cli):
    """Every paragraph in mild hype: no paragraph departs from its own page."""
    loud = [BREAKS["hype"], "The timeline is gorgeous and wonderfully quick. It really couldn't be easier "
            "to plan a week, and it looks fantastic on every screen.",
            "Sharing is a breeze: one click and your whole team sees a polished, beautifully laid out board. "
            "Honestly, you'll love it."]
    repo.write("content/loud.md", doc("adoption", "\n\n".join(loud[i % 3] for i in range(12)) + "\n"))
    assert [f for f in findings(cli, "section-drift") if f["path"] == "content/loud.md"] == []


def test_tone_drift_finds_a_page_uniformly_in_another_voice(repo, cli):
    for i in range(6):
        repo.write(f"content/peer{i}.md", doc("adoption", plain(8 + i % 3)))
    repo.write("content/legal.md", doc("adoption", "\n\n".join([BREAKS["officialese"]] * 4) + "\n"))
    drift = [f for f in findings(cli, "tone-drift") if f["path"] == "content/legal.md"]
    assert drift and "officialese phrases" in drift[0]["message"]


def test_teams_extend_a_family_in_config(repo, cli):
    paragraph = "The new board is spiffy and dandy, a spiffy and rather dandy way to plan a week."
    repo.write("content/guide.md", doc("adoption", plain(10) + "\n" + paragraph + "\n\n" + plain(10)))
    assert findings(cli, "section-drift") == []
    repo.config("""
        tone:
          lexicons:
            evaluative: [spiffy, dandy]
    """)
    drift = findings(cli, "section-drift")
    assert drift and {"spiffy", "dandy"} <= {p.lower() for p in drift[0]["evidence"]}


# --------------------------------------------------------------------------- the team's voice

def _estate(repo, n: int = 8) -> None:
    """``n`` plain adoption pages and four plain awareness pages, published (enough for
    planner train: it wants both phases)."""
    for i in range(n):
        repo.write(f"content/page{i}.md", doc("adoption", plain(8 + i % 3), status="published"))
    for i in range(4):
        repo.write(f"content/buyer{i}.md", doc("awareness", plain(8), status="published"))


def test_learn_voice_is_deterministic_plain_json(repo, cli):
    from planner.config_checks import load_checked_config
    from planner import engine
    from planner.tone.voice import dumps, learn_voice, validate

    _estate(repo)
    config = load_checked_config(repo.root)
    audit = engine.audit([repo.root / "content"], config, cwd=repo.root)
    one = dumps(learn_voice(audit.documents, audit.analyses, config))
    two = dumps(learn_voice(list(reversed(audit.documents)), audit.analyses, config))
    assert one == two
    profile_ = validate(json.loads(one))
    assert set(profile_["stages"]["adoption"]["rates"]) == set(KINDS)
    assert profile_["stages"]["adoption"]["documents"] == 8 and profile_["stages"]["awareness"]["documents"] == 4


def _team_model(repo, voice: dict) -> None:
    """A team model file with a journey section from `planner train` and ``voice``."""
    path = repo.root / ".planner" / "model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["voice"] = voice
    from planner.journey.teammodel import dumps

    path.write_text(dumps(data), encoding="utf-8")


def test_planner_train_stores_the_voice_and_lint_uses_it(repo, cli):
    _estate(repo, 12)
    r = cli("train")
    assert r.exit_code == 0, r.output + r.stderr
    model = json.loads((repo.root / ".planner" / "model.json").read_text(encoding="utf-8"))
    assert set(model["voice"]["stages"]) >= {"adoption", "awareness"}
    path = repo.write("content/guide.md", doc("adoption", plain(10) + "\n" + BREAKS["hype"] + "\n\n" + plain(10)))
    drift = findings(cli, "section-drift")
    assert drift and "the team's trained voice" in drift[0]["message"]
    assert drift[0]["line"] == line_of(path, BREAKS["hype"])


def test_planner_train_reports_the_voice_it_learned(repo, cli):
    _estate(repo, 12)
    r = cli("train", "--format", "json")
    assert r.exit_code == 0, r.output + r.stderr
    voice = json.loads(r.output)["voice"]
    assert voice["documents"] == 16 and voice["stages"] == ["adoption", "awareness"]
    assert set(voice["per_100_words"]) == set(KINDS)
    text = cli("train").output
    assert "the team's voice, from 16 pages in 2 stages" in text and "writer-centred" in text


def test_a_team_that_writes_this_way_is_not_told_off_for_it(repo, cli):
    """The same paragraph departs against a plain team's voice, and not against a team
    whose adoption pages are full of praise."""
    _estate(repo, 12)
    assert cli("train").exit_code == 0
    repo.write("content/guide.md", doc("adoption", plain(10) + "\n" + BREAKS["hype"] + "\n\n" + plain(10)))
    assert findings(cli, "section-drift")
    model = json.loads((repo.root / ".planner" / "model.json").read_text(encoding="utf-8"))
    voice = model["voice"]
    for group in [*voice["stages"].values(), *voice["phases"].values(), voice["all"]]:
        group["rates"]["hype"] = 0.2  # one hype phrase in every five words: this team's usual
    _team_model(repo, voice)
    assert findings(cli, "section-drift") == []


def test_a_corrupt_voice_section_is_a_clear_error(repo, cli):
    _estate(repo, 12)
    assert cli("train").exit_code == 0
    _team_model(repo, {"format": 1, "kinds": ["hype"], "stages": "nonsense"})
    r = cli("lint", "--format", "json", "--fail-on", "none")
    assert r.exit_code == 2
    assert "voice" in r.stderr and "Traceback" not in r.stderr + r.output


def test_one_loud_page_does_not_move_a_small_stages_usual_rate():
    """Seven adoption pages, one of them all hype: the stage's hype rate is what the six
    ordinary pages make it, not the loud page's (at seven pages the 90th percentile is
    the loudest page itself)."""
    from planner.tone.voice import profile_of

    quiet = [([400.0, 1.0, 0.0, 0.0, 0.0], {})] * 6
    with_loud = profile_of(quiet + [([400.0, 60.0, 0.0, 0.0, 0.0], {})])["rates"]["hype"]
    with_quiet = profile_of(quiet + [([400.0, 1.0, 0.0, 0.0, 0.0], {})])["rates"]["hype"]
    assert with_loud == with_quiet
