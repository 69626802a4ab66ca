"""Checks on planner.yml that need the features reading it: rule ids, the journey and
tone lexicons, the coverage settings.

:func:`planner.config.load_config` validates every section against its JSON Schema and
the taxonomy; :func:`load_checked_config` then runs :data:`CHECKS`, each
``check(config, where)`` raising :class:`~planner.config.ConfigError` naming the key.
Every command and the site plugin load their configuration through it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from planner.config import Config, ConfigError, _did_you_mean, load_config
from planner.coverage import check_settings as coverage_settings
from planner.rules import registry
from planner.tone import check_lexicons as tone_lexicons


def rule_ids(config: Config, where: str) -> None:
    """Every key under `rules:` names a rule."""
    for rule_id in config.get("rules", {}):
        if rule_id not in registry():
            raise ConfigError(f"{config.at(['rules', rule_id])}: 'rules.{rule_id}' is not a rule"
                              f"{_did_you_mean(rule_id, list(registry()))}; `planner rules` lists them")


def journey_lexicon(config: Config, where: str) -> None:
    """Compile a configured journey lexicon up front: a broken entry is a config error."""
    section = config.get("journey") or {}
    if not section.get("lexicon") and not section.get("ctas"):
        return
    # imported here: compiling needs spaCy, which no other configuration needs
    from planner.journey.lexicon import LexiconError, lexicon_for
    from planner.nlp import get_nlp

    try:
        lexicon_for(get_nlp(config), config)
    except LexiconError as exc:
        raise ConfigError(f"{where}: {exc}") from None


CHECKS: tuple[Callable[[Config, str], None], ...] = (rule_ids, journey_lexicon, tone_lexicons, coverage_settings)


def check_config(config: Config) -> Config:
    """Run every check on ``config``; returns it."""
    for check in CHECKS:
        check(config, config.where)
    return config


def load_checked_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """:func:`planner.config.load_config`, then every feature's checks."""
    return check_config(load_config(start, explicit))
