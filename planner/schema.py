"""The JSON Schema of the front matter, built from the effective taxonomy."""
from __future__ import annotations

from typing import Any


def front_matter_schema(config) -> dict[str, Any]:
    tax = config.taxonomy
    aliases = tax.get("aliases", {})

    def enum(values, kind: str, description: str) -> dict[str, Any]:
        names = list(values) + sorted(aliases.get(kind, {}))
        return {"type": "string", "enum": names, "description": description} if names else {"type": "string", "description": description}

    stages = config.stage_order()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "planner-front-matter",
        "title": "planner front matter",
        "description": "Journey tags for a content document (see `planner explain tag-unknown`).",
        "type": "object",
        "required": list(config["content"]["required"]),
        "properties": {
            "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._/-]*$", "description": "Stable key; defaults to the path."},
            "title": {"type": "string", "minLength": 1},
            "phase": enum(tax["phases"], "phase", "buyer (has not bought yet) or customer (has bought); implied by the stage when omitted."),
            "stage": enum(stages, "stage", "Journey stage: " + "; ".join(f"{s}: {tax['stages'][s].get('description', '')}" for s in stages)),
            "roles": {"type": "array", "items": enum(tax["roles"], "role", "Buying-committee role served."), "uniqueItems": True},
            "persona": enum(tax["personas"], "persona", "Team-defined persona."),
            "format": enum(tax["formats"], "format", "Content format."),
            "owner": enum(tax["owners"], "owner", "Owning team."),
            "cta": {"type": "string", "description": "The call to action, e.g. start-free-trial, invite-your-team, refer-a-friend."},
            "status": enum(tax["statuses"], "status", "Only published documents fill coverage cells."),
            "reviewed": {"type": "string", "format": "date", "description": "Last review date, YYYY-MM-DD."},
            "topic": enum(tax["topics"], "topic", "Third axis; pairs decision and onboarding content."),
        },
    }
