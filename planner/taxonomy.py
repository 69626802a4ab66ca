"""The journey taxonomy in planner.yml (phases, stages, roles, aliases): how a team's
own names are read into it, the checks JSON Schema cannot express, and the stages in
journey order."""
from __future__ import annotations

from typing import Any, Callable

from planner.config_errors import ConfigError, did_you_mean


def stage_order(taxonomy: dict[str, Any]) -> list[str]:
    """Stages in journey order: buyer stages first, then customer, honouring ``after``."""
    stages = taxonomy["stages"]
    order: list[str] = []
    for name, spec in stages.items():
        if not spec.get("after"):
            order.append(name)
    for name, spec in stages.items():
        after = spec.get("after")
        if after:
            i = order.index(after) + 1 if after in order else len(order)
            order.insert(i, name)
    phases = list(taxonomy["phases"])
    return sorted(order, key=lambda s: phases.index(stages[s]["phase"]) if stages[s]["phase"] in phases else 99)


def as_written(user_tax: dict[str, Any]) -> dict[str, Any]:
    """The user's ``taxonomy`` with ``roles: [a, b]`` (and phases) read as the mapping
    ``{a: {}, b: {}}``: the natural way to add names."""
    out = dict(user_tax)
    for key in ("phases", "roles"):
        if isinstance(out.get(key), list) and all(isinstance(x, str) for x in out[key]):
            out[key] = {x: {} for x in out[key]}
    return out


def drop_shadowed_aliases(tax: dict[str, Any], user_tax: dict[str, Any]) -> None:
    """A stage, phase or role a team adds wins over a default alias of the same name
    (e.g. `expansion`), unless the team wrote that alias itself."""
    user_aliases = user_tax.get("aliases") or {}
    for kind, names in (("stage", tax["stages"]), ("phase", tax["phases"]), ("role", tax["roles"])):
        for n in names:
            if n not in (user_aliases.get(kind) or {}):
                tax["aliases"].get(kind, {}).pop(n, None)


def check_taxonomy(tax: dict[str, Any], user_tax: dict[str, Any], defaults: dict[str, Any],
                   at: Callable[[list], str]) -> None:
    """Semantic checks JSON Schema cannot express, on the merged ``tax``; ``user_tax`` is
    what the user wrote, ``defaults`` the built-in taxonomy, ``at(parts)`` "file:line"."""
    phases = list(tax["phases"])
    stages = tax["stages"]
    for name, spec in (user_tax.get("stages") or {}).items():
        base = defaults["stages"].get(name)
        if base and isinstance(spec, dict) and spec.get("phase") not in (None, base["phase"]):
            raise ConfigError(f"{at(['taxonomy', 'stages', name, 'phase'])}: 'taxonomy.stages.{name}.phase' is {spec['phase']!r}, "
                              f"but {name} is a {base['phase']} stage; a stage cannot be in both phases (add a new stage instead)")
    for name, spec in stages.items():
        where = at(["taxonomy", "stages", name])
        if spec.get("phase") not in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.phase' is {spec.get('phase')!r}{did_you_mean(str(spec.get('phase')), phases)}; expected one of: {', '.join(phases)}")
        if spec.get("after") and spec["after"] not in stages:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}.after' names unknown stage {spec['after']!r}{did_you_mean(str(spec['after']), list(stages))}")
        if spec.get("after") and stages[spec["after"]].get("phase") != spec.get("phase"):
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is a {spec.get('phase')} stage but comes after {spec['after']!r}, a {stages[spec['after']].get('phase')} stage")
        if name in phases:
            raise ConfigError(f"{where}: 'taxonomy.stages.{name}' is also a phase; a name cannot be both")
    targets = {"stage": list(stages), "phase": phases, "role": list(tax["roles"]), "status": tax["statuses"],
               "format": tax["formats"], "owner": tax["owners"]}
    for kind, table in (user_tax.get("aliases") or {}).items():
        for alias in table or {}:
            if alias in targets.get(kind, []) and table[alias] != alias:
                raise ConfigError(f"{at(['taxonomy', 'aliases', kind, alias])}: 'taxonomy.aliases.{kind}.{alias}' makes the {kind} "
                                  f"'{alias}' mean {table[alias]!r}; a name cannot be both a {kind} and an alias of another")
    for kind, table in tax.get("aliases", {}).items():
        for alias, target in table.items():
            if target not in targets.get(kind, []):
                raise ConfigError(f"{at(['taxonomy', 'aliases', kind, alias])}: 'taxonomy.aliases.{kind}.{alias}' points at unknown {kind} {target!r}"
                                  f"{did_you_mean(str(target), targets.get(kind, []))}; expected one of: {', '.join(targets.get(kind, []))}")
