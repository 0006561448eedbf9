"""The ``backstride`` command. Each sub-command lives in its own module with a ``register(app)``.

Errors of the ``BackstrideError`` tree become a one-line message on stderr and exit status 2;
nothing else is caught here, so a real bug still shows its traceback (exit 1).
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from backstride.core.errors import BackstrideError


class _HelpWithoutType(TyperGroup):
    """Every command's help shows its flags (``--help``, ``--json``, ...) without a ``<bool>`` beside
    them: they take no value, but typer labels a flag with its type."""

    # typed Any: the click types these methods take are private to typer
    def get_help_option(self, ctx: Any) -> Any:
        return _without_type(super().get_help_option(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _hide_help_types(command, ctx)
        return command


def _without_type(option: Any) -> Any:
    if option is not None:
        option.metavar = ""
    return option


def _hide_help_types(command: Any, parent: Any) -> None:
    # get_help_option caches the option it builds, so blanking it once here is what the help shows later
    ctx = typer.Context(command, parent=parent, info_name=command.name)
    _without_type(command.get_help_option(ctx))
    if command.help and not command.short_help:
        # a group lists each command by its help's first paragraph; typer's rich help keeps that
        # paragraph's line breaks, so a docstring broken mid-sentence ("This cannot be / undone.")
        # was listed broken there too: said as one line, wrapped to the terminal's width
        command.short_help = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
    for param in command.params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            _without_type(param)
    _refuse_repeated_options(command)
    for sub in getattr(command, "commands", {}).values():
        _hide_help_types(sub, ctx)


def _refuse_repeated_options(command: Any) -> None:
    """Make ``command`` refuse an option that takes one value given twice (``--symptom-at 10 --symptom-at
    20``): click keeps the last without a word, so the person's first time was silently dropped. Options
    that gather several values (``multiple``), counters and flags may be repeated. Once per command."""
    if getattr(command, "_refuses_repeats", False):
        return
    command._refuses_repeats = True
    make_parser = command.make_parser

    def checked_parser(ctx: Any) -> Any:
        parser = make_parser(ctx)
        parse_args = parser.parse_args

        def checked_parse(args: list[str]) -> Any:
            opts, rest, order = parse_args(args)
            seen: set[int] = set()
            for param in order:
                if not _takes_one_value(param):
                    continue
                if id(param) in seen:
                    name = max(param.opts, key=len)
                    ctx.fail(f"{name} was given more than once, and only one can be used: give it once")
                seen.add(id(param))
            return opts, rest, order

        parser.parse_args = checked_parse
        return parser

    command.make_parser = checked_parser


def _takes_one_value(param: Any) -> bool:
    """An option that keeps one value: not an argument, a flag, a counter or one with ``multiple``."""
    return (
        getattr(param, "param_type_name", "") == "option"
        and not getattr(param, "is_flag", False)
        and not getattr(param, "count", False)
        and not getattr(param, "multiple", False)
    )


app = typer.Typer(
    cls=_HelpWithoutType,
    name="backstride",
    help="Lower back pain when walking: triage, likely causes, a relief plan and gait analysis. "
    "Not a diagnosis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _every_command(ctx: typer.Context) -> None:
    # what a command changes is written down as done through the command line (services.activity)
    from backstride.core.acting import acting

    ctx.with_resource(acting("command line"))


def _register_commands() -> None:
    # Imported here, not at module top, so each command pulls in only what it needs when run.
    from backstride.cli import (
        activity_cmd,
        assess_cmd,
        changes_cmd,
        data_cmd,
        diary_cmd,
        everyday_cmd,
        gait_cmd,
        knowledge_cmd,
        password_cmd,
        people_cmd,
        serve_cmd,
        staff_cmd,
    )

    for module in (
        assess_cmd,
        knowledge_cmd,
        gait_cmd,
        diary_cmd,
        everyday_cmd,
        serve_cmd,
        data_cmd,
        changes_cmd,
        people_cmd,
        password_cmd,
        activity_cmd,
        staff_cmd,
    ):
        module.register(app)


_register_commands()


def fail(message: str) -> typer.Exit:
    """Print a clean message for a user error and return the exit to raise (status 2)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def run() -> None:
    """Console-script entry point.

    Not in click's standalone mode, so its usage errors (a bad option value, an unknown command or option)
    reach us and are printed like every other user error: one ``error: ...`` line, exit 2. They are caught
    as ``typer.TyperException`` (public; click's ``UsageError`` derives from it inside typer) and read
    through click's documented ``format_message()`` / ``exit_code`` / ``ctx``, without importing typer's
    private click.
    """
    try:
        code = app(standalone_mode=False)
    except BackstrideError as exc:  # raised outside a command's own handling
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except typer.Abort:  # Ctrl-D at a prompt
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    except typer.TyperException as exc:
        sys.exit(usage_error(exc))
    if isinstance(code, int) and not isinstance(code, bool) and code:  # typer.Exit(code) in a command
        sys.exit(code)


def usage_error(exc: typer.TyperException) -> int:
    """Print a command-line usage error as ``error: <problem>; see '<command> --help' ...``; its exit status.
    A command called without the arguments it needs has printed its help already (empty message)."""
    message = exc.format_message().strip()
    if message:
        message = message[0].lower() + message[1:]
        ctx = getattr(exc, "ctx", None)
        command = getattr(ctx, "command_path", None) or "backstride"
        typer.echo(f"error: {message.rstrip('.')}; see '{command} --help' for what is expected", err=True)
    return int(getattr(exc, "exit_code", 2))


if __name__ == "__main__":
    run()
