"""Placeholder: the team member who owns this command replaces this module."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the top-level app (nothing yet)."""
