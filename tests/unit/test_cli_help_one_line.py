"""A group's --help lists each command by the first paragraph of its help, which a docstring breaks
over lines; typer's rich help kept those breaks, so the list read "This cannot be" and then "undone."
on a line of its own (also 'import-health', 'import', 'people add'). Each is now one sentence, wrapped
only at the terminal's width."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app


@pytest.mark.parametrize(
    ("group", "said"),
    [
        ([], "(steps, walking speed and more), to see beside your diary."),
        ([], "everything in it is added (nothing twice), or nothing at all if any of it is wrong."),
        (
            ["people"],
            "everyday walking. Only a copy saved before ('backstride export json --person PERSON') brings",
        ),
        (["people"], "everyone else's. A clinic may add"),
    ],
)
def test_a_command_is_listed_in_one_line_on_a_wide_terminal(
    group: list[str], said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # COLUMNS only: typer reads TERMINAL_WIDTH once, when first imported, and keeps it for every test
    # (an earlier test's 80 would narrow this one's help; this one's 220 widened theirs)
    import typer.rich_utils

    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", None)
    shown = CliRunner().invoke(app, [*group, "--help"], env={"COLUMNS": "220"})
    assert shown.exit_code == 0
    assert any(said in line for line in shown.stdout.splitlines()), shown.stdout
