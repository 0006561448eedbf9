"""What ``--help`` shows a new user matches what the commands take (read as one would, 28 Nov 2026).

- ``assess``: ``--answers`` and ``--gait`` take a file (``--continue``'s help says "--answers FILE"),
  and ``--mode`` one of two words; they showed ``<str>``.
- ``explain``: it takes levels (``emergency``) and gait factors (``slow_speed``) too, as its error
  says ("expected a condition, red-flag rule, advice item, finding, disposition, gait factor or
  source key"); the help named only conditions, rules, advice, findings and sources, with no example.
Each word the help promises is taken."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()


def _help(*command: str) -> str:
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "140", "NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    return shown.output


def test_assess_names_what_each_option_takes() -> None:
    said = _help("assess")
    assert re.search(r"--answers\s+FILE\s", said)
    assert re.search(r"--gait\s+FILE\s", said)
    assert re.search(r"--mode\s+person\|clinician\s", said)
    assert "<str>" not in said.split("--walk")[0]  # the options before --walk


def test_explain_names_every_kind_of_code_it_takes() -> None:
    said = " ".join(_help("explain").split())
    assert "{CODE}" in said
    for kind in ("condition", "red-flag rule", "advice item", "finding", "level", "gait factor", "source"):
        assert kind in said


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("lumbar_spinal_stenosis", "(Condition)"),
        ("slow_speed", "(GaitFactor)"),
        ("B1", "(Source)"),
        ("emergency", "(Disposition)"),
    ],
)
def test_explain_takes_the_codes_its_help_gives(code: str, kind: str) -> None:
    shown = runner.invoke(app, ["explain", code])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"{code}  {kind}")


def test_import_and_people_delete_say_which_backup_in_plain_words() -> None:
    """import's help said "It goes into one person's records: --person's, else the database's one
    person's"; people delete's gave 'backstride export json --person' with no value for --person."""
    said = " ".join(_help("import").split())
    assert "made by 'backstride export json'" in said and "person's, else" not in said
    deleted = " ".join(_help("people", "delete").split())
    assert "'backstride export json --person PERSON'" in deleted
