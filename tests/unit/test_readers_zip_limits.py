"""A zip member is never unpacked beyond the size the zip's directory gives for it.

That size is what the limits on unpacking were checked against (the upload's ``MAX_UNPACKED_UPLOAD_BYTES``,
the readers' ``MAX_MEMBER_BYTES``, streaming or not), so a zip whose directory says a member holds a few
bytes but whose packed data unpacks to gigabytes (a zip bomb) is refused as soon as it passes that size,
with the member named, not unpacked in full first. The bomb's packed data is one deflated megabyte of
zeros repeated (a full flush between them, so every repeat is the same bytes): 1 GB from 1 MB, in a
fraction of a second. Zips are written to tmp_path."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from tests.unit.limited_process import READERS, run_limited

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording
from backstride.gait.readers._container import InflatedMember, open_container

HEAD = b"time,seconds_elapsed,z,y,x\n1700000000000000000,0,"
ROWS = b"".join(b"%d,%g,9.8,0.1,0.2\n" % (1700000000000000000 + i * 10_000_000, i / 100) for i in range(300))
HEADROOM_MB = 400  # address space allowed beyond the imports in the limited process


def _packed_bomb(head: bytes, megabytes: int) -> bytes:
    """Raw deflate of ``head`` and ``megabytes`` MB of b'0' (no line end)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(b"0" * (1 << 20)) + co.flush(zlib.Z_FULL_FLUSH)
    return first + block * megabytes + co.flush()


def _lying_zip(
    path: Path, name: str, megabytes: int, declared_size: int, others: dict[str, bytes] | None = None
) -> Path:
    """A Sensor Logger zip whose ``name`` unpacks to ``megabytes`` MB, its directory saying
    ``declared_size`` bytes (local header and central directory alike; the CRC-32 is wrong, checked only
    at the member's end)."""
    packed = _packed_bomb(b"version,platform\n3,android," if name == "Metadata.csv" else HEAD, megabytes)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for other, data in (others or {"Metadata.csv": b"version,platform\n3,android\n"}).items():
            zf.writestr(other, data)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_STORED
        zf.writestr(info, b"x" * len(packed))  # room for the packed data, patched below
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    start = local + 30 + len(name)
    raw[start : start + len(packed)] = packed
    struct.pack_into("<H", raw, local + 8, zipfile.ZIP_DEFLATED)
    struct.pack_into("<L", raw, local + 22, declared_size)
    central = raw.rindex(b"PK\x01\x02")  # the last entry: this member
    assert raw[central + 46 : central + 46 + len(name)] == name.encode()
    struct.pack_into("<H", raw, central + 10, zipfile.ZIP_DEFLATED)
    struct.pack_into("<L", raw, central + 24, declared_size)
    path.write_bytes(bytes(raw))
    return path


def test_a_member_unpacking_to_more_than_its_directory_says_stops_there(tmp_path: Path) -> None:
    path = _lying_zip(tmp_path / "bomb.zip", "Accelerometer.csv", 50, declared_size=len(HEAD) + 1000)
    with open_container(path) as c:
        for how in ("whole", "pieces"):
            fh = c.open("Accelerometer.csv")
            assert isinstance(fh, InflatedMember)
            with pytest.raises(zipfile.BadZipFile, match="unpacks to more than the 1,0.. bytes"):
                if how == "whole":
                    fh.read()
                else:
                    while fh.read(100):
                        fh.readline()
            assert fh._made <= len(HEAD) + 1000  # stopped at the directory's size, not 50 MB on
            fh.close()
        with pytest.raises(RecordingError, match="Accelerometer.csv: cannot be read .*unpacks to more"):
            c.read("Accelerometer.csv")


def test_an_honest_member_of_exactly_its_size_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    data = HEAD.split(b"\n")[0] + b"\n" + ROWS
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Accelerometer.csv", data)
        zf.writestr("Gyroscope.csv", b"")
    with open_container(path) as c:
        assert c.read("Accelerometer.csv") == data and c.read("Gyroscope.csv") == b""
        with c.open("Accelerometer.csv") as fh:
            assert b"".join(iter(lambda: fh.read(7), b"")) == data


READ_IT = """
try:
    stream = open_recording(args[0])
    if stream.whole is None:
        sum(block.n_samples for block in stream.blocks(90_000))
except RecordingError as exc:
    print(exc)
"""


def _read_in_a_limited_process(path: Path, headroom_mb: int = HEADROOM_MB) -> str:
    """What reading ``path`` says (its refusal), in a process limited to its imports + ``headroom_mb``."""
    return run_limited(READERS, READ_IT, str(path), headroom_mb=headroom_mb)


@pytest.mark.parametrize("declared_mb", [0, 40])  # read whole; read piece by piece (over 32 MB)
def test_a_zip_bomb_is_refused_within_a_memory_limit(declared_mb: int, tmp_path: Path) -> None:
    path = _lying_zip(tmp_path / "bomb.zip", "Accelerometer.csv", 1024, declared_mb * 1_000_000 + 20_000)
    assert path.stat().st_size < 2_000_000
    said_there = _read_in_a_limited_process(path)
    assert "Accelerometer.csv" in said_there
    # read piece by piece, its one line is refused first (read_piece's MAX_LINE_BYTES)
    assert "unpacks to more than the" in said_there or "has a line longer than" in said_there


def test_the_bomb_is_refused_by_read_recording_naming_the_member(tmp_path: Path) -> None:
    path = _lying_zip(tmp_path / "bomb.zip", "Accelerometer.csv", 20, 20_000)
    with pytest.raises(RecordingError, match=r"bomb.zip:Accelerometer.csv.*unpacks to more than the 20,000"):
        read_recording(path)


# ------------------------------------------------------ members that cannot be unpacked, read in pieces

ROWS_TOTAL = b"time,seconds_elapsed,z,y,x\n" + ROWS  # Android's TotalAcceleration (gravity included)
BIG = 40_000_000  # a table over PHONE_STREAM_MIN_BYTES (declared): read piece by piece


def _patched(
    path: Path, name: str, *, method: int | None = None, flag: int = 0, size: int | None = None
) -> None:
    """The member's compression method, flag bits (or-ed) and declared size changed in both headers."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(name)] != name.encode():  # this member's entry
        central = raw.index(b"PK\x01\x02", central + 4)
    for head, off in ((info.header_offset, 0), (central, 2)):
        flags = struct.unpack_from("<H", raw, head + 6 + off)[0]
        struct.pack_into("<H", raw, head + 6 + off, flags | flag)
        if method is not None:
            struct.pack_into("<H", raw, head + 8 + off, method)
        if size is not None:
            struct.pack_into("<L", raw, head + 22 + off, size)
    path.write_bytes(bytes(raw))


def _export(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Metadata.csv", b"version,platform\n3,android\n")
        zf.writestr("TotalAcceleration.csv", ROWS_TOTAL)
    return path


@pytest.mark.parametrize("size", [None, BIG])  # read whole; read piece by piece
@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"flag": 0x1}, "is encrypted"),
        ({"method": 9}, "packed with a method backstride cannot unpack"),  # deflate64
        ({"method": 99}, "packed with a method backstride cannot unpack"),  # AES
        ({"damage": 1}, "(is damaged and cannot be unpacked|cannot be read)"),
    ],
)
def test_a_member_that_cannot_be_unpacked_is_refused_by_name(
    change: dict[str, int], said: str, size: int | None, tmp_path: Path
) -> None:
    from backstride.gait.readers import open_recording

    path = _export(tmp_path / "export.zip")
    if change.get("damage"):
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("TotalAcceleration.csv")
        raw = bytearray(path.read_bytes())
        start = info.header_offset + 30 + len("TotalAcceleration.csv")
        raw[start + 20 : start + 220] = bytes(range(200))  # the packed data garbled
        path.write_bytes(bytes(raw))
    _patched(path, "TotalAcceleration.csv", size=size, **{k: v for k, v in change.items() if k != "damage"})
    with pytest.raises(RecordingError, match=f"export.zip.*{said}"):
        stream = open_recording(path)
        sum(block.n_samples for block in stream.blocks(1000))


# ------------------------------------------- within the limits: one endless line, a huge metadata file

ONE_GB = 1024 * (1 << 20)


def test_readline_stops_at_its_limit(tmp_path: Path) -> None:
    path = _export(tmp_path / "export.zip")
    with open_container(path) as c, c.open("TotalAcceleration.csv") as fh:
        assert fh.readline(5) == b"time,"
        assert fh.readline(1000) == b"seconds_elapsed,z,y,x\n"  # the line end comes first
        assert fh.readline(0) == b""
        assert fh.readline() == ROWS.split(b"\n")[0] + b"\n"


def test_a_table_of_one_endless_line_is_refused_after_a_megabyte(tmp_path: Path) -> None:
    from backstride.gait.readers import open_recording

    size = len(HEAD) + 50 * (1 << 20)  # the directory says what it holds: within every limit
    path = _lying_zip(tmp_path / "line.zip", "TotalAcceleration.csv", 50, size)
    with pytest.raises(RecordingError, match=r"TotalAcceleration.csv: has a line longer than 1,048,576"):
        open_recording(path, piece_bytes=4096)


@pytest.mark.parametrize("name", ["TotalAcceleration.csv", "Metadata.csv"])
def test_a_gigabyte_within_the_limits_is_refused_within_a_memory_limit(name: str, tmp_path: Path) -> None:
    """1 GB that the zip's directory says it holds (under the 2 GB and 4 GB limits): a table of one line
    (over 32 MB: read piece by piece), or a Metadata.csv (read whole). Both were held whole, 3-4 GB."""
    others = {"Metadata.csv": b"version,platform\n3,android\n", "TotalAcceleration.csv": ROWS_TOTAL}
    del others[name]
    path = _lying_zip(tmp_path / "big.zip", name, 1024, len(HEAD) + ONE_GB, others)
    said_there = _read_in_a_limited_process(path)
    said = "has a line longer than" if name != "Metadata.csv" else "expected at most 1,000,000 (a few lines)"
    assert name in said_there and said in said_there, said_there


# --------------------------------------------------------------------- a zip listing a great many files


def test_the_directory_size_is_found_as_zipfile_finds_it(tmp_path: Path) -> None:
    from backstride.gait.readers._container import zip_directory_bytes

    for kind in ("plain", "comment"):  # zip64's end record: the next test (over 65,535 files)
        path = tmp_path / f"{kind}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for i in range(50):
                zf.writestr(f"member-{i}.csv", ROWS[: 100 + i])
            if kind == "comment":  # the end record is not the last 22 bytes: it is searched for
                zf.comment = b"a comment " * 100
        with zipfile.ZipFile(path) as zf:
            start = zf.start_dir
        raw = path.read_bytes()
        assert zip_directory_bytes(path) == raw.rfind(b"PK\x05\x06") - start > 50 * 46, kind
    (tmp_path / "short.zip").write_bytes(b"PK\x05\x06")
    assert zip_directory_bytes(tmp_path / "short.zip") is None


def test_a_zip_listing_too_many_files_is_refused_before_zipfile_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """66,000 empty members (3 MB of listing; over 65,535: zip64's end record): a 1 GB upload could list
    20 million, ~10 GB of zipfile's ZipInfo objects."""
    from backstride.gait.readers import open_recording
    from backstride.gait.readers._container import zip_directory_bytes
    from backstride.gait.readers.actigraph import read_actigraph
    from backstride.services.records import _refuse_a_zip_that_unpacks_too_large

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("Metadata.csv", b"version,platform\n3,android\n")
        zf.writestr("TotalAcceleration.csv", ROWS_TOTAL)
        for i in range(66_000):
            zf.writestr(f"x/{i}", b"")
    with zipfile.ZipFile(path) as zf:
        start = zf.start_dir
    assert zip_directory_bytes(path) == path.read_bytes().rfind(b"PK\x06\x06") - start

    def no_listing(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile listed the files")

    monkeypatch.setattr(zipfile, "ZipFile", no_listing)
    said = r"many.zip: the zip's list of files takes 3,\d{3},\d{3} bytes .*expected at most 2,000,000"
    with pytest.raises(RecordingError, match=said):
        read_recording(path)
    with pytest.raises(RecordingError, match=said):
        open_recording(path, format="sensor-logger")
    with pytest.raises(RecordingError, match=said):
        read_actigraph(path)
    with pytest.raises(RecordingError, match=said):
        _refuse_a_zip_that_unpacks_too_large("many.zip", path)


# ------------------------------------------------------------------------------- bzip2 and LZMA members


def _bz2_zip(path: Path, megabytes: int, declared_size: int, name: str = "TotalAcceleration.csv") -> Path:
    """A Sensor Logger zip whose ``name`` is bzip2 of HEAD and ``megabytes`` MB of b'0' (one line), its
    directory saying ``declared_size`` bytes. bzip2 packs a gigabyte of one byte into 1 kB."""
    import bz2

    packer = bz2.BZ2Compressor(9)
    block = b"0" * (1 << 20)
    packed = packer.compress(HEAD) + b"".join(packer.compress(block) for _ in range(megabytes))
    packed += packer.flush()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("Metadata.csv", b"version,platform\n3,android\n")
        zf.writestr(name, b"x" * len(packed))  # room for the packed data, patched below
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    raw[local + 30 + len(name) : local + 30 + len(name) + len(packed)] = packed
    path.write_bytes(bytes(raw))
    _patched(path, name, method=zipfile.ZIP_BZIP2, size=declared_size)
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_bzip2_and_lzma_members_read_as_zipfile_reads_them(method: int, tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    members = {"TotalAcceleration.csv": ROWS_TOTAL * 20, "Metadata.csv": b"version,platform\n3,android\n"}
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with open_container(path) as c:
        for name, data in members.items():
            assert c.read(name) == data
            with c.open(name) as fh:
                assert isinstance(fh, InflatedMember)
                parts: list[bytes] = []
                while piece := fh.read(1000):
                    assert fh._made <= 1000 * (len(parts) + 1) + 8192  # a piece at a time
                    parts += [piece, fh.readline()]
                assert b"".join(parts) == data


def test_a_bzip2_member_is_unpacked_a_piece_at_a_time_and_never_past_its_size(tmp_path: Path) -> None:
    path = _bz2_zip(tmp_path / "bomb.zip", 50, declared_size=len(HEAD) + 1000)
    with open_container(path) as c, c.open("TotalAcceleration.csv") as fh:
        assert isinstance(fh, InflatedMember)
        assert len(fh.read(100)) == 100 and fh._made <= 100
        with pytest.raises(zipfile.BadZipFile, match="unpacks to more than the 1,0.. bytes"):
            fh.read()
        assert fh._made <= len(HEAD) + 1000


@pytest.mark.parametrize("name", ["TotalAcceleration.csv", "walk.csv"])  # walk.csv: its format is detected
def test_a_bzip2_bomb_within_the_limits_is_refused_within_a_memory_limit(name: str, tmp_path: Path) -> None:
    """300 MB of one line in 300 bytes, the directory saying so: zipfile unpacked each read's packed bytes
    at once (4 MB of bzip2 can be terabytes), here all 300 MB in one go, even to look at 512 bytes."""
    path = _bz2_zip(tmp_path / "bomb.zip", 300, declared_size=len(HEAD) + 300 * (1 << 20), name=name)
    said_there = _read_in_a_limited_process(path, headroom_mb=150)
    said = "TotalAcceleration.csv: has a line longer than" if name != "walk.csv" else "no accelerometer data"
    assert said in said_there, said_there


@pytest.mark.parametrize(
    ("change", "said"), [({"flag": 0x1}, "is encrypted"), ({"method": 9}, "not supported")]
)
def test_a_zip_whose_format_is_told_from_a_member_it_cannot_unpack_is_refused(
    change: dict[str, int], said: str, tmp_path: Path
) -> None:
    path = tmp_path / "walk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("walk.csv", ROWS_TOTAL)
    _patched(path, "walk.csv", **change)
    with pytest.raises(RecordingError, match=f"walk.zip: a file in the zip cannot be unpacked .*{said}"):
        read_recording(path)


def test_an_actigraph_info_txt_of_a_gigabyte_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    others = {"log.bin": b"\x1e" * 64}
    path = _lying_zip(tmp_path / "bomb.gt3x", "info.txt", 1024, len(HEAD) + ONE_GB, others)
    said_there = _read_in_a_limited_process(path)
    assert "bomb.gt3x:info.txt: unpacks to 1,073,741,8" in said_there, said_there
    assert "expected at most 1,000,000 (a few lines)" in said_there


def test_an_empty_member_with_no_packed_bytes_reads_empty_as_zipfile_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.csv", b"")  # first: its head is looked at to tell the format (no Metadata.csv)
        zf.writestr("TotalAcceleration.csv", ROWS_TOTAL)
    _patched(path, "a.csv", method=zipfile.ZIP_DEFLATED)  # deflated, and no bytes at all
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("a.csv").compress_size == 0 and zf.read("a.csv") == b""
    with open_container(path) as c, c.open("a.csv") as fh:
        assert fh.read() == b""
    assert read_recording(path).n_samples > 100
