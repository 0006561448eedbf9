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
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backstride.core.errors import BackstrideError, NotFoundError

if TYPE_CHECKING:
    from backstride.services.people import PersonView
    from backstride.services.records import Records, WalkView


@dataclass(frozen=True)
class Saving:
    """Where ``--save`` keeps the check: the records, whose they are (None: the database's one
    person), and the options as typed, for the commands it suggests."""

    records: Records
    whose: PersonView | None
    db: str | None
    person: str | None
    walk: WalkView | None = None  # --walk: the walk kept there that the check uses
    # the check ``keep`` kept unfinished, if it did: the "Not finished" box says how to go on with it
    unfinished: list[int] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        db: str | None,
        person: str | None,
        answers: str | None = None,
        mode: str = "person",
        walk_id: int | None = None,
    ) -> Saving:
        """The records ``--save`` keeps the check in, as ``diary add`` opens them: a missing SQLite
        file is made (removed again if the command fails: ``options.kept_only_if_stored``). With an
        answers file (``answers``, as typed), a ``--person`` nobody has (deleted since the file was
        written, as a failed save names them) is said so, with how to save the file for someone else.
        ``walk_id`` (``--walk``): the person's walk the check uses, read now, before the first question:
        one that is not there, is another person's or cannot be used by a check is said at once."""
        saving = cls._open(db, person, answers, mode)
        if walk_id is None:
            return saving
        try:
            walk = saving.records.usable_walk(walk_id)
        except BackstrideError as exc:
            raise type(exc)(
                f"--walk {walk_id}: {exc}; nothing was saved. See the walks kept with: backstride gait "
                f"list{saving.options('person')}"
            ) from None
        return replace(saving, walk=walk)

    def walk_inputs(self) -> tuple[dict[str, Any], list[str | dict[str, Any]], str | None] | None:
        """The findings and gait factors of the walk ``--walk`` named (None: none was), as the web's
        check takes them from a walk it uses (``services.records.assess_with_walk``)."""
        if self.walk is None:
            return None
        from backstride.services.gait_findings import measured_gait_factors

        factors = measured_gait_factors(self.walk.result, self.walk.gait_factor_codes)
        return dict(self.walk.findings), factors, None

    @classmethod
    def _open(cls, db: str | None, person: str | None, answers: str | None, mode: str) -> Saving:
        from backstride.cli.people_cmd import find_person, records_for, records_with_person

        if person is None or answers is None or not Path(answers).is_file():  # no file holds answers
            records, whose = records_for(db, person, create=True)
            return cls(records, whose, db, person)
        everyone = records_with_person(db, person)
        try:
            whose = find_person(everyone, person)
        except NotFoundError:
            raise NotFoundError(
                f"--person {person!r}: nobody in this database has that id or label (they may have been "
                f"deleted). Nothing was saved, and your answers are still in {answers}. "
                f"{cls(everyone, None, db, None).elsewhere(Path(answers), mode)}"
            ) from None
        return cls(everyone.for_person(whose.id), whose, db, person)

    def options(self, mode: str, *, whose: bool = True) -> str:
        """``--mode``, ``--person`` (unless not ``whose``) and ``--db`` as this command had them, to
        repeat in another."""
        words = [] if mode == "person" else ["--mode", mode]
        if self.whose is not None and whose:
            words += ["--person", str(self.whose.id)]
        if self.db is not None:
            words += ["--db", _without_password(self.db)]
        return "".join(f" {shlex.quote(word)}" for word in words)

    def gone(self) -> bool:
        """Whether the person the check is for was deleted since (a database's one person never is:
        without ``--person`` the check goes to whoever is there, or a new 'Me')."""
        if self.whose is None:
            return False
        try:
            self.records.people.get(self.whose.id)
        except NotFoundError:
            return True
        except BackstrideError:  # the database cannot be read now (why the save failed): not known
            return False
        return False

    def elsewhere(self, path: Path, mode: str) -> str:
        """How to save the answers file at ``path`` for someone else, or as 'Me', once the person it
        was for is gone: the people still here, and the command with ``--person`` for one of them."""
        from backstride.cli.people_cmd import named

        db = f" --db {shlex.quote(_without_password(self.db))}" if self.db is not None else ""
        file = shlex.quote(str(path))
        command = f"backstride assess --answers {file} --save{self.options(mode, whose=False)}"
        try:
            people = self.records.people.list()
        except BackstrideError:  # the database cannot be read now: the command alone
            return f"To save them for another person: {command} --person PERSON (backstride people list{db})."
        if not people:
            return f"To save them as 'Me': {command}"
        shown = ", ".join(named(p) for p in people[:5]) + (", ..." if len(people) > 5 else "")
        said = (
            f"To save them for another person: {command} --person PERSON, with PERSON one of {shown} "
            f"(backstride people list{db})."
        )
        if not any(p.label.casefold() == "me" for p in people):
            said += f" To save them as 'Me': backstride people add Me{db}, then give --person Me."
        return said

    def keep(
        self,
        mode: str,
        answers: dict[str, Any],
        shown: str,
        *,
        answers_file: Path | None = None,
        interview: Any = None,
    ) -> list[str]:
        """Keep the check (``BackstrideError`` if it cannot be: nothing is kept then), and what to
        say: its id and where to see it. ``shown``: the disposition the terminal showed; if the web
        app's result differs (it also reads the person's latest walk), that is said too. An answers
        file (``answers_file``, with its ``interview``) kept unfinished: which questions it leaves
        unanswered, and how to finish it (``unfinished_file_words``)."""
        from backstride.cli.people_cmd import named

        walk_id = None if self.walk is None else self.walk.id
        if walk_id is None:
            view = self.records.keep_check(mode, answers)
        else:
            view = self.records.keep_check(mode, answers, walk_id=walk_id)
        whose = "" if self.whose is None else f" for {named(self.whose)}"
        if not view.complete:
            self.unfinished[:] = [view.id]
        said = [
            f"Saved as check {view.id}{whose}"
            + ("." if walk_id is None or not view.complete else f", with walk {walk_id}."),
            f"See it in the web app (backstride serve): page /check/{view.id}/result, and in History. "
            f"The report for a clinician has it too: backstride report{self.options('person')}",
        ]
        if not view.complete and answers_file is not None and interview is not None:
            said += unfinished_file_words(answers_file, interview, view.id, self.options(mode), self.db)
        elif not view.complete:
            said.append(
                f"It is not finished: the web app can go on with it, at /check/{view.id}, or the terminal: "
                f"backstride assess --continue {view.id}{self.options('person')}"
            )
        if not view.complete and walk_id is not None:
            said.append(
                f"It does not keep walk {walk_id} while it is not finished: until then it uses the walk "
                "done last, whichever that is (see them with: backstride gait list"
                f"{self.options('person')})."
            )
        return said + self.differs_words(view.id, shown, mode)

    def differs_words(self, check_id: int, shown: str, mode: str) -> list[str]:
        """Check ``check_id``'s result worked out now (so History shows its level; if it cannot be, the
        web app works it out when opened), and what to say when it differs from the disposition the
        terminal showed (``shown``): the web app's also uses the walk kept there."""
        from backstride.core.voice import about_them_text

        try:
            stored = self.records.result(check_id).disposition
        except (BackstrideError, KeyboardInterrupt):  # Ctrl-C now: the check is kept, only this is left
            return []
        if stored == shown:
            return []
        differs = (
            f"In the web app this check says {stored.replace('_', '-')}, not "
            f"{shown.replace('_', '-')}: there it also uses the walk you keep there. Open it to see why."
        )
        # a clinician's check is the person's: their walk, said about them as its result is
        return [differs if mode == "person" else about_them_text(differs)]


def unfinished_file_words(
    path: Path, interview: Any, check_id: int, options: str, db: str | None
) -> list[str]:
    """What ``assess --answers FILE --save`` says of a check it kept unfinished: that it is unfinished,
    the questions the file leaves unanswered (the warning signs first: until each is answered, the check
    cannot say how urgent this is; their codes, as the file writes them), and how to finish it."""
    file = path.name
    unscreened = interview.unscreened_questions()
    if unscreened:
        asked = "; ".join(f"{q.text} ({', '.join(q.codes)})" for q in unscreened)
        count = sum(len(q.codes) for q in unscreened)
        missing = (
            f"It is kept unfinished: {file} does not answer {count} warning sign"
            f"{'' if count == 1 else 's'}, so the check cannot yet say how urgent this is. "
            f"Not answered: {asked}."
        )
    else:
        following = interview.next_question()
        nxt = "" if following is None else f", starting with: {following.text} ({', '.join(following.codes)})"
        missing = (
            f"It is kept unfinished: {file} answers every warning sign, but the check has more questions"
        )
        missing += f"{nxt}."
    serve = "" if db is None else f" --db {shlex.quote(_without_password(db))}"
    whose = options.replace(" --mode clinician", "")  # --continue goes on in the check's own mode
    return [
        missing,
        f"To finish it: run backstride assess --continue {check_id}{whose}: it asks only the questions "
        f"left. Or run backstride serve{serve} and open /check/{check_id}. Or answer them in the file (null "
        f'for "don\'t know") and add them to this check: backstride assess --answers '
        f"{shlex.quote(str(path))} --continue {check_id}{whose}",
    ]


def _without_password(db: str) -> str:
    """``--db`` as typed, a password in a URL hidden (``***``), in its user part or its query
    (``?password=``, as PostgreSQL takes it): what is printed may be copied into a note or a log."""
    if "://" not in db:
        return db
    from backstride.storage.db import masked_url

    return masked_url(db)


def keep_answers_safe(
    answers: dict[str, Any], mode: str, saving: Saving, now: datetime, *, continue_id: int | None = None
) -> str:
    """After a failed save: the answers written to a new file in this folder, and the command that
    saves them later; if no file can be written, the answers themselves, to copy. ``continue_id``: the
    answers were to be added to that check (``assess --continue``), and the command adds them to it."""
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
        if saving.gone():
            elsewhere = saving.elsewhere(Path("FILE"), mode)
            return f"Your answers are not lost: here they are. Copy them into a file. {elsewhere}\n{document}"
        if continue_id is not None:
            return (
                "Your answers are not lost: here they are. Copy them into a file, then add them to check "
                f"{continue_id} with backstride assess --answers FILE --continue {continue_id}"
                f"{saving.options('person')}\n{document}"
            )
        return (
            "Your answers are not lost: here they are. Copy them into a file, then save them with "
            f"backstride assess --answers FILE --save{saving.options(mode)}\n{document}"
        )
    if continue_id is not None and not saving.gone():
        return (
            f"Your answers are not lost: they are in {path.absolute()}. To add them to check {continue_id} "
            f"later: backstride assess --answers {shlex.quote(str(path))} --continue {continue_id}"
            f"{saving.options('person')}"
        )
    if saving.gone():  # deleted while the check was answered: never named again as where to save it
        return f"Your answers are not lost: they are in {path.absolute()}. {saving.elsewhere(path, mode)}"
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
