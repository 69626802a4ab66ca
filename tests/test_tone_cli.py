"""`planner tone` in its three formats, and the tone rules' documentation."""
from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import doc

GUIDE = ("Open the board you want to plan and pick a column for new work. Each card is one task.\n\n"
         "## Share it\n\nYou can share the board with your team. They see what you see.\n")
PITCH = ("Our revolutionary, best-in-class planner is the most powerful tool ever built! It is incredibly easy, "
         "absolutely amazing and totally game-changing. Upgrade NOW!\n")


@pytest.fixture
def estate(repo):
    repo.write("content/guide.md", doc("onboarding", GUIDE))
    repo.write("content/pitch.md", doc("onboarding", PITCH))
    return repo


def test_table_lists_every_document_with_scores_and_target_misses(estate, cli):
    r = cli("tone")
    assert r.exit_code == 0
    assert "content/guide.md" in r.output and "content/pitch.md" in r.output
    for header in ("ease", "grade", "you", "hype", "jargon", "lean"):
        assert header in r.output
    pitch_row = next(line for line in r.output.splitlines() if "content/pitch.md" in line)
    assert "!" in pitch_row  # over the onboarding hype budget


def test_json_has_dimensions_bands_evidence_and_sections(estate, cli):
    r = cli("tone", "--format", "json", "--sections")
    data = r.json()
    assert data["schema_version"] == 1
    assert "hype" in data["dimensions"] and data["dimensions"]["hype"]["bands"]
    pitch = next(d for d in data["documents"] if d["path"] == "content/pitch.md")
    assert pitch["bands"]["hype"] == "hype"
    assert "hype" in pitch["misses"]
    assert {"revolutionary", "best-in-class"} <= {e["text"] for e in pitch["evidence"]["hype"]}
    assert all(e["line"] >= 1 for e in pitch["evidence"]["hype"])
    guide = next(d for d in data["documents"] if d["path"] == "content/guide.md")
    assert [s["heading"] for s in guide["sections"]] == ["", "Share it"]


def test_csv_has_a_row_per_document_and_section(estate, cli):
    r = cli("tone", "content/guide.md", "--format", "csv", "--sections")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [row["section"] for row in rows] == ["", "(opening)", "Share it"]
    assert float(rows[0]["hype"]) == 0.0
    assert rows[0]["flesch_reading_ease"]


def test_output_file_is_written(estate, cli):
    r = cli("tone", "--format", "csv", "-o", "tone.csv")
    assert r.exit_code == 0 and r.output == ""
    assert (estate.root / "tone.csv").read_text().startswith("path,section")


def test_missing_path_is_a_usage_error(estate, cli):
    r = cli("tone", "nope/")
    assert r.exit_code == 2


@pytest.mark.parametrize("rule_id", ["readability", "hype", "self-centred", "section-drift", "tone-drift",
                                     "handoff-drift"])
def test_every_tone_rule_is_documented(rule_id):
    from planner.rules import registry

    r = registry()[rule_id]
    assert r.category == "tone"
    for heading in ("## What it does", "## Why it matters", "## Example", "## Options"):
        assert heading in r.doc
    assert "Fires" in r.doc and "Does not fire" in r.doc


def test_a_broken_lexicon_pattern_is_a_configuration_error_naming_the_key(estate, cli):
    estate.config("""
        tone:
          lexicons:
            hype: ["re:("]
    """)
    r = cli("tone")
    assert r.exit_code == 2
    assert "'tone.lexicons.hype[0]' is not a valid pattern" in r.stderr and "planner.yml:" in r.stderr


def test_an_unknown_target_key_is_a_configuration_error(estate, cli):
    estate.config("""
        tone:
          targets:
            stages:
              onboarding: {grade_mx: 8}
    """)
    r = cli("tone")
    assert r.exit_code == 2
    assert "grade_max" in r.stderr
