"""docs/clinic.md's "Back up, and move to a new database", run as it is written, keeps every record.

Review r2 (2026-11-27): the restore loop ran ``backstride people add "$label" && backstride import``,
so the file of "Me" (the database's first person, who holds the records of a database made before
there were people, migration 0004) was never restored: "Me" is there already in a new database, the
add fails and ``&&`` skipped the import. And its last line, ``backstride people delete 1``, was
refused for want of ``--yes``. The blocks are read from the doc and run in bash with ``backstride``
on the PATH, so the doc cannot drift from what the commands do.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

SECTION = "## Back up, and move to a new database"


def _blocks() -> list[str]:
    text = (REPO_ROOT / "docs" / "clinic.md").read_text("utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, flags=re.S)


def _run(script: str, cwd: Path, url: str, typed: str = "") -> subprocess.CompletedProcess[str]:
    shim = cwd / "bin" / "backstride"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m backstride "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}:{os.environ['PATH']}", "DATABASE_URL": url}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "src"), env.get("PYTHONPATH", "")])
    run = ["bash", "-c", script]
    return subprocess.run(
        run, cwd=cwd, env=env, input=typed, capture_output=True, text=True, timeout=300, check=False
    )


def _kept(url: str) -> dict[str, tuple[int, float | None]]:
    """Each person's label: how many diary entries they have, and their height."""
    people = Records(Database(url)).people.list()
    return {p.label: (p.counts["diary_entries"], p.height_cm) for p in people}


def test_the_docs_backup_and_move_keeps_everyones_records(tmp_path: Path) -> None:
    backup, restore = _blocks()
    old = sqlite_url(tmp_path / "old.sqlite3")
    for args in (
        ["diary", "add", "--pain", "3", "--date", "2026-11-20"],  # "Me": a database older than people
        ["people", "add", "Ana Ruiz"],
        ["diary", "add", "--person", "Ana Ruiz", "--pain", "5", "--date", "2026-11-21"],
        ["diary", "add", "--person", "Ana Ruiz", "--pain", "4", "--date", "2026-11-22"],
        ["people", "edit", "Ana Ruiz", "--height-cm", "171"],
    ):
        made = CliRunner().invoke(app, [*args, "--db", old])
        assert made.exit_code == 0, made.output
    saved = _run(backup, tmp_path, old)
    assert saved.returncode == 0, saved.stdout + saved.stderr
    before = _kept(old)
    assert before == {"Me": (1, None), "Ana Ruiz": (2, 171.0)}, before

    new = sqlite_url(tmp_path / "new.sqlite3")
    assert restore.startswith("backstride password set ")  # as its comment says, --stdin in a script
    script = restore.replace("backstride password set", "backstride password set --stdin", 1)
    moved = _run(script, tmp_path, new, typed="a clinic's long password\n")
    assert _kept(new) == before, moved.stdout + moved.stderr  # nobody's records left behind
