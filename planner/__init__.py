"""planner: a journey-aware content planner and audit generator."""

__version__ = "0.1.0"
