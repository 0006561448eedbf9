"""The ``backstride`` command. Each sub-command lives in its own module with a ``register(app)``.

Errors of the ``BackstrideError`` tree become a one-line message on stderr and exit status 2;
nothing else is caught here, so a real bug still shows its traceback (exit 1).
"""

from __future__ import annotations

import sys

import typer

from backstride.core.errors import BackstrideError

app = typer.Typer(
    name="backstride",
    help="Lower back pain when walking: triage, likely causes, a relief plan and gait analysis. "
    "Not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    # Imported here, not at module top, so each command pulls in only what it needs when run.
    from backstride.cli import assess_cmd, gait_cmd, knowledge_cmd, serve_cmd

    for module in (assess_cmd, knowledge_cmd, gait_cmd, serve_cmd):
        module.register(app)


_register_commands()


def fail(message: str) -> typer.Exit:
    """Print a clean message for a user error and return the exit to raise (status 2)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def run() -> None:
    """Console-script entry point."""
    try:
        app(standalone_mode=True)
    except BackstrideError as exc:  # raised outside a command's own handling
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
