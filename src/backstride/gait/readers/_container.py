"""An export that is a folder, a zip, or a single file, seen as one flat set of named members.

A zip member packed with deflate (how the phone apps write them) is unpacked by :class:`InflatedMember`
with ISA-L's inflate (the ``isal`` package, PSF-2.0 bindings of Intel's BSD-3-Clause ISA-L) when it is
installed, else with zlib: ISA-L unpacks the 24-hour Sensor Logger benchmark's tables about 1.8x as fast,
and its CRC-32 (checked as zipfile checks it) about 5x.
"""

from __future__ import annotations

import bz2
import io
import lzma
import struct
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import IO, Any, cast

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import fail

_inflate_lib: ModuleType = zlib
_INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error,)
try:  # ISA-L's deflate: the same bytes out as zlib's, faster
    from isal import isal_zlib

    _inflate_lib = isal_zlib
    _INFLATE_ERRORS = (cast(type[Exception], isal_zlib.error), zlib.error)
except ImportError:  # pragma: no cover - isal is a dependency; zlib does the same work, slower
    pass

MAX_MEMBER_BYTES = 2_000_000_000
MAX_META_BYTES = 1_000_000  # Metadata.csv, meta/time.csv: a few lines (a tiny zip may unpack to gigabytes)
COMPRESSED_CHUNK = 1 << 20  # packed bytes read from the zip at a time
READ_ALL_CHUNK = 1 << 22  # unpacked bytes made at a time by read() (a packed member can unpack 1000-fold)
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature ... file name length, extra field length


class _Bzip2:
    """bz2's decompressor used as zlib's is (``decompress(data, most)``, ``eof``); it keeps the input it
    has not used itself, and says when it wants more (``needs_input``)."""

    unconsumed_tail = b""

    def __init__(self) -> None:
        self._d: Any = bz2.BZ2Decompressor()

    @property
    def needs_input(self) -> bool:
        return self._d is None or bool(self._d.needs_input)

    @property
    def eof(self) -> bool:
        return self._d is not None and bool(self._d.eof)

    def decompress(self, data: bytes, most: int) -> bytes:
        return cast(bytes, self._d.decompress(data, most))


class _Lzma(_Bzip2):
    """A zip's LZMA member (a 4-byte version and size, the LZMA1 properties, then the raw stream), read as
    zipfile reads it."""

    def __init__(self) -> None:
        self._d = None
        self._head = b""

    def decompress(self, data: bytes, most: int) -> bytes:
        if self._d is None:
            self._head += data
            if len(self._head) <= 4:
                return b""
            (size,) = struct.unpack_from("<H", self._head, 2)
            if len(self._head) <= 4 + size:
                return b""
            props, data, self._head = self._head[4 : 4 + size], self._head[4 + size :], b""
            lzma_filter = lzma._decode_filter_properties(lzma.FILTER_LZMA1, props)  # type: ignore[attr-defined]
            self._d = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])
        return cast(bytes, self._d.decompress(data, most))


class InflatedMember(io.RawIOBase):
    """A deflated zip member unpacked as it is read (``read(n)``, ``readline()``), with its own handle on
    the zip file (so two members can be read by two threads at once), never more than ``n`` bytes (or
    ``READ_ALL_CHUNK``) unpacked ahead, and never more than the size the zip's directory gives (what the
    limits on unpacked sizes were checked against: more is a ``zipfile.BadZipFile`` at once). At its end
    the size and CRC-32 are checked as zipfile checks them (``zipfile.BadZipFile``); damaged packed data
    is a ``zlib.error``, a member cut short an ``EOFError``, the errors zipfile gives. A member packed with
    bzip2 or LZMA is read the same way: zipfile unpacks a whole read's packed bytes of those at once (4 MB
    of bzip2 can unpack to terabytes)."""

    def __init__(self, path: Path, info: zipfile.ZipInfo) -> None:
        super().__init__()
        self._fh = path.open("rb")
        try:
            self._fh.seek(info.header_offset)
            head = self._fh.read(_LOCAL_HEADER.size)
            if len(head) != _LOCAL_HEADER.size:
                raise zipfile.BadZipFile("Truncated file header")
            fields = _LOCAL_HEADER.unpack(head)
            if fields[0] != b"PK\x03\x04":
                raise zipfile.BadZipFile("Bad magic number for file header")
            name = self._fh.read(fields[-2])
            text = name.decode("utf-8" if fields[2] & 0x800 else "cp437", "replace")
            if text != info.orig_filename:
                raise zipfile.BadZipFile(
                    f"File name in directory {info.orig_filename!r} and header {name!r} differ."
                )
            self._fh.seek(fields[-1], io.SEEK_CUR)
        except BaseException:
            self._fh.close()
            raise
        self._info = info
        self._left = info.compress_size  # packed bytes not read yet
        self._inflater: Any = _inflate_lib.decompressobj(-15)
        self._errors = _INFLATE_ERRORS
        self._no_end_marker = info.compress_type == zipfile.ZIP_LZMA and not info.flag_bits & 0x2
        if info.compress_type != zipfile.ZIP_DEFLATED:
            self._inflater = _Bzip2() if info.compress_type == zipfile.ZIP_BZIP2 else _Lzma()
            self._errors = (OSError, EOFError, ValueError, lzma.LZMAError)
        self._crc = 0
        self._made = 0
        # an empty member with no packed bytes at all (some writers): nothing to unpack, as zipfile says
        self._ended = info.compress_size == 0 and info.file_size == 0
        self._buf = b""

    def readable(self) -> bool:
        return True

    def _unpack(self, most: int) -> bytes:
        """Up to ``most`` more bytes of the member; ``b""`` at its end (checked)."""
        while not self._ended:
            data = self._inflater.unconsumed_tail
            if not data and self._left > 0 and getattr(self._inflater, "needs_input", True):
                data = self._fh.read(min(self._left, COMPRESSED_CHUNK))
                if not data:  # the zip file is shorter than its directory says
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
                self._left -= len(data)
            # never more than the zip's directory says, and one byte to tell a member that unpacks to
            # more (a zip bomb: its sizes are what the upload and member limits were checked against)
            room = self._info.file_size - self._made
            try:
                out = self._inflater.decompress(data, min(most, room + 1))
            except self._errors as exc:
                raise zlib.error(f"the packed data is damaged ({exc})") from None
            if len(out) > room:
                raise zipfile.BadZipFile(
                    f"{self._info.filename!r} unpacks to more than the {self._info.file_size:,} bytes "
                    "the zip's directory says it holds (a damaged or altered zip)"
                )
            if out:
                self._crc = _inflate_lib.crc32(out, self._crc)
                self._made += len(out)
            if self._inflater.eof:
                self._finish()
            if out:
                return out
            if not data:  # nothing more to unpack, and the packed data did not end
                if self._no_end_marker and self._left == 0:  # LZMA may have none: size and CRC say
                    self._finish()
                    return b""
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        return b""

    def _finish(self) -> None:
        self._ended = True
        if self._made != self._info.file_size or self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._info.filename!r}")

    def read(self, size: int | None = -1) -> bytes:
        parts = [self._buf] if self._buf else []
        have = len(self._buf)
        self._buf = b""
        while size is None or size < 0 or have < size:
            want = READ_ALL_CHUNK if size is None or size < 0 else size - have
            chunk = self._unpack(want)
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        if size is not None and 0 <= size < len(data):
            data, self._buf = data[:size], data[size:]
        return data

    def readline(self, size: int | None = -1) -> bytes:
        """Up to and with the next line end, or ``size`` bytes (when given), or the member's end."""
        limit = -1 if size is None else size
        parts = []
        have = 0
        while limit < 0 or have < limit:
            if not self._buf:
                self._buf = self._unpack(8192)
                if not self._buf:
                    break
            want = len(self._buf) if limit < 0 else min(len(self._buf), limit - have)
            end = self._buf.find(b"\n", 0, want)
            if end >= 0:
                parts.append(self._buf[: end + 1])
                self._buf = self._buf[end + 1 :]
                break
            parts.append(self._buf[:want])
            self._buf = self._buf[want:]
            have += want
        return b"".join(parts)

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()


_OURS = (zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)  # unpacked by InflatedMember


def open_member(path: Path, zf: zipfile.ZipFile, name: str) -> IO[bytes]:
    """The zip member ``name`` to read piece by piece, never unpacking more than asked (InflatedMember;
    zipfile's reader unpacks all of a read's packed bytes of bzip2 and LZMA at once). Encrypted or
    unknown methods: zipfile's own errors (RuntimeError, NotImplementedError)."""
    info = zf.getinfo(name)
    if info.compress_type in _OURS and not info.flag_bits & 0x1:
        return cast(IO[bytes], InflatedMember(path, info))
    return zf.open(name)


@dataclass
class Container:
    """Members by relative POSIX path (``meta/time.csv``); bytes are read on demand."""

    where: str
    root: Path
    kind: str  # "dir" | "zip" | "file"
    members: list[str] = field(default_factory=list)
    _zip: zipfile.ZipFile | None = None
    _by_member: dict[str, str] = field(default_factory=dict)  # member -> name inside the zip

    def read(self, member: str, most: int | None = None) -> bytes:
        """The member's bytes; a zip member that unpacks to more than ``most`` bytes (default
        ``MAX_MEMBER_BYTES``) is refused."""
        label = f"{self.where}:{member}" if self.kind != "file" else self.where
        limit = MAX_MEMBER_BYTES if most is None else most
        if self._zip is not None and member in self._by_member and self.size(member) > limit:
            advice = "(split the recording into shorter files)" if most is None else "(a few lines)"
            raise fail(label, f"unpacks to {self.size(member):,} bytes; expected at most {limit:,} {advice}")
        try:
            if self._zip is not None:
                with self.open(member) as fh:
                    return fh.read()
            if self.kind == "file":
                return self.root.read_bytes()
            return (self.root / member).read_bytes()
        except RecordingError:
            raise
        except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise fail(label, f"cannot be read ({exc})") from None
        except Exception as exc:  # zlib.error and friends from a damaged zip member
            raise fail(label, f"is damaged and cannot be unpacked ({exc})") from None

    def open(self, member: str) -> IO[bytes]:
        """The member as a binary file object to read piece by piece (a zip member is unpacked as it is
        read: nothing bigger than a piece is held)."""
        if self._zip is not None:
            name = self._by_member[member]
            info = self._zip.getinfo(name)
            label = self.label(member)
            if info.flag_bits & 0x1:
                raise fail(label, "is encrypted (the zip has a password); expected a zip without a password")
            try:
                return open_member(self.root, self._zip, name)
            except NotImplementedError:  # zipfile: deflate64, AES, ... (the phone apps use deflate)
                raise fail(
                    label,
                    f"is packed with a method backstride cannot unpack (zip method {info.compress_type}); "
                    "expected deflate (or no packing), as the phone apps write",
                ) from None
            except (OSError, zipfile.BadZipFile, EOFError) as exc:  # a damaged local header
                raise fail(label, f"cannot be read ({exc})") from None
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


MAX_ZIP_DIRECTORY_BYTES = 2_000_000  # a zip's list of its files: ~25,000 names (a phone export lists a few)


def zip_directory_bytes(path: Path) -> int | None:
    """The size of a zip's central directory (its list of files), found as zipfile finds it (the end
    record at the very end, else the last one in the final 64 kB; the zip64 record just before it), so
    that a zip listing millions of files is refused before zipfile makes an object for each (a 1 GB upload
    of empty members would take ~10 GB). ``None`` when there is no end record (zipfile says what is
    wrong)."""
    with path.open("rb") as fh:
        size = fh.seek(0, io.SEEK_END)
        if size < 22:
            return None
        fh.seek(size - min(size, 22 + 65535))
        tail = fh.read()
        at = len(tail) - 22
        if not (tail[at : at + 4] == b"PK\x05\x06" and tail[-2:] == b"\x00\x00"):
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < 22:
                return None
        found = int(struct.unpack_from("<L", tail, at + 12)[0])
        locator = size - len(tail) + at - 20
        if locator >= 56:
            fh.seek(locator - 56)
            zip64 = fh.read(76)
            if zip64[56:60] == b"PK\x06\x07" and zip64[:4] == b"PK\x06\x06":
                found = int(struct.unpack_from("<q", zip64, 40)[0])
    return found


def check_zip_directory(path: Path, where: str) -> None:
    """Refuse (``RecordingError``) a zip whose list of files is over ``MAX_ZIP_DIRECTORY_BYTES``."""
    listed = zip_directory_bytes(path)
    if listed is not None and listed > MAX_ZIP_DIRECTORY_BYTES:
        raise fail(
            where,
            f"the zip's list of files takes {listed:,} bytes (hundreds of thousands of files); expected at "
            f"most {MAX_ZIP_DIRECTORY_BYTES:,}: a phone export holds a few files",
        )


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
        check_zip_directory(path, where)
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
        c = Container(
            where=where, root=path, kind="zip", members=sorted(by_member), _zip=zf, _by_member=by_member
        )
        try:
            _refuse_several_exports(c)
        except BaseException:
            c.close()
            raise
        return c
    if path.suffix.lower() == ".zip":
        raise fail(where, "the file is named .zip but is not a readable zip archive (damaged or cut off)")
    return Container(where=where, root=path, kind="file", members=[path.name])


# the first line of a phone app's sensor table: phyphox ('"Time (s)",...') and Sensor Logger (new, old schema)
EXPORT_TABLE_HEADS = ('"time (s)"', "time (s)", "time,seconds_elapsed,", "time,z,y,x", "time,qz,")


def export_roots(members: Iterable[str]) -> set[str]:
    """The folders of the exports among ``members`` (relative POSIX paths; "" the top): each phyphox
    export's (the folder of its ``meta/time.csv``) and each Sensor Logger export's (of its
    ``Metadata.csv``)."""
    roots: set[str] = set()
    for m in members:
        parts = m.split("/")
        if parts[-1].lower() == "time.csv" and len(parts) >= 2 and parts[-2].lower() == "meta":
            roots.add("/".join(parts[:-2]))
        elif parts[-1].lower() == "metadata.csv":
            roots.add("/".join(parts[:-1]))
    return roots


def other_tables(members: Iterable[str], roots: set[str], head: Callable[[str], str]) -> set[str]:
    """The folders of export tables (a CSV whose first line, ``head(member)``, is a phone app's header)
    that are recordings of their own beside the exports ``roots``: a folder under no export, and a folder
    inside an export that has tables of its own beside it (another export, without its ``meta/``, put in a
    subfolder of one that has it: it was read as part of the first, its files mixed with the first's).
    An export whose tables are all in one subfolder (phyphox's ``meta/`` beside ``data/``) is one."""
    alone: set[str] = set()
    inside: dict[str, set[str]] = defaultdict(set)  # an export's folder -> the folders of its tables
    for m in members:
        folder = m.rsplit("/", 1)[0] if "/" in m else ""
        owner = max((r for r in roots if r == "" or m.startswith(r + "/")), key=len, default=None)
        meta = folder.lower() == ("meta" if owner == "" else f"{owner}/meta".lower())
        if folder in alone or (owner is not None and (meta or folder in inside[owner])):
            continue
        if m.lower().endswith(".csv") and head(m).startswith(EXPORT_TABLE_HEADS):
            (alone if owner is None else inside[owner]).add(folder)
    beside = {f for owner, folders in inside.items() if len(folders) > 1 for f in folders if f != owner}
    return alone | beside


def _refuse_several_exports(c: Container) -> None:
    """A zip of several phone exports (two phyphox exports zipped together, each with its ``meta/``; Sensor
    Logger exports each with its ``Metadata.csv``; or one of them beside the folder of an export's tables
    without its ``meta/``, like a phyphox 'minimalistic' export) is refused naming a few, as a folder of
    them is: one was read, the others left out without a word, or their files mixed. A folder of tables
    counts when it is under no export's folder and a table's first line is a phone app's header."""
    roots = export_roots(c.members)
    tables: set[str] = set()
    if roots:  # without an export's folder, one folder of tables or several: as before (the reader says)
        tables = other_tables(c.members, roots, lambda m: _table_head(c, m))
    names = sorted(r or "(the zip's top)" for r in roots | tables)
    if len(names) < 2:
        return
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    raise fail(
        c.where,
        f"this zip holds {len(names)} different recordings ({shown}), and backstride reads one walk at a "
        "time: unzip it and give just one of them",
    )


def _table_head(c: Container, member: str) -> str:
    """The member's first line, lower-case (a BOM and spaces off); empty when it cannot be read."""
    try:
        fh = c.open(member)
        try:
            head = fh.read(512)
        finally:
            fh.close()
    except (RecordingError, OSError, zipfile.BadZipFile, zlib.error):
        return ""
    return head.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0].strip().lower()


def zip_folder(folder: Path, path: Path) -> None:
    """Every file under ``folder`` into the zip ``path`` (names relative to ``folder``), deflated as the
    phone apps do (writers of test and benchmark exports)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(folder).as_posix())


__all__ = [
    "MAX_META_BYTES",
    "Container",
    "check_zip_directory",
    "open_container",
    "open_member",
    "zip_folder",
]
