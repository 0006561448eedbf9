"""A wrong file on the Walks page is said in plain words first: a first-time user at home who sent a
note or a shopping list read only "We could not use this file. note.txt: the first line '...' is not a
header of several columns". The page now names the problem in a person's words (reading age ~12)
after that first sentence, then the exact problem, as the command line says it (still 422 on the page).
`backstride gait analyze note.txt` said only the exact problem; it now adds the same plain words after
it (still exit 2, one `error:` line, nothing written)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _zip_of_a_note() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return packed.getvalue()


SEND = "To measure a walk, send the file that phyphox or Sensor Logger made."
WRONG_FILES = [
    (
        "note.txt",
        b"Just a note about my walk today\nIt went fine\n",
        f"It is not a walk recording: it is not a table of readings from a motion sensor. {SEND}",
        "is not a header of several columns",
    ),
    (
        "shopping.csv",
        b"item,price\nmilk,1.20\nbread,2.00\n",
        f"Its table has no movement readings, so it is not a walk recording. {SEND}",
        "no accelerometer columns",
    ),
    (
        "header_only.csv",
        b"time,ax,ay,az\n",
        "It has the names of its columns but no readings under them: is it cut short?",
        "the file has a header but no data rows",
    ),
    (
        "walk.xlsx",
        b"PK\x03\x04" + b"\x00" * 100,
        f"It is not a walk recording that we can read. {SEND}",
        "binary",
    ),
    (
        "data.json",
        b'{"a": 1}',
        f"It is not a walk recording that we can read. {SEND}",
        "Sensor Logger",
    ),
    (
        "other.zip",
        _zip_of_a_note(),
        f"We found no walk recording in it. {SEND}",
        "no recording found here",
    ),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('wrong') / 't.sqlite3'}"
    with TestClient(create_app(Settings(database_url=url))) as c:
        yield c


def _error(page: str) -> str:
    found = re.search(r'class="error-message"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error message on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).replace("&#39;", "'").strip()


@pytest.mark.parametrize(("name", "data", "plain", "exact"), WRONG_FILES, ids=[w[0] for w in WRONG_FILES])
def test_a_wrong_file_is_said_in_plain_words_first(client, name, data, plain, exact):
    page = client.post("/walks", files={"file": (name, data)}, data={"format": "auto"})
    assert page.status_code == 422
    said = _error(page.text)
    assert said.startswith(f"We could not use this file. {plain} "), said
    assert exact in said  # the exact problem still follows, naming the file
    assert f"{name}" in said
    assert client.get("/api/walks").json() == []  # nothing stored


@pytest.mark.parametrize(("name", "data", "plain", "exact"), WRONG_FILES, ids=[w[0] for w in WRONG_FILES])
def test_the_command_line_says_the_same_plain_words_after_the_exact_problem(
    tmp_path, name, data, plain, exact
):
    wrong = tmp_path / name
    wrong.write_bytes(data)
    plot = tmp_path / "walk.png"
    done = CliRunner().invoke(cli_app, ["gait", "analyze", str(wrong), "--plot", str(plot)])
    assert done.exit_code == 2, done.output
    said = " ".join(done.stderr.split())
    assert said.startswith(f"error: {wrong}"), said  # the exact problem first, naming the file
    assert exact in said
    assert said.endswith(plain), said  # then what it means, in a person's words
    assert said.count("error:") == 1
    assert done.stdout == ""
    assert not plot.exists()  # nothing written
