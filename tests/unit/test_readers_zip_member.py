"""Zip members unpacked by ``_container.InflatedMember`` (ISA-L's inflate, each member with its own file
handle): the same bytes as zipfile gives, read whole or piece by piece; a damaged, cut or altered member
is refused with the errors zipfile gives (so the readers name the file as before); and never more than
what was asked for is unpacked at once, however well the member packs. Zips are written to tmp_path."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import FORMATS

from backstride.gait.readers._container import READ_ALL_CHUNK, InflatedMember, open_container


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _table(rows: int) -> bytes:
    rng = np.random.default_rng(1)
    body = "\n".join(
        f"{1772438400000000000 + 10_000_000 * i},{v:.17g}" for i, v in enumerate(rng.normal(size=rows))
    )
    return ("time,x\n" + body + "\n").encode()


def test_the_bytes_equal_zipfiles_read_whole_and_in_pieces(tmp_path: Path) -> None:
    members = {
        "Gyroscope.csv": _table(50_000),
        "meta/time.csv": b"",
        "Metadata.csv": b"version,platform\n3,ios",
    }
    path = _zip(tmp_path / "export.zip", members)
    c = open_container(path)
    try:
        for name, data in members.items():
            assert c.read(name) == data
            with c.open(name) as fh:
                assert isinstance(fh, InflatedMember)
                parts = []
                while piece := fh.read(10_007):
                    parts.append(piece)
                    parts.append(fh.readline())
                assert b"".join(parts) == data
    finally:
        c.close()


def test_every_zipped_sample_unpacks_as_zipfile_unpacks_it() -> None:
    zips = sorted(FORMATS.rglob("*.zip"))
    assert zips
    for path in zips:
        with zipfile.ZipFile(path) as zf, open_container(path) as c:
            for member in c.members:
                assert c.read(member) == zf.read(c._by_member[member]), (path, member)


def test_two_members_read_turn_about_each_from_its_own_place(tmp_path: Path) -> None:
    a, b = _table(20_000), _table(30_000)[::-1]
    path = _zip(tmp_path / "export.zip", {"a.csv": a, "b.csv": b})
    with open_container(path) as c, c.open("a.csv") as fa, c.open("b.csv") as fb:
        got_a, got_b = [], []
        while True:
            pa, pb = fa.read(4096), fb.read(5000)
            if not pa and not pb:
                break
            got_a.append(pa)
            got_b.append(pb)
    assert b"".join(got_a) == a and b"".join(got_b) == b


def test_an_altered_member_is_refused_at_its_end_as_zipfile_refuses_it(tmp_path: Path) -> None:
    data = _table(5_000)
    path = _zip(tmp_path / "export.zip", {"a.csv": data})
    # a different CRC-32 in the central directory: the bytes unpack, but are not the bytes that were packed
    raw = bytearray(path.read_bytes())
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 16 : central + 20] = (zlib.crc32(data) ^ 1).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with open_container(path) as c, c.open("a.csv") as fh:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32 for file 'a.csv'"):
            while fh.read(1000):
                pass


def test_damaged_or_cut_packed_data_gives_zipfiles_kinds_of_error(tmp_path: Path) -> None:
    data = _table(20_000)
    path = _zip(tmp_path / "export.zip", {"a.csv": data})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.csv")
    start = info.header_offset + 30 + len("a.csv")
    raw = bytearray(path.read_bytes())
    raw[start + 100 : start + 400] = bytes(300)  # packed bytes overwritten
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    with open_container(damaged) as c, c.open("a.csv") as fh:
        with pytest.raises((zlib.error, zipfile.BadZipFile, EOFError)):
            fh.read()
    # the member's packed data cut short: the directory says more than the file has
    with open_container(path) as c:
        member = c.open("a.csv")
        assert isinstance(member, InflatedMember)
        member._left = info.compress_size // 2  # as if the file ended half-way through the member
        with pytest.raises(EOFError):
            member.read()
        member.close()


def test_a_member_that_packs_a_thousand_fold_is_unpacked_only_as_far_as_asked(tmp_path: Path) -> None:
    path = _zip(tmp_path / "zeros.zip", {"a.csv": bytes(50_000_000)})
    assert path.stat().st_size < 200_000
    with open_container(path) as c, c.open("a.csv") as fh:
        assert isinstance(fh, InflatedMember)
        assert len(fh.read(1000)) == 1000
        assert len(fh._buf) == 0 and fh._made <= 1000  # nothing unpacked beyond what was asked
        assert len(fh.readline()) == 49_999_000  # no line end: to the end, 8 kB at a time
        assert fh.read() == b""
    with open_container(path) as c, c.open("a.csv") as fh:
        assert len(fh.read(READ_ALL_CHUNK // 2)) == READ_ALL_CHUNK // 2


def test_without_isal_zlib_unpacks_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from backstride.gait.readers import _container

    monkeypatch.setattr(_container, "_inflate_lib", zlib)
    monkeypatch.setattr(_container, "_INFLATE_ERRORS", (zlib.error,))
    data = _table(20_000)
    path = _zip(tmp_path / "export.zip", {"a.csv": data})
    with open_container(path) as c:
        assert c.read("a.csv") == data
