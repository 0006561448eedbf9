"""An export that is a folder, a zip, or a single file, seen as one flat set of named members."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from backstride.gait.readers._common import fail

MAX_MEMBER_BYTES = 2_000_000_000


@dataclass
class Container:
    """Members by relative POSIX path (``meta/time.csv``); bytes are read on demand."""

    where: str
    root: Path
    kind: str  # "dir" | "zip" | "file"
    members: list[str] = field(default_factory=list)
    _zip: zipfile.ZipFile | None = None
    _by_member: dict[str, str] = field(default_factory=dict)  # member -> name inside the zip

    def read(self, member: str) -> bytes:
        label = f"{self.where}:{member}" if self.kind != "file" else self.where
        if self._zip is not None and member in self._by_member and self.size(member) > MAX_MEMBER_BYTES:
            raise fail(
                label,
                f"unpacks to {self.size(member):,} bytes; expected at most {MAX_MEMBER_BYTES:,} "
                "(split the recording into shorter files)",
            )
        try:
            if self._zip is not None:
                return self._zip.read(self._by_member[member])
            if self.kind == "file":
                return self.root.read_bytes()
            return (self.root / member).read_bytes()
        except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise fail(label, f"cannot be read ({exc})") from None
        except Exception as exc:  # zlib.error and friends from a damaged zip member
            raise fail(label, f"is damaged and cannot be unpacked ({exc})") from None

    def open(self, member: str) -> IO[bytes]:
        """The member as a binary file object to read piece by piece (a zip member is unpacked as it is
        read: nothing bigger than a piece is held)."""
        if self._zip is not None:
            return self._zip.open(self._by_member[member])
        if self.kind == "file":
            return self.root.open("rb")
        return (self.root / member).open("rb")

    def seekable(self, member: str) -> bool:
        """Whether ``open(member)`` can jump to a place cheaply (a file; a zip member stored, not packed)."""
        if self._zip is None:
            return True
        return self._zip.getinfo(self._by_member[member]).compress_type == zipfile.ZIP_STORED

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def size(self, member: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._by_member[member]).file_size
        if self.kind == "file":
            return self.root.stat().st_size
        return (self.root / member).stat().st_size

    def label(self, member: str) -> str:
        return self.where if self.kind == "file" else f"{self.where}:{member}"

    def find(self, name: str) -> str | None:
        """The member whose file name (any folder) equals ``name``, case-insensitively."""
        lname = name.lower()
        for m in self.members:
            if PurePosixPath(m).name.lower() == lname:
                return m
        return None


def _strip_top(name: str, top: str) -> str:
    return name[len(top) :] if top and name.startswith(top) else name


def open_container(path: Path) -> Container:
    where = str(path)
    if path.is_dir():
        members = sorted(
            p.relative_to(path).as_posix()
            for p in path.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        )
        if not members:
            raise fail(where, "the folder is empty")
        return Container(where=where, root=path, kind="dir", members=members)
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
            names = [n for n in zf.namelist() if not n.endswith("/") and "__MACOSX" not in n]
        except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:  # a garbled member name too
            raise fail(where, f"the zip file is damaged ({exc})") from None
        if not names:
            raise fail(where, "the zip file holds no files")
        tops = {n.split("/", 1)[0] + "/" for n in names}
        top = tops.pop() if len(tops) == 1 and all("/" in n for n in names) else ""
        by_member = {_strip_top(n, top): n for n in names}
        return Container(
            where=where, root=path, kind="zip", members=sorted(by_member), _zip=zf, _by_member=by_member
        )
    if path.suffix.lower() == ".zip":
        raise fail(where, "the file is named .zip but is not a readable zip archive (damaged or cut off)")
    return Container(where=where, root=path, kind="file", members=[path.name])


def zip_folder(folder: Path, path: Path) -> None:
    """Every file under ``folder`` into the zip ``path`` (names relative to ``folder``), deflated as the
    phone apps do (writers of test and benchmark exports)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(folder).as_posix())


__all__ = ["Container", "open_container", "zip_folder"]
