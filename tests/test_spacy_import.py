"""planner's processes import spaCy with its command-line package deferred
(planner/spacy_import.py): spaCy must work as usual, and once anything touches
``spacy.cli`` it must be the very package a plain ``import spacy`` builds."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

# What a process can see of spaCy's command line: printed as JSON, compared between a
# plain import and planner's.
PORTRAIT = """
import json, sys, types
import spacy
cli = sys.modules["spacy.cli"]
names = [k for k in dir(cli) if not k.startswith("__")]  # (a use, like any other)
print(json.dumps({
    "cli_is_attribute": spacy.cli is cli,
    "plain_modules": type(cli) is types.ModuleType and type(sys.modules["spacy.cli.info"]) is types.ModuleType,
    "names": names,
    "info_is_spacys": spacy.info is cli.info is sys.modules["spacy.cli.info"].info,
    "commands": sorted(c.name or c.callback.__name__ for c in cli.app.registered_commands),
    "modules": sorted(m for m in sys.modules if m.startswith("spacy.cli")),
}))
"""

FIRST_USE = {
    "attribute": "spacy.cli.app",
    "from-import": "from spacy.cli import download",
    "submodule-import": "import spacy.cli.download; spacy.cli.download.get_latest_version",
    "spacy.info": "spacy.info(silent=True)",
    "info-submodule": "from spacy.cli.info import info_cli",
}


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def plain_portrait() -> dict:
    return _run("import spacy\n" + PORTRAIT)


def test_importing_spacy_does_not_run_its_command_line_package():
    seen = _run(
        "import json, sys\n"
        "from planner.spacy_import import import_spacy\n"
        "spacy = import_spacy()\n"
        "from spacy.lang.en import English\n"
        "words = [t.text for t in English()(\"Don't stop: it's 9.30am.\")]\n"
        "print(json.dumps({'words': words, 'loaded': sorted(m for m in ('typer', 'weasel', 'requests', 'httpx', 'spacy.cli.download') if m in sys.modules)}))"
    )
    assert seen == {"words": ["Do", "n't", "stop", ":", "it", "'s", "9.30am", "."], "loaded": []}


@pytest.mark.parametrize("use", sorted(FIRST_USE))
def test_spacy_command_line_is_spacys_own_after_first_use(use, plain_portrait):
    seen = _run(
        "from planner.spacy_import import import_spacy\n"
        "spacy = import_spacy()\n" + FIRST_USE[use] + "\n" + PORTRAIT
    )
    assert seen == plain_portrait
    assert seen["cli_is_attribute"] and seen["plain_modules"] and seen["info_is_spacys"]


def test_a_failing_spacy_command_line_fails_as_a_plain_import_would_each_time():
    seen = _run(
        "import json, sys\n"
        "sys.modules['typer'] = None  # as if typer were not installed\n"
        "from planner.spacy_import import import_spacy\n"
        "spacy = import_spacy()\n"
        "errors = []\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        from spacy.cli import download\n"
        "    except ImportError as exc:\n"
        "        errors.append(('typer' in str(exc), 'spacy.cli' in sys.modules))\n"
        "print(json.dumps(errors))"
    )
    assert seen == [[True, False], [True, False]]
