"""planner: a journey-aware content planner and audit generator."""

import os

__version__ = "0.1.0"


def env_flag(name: str) -> bool:
    """An on/off environment variable: set to anything but "", 0, false, no or off (as
    NO_COLOR-style switches are written in CI files: PLANNER_NO_DAEMON=0 turns it off)."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")
