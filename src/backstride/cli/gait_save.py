"""``backstride gait analyze RECORDING --save`` and ``backstride gait list``: the terminal's walks.

A walk is stored the one way the web app stores one (``Records.upload_walk``: the Walks page and
``POST /api/walks``): the file is read, analysed (once: the analysis shown is the one kept) and kept
with its findings, for a person, so the Walks
page, the report, the exports and a saved check (``assess --save --walk ID``) see it. The command line
reads the file where it lies, so no upload limit applies. The file is hashed before it is read (a file
stored already is refused before the analysis), and a file that is not the same when it is stored
(changed while it was analysed) is refused, never stored under the hash of other bytes. An export
folder (phyphox, Sensor Logger) is kept as the zip of its files the Walks page takes
(``folder_zip_pieces``: the same files in a fixed order, so the same folder is the same walk): that zip
is made a piece at a time and only counted and hashed, never written to a temporary file (a small disk
is not filled, and nothing is left behind when the command is stopped or killed), and the folder is
analysed as it lies, as the zip's reader reads it. What cannot be stored is said before anything is
(exit 2): an unknown person, a recording with no walking in it, the same file stored already.
"""

from __future__ import annotations

import hashlib
import io
import json
import shlex
import shutil
import sys
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from backstride.core.errors import InputError

if TYPE_CHECKING:
    from backstride.gait.readers.stream import RecordingStream
    from backstride.gait.result import GaitResult
    from backstride.services.people import PersonView
    from backstride.services.records import Records, WalkView

NO_LIMIT = 2**62  # the command line reads the file where it lies (as import-health does): no upload limit


@dataclass(frozen=True)
class WalkSaving:
    """Where ``gait analyze --save`` keeps the walk: the records, whose they are (None: the database's
    one person), and ``--db`` as typed, for the commands it suggests; ``source``: the file or export
    folder analysed; ``sha256`` the hash of what is kept (the file, or the zip of the folder's files,
    ``folder_zip_pieces``), taken first; ``typed``: the recording as the command was given it."""

    records: Records
    whose: PersonView | None
    db: str | None
    source: Path
    sha256: str
    typed: Path

    @classmethod
    @contextmanager
    def opened(cls, db: str | None, person: str | None, recording: Path) -> Iterator[WalkSaving]:
        """Opened before the (maybe long) analysis, so a wrong ``--person`` or ``--db`` is said at once;
        a missing SQLite file is made (removed again if the command fails: ``kept_only_if_stored``). The
        file is hashed now, before it is read; an export folder, the zip of its files, made a piece at a
        time in memory (never written anywhere)."""
        from backstride.cli.people_cmd import records_for

        records, whose = records_for(db, person, create=True)
        records.max_upload_bytes = NO_LIMIT
        try:
            digest = (
                file_sha256(recording) if not recording.is_dir() else _sha256(folder_zip_pieces(recording))
            )
        except OSError as exc:  # not there, or not readable: said as the reader says it
            raise InputError(f"{recording}: {exc.strerror or exc}; nothing was saved") from None
        yield cls(records, whose, db, recording, digest, recording)

    @contextmanager
    def kept_bytes(self) -> Iterator[tuple[str, IO[bytes]]]:
        """The name and bytes the walk is kept as: the file, or ``FOLDER.zip``, the zip of an export
        folder's files made again a piece at a time (``folder_zip_pieces``: the bytes hashed first)."""
        if not self.source.is_dir():
            with self.source.open("rb") as file:
                yield self.source.name, file
            return
        pieces = folder_zip_pieces(self.source)
        try:
            yield folder_zip_name(self.source), io.BufferedReader(_PiecesReader(pieces), 1 << 20)
        finally:
            pieces.close()

    def refuse_stored_already(self, how: dict[str, Any]) -> None:
        """Before the analysis: the same file kept already with the same choices is refused (exit 2)."""
        earlier = self.records.walk_stored_already(self.sha256, how)
        if earlier is not None:
            raise self.stored_already(earlier)

    def stored_already(self, earlier: WalkView) -> InputError:
        """The walk ``earlier`` holds this file already: said naming the file or folder as typed (an
        export folder's walk is kept as ``FOLDER.zip``, a name the person never typed)."""
        from backstride.services.records import WalkStoredAlreadyError

        what = "folder" if self.typed.is_dir() else "file"
        said = WalkStoredAlreadyError(earlier, named=str(self.typed), what=what)
        return InputError(f"--save: {said}. See it with: backstride gait list{self.options()}")

    def options(self) -> str:
        """``--person`` and ``--db`` as this command had them, to repeat in another."""
        from backstride.cli.assess_save import _without_password

        words = [] if self.whose is None else ["--person", str(self.whose.id)]
        if self.db is not None:
            words += ["--db", _without_password(self.db)]
        return "".join(f" {shlex.quote(word)}" for word in words)

    def keep(
        self,
        recording: Path,
        data: dict[str, Any],
        how: dict[str, Any],
        analysed: tuple[GaitResult, RecordingStream],
    ) -> tuple[WalkView, list[str]]:
        """Store the walk of ``recording`` (``data``: what ``gait analyze`` found in it, shown to the
        person; ``how``: the options it was read with, as ``upload_walk`` takes them; ``analysed``: the
        analysis ``data`` came from and the recording as read, kept as they are: the file is not
        analysed a second time), and what to say. No walking in it: refused, nothing stored (a check
        could never use it)."""
        from backstride.services.gait_findings import WALK_NOT_USABLE, walk_not_usable
        from backstride.services.records import AnalysedWalk, WalkStoredAlreadyError

        why = walk_not_usable(data)
        if why == "no_walking":
            raise InputError(
                f"--save: {recording}: no walking was found in it, so it was not saved. A walk is kept when "
                "it has a few steps in a row; try a recording of you walking for a minute or more"
            )
        try:
            with self.kept_bytes() as (name, file):
                done = AnalysedWalk(*analysed, sha256=self.sha256)
                walk = self.records.upload_walk(name, file, **how, analysed=done)
        except WalkStoredAlreadyError as exc:  # stored meanwhile (another command at the same moment)
            raise self.stored_already(exc.walk) from None
        except OSError as exc:  # the file went away, or cannot be read, since it was analysed
            raise InputError(f"--save: {recording}: {exc.strerror or exc}; nothing was saved") from None
        from backstride.cli.people_cmd import named

        whose = "" if self.whose is None else f" for {named(self.whose)}"
        said = [
            f"Saved as walk {walk.id}{whose}.",
            f"See it in the web app (backstride serve): page /walks/{walk.id}, and with: "
            f"backstride gait list{self.options()}",
        ]
        why = walk_not_usable(walk.result)
        if why is None:
            whose_walk = "your walk" if self.whose is None else "their walk"  # a clinic's: said about them
            said.append(
                f"A check saved from now on uses {whose_walk} done last; to use this one: "
                f"backstride assess --save --walk {walk.id}{self.options()}"
            )
        else:
            said.append(f"Checks do not use this walk: it {WALK_NOT_USABLE[why]}.")
        return walk, said


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read a piece at a time (a day's recording never in memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while piece := file.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def _sha256(pieces: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()


def folder_zip_name(folder: Path) -> str:
    """The name an export folder's walk is kept as: ``walk.zip`` of a folder ``walk``."""
    return f"{folder.name or 'recording'}.zip"


def folder_zip_pieces(folder: Path) -> Generator[bytes, None, None]:
    """An export folder (phyphox, Sensor Logger) as the zip the Walks page takes, a piece at a time: its
    files (not the links in it), each under its path in the folder, in the order of those paths, with one
    fixed date and mode, so the same files make the same bytes (the same walk, ``walk_stored_already``).
    The bytes are those ``zipfile`` writes to a file on disk; one file's piece at a time is in memory,
    never the whole zip, and nothing is written anywhere."""
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    if not files:
        raise InputError(f"--save: {folder} is a folder with no files in it; nothing was saved")
    sink = _Pieces()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(entry, "w") as out:
                shutil.copyfileobj(source, out, 1 << 20)
            yield sink.take()  # this file's entry, its header filled in: final
    yield sink.take()  # the zip's directory of its files


def folder_as_zip(folder: Path, into: Path) -> Path:
    """The zip of ``folder_zip_pieces`` written in ``into`` as ``folder_zip_name`` (tests: the file the
    Walks page is sent)."""
    target = into / folder_zip_name(folder)
    with target.open("wb") as out:
        for piece in folder_zip_pieces(folder):
            out.write(piece)
    return target


class _Pieces:
    """What ``zipfile`` writes into as into a file on disk (it goes back to fill in each entry's header
    once the entry is written: the same bytes as on disk), handing each piece out once it is final
    (``take``, between entries); only the piece not handed out yet is kept."""

    def __init__(self) -> None:
        self._kept = bytearray()
        self._start = 0  # where ``_kept`` starts in the zip
        self._at = 0

    def write(self, data: bytes) -> int:
        offset = self._at - self._start
        if offset < 0:
            raise OSError("cannot write over a piece of the zip handed out already")
        self._kept[offset : offset + len(data)] = data
        self._at += len(data)
        return len(data)

    def tell(self) -> int:
        return self._at

    def seek(self, at: int, whence: int = 0) -> int:
        if whence != 0:
            raise OSError("only a position from the start")
        self._at = at
        return at

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        done = bytes(self._kept)
        self._start += len(done)
        self._kept.clear()
        return done


class _PiecesReader(io.RawIOBase):
    """The pieces of ``folder_zip_pieces`` read as one binary file."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._left = piece
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


def say_saved(lines: list[str], *, to_stderr: bool) -> None:
    """What ``--save`` did, after the summary (or beside the JSON: on stderr)."""
    from rich.console import Console
    from rich.text import Text

    out = Console(stderr=to_stderr)
    for line in lines:
        out.print(Text(line, style="bold green" if line.startswith("Saved as") else ""))


def list_walks(db: str | None, person: str | None, as_json: bool, notice: str) -> None:
    """``backstride gait list``: the walks kept for a person, the last one walked first."""
    from backstride.cli.people_cmd import named, records_for
    from backstride.services.gait_findings import WALK_NOT_USABLE, walk_not_usable

    records, whose = records_for(db, person)
    walks = sorted(records.list_walks(), key=lambda w: (w.walked_at, w.created_at, w.id), reverse=True)
    if as_json:
        shown = {"walks": [w.judged().to_dict() for w in walks], "notice": notice}
        sys.stdout.write(json.dumps(shown, indent=1, ensure_ascii=False, default=str) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from backstride.cli.gait_cmd import _duration
    from backstride.core.dates import day_words

    console = Console()
    whom = "" if whose is None else f" --person {whose.id}"
    if not walks:
        of = "" if whose is None else f" for {named(whose)}"
        console.print(
            f"No walks kept yet{of}. Keep one with: backstride gait analyze RECORDING --save{whom}",
            markup=False,
            highlight=False,
        )
        return
    title = "Your walks" if whose is None else f"Walks of {named(whose)}"
    table = Table(title=Text(f"{title}, the last one walked first"))
    for header, justify in (
        ("#", "right"),  # the number assess --walk takes
        ("Walked on", "left"),
        ("File", "left"),
        ("Steps", "right"),
        ("Walking time", "right"),
        ("Speed", "right"),
        ("Checks use it", "left"),
    ):
        table.add_column(header, justify=justify, overflow="fold", no_wrap=header == "Walked on")  # type: ignore[arg-type]
    for walk in walks:
        summary = walk.summary
        speed = summary.get("walking_speed_mps")
        why = walk_not_usable(walk.result)
        table.add_row(
            str(walk.id),
            day_words(walk.walked_on),
            Text(walk.original_filename),  # a file's name as it is: never read as Rich markup
            str(summary.get("n_steps", 0)),
            _duration(float(summary.get("walking_duration_s") or 0.0)),
            "not judged"
            if summary.get("not_at_lower_back")
            else ("" if speed is None else f"{speed:.2f} m/s"),
            "yes" if why is None else f"no: it {WALK_NOT_USABLE[why]}",
        )
    console.print(table)
    console.print(
        f"# is each walk's number: backstride assess --save --walk N{whom} saves a check that uses walk N.",
        markup=False,
        highlight=False,
    )
    console.print(notice, markup=False, highlight=False)


__all__ = ["WalkSaving", "list_walks", "say_saved"]
