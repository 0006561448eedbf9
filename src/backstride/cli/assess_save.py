"""``backstride assess --save``: keep the terminal's check in the web app's database.

The records are opened, and the person chosen, before the first question (``Saving.open``): a wrong
``--db`` or ``--person``, or a database of several people without ``--person``, is said at once (exit
2), before anyone answers anything. The check is then kept whole in one transaction
(``Records.keep_check``), finished or stopped early. If keeping it fails, the answers are written to a
new answers file that ``assess --answers FILE --save`` takes, or printed when even that fails:
nothing typed is lost.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backstride.core.errors import BackstrideError

if TYPE_CHECKING:
    from backstride.services.people import PersonView
    from backstride.services.records import Records


@dataclass(frozen=True)
class Saving:
    """Where ``--save`` keeps the check: the records, whose they are (None: the database's one
    person), and the options as typed, for the commands it suggests."""

    records: Records
    whose: PersonView | None
    db: str | None
    person: str | None

    @classmethod
    def open(cls, db: str | None, person: str | None) -> Saving:
        """The records ``--save`` keeps the check in, as ``diary add`` opens them: a missing SQLite
        file is made (removed again if the command fails: ``options.kept_only_if_stored``)."""
        from backstride.cli.people_cmd import records_for

        records, whose = records_for(db, person, create=True)
        return cls(records, whose, db, person)

    def options(self, mode: str) -> str:
        """``--mode``, ``--person`` and ``--db`` as this command had them, to repeat in another."""
        words = [] if mode == "person" else ["--mode", mode]
        if self.whose is not None:
            words += ["--person", str(self.whose.id)]
        if self.db is not None:
            words += ["--db", _without_password(self.db)]
        return "".join(f" {shlex.quote(word)}" for word in words)

    def keep(self, mode: str, answers: dict[str, Any], shown: str) -> list[str]:
        """Keep the check (``BackstrideError`` if it cannot be: nothing is kept then), and what to
        say: its id and where to see it. ``shown``: the disposition the terminal showed; if the web
        app's result differs (it also reads the person's latest walk), that is said too."""
        from backstride.cli.people_cmd import named
        from backstride.core.voice import about_them_text

        view = self.records.keep_check(mode, answers)
        whose = "" if self.whose is None else f" for {named(self.whose)}"
        said = [
            f"Saved as check {view.id}{whose}.",
            f"See it in the web app (backstride serve): page /check/{view.id}/result, and in History. "
            f"The report for a clinician has it too: backstride report{self.options('person')}",
        ]
        if not view.complete:
            said.append(f"It is not finished: the web app can go on with it, at /check/{view.id}.")
        try:  # worked out now, so History shows its level; if not, the web app works it out when opened
            stored = self.records.result(view.id).disposition
        except (BackstrideError, KeyboardInterrupt):  # Ctrl-C now: the check is kept, only this is left
            return said
        if stored != shown:
            differs = (
                f"In the web app this check says {stored.replace('_', '-')}, not "
                f"{shown.replace('_', '-')}: there it also uses the walk you keep there. Open it to see why."
            )
            # a clinician's check is the person's: their walk, said about them as its result is
            said.append(differs if mode == "person" else about_them_text(differs))
        return said


def _without_password(db: str) -> str:
    """``--db`` as typed, a password in a URL hidden (``***``), in its user part or its query
    (``?password=``, as PostgreSQL takes it): what is printed may be copied into a note or a log."""
    if "://" not in db:
        return db
    from backstride.storage.db import masked_url

    return masked_url(db)


def keep_answers_safe(answers: dict[str, Any], mode: str, saving: Saving, now: datetime) -> str:
    """After a failed save: the answers written to a new file in this folder, and the command that
    saves them later; if no file can be written, the answers themselves, to copy."""
    document = json.dumps({"findings": answers}, indent=2, ensure_ascii=False)
    path = Path(f"backstride-answers-{now:%Y%m%d-%H%M%S}.json")
    made = False
    try:
        # Never over a file already there, and readable by its owner only: it holds health answers,
        # and the folder it lands in may be shared
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        made = True
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(document + "\n")
    except OSError:
        if made:  # made but not written whole (a full disk): not left to read as the answers
            with suppress(OSError):
                path.unlink()
        return (
            "Your answers are not lost: here they are. Copy them into a file, then save them with "
            f"backstride assess --answers FILE --save{saving.options(mode)}\n{document}"
        )
    return (
        f"Your answers are not lost: they are in {path.absolute()}. To save them later: "
        f"backstride assess --answers {shlex.quote(str(path))} --save{saving.options(mode)}"
    )


@contextmanager
def output_nowhere_on_hang_up() -> Iterator[None]:
    """Around a check typed to ``--save``: closing the terminal window (it hangs up: SIGHUP, which
    killed the command and every answer typed) sends what is printed from then on nowhere, as there is
    no screen left; the input has ended, so the questions stop as at Ctrl-D, and the answers so far
    are kept (unfinished) as ``quit`` keeps them. Nothing changes where there is no SIGHUP (Windows)
    or no signal can be caught (not the main thread)."""
    import signal

    def hung_up(signum: int, frame: Any) -> None:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        for stream in (1, 2):  # stdout, stderr
            os.dup2(nowhere, stream)
        os.close(nowhere)

    try:
        before = signal.signal(signal.SIGHUP, hung_up)
    except (AttributeError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, before)


__all__ = ["Saving", "keep_answers_safe", "output_nowhere_on_hang_up"]
