"""Checks on planner.yml that need the features reading it: rule ids, the journey and
tone lexicons, the coverage settings.

:func:`planner.config.load_config` validates every section against its JSON Schema and
the taxonomy; :func:`load_checked_config` then runs :data:`CHECKS`, each
``check(config, where)`` raising :class:`~planner.config.ConfigError` naming the key.
Every command and the site plugin load their configuration through it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from planner.config import Config, ConfigError, Note, load_config, sections
from planner.config_errors import described, did_you_mean
from planner.coverage import check_settings as coverage_settings
from planner.rules import registry
from planner.rules.base import describe_option, option_fits
from planner.tone import check_lexicons as tone_lexicons


def rule_ids(config: Config, where: str) -> None:
    """Every key under `rules:` names a rule."""
    for rule_id in config.get("rules", {}):
        if rule_id not in registry():
            raise ConfigError(f"{config.at(['rules', rule_id])}: 'rules.{rule_id}' is not a rule"
                              f"{did_you_mean(rule_id, list(registry()))}; `planner rules` lists them")


def rule_options(config: Config, where: str) -> None:
    """Every `rules.<id>.options` key is an option the rule declares, and its value has
    the declared type and range (:func:`describe_option`)."""
    for rule_id, setting in config.get("rules", {}).items():
        options = setting.get("options") if isinstance(setting, dict) else None
        if not options:
            continue
        specs = registry()[rule_id].option_specs
        for key, value in options.items():
            parts = ["rules", rule_id, "options", key]
            name = f"rules.{rule_id}.options.{key}"
            if key not in specs:
                known = f"expected one of: {', '.join(specs)}" if specs else f"{rule_id} has no options"
                raise ConfigError(f"{config.at(parts)}: unknown option '{name}'{did_you_mean(str(key), list(specs))}; {known}")
            if not option_fits(value, specs[key]):
                raise ConfigError(f"{config.at(parts)}: '{name}' is {described(value)}; expected {describe_option(specs[key])}")


def content_paths(config: Config, where: str) -> None:
    """Every `content.paths` folder lies inside the repository (the git work tree holding
    planner.yml, else planner.yml's folder): planner.yml comes from the repository, and a
    pull request must not point the lint, its reports and a preview site at files
    elsewhere on the machine (`/`, `~/.ssh`). A folder named on the command line is the
    user's own choice and is not limited."""
    import os

    from planner.discovery import repository_of
    from planner.fsutil import within

    area = os.path.realpath(repository_of(config.root))
    for entry in (config.get("content") or {}).get("paths") or []:
        if not within(os.path.join(config.root, str(entry)), area):
            raise ConfigError(f"{config.at(['content', 'paths'])}: 'content.paths' entry {str(entry)!r} is outside the "
                              f"repository ({area}): planner.yml may only name folders inside it. To lint a folder "
                              f"elsewhere, name it on the command line (planner lint PATH)")


def journey_lexicon(config: Config, where: str) -> None:
    """Compile a configured journey lexicon up front: a broken entry is a config error.
    Switching off a signal or call to action that does not exist is one too (a typo)."""
    section = config.get("journey") or {}
    if not section.get("lexicon") and not section.get("ctas"):
        return
    # imported here: compiling needs spaCy, which no other configuration needs
    from planner.journey.lexicon import LexiconError, default_data, lexicon_for
    from planner.nlp import get_nlp

    shipped = default_data()
    for key, known, what in (("lexicon", shipped["signals"], "signal"), ("ctas", shipped["ctas"], "call to action")):
        for name, spec in (section.get(key) or {}).items():
            if isinstance(spec, dict) and spec.get("enabled") is False and name not in known:
                raise ConfigError(f"{config.at(['journey', key, name, 'enabled'])}: 'journey.{key}.{name}' switches off a "
                                  f"built-in {what} that does not exist{did_you_mean(name, list(known))}; "
                                  f"the built-in ones are in planner/data/journey/{'lexicon' if key == 'lexicon' else 'cta'}.yml")
    try:
        lexicon_for(get_nlp(config), config)
    except LexiconError as exc:
        raise ConfigError(f"{config.at(_entry_key(section, str(exc)))}: {exc}") from None


def _entry_key(section: dict[str, Any], message: str) -> list:
    """The planner.yml key a lexicon error's message starts with, as parts
    (``journey.lexicon.my-signal.patterns[0]`` -> journey, lexicon, my-signal, patterns, 0)."""
    for key in ("lexicon", "ctas"):
        for name in sorted(section.get(key) or {}, key=len, reverse=True):
            head = f"journey.{key}.{name}"
            if message.startswith(head) and message[len(head):len(head) + 1] in (".", " ", "["):
                rest = re.match(r"\.(\w+)(?:\[(\d+)\])?", message[len(head):])
                tail = [rest[1], *([int(rest[2])] if rest[2] else [])] if rest else []
                return ["journey", key, name, *tail]
    return ["journey"]


def journey_model(config: Config, where: str) -> None:
    """A `journey.model` the user set that does not exist is worth a warning: the run
    uses the shipped model. (The default path missing only means no `planner train` yet;
    a configured one may be about to be written by it, so this is no error.)"""
    value = (config.get("journey") or {}).get("model")
    if value == sections()["journey"]["defaults"].get("model") or config.path is None:
        return
    from planner.journey.teammodel import model_path

    path = model_path(config)
    if not path.exists():
        shown = value if Path(value).is_absolute() else f"{value} (relative to {config.where})"
        config.notes.append(Note(f"{config.at(['journey', 'model'])}: 'journey.model' names {shown}, which does not exist; "
                                 "the shipped journey model is used until `planner train` writes it there", "journey.model"))


def nlp_model(config: Config, where: str) -> None:
    """`nlp.model` names an installed spaCy pipeline package, and nothing else: loading
    one imports it, so a folder path or a module inside the repository (found first when
    the working folder is on the import path) would run the repository's code. Not
    installed is a warning, said once here (the run goes on with the blank pipeline)."""
    import importlib.util
    import os

    name = (config.get("nlp") or {}).get("model")
    if not name:
        return
    at = config.at(["nlp", "model"])
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
        raise ConfigError(f"{at}: 'nlp.model' {name!r} is not a package name; planner loads only an installed "
                          "spaCy pipeline package by its name (e.g. en_core_web_sm), never a folder")
    try:  # a top-level name: finding it runs no code
        spec = importlib.util.find_spec(str(name))
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        config.notes.append(Note(f"{at}: 'nlp.model' {name!r} is not installed; using the blank English pipeline "
                                 "(pip install the spaCy package, or remove the setting)", "nlp.model"))
        return
    from planner.discovery import repository_of
    from planner.fsutil import within

    origin = os.path.realpath(spec.origin or next(iter(spec.submodule_search_locations or []), "") or "")
    for area in {repository_of(config.root), os.getcwd()}:
        if within(origin, area):
            raise ConfigError(f"{at}: 'nlp.model' {name!r} resolves to {origin}, inside the repository; planner "
                              "loads only an installed spaCy pipeline package, never code from the repository")


def tone_targets(config: Config, where: str) -> None:
    """`tone.targets.phases/stages/formats` name phases, stages and formats of the
    taxonomy: a target for a name no document can have is a typo."""
    targets = (config.get("tone") or {}).get("targets") or {}
    tax = config.taxonomy
    for group, known in (("phases", list(tax["phases"])), ("stages", config.stage_order()), ("formats", list(tax["formats"]))):
        for name in targets.get(group) or {}:
            if name not in known:
                raise ConfigError(f"{config.at(['tone', 'targets', group, name])}: 'tone.targets.{group}.{name}' is not "
                                  f"one of the taxonomy's {group}{did_you_mean(name, known)}; expected one of: {', '.join(known)}")


def coverage_columns(config: Config, where: str) -> None:
    """`coverage.columns` pins values the taxonomy has (when it lists the axis's values);
    a `coverage.column_weights` key is a value of some axis: one close to a known value
    but not one is a typo (an axis the taxonomy leaves open, such as personas by
    default, may have any value, so only a near miss can be told from one)."""
    from planner.coverage import known_values

    cov = config.get("coverage") or {}
    axes = ("role", "persona", "format", "owner", "topic")
    for axis, pinned in (cov.get("columns") or {}).items():
        known = known_values(config, axis)
        for i, value in enumerate(pinned or []):
            if known and value not in known:
                raise ConfigError(f"{config.at(['coverage', 'columns', axis, i])}: 'coverage.columns.{axis}[{i}]' is {value!r}, "
                                  f"not one of the taxonomy's values{did_you_mean(value, known)}; expected one of: {', '.join(known)}")
    every = [v for axis in axes for v in known_values(config, axis)]
    open_axes = any(not known_values(config, axis) for axis in axes)
    for name in cov.get("column_weights") or {}:
        hint = did_you_mean(name, every)
        if name not in every and (hint or not open_axes):
            raise ConfigError(f"{config.at(['coverage', 'column_weights', name])}: 'coverage.column_weights.{name}' is not "
                              f"a role, persona, format, owner or topic of the taxonomy{hint}"
                              + ("; a persona or topic of your own goes under taxonomy.personas or taxonomy.topics first" if open_axes else ""))


CHECKS: tuple[Callable[[Config, str], None], ...] = (rule_ids, rule_options, content_paths, journey_lexicon,
                                                     journey_model, nlp_model, tone_targets, tone_lexicons, coverage_settings,
                                                     coverage_columns)


def check_config(config: Config) -> Config:
    """Run every check on ``config``; returns it (warnings in ``config.notes``)."""
    for check in CHECKS:
        check(config, config.where)
    return config


def load_checked_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """:func:`planner.config.load_config`, then every feature's checks."""
    return check_config(load_config(start, explicit))
