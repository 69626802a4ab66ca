"""`planner.yml`: found by searching upward, merged over built-in defaults, validated.

Each top-level section has its defaults and its JSON Schema in a data file,
``planner/data/config/<section>.yml``, owned by the feature that reads it. Invalid
configuration raises :class:`ConfigError`, which names the file and the key; the CLI
turns it into one line and exit code 2.
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

CONFIG_NAMES = ("planner.yml", "planner.yaml", ".planner.yml")


class ConfigError(Exception):
    """A configuration problem, phrased for the user (file, key, what was expected)."""


@lru_cache(maxsize=1)
def _sections() -> dict[str, dict[str, Any]]:
    """{section: {"defaults": ..., "schema": ...}} from the package's data files."""
    out: dict[str, dict[str, Any]] = {}
    folder = resources.files("planner") / "data" / "config"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            out[entry.name[:-4]] = {"defaults": data.get("defaults", {}), "schema": data.get("schema", {})}
    return out


def find_config(start: Path) -> Path | None:
    """The nearest planner.yml at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def _merge(base: Any, override: Any) -> Any:
    """Deep merge: mappings merge key by key, lists of strings are united (so a team
    extends the taxonomy rather than replacing it), anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for k, v in override.items():
            out[k] = _merge(base[k], v) if k in base else copy.deepcopy(v)
        return out
    if isinstance(base, list) and isinstance(override, list) and all(isinstance(x, str) for x in base + override):
        return base + [x for x in override if x not in base]
    return copy.deepcopy(override)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe_error(err: jsonschema.ValidationError, section: str, schema: dict) -> str:
    path = ".".join([section, *[str(p) for p in err.absolute_path]])
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list((err.schema.get("properties") or {}).keys())
        extra = [k for k in err.instance if k not in allowed]
        key = extra[0] if extra else "?"
        hint = _did_you_mean(str(key), allowed)
        listed = ", ".join(allowed) if allowed else "none"
        return f"unknown key '{path}.{key}'{hint}; expected one of: {listed}"
    if err.validator == "enum":
        hint = _did_you_mean(str(err.instance), [str(x) for x in err.validator_value])
        return f"'{path}' is {err.instance!r}{hint}; expected one of: {', '.join(map(str, err.validator_value))}"
    if err.validator == "type":
        return f"'{path}' is {type(err.instance).__name__} {err.instance!r}; expected {err.validator_value}"
    if err.validator == "required":
        return f"'{path}': {err.message}"
    if err.validator == "oneOf" and err.context:
        best = min(err.context, key=lambda e: len(list(e.absolute_path)))
        return _describe_error(best, section, schema) if best.absolute_path else f"'{path}' is {err.instance!r}; expected a severity (off, suggestion, warning, error) or a mapping with severity/options"
    return f"'{path}': {err.message}"


@dataclass
class Config:
    """The effective configuration: defaults merged with the user's planner.yml."""

    data: dict[str, Any]
    path: Path | None = None  # the planner.yml it came from, if any
    root: Path = field(default_factory=Path.cwd)  # folder paths in the config are relative to

    def __getitem__(self, section: str) -> Any:
        return self.data[section]

    def get(self, section: str, default: Any = None) -> Any:
        return self.data.get(section, default)

    # -- taxonomy helpers used everywhere -------------------------------------------------
    @property
    def taxonomy(self) -> dict[str, Any]:
        return self.data["taxonomy"]

    def stage_order(self) -> list[str]:
        """Stages in journey order: buyer stages first, then customer, honouring ``after``."""
        stages = self.taxonomy["stages"]
        order: list[str] = []
        for name, spec in stages.items():
            if not spec.get("after"):
                order.append(name)
        for name, spec in stages.items():
            after = spec.get("after")
            if after:
                i = order.index(after) + 1 if after in order else len(order)
                order.insert(i, name)
        phases = list(self.taxonomy["phases"])
        return sorted(order, key=lambda s: phases.index(stages[s]["phase"]) if stages[s]["phase"] in phases else 99)

    def phase_of(self, stage: str | None) -> str | None:
        spec = self.taxonomy["stages"].get(stage or "")
        return spec["phase"] if spec else None

    def stages_of(self, phase: str) -> list[str]:
        return [s for s in self.stage_order() if self.phase_of(s) == phase]

    def roles(self) -> list[str]:
        return list(self.taxonomy["roles"])

    def rule_setting(self, rule_id: str) -> tuple[str | None, dict[str, Any]]:
        """(severity override or None, options) for a rule."""
        raw = self.data.get("rules", {}).get(rule_id)
        if raw is None:
            return None, {}
        if isinstance(raw, str):
            return raw, {}
        return raw.get("severity"), dict(raw.get("options") or {})

    def fingerprint(self) -> str:
        """Hash of the effective configuration (a cache key component)."""
        blob = json.dumps(self.data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _check_taxonomy(tax: dict[str, Any], where: str) -> None:
    phases = list(tax["phases"])
    stages = tax["stages"]
    for name, spec in stages.items():
        if spec.get("phase") not in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.phase' is {spec.get('phase')!r}{_did_you_mean(str(spec.get('phase')), phases)}; expected one of: {', '.join(phases)}")
        if spec.get("after") and spec["after"] not in stages:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.after' names unknown stage {spec['after']!r}")
        if spec.get("after") and stages[spec["after"]].get("phase") != spec.get("phase"):
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is a {spec.get('phase')} stage but comes after {spec['after']!r}, a {stages[spec['after']].get('phase')} stage")
        if name in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is also a phase; a name cannot be both")
    targets = {"stage": list(stages), "phase": phases, "role": list(tax["roles"]), "status": tax["statuses"],
               "format": tax["formats"], "owner": tax["owners"]}
    for kind, table in tax.get("aliases", {}).items():
        for alias, target in table.items():
            if target not in targets.get(kind, []):
                raise ConfigError(f"{where}: 'taxonomy.aliases.{kind}.{alias}' points at unknown {kind} {target!r}{_did_you_mean(str(target), targets.get(kind, []))}")


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration for a run started in ``start`` (default: the working
    directory), or from ``explicit`` when the user named a file."""
    start = start or Path.cwd()
    path = explicit or find_config(start)
    user: dict[str, Any] = {}
    if path is not None:
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
        try:
            loaded = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ConfigError(f"{path}{at}: invalid YAML: {problem}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: the configuration must be a mapping of sections, not a {type(loaded).__name__}")
        user = loaded
    return build_config(user, path=path, root=(path.parent if path else start.resolve()))


def build_config(user: dict[str, Any], path: Path | None = None, root: Path | None = None) -> Config:
    """Validate ``user`` (a parsed planner.yml) and merge it over the defaults."""
    where = str(path) if path else "planner.yml"
    sections = _sections()
    for key in user:
        if key not in sections:
            raise ConfigError(f"{where}: unknown key '{key}'{_did_you_mean(str(key), list(sections))}; expected one of: {', '.join(sections)}")
    data: dict[str, Any] = {}
    for name, spec in sections.items():
        value = user.get(name)
        if value is not None:
            validator = jsonschema.Draft202012Validator(spec["schema"])
            errors = sorted(validator.iter_errors(value), key=lambda e: (len(list(e.absolute_path)), str(e.absolute_path)))
            if errors:
                raise ConfigError(f"{where}: {_describe_error(errors[0], name, spec['schema'])}")
        data[name] = _merge(spec["defaults"], value) if value is not None else copy.deepcopy(spec["defaults"])
    tax = data["taxonomy"]
    # a stage a team adds wins over a default alias of the same name (e.g. `expansion`)
    for kind, names in (("stage", tax["stages"]), ("phase", tax["phases"]), ("role", tax["roles"])):
        for n in names:
            tax["aliases"].get(kind, {}).pop(n, None)
    _check_taxonomy(tax, where)
    from planner.rules import registry  # late: rules import config helpers

    for rule_id in data.get("rules", {}):
        if rule_id not in registry():
            raise ConfigError(f"{where}: 'rules.{rule_id}' is not a rule{_did_you_mean(rule_id, list(registry()))}; `planner rules` lists them")
    cfg = Config(data=data, path=path, root=root or Path.cwd())
    for hook in _validators:
        hook(cfg, where)
    return cfg


# Features with checks beyond JSON Schema (e.g. compiling lexicon patterns) register here.
_validators: list = []


def register_validator(fn):
    """Decorator: ``fn(config, where)`` raises ConfigError for semantic problems."""
    _validators.append(fn)
    return fn


def default_config(root: Path | None = None) -> Config:
    return build_config({}, root=root)
