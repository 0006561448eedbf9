"""The command line fuzzed (hypothesis): every command with bad arguments and options.

Unknown codes, wrong types, out-of-range, NaN, infinite, huge and negative numbers, odd Unicode and
very long text, empty strings, missing files, folders instead of files, empty, cut and damaged copies
of real samples (read from ../shared, damaged in a temporary folder), answers files of the wrong
shape, database URLs that are wrong, and people who are not there.

Whatever is typed, through the console entry point (``backstride.cli.main.run``, where usage errors
are caught too): exit 0 when the input is in fact valid, else 2 (1 only for a declined question);
a refusal is one ``error: ...`` naming the problem on stderr, never a traceback; and it writes
nothing: every table of the database, and every file of the folders a command could write to, are
the same before and after. The default database folder (a temporary HOME) is never touched unless
the command is meant to store something there. Reproducible: derandomised, a few examples a case
(BACKSTRIDE_FUZZ_SCALE=10 for ten times as many, BACKSTRIDE_FUZZ_RANDOM=1 for new ones, by hand).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import run

SCALE = float(os.environ.get("BACKSTRIDE_FUZZ_SCALE", "1"))  # e.g. 10 for a deeper run by hand


def fuzz(examples: int = 15) -> Any:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        derandomize=not os.environ.get("BACKSTRIDE_FUZZ_RANDOM"),  # =1: new cases each run, by hand
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


IMU_CSV = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # 12.5 s, 100 Hz
UNITS = ["--acc-unit", "m/s^2", "--gyr-unit", "deg/s"]  # imu.csv's header does not say them
SAMPLES = [  # small real recordings of several formats, damaged below
    (IMU_CSV, UNITS),
    (FORMATS / "axivity_cwa" / "wadpac__GGIRread" / "ax3_testfile.cwa", []),
    (FORMATS / "actigraph_gt3x" / "actigraph__pygt3x" / "ISM_Enabled.gt3x", []),
    (FORMATS / "sensor_logger" / "Lynch1206__5ARB0_1_1" / "2022-09-09_13-14-55.zip", []),
]
TABLES = (
    "people",
    "assessments",
    "gait_recordings",
    "diary_entries",
    "settings",
    "staff",
    "everyday_walking_days",
)

# What a person, a script or an evaluator might type.
NASTY = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1",
    "10",
    "11",
    "4.5",
    "4,5",
    "1e309",
    "-1e309",
    "1e-320",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1_0",
    "٣",  # an Arabic-Indic three: Python's int() and float() read it
    "１０",  # full-width digits
    "9223372036854775808",
    "99999999999999999999999999",
    "0x10",
    "true",
    "null",
    "[]",
    "{}",
    "-",
    "--",
    "--help-not",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "'; DROP TABLE people; --",
    "a\tb",
    "\u202e",
    "😀",
    "Zoë",
    "\r\n",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2026-11-20",
    "10:32:05",
    "25:61",
    "٣:٠٠",
    "95s",
    "../../etc/passwd",
    "/",
    ".",
    "~",
]
# argv cannot hold NUL, and a lone surrogate is not text a terminal can send
TYPABLE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(TYPABLE, max_size=30),
    st.text(TYPABLE, min_size=3000, max_size=3100),
)


def either(*good: str) -> st.SearchStrategy[str]:
    """A value a person would type (``good``) as often as a nasty one."""
    return st.one_of(st.sampled_from(good), TEXT)


# ------------------------------------------------------------------------------------ the harness

runner = CliRunner()


@dataclass
class Outcome:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def __str__(self) -> str:
        shown = [a if len(a) < 80 else a[:60] + f"...({len(a)} chars)" for a in self.args]
        return f"backstride {shown} -> {self.code}\nstdout: {self.stdout[:600]}\nstderr: {self.stderr[:900]}"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A HOME of its own: the default database (no --db) goes to its data folder, never the real one."""
    return tmp_path_factory.mktemp("cli-fuzz-home")


def cli(home: Path, *args: str, stdin: str | None = None, cwd: Path | None = None) -> Outcome:
    """Run ``backstride ARGS`` through the console entry point, in-process; what it did."""
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "DATABASE_URL": None,
        "BACKSTRIDE_ALLOWED_HOSTS": None,
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    before_dir = Path.cwd()
    code, exception = 0, None
    with runner.isolation(input=stdin, env=env) as (out, err, _):
        argv, sys.argv = sys.argv, ["backstride", *args]
        try:
            os.chdir(cwd or home)
            run()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException as exc:  # noqa: BLE001 - what the test is looking for
            code, exception = 1, exc
        finally:
            sys.argv = argv
            os.chdir(before_dir)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return Outcome(tuple(args), code, stdout, stderr, exception)


def check(outcome: Outcome, *, allowed: tuple[int, ...] = (0, 2)) -> Outcome:
    """What holds for every run: an allowed exit status, no traceback, a refusal is one named problem."""
    assert outcome.exception is None, f"{outcome}\n{outcome.exception!r}"
    assert "Traceback" not in outcome.stdout + outcome.stderr, str(outcome)
    assert outcome.code in allowed, str(outcome)
    if outcome.code == 2:
        assert outcome.stderr.startswith("error: "), str(outcome)
        assert len(outcome.stderr.split("\n")[0]) > len("error: ") + 10, str(outcome)  # says something
    return outcome


def refused(outcome: Outcome, *words: str) -> Outcome:
    """A refusal (exit 2) whose message names each of ``words``."""
    check(outcome)
    assert outcome.code == 2, str(outcome)
    for word in words:
        assert word.lower() in outcome.stderr.lower(), f"{word!r} not named\n{outcome}"
    return outcome


def rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what a refusal must leave exactly as it was."""
    if not db.exists():
        return {}
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
            for table in TABLES
        }


SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")  # come and go as SQLite reads


def files(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its size (temporary files included); a database file's
    size is left out (reading may change it: its rows are compared), not whether it is there."""
    return {
        str(p.relative_to(folder)): -1 if p.suffix == ".sqlite3" else p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(SQLITE_SIDE_FILES)
    }


def guarded(
    home: Path,
    *args: str,
    db: Path | None = None,
    folders: tuple[Path, ...] = (),
    stdin: str | None = None,
    allowed: tuple[int, ...] = (0, 2),
) -> Outcome:
    """Run and ``check``; a refusal (any status but 0) leaves the database's rows and the folders'
    files (the default database's folder always) exactly as they were."""
    watched = (*folders, home)
    before_rows = rows(db) if db is not None else {}
    before_files = [files(folder) for folder in watched]
    outcome = check(cli(home, *args, stdin=stdin), allowed=allowed)
    if outcome.code != 0:
        if db is not None:
            assert rows(db) == before_rows, f"refused but the database changed\n{outcome}"
        for folder, was in zip(watched, before_files, strict=True):
            now = files(folder)
            assert now == was, f"refused but {folder} changed: {now} (was {was})\n{outcome}"
    return outcome


def url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def clinic(home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A database of three people (Me, Ann, Bob) with diary days and everyday walking, and a real
    export of it."""
    folder = tmp_path_factory.mktemp("cli-fuzz-db")
    db = folder / "clinic.sqlite3"
    for args in (
        ("people", "add", "Ann", "--height-cm", "170"),
        ("people", "add", "Bob"),
        ("diary", "add", "--pain", "4", "--minutes", "12", "--notes", "shop", "--date", "2026-11-01"),
        ("diary", "add", "--pain", "6", "--date", "2026-11-02"),
        ("import-health", str(HEALTH_XML)),
    ):
        person = ["--person", "Ann"] if args[0] in ("diary", "import-health") else []
        assert check(cli(home, *args, *person, "--db", url(db))).code == 0
    export = cli(home, "export", "json", "--person", "Ann", "--db", url(db))
    assert export.code == 0, str(export)
    return {"db": db, "url": url(db), "folder": folder, "export": json.loads(export.stdout)}


def test_the_harness_sees_a_good_command_and_a_refusal(home: Path) -> None:
    assert check(cli(home, "knowledge", "validate")).code == 0
    refused(cli(home, "explain", "not_a_code"), "unknown code")
    refused(cli(home, "no-such-command"), "no such command")


# ----------------------------------------------------------------------------- assess and explain


def _findings() -> dict[str, Any]:
    from backstride.knowledge import load_knowledge

    return dict(load_knowledge().findings)


FINDINGS = _findings()
RAW_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" + "0" * 5000, "-0.0", "1e-400"]
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.sampled_from(NASTY),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NASTY), inner, max_size=3),
    max_leaves=5,
)


def _valid(code: str) -> st.SearchStrategy[Any]:
    finding = FINDINGS[code]
    if finding.kind == "bool":
        return st.booleans()
    if finding.kind == "number":
        return st.integers(int(finding.min or 0), int(finding.max or 100))
    return st.sampled_from(list(finding.values))


@st.composite
def answers_text(draw: st.DrawFn) -> tuple[str, bool]:
    """An answers file's text, and whether every answer in it is one the contract accepts."""
    codes = draw(st.lists(st.sampled_from(sorted(FINDINGS)), max_size=4, unique=True))
    pairs, all_valid = [], True
    for code in codes:
        kind = draw(st.sampled_from(["valid", "valid", "null", "value", "raw"]))
        if kind == "valid":
            raw = json.dumps(draw(_valid(code)))
        elif kind == "null":
            raw = "null"
        elif kind == "value":
            raw, all_valid = json.dumps(draw(JSON_VALUE)), False
        else:
            raw, all_valid = draw(st.sampled_from(RAW_NUMBERS)), False
        pairs.append((json.dumps(code), raw))
    if draw(st.booleans()):
        pairs.append((json.dumps(draw(st.one_of(TEXT, st.just("Age_Years")))), "true"))
        all_valid = False  # an unknown code (or, rarely, a real one given twice)
    body = "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    shape = draw(st.sampled_from(["findings", "plain", "extra key", "list", "findings list", "text"]))
    if shape == "findings":
        return '{"findings": ' + body + "}", all_valid
    if shape == "plain":
        return body, all_valid
    if shape == "extra key":
        return '{"findings": ' + body + ', "notes": 1}', False
    if shape == "list":
        return "[" + body + "]", False
    if shape == "findings list":
        return '{"findings": [' + body + "]}", False
    return json.dumps(draw(TEXT)), False


@fuzz(40)
@given(document=answers_text(), damage=st.sampled_from(["none", "none", "none", "cut", "bom", "latin-1"]))
@example(document=('{"age_years": NaN}', False), damage="none")
@example(document=('{"findings": {"age_years": 71, "worse_walking": true}}', True), damage="none")
def test_assess_answers_files(home: Path, tmp_path: Path, document: tuple[str, bool], damage: str) -> None:
    text, all_valid = document
    data = text.encode("utf-8")
    if damage == "cut":
        data, all_valid = data[: len(data) // 2], False
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data  # Notepad's UTF-8: fine
    elif damage == "latin-1":
        data = b'{"notes": "Zo\xeb"}'
        all_valid = False
    path = tmp_path / "answers.json"
    path.write_bytes(data)
    done = guarded(home, "assess", "--answers", str(path), "--json", folders=(tmp_path,))
    if done.code == 0:
        assert json.loads(done.stdout)["disposition"] in ("emergency", "urgent", "routine", "self_care")
    else:
        assert f"error: {path}" in done.stderr, str(done)  # names the file, then the problem
    if all_valid and len(data) > 2:
        assert done.code == 0, str(done)


@st.composite
def gait_documents(draw: st.DrawFn, real: dict[str, Any]) -> Any:
    """A real gait result with a few of its values replaced, keys dropped, or something else."""
    document = json.loads(json.dumps(real))
    for _ in range(draw(st.integers(1, 3))):
        target = document
        path = draw(st.sampled_from([("summary",), ("gait_factors",), ("walking_bouts",), ()]))
        for key in path:
            target = target.get(key, {}) if isinstance(target, dict) else target
        if isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            if draw(st.booleans()):
                target[index] = draw(JSON_VALUE)
                continue
            target = target[index]
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if draw(st.booleans()):
                del target[key]
            else:
                target[key] = draw(JSON_VALUE)
    return draw(st.one_of(st.just(document), st.just(document), JSON_VALUE))


@pytest.fixture(scope="module")
def gait_result(home: Path) -> dict[str, Any]:
    done = cli(home, "gait", "analyze", str(IMU_CSV), *UNITS, "--json")
    assert done.code == 0, str(done)
    return dict(json.loads(done.stdout))


def test_assess_with_damaged_gait_results(home: Path, tmp_path: Path, gait_result: dict[str, Any]) -> None:
    @fuzz(25)
    @given(document=gait_documents(gait_result), mode=either("person", "clinician"))
    def run_case(document: Any, mode: str) -> None:
        path = tmp_path / "gait.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        # "quit" at the first question: the result of the walk alone (--gait without --answers asks first)
        done = guarded(
            home, "assess", "--gait", str(path), "--mode", mode, "--json", folders=(tmp_path,), stdin="quit\n"
        )
        if mode not in ("person", "clinician"):
            refused(done, "--mode")
        elif done.code == 2:
            assert str(path) in done.stderr, str(done)

    run_case()


@pytest.mark.parametrize("where", ["missing", "folder", "empty", "binary", "utf-16", "huge number", "deep"])
def test_assess_with_files_that_are_not_answers(home: Path, tmp_path: Path, where: str) -> None:
    path = tmp_path / "answers.json"
    if where == "folder":
        path.mkdir()
    elif where == "empty":
        path.write_bytes(b"")
    elif where == "binary":
        path.write_bytes(bytes(range(256)))
    elif where == "utf-16":
        path.write_bytes('{"age_years": 71}'.encode("utf-16"))
    elif where == "huge number":
        path.write_text('{"age_years": 1' + "0" * 10000 + "}")
    elif where == "deep":
        path.write_text("[" * 100000 + "]" * 100000)
    for option in ("--answers", "--gait"):
        refused(guarded(home, "assess", option, str(path), "--json", folders=(tmp_path,)), str(path))


@pytest.mark.parametrize("as_json", [True, False])
def test_assess_with_no_input_at_all_is_refused(home: Path, as_json: bool) -> None:
    """Found by fuzzing: 'assess --json' reading an empty pipe (a script, /dev/null) printed a result,
    disposition self_care, with exit 0, from no answers at all (its warning that the checklist was
    not finished went to stderr). Now exit 2 naming it; a typed 'quit', or answers and then the end
    of the input, still give the partial result."""
    done = cli(home, "assess", *(["--json"] if as_json else []), stdin="")
    assert done.exception is None and "Traceback" not in done.stderr, str(done)
    # the first question was shown (on stderr with --json) before the input was found to be empty
    assert done.code == 2 and done.stderr.strip().splitlines()[-1].startswith("error: no answers"), str(done)
    assert '"disposition"' not in done.stdout
    assert check(cli(home, "assess", "--json", stdin="quit\n")).code == 0
    assert check(cli(home, "assess", "--json", stdin="0\n")).code == 0


@fuzz(30)
@given(code=st.one_of(TEXT, st.sampled_from(["lumbar_spinal_stenosis", "age_years", "A1", "B1"])))
def test_explain_any_code(home: Path, code: str) -> None:
    from backstride.knowledge import load_knowledge

    done = check(cli(home, "explain", code))
    assert (done.code == 0) == (code in load_knowledge().all_codes()), str(done)
    if done.code == 2 and code.startswith("-"):  # read as an option ("explain -- -x" for such a code)
        said = ("no such option", "unknown code", "missing argument")
        assert any(words in done.stderr for words in said), str(done)
    elif done.code == 2:
        assert "unknown code" in done.stderr, str(done)
        assert "expected" in done.stderr


@fuzz()
@given(args=st.lists(TEXT, min_size=1, max_size=3), group=st.sampled_from(["", "knowledge", "gait", "diary"]))
def test_unknown_commands_and_options(home: Path, args: list[str], group: str) -> None:
    words = [group, *args] if group else args
    if words[0] in ("serve", "assess") or any(w in ("--help", "-h") for w in words):
        return  # a server or the questions: below; help is not an error
    guarded(home, *words)


# ------------------------------------------------------------------------------------- gait analyze

TIMES = either("3", "3s", "3.5", "12", "10:32:05")


@fuzz(20)
@given(
    height=either("170", "50", "250"),
    symptom=st.one_of(st.none(), TIMES),
    stop=st.one_of(st.none(), TIMES),
    format=either("auto", "csv"),
    trial=st.one_of(st.none(), TEXT),
    plot=st.sampled_from([None, "walk.png", "walk.PNG", "walk.jpg", "no-folder/walk.png", "", ".png", "/"]),
)
@example(height="170", symptom=None, stop="٣", format="auto", trial=None, plot=None)
@example(height="170", symptom="３", stop=None, format="auto", trial=None, plot=None)
def test_gait_analyze_options(
    home: Path,
    tmp_path: Path,
    height: str,
    symptom: str | None,
    stop: str | None,
    format: str,
    trial: str | None,
    plot: str | None,
) -> None:
    args = ["gait", "analyze", str(IMU_CSV), *UNITS, "--json", "--height-cm", height, "--format", format]
    for option, value in (("--symptom-at", symptom), ("--stop-at", stop), ("--trial", trial)):
        if value is not None:
            args += [option, value]
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    if plot is not None:
        # --force: an earlier example's picture is replaced, not refused before the analysis
        args += ["--plot", str(out / plot) if plot not in ("", "/") else plot, "--force"]
    done = guarded(home, *args, folders=(out,))
    if done.code == 0:
        assert json.loads(done.stdout)["walking_bouts"], str(done)
        for value in (symptom, stop):  # a time is typed in ASCII digits, as the help shows
            assert value is None or value.isascii(), str(done)
    if done.code == 2 and plot is None and trial is None and format in ("auto", "csv"):
        given_ = (("--height-cm", height), ("--symptom-at", symptom), ("--stop-at", stop))
        named = [option for option, value in given_ if value is not None]
        assert any(o in done.stderr for o in named), str(done)  # the option at fault


def _damaged(data: bytes, how: str, where: float, what: bytes) -> bytes:
    at = int(len(data) * where)
    if how == "cut":
        return data[:at]
    if how == "bytes":
        return data[:at] + what + data[at + len(what) :]
    if how == "insert":
        return data[:at] + what + data[at:]
    if how == "drop line":
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        return data[:start] + (data[end + 1 :] if end >= 0 else b"")
    if how == "header":
        end = data.find(b"\n")
        return what + data[end:] if end >= 0 else what
    return b""  # empty


@fuzz(30)
@given(
    sample=st.sampled_from(range(len(SAMPLES))),
    how=st.sampled_from(["cut", "bytes", "insert", "drop line", "header", "empty"]),
    where=st.floats(0.0, 1.0),
    what=st.one_of(
        st.binary(min_size=1, max_size=40),
        st.sampled_from([b"nan", b"inf", b"-1e309", b",,,", b"\x00" * 8, b"\xff\xfe", b"1e308", b"\n\n"]),
    ),
)
def test_gait_analyze_damaged_recordings(
    home: Path, tmp_path: Path, sample: int, how: str, where: float, what: bytes
) -> None:
    source, extra = SAMPLES[sample]
    damaged = tmp_path / "in" / source.name
    damaged.parent.mkdir(exist_ok=True)
    damaged.write_bytes(_damaged(source.read_bytes(), how, where, what))
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    done = guarded(
        home,
        "gait",
        "analyze",
        str(damaged),
        *extra,
        "--json",
        "--plot",
        str(out / "w.png"),
        "--force",
        folders=(out,),
    )
    if done.code == 2:
        assert str(damaged) in done.stderr or "--" in done.stderr, str(done)  # the file, or an option


@pytest.mark.parametrize("what", ["missing", "folder", "empty name", "empty folder", "not a recording"])
def test_gait_analyze_what_is_not_a_recording(home: Path, tmp_path: Path, what: str) -> None:
    target = {
        "missing": str(tmp_path / "walk.csv"),
        "folder": str(tmp_path),
        "empty name": "",
        "empty folder": str(tmp_path / "empty"),
        "not a recording": str(tmp_path / "notes.txt"),
    }[what]
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("shopping list\nmilk\n")
    done = refused(guarded(home, "gait", "analyze", target, "--json", folders=(tmp_path,)))
    if what == "empty name":  # found by fuzzing: '' was read as '.', the current folder
        assert "RECORDING is empty" in done.stderr, str(done)


@pytest.mark.parametrize("typed", ["٣", "３", "٣:٠٠", "１０:３２:０５", "２０２６-１１-２６T10:00:00"])
def test_a_time_in_digits_other_than_ascii_is_refused(home: Path, typed: str) -> None:
    """Found by fuzzing: --stop-at '٣' (an Arabic-Indic three) was read as 3 s, as Python's regex \\d
    and float() read any script's digits; the help asks for 95, 95s or 10:32:05."""
    for option in ("--symptom-at", "--stop-at"):
        done = cli(home, "gait", "analyze", str(IMU_CSV), *UNITS, "--json", option, typed)
        refused(done, option, "expected")


# ------------------------------------------------------------------------- the stored records

PERSON = either("Ann", "2", "ann", "Bob", "3", "Me", "1", "99", "2147483648")


@fuzz(30)
@given(
    pain=either("0", "4", "10"),
    minutes=st.one_of(st.none(), either("0", "12.5", "600")),
    notes=st.one_of(st.none(), TEXT),
    day=st.one_of(st.none(), either("2026-11-20", "2026-01-01")),
    person=st.one_of(st.none(), PERSON),
)
def test_diary_add(
    home: Path,
    clinic: dict[str, Any],
    pain: str,
    minutes: str | None,
    notes: str | None,
    day: str | None,
    person: str | None,
) -> None:
    args = ["diary", "add", "--pain", pain, "--db", clinic["url"]]
    for option, value in (("--minutes", minutes), ("--notes", notes), ("--date", day), ("--person", person)):
        if value is not None:
            args += [option, value]
    before = rows(clinic["db"])
    done = guarded(home, *args, db=clinic["db"])
    if done.code == 0:
        assert done.stdout.startswith("Saved "), str(done)
        after = rows(clinic["db"])
        added = len(after["diary_entries"]) - len(before["diary_entries"])
        assert added == 1, str(done)  # a new entry; one already there for the day is kept too
        assert pain.strip() in {str(n) for n in range(11)}, str(done)
    if person is None:
        assert done.code == 2, str(done)  # three people: whose must be said


@fuzz(30)
@given(
    total=st.one_of(st.none(), either("9:05", "30", "0", "12,5"), TEXT),
    symptoms_at=st.one_of(st.none(), either("6:20", "0:00", "6.5"), TEXT),
    stopped=st.one_of(st.none(), either("symptoms", "time_up", "other"), TEXT),
    pain=st.one_of(st.none(), either("0", "4", "10")),
    notes=st.one_of(st.none(), TEXT),
    person=st.one_of(st.none(), PERSON),
)
def test_diary_walking_test(
    home: Path,
    clinic: dict[str, Any],
    total: str | None,
    symptoms_at: str | None,
    stopped: str | None,
    pain: str | None,
    notes: str | None,
    person: str | None,
) -> None:
    args = ["diary", "walking-test", "--db", clinic["url"]]
    for option, value in (
        ("--total", total),
        ("--symptoms-at", symptoms_at),
        ("--stopped", stopped),
        ("--pain", pain),
        ("--notes", notes),
        ("--person", person),
    ):
        if value is not None:
            args += [option, value]
    before = rows(clinic["db"])
    done = guarded(home, *args, db=clinic["db"])
    after = rows(clinic["db"])
    added = len(after["diary_entries"]) - len(before["diary_entries"])
    assert added == (1 if done.code == 0 else 0), str(done)
    if done.code == 0:
        assert "Walking test: " in done.stdout and total is not None and pain is not None, str(done)
    if person is None or total is None or pain is None:
        assert done.code == 2, str(done)  # whose, the walk's time and the pain must be said (no terminal)


@fuzz(20)
@given(as_json=st.booleans(), person=st.one_of(st.none(), PERSON, TEXT))
def test_diary_list(home: Path, clinic: dict[str, Any], as_json: bool, person: str | None) -> None:
    args = ["diary", "list", "--db", clinic["url"], *(["--json"] if as_json else [])]
    done = guarded(home, *args, *(["--person", person] if person is not None else []), db=clinic["db"])
    if done.code == 0 and as_json:
        assert "entries" in json.loads(done.stdout)


@pytest.fixture(scope="module")
def people_db(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("people-template") / "people.sqlite3"
    for name in ("Ann", "Bob"):
        assert cli(home, "people", "add", name, "--db", url(db)).code == 0
    return db


def copy_database(source: Path, target: Path) -> None:
    """A copy with every committed row (a file copy would miss what is still in the WAL file)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


@fuzz(30)
@given(
    command=st.sampled_from(["add", "rename", "delete", "list", "edit"]),
    label=either("Cara", "Room 4", "  Dee  "),
    target=PERSON,
    height=st.one_of(st.none(), either("170", "50", "250.5")),
    yes=st.booleans(),
    answer=st.sampled_from(["", "n\n", "y\n"]),
    # what a clinic matches its record by (people add/edit): good, empty (forget) or nasty
    details=st.lists(
        st.tuples(
            st.sampled_from(["--name", "--birth-date", "--gender", "--mrn", "--mrn-system"]),
            either("1961-04-23", "female", "unknown", "", "MRN-1", "urn:oid:1.2.3", "2999-01-01"),
        ),
        max_size=3,
    ),
)
def test_people_commands(
    home: Path,
    people_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
    command: str,
    label: str,
    target: str,
    height: str | None,
    yes: bool,
    answer: str,
    details: list[tuple[str, str]],
) -> None:
    db = tmp_path_factory.mktemp("people") / "people.sqlite3"
    copy_database(people_db, db)  # Me, Ann and Bob, nothing else
    given = [part for option in details for part in option]
    args: list[str] = {
        "add": ["add", label, *(["--height-cm", height] if height is not None else []), *given],
        "edit": ["edit", target, *(["--height-cm", height] if height is not None else []), *given],
        "rename": ["rename", target, label],
        "delete": ["delete", target, *(["--yes"] if yes else [])],
        "list": ["list", "--json"],
    }[command]
    allowed = (0, 1, 2) if command == "delete" else (0, 2)  # 1: the question answered no
    done = guarded(home, "people", *args, "--db", url(db), db=db, stdin=answer, allowed=allowed)
    if command == "delete" and not yes:
        assert done.code != 0, str(done)  # no terminal to ask at: never deleted without --yes
    if command in ("add", "rename") and done.code == 0:
        assert label.strip() and len(label.strip()) <= 80, str(done)


# ------------------------------------------------------------------- export, report and import

KINDS = either("json", "fhir", "diary", "walks", "bouts", "checks", "everyday")
# "pipe": a FIFO in the folder; a device such as /dev/full is never risked (--force replaced it once)
OUTS = ["-", "new.json", "exists.txt", "no-folder/x.json", "", " ", "a-folder", "/proc/x.json", "pipe"]


@fuzz(30)
@given(
    kind=KINDS,
    out=st.sampled_from(OUTS),
    force=st.booleans(),
    person=st.one_of(st.none(), PERSON),
    with_report=st.booleans(),
)
@example(kind="json", out="/proc/x.json", force=False, person="Ann", with_report=False)  # mkstemp's error
@example(kind="json", out="pipe", force=True, person="Ann", with_report=False)  # was replaced by a file
@example(kind="fhir", out="new.json", force=False, person="Ann", with_report=True)
@example(kind="diary", out="new.json", force=False, person="Ann", with_report=True)
def test_export(
    home: Path,
    clinic: dict[str, Any],
    tmp_path: Path,
    kind: str,
    out: str,
    force: bool,
    person: str | None,
    with_report: bool,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "a-folder").mkdir(exist_ok=True)
    (folder / "exists.txt").write_text("kept")
    if not (folder / "pipe").exists():
        os.mkfifo(folder / "pipe")
    target = out if out.startswith(("/", "-")) or not out.strip() else str(folder / out)
    args = ["export", kind, "--out", target, "--db", clinic["url"], *(["--force"] if force else [])]
    args += ["--person", person] if person is not None else []
    args += ["--with-report"] if with_report else []
    done = guarded(home, *args, db=clinic["db"], folders=(folder,))
    assert (folder / "exists.txt").read_text() == "kept" or (done.code == 0 and force), str(done)
    if with_report and kind != "fhir":
        assert done.code == 2 and "--with-report" in done.stderr, str(done)  # fhir only, said first
    if done.code == 0 and out == "new.json":
        written = (folder / "new.json").read_text(encoding="utf-8")
        assert ('"resourceType": "DocumentReference"' in written) == (kind == "fhir" and with_report)
    if not out.strip():
        assert done.code == 2, str(done)  # never printed or written under another name instead
    for leftover in folder.rglob(".*.tmp"):
        raise AssertionError(f"a temporary file is left: {leftover}\n{done}")
    assert (folder / "pipe").is_fifo(), f"--out replaced a pipe with a file\n{done}"


@fuzz(25)
@given(
    out=st.sampled_from([None, *OUTS[1:]]),
    check_id=st.one_of(st.none(), either("1", "0", "-1", "99")),
    weeks=st.one_of(st.none(), either("1", "12", "520", "521", "0")),
    person=st.one_of(st.none(), PERSON),
    force=st.booleans(),
    kind=st.one_of(st.none(), either("html", "pdf")),
)
@example(out="new.json", check_id=None, weeks=None, person="Ann", force=False, kind="pdf")
@example(out="pipe", check_id=None, weeks="4", person="Ann", force=True, kind="pdf")
def test_report(
    home: Path,
    clinic: dict[str, Any],
    tmp_path: Path,
    out: str | None,
    check_id: str | None,
    weeks: str | None,
    person: str | None,
    force: bool,
    kind: str | None,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "a-folder").mkdir(exist_ok=True)
    (folder / "exists.txt").write_text("kept")
    if not (folder / "pipe").exists():
        os.mkfifo(folder / "pipe")
    args = ["report", "--db", clinic["url"], *(["--force"] if force else [])]
    if out is not None:
        args += ["--out", out if out.startswith("/") or not out.strip() else str(folder / out)]
    for option, value in (
        ("--check", check_id),
        ("--weeks", weeks),
        ("--person", person),
        ("--format", kind),
    ):
        if value is not None:
            args += [option, value]
    done = guarded(home, *args, db=clinic["db"], folders=(folder,))
    if out is not None and not out.strip():
        assert done.code == 2, str(done)  # never written under the default name instead
    assert (folder / "pipe").is_fifo(), f"--out replaced a pipe with a file\n{done}"
    if kind not in (None, "html", "pdf"):
        assert done.code == 2, str(done)  # never a report in another format instead
    if done.code == 0 and out == "new.json" and kind == "pdf":
        assert (folder / "new.json").read_bytes().startswith(b"%PDF-"), str(done)
    for leftover in [*folder.rglob(".*.tmp"), *home.glob("*.html"), *home.glob("*.pdf")]:
        leftover.unlink()
        if out is not None or done.code != 0:
            raise AssertionError(f"a file is left: {leftover}\n{done}")


def _leaves(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*where, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _leaves(inner, (*where, index))
    yield where


@fuzz(30)
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8", "utf-16", "cut"]))
def test_import_a_damaged_export(
    home: Path, clinic: dict[str, Any], tmp_path: Path, data: st.DataObject, encoding: str
) -> None:
    document = json.loads(json.dumps(clinic["export"]))
    places = list(_leaves(document))
    for where in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3), label="where"):
        parent = document
        with contextlib.suppress(KeyError, IndexError, TypeError):  # a place an earlier change removed
            for key in where[:-1]:
                parent = parent[key]
            if not where or not isinstance(parent, dict | list):
                continue
            if data.draw(st.booleans(), label="drop"):
                del parent[where[-1]]
            else:
                parent[where[-1]] = data.draw(JSON_VALUE, label="value")
    text = json.dumps(document)
    raw = text.encode("utf-8") if encoding != "utf-16" else text.encode("utf-16")
    if encoding == "cut":
        raw = raw[: len(raw) // 2]
    path = tmp_path / "export.json"
    path.write_bytes(raw)
    person = data.draw(st.one_of(st.none(), PERSON), label="person")
    args = ["import", str(path), "--db", clinic["url"], *(["--person", person] if person is not None else [])]
    done = guarded(home, *args, db=clinic["db"])
    if person is None:
        refused(done, "--person")  # three people: whose must be said


# ---------------------------------------------------------------------- Apple Health exports

HEALTH_XML = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"


def _zipped(xml: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", xml)
    return out.getvalue()


@fuzz(30)
@given(
    how=st.sampled_from(["cut", "bytes", "insert", "drop line", "header", "empty", "none"]),
    where=st.floats(0.0, 1.0),
    what=st.one_of(
        st.binary(min_size=1, max_size=40),
        st.sampled_from([b"\x0b", b"&#11;", b"<", b"</HealthData>", b'unit="furlong"', b"\xff\xfe", b"\n\n"]),
    ),
    zipped=st.sampled_from(["xml", "zip inside", "zip outside"]),
    person=st.one_of(st.none(), PERSON),
)
@example(how="none", where=0.0, what=b"x", zipped="zip inside", person="Ann")
@example(how="bytes", where=0.5, what=b'unit="furlong"', zipped="xml", person="2")
def test_import_health_damaged_exports(
    home: Path,
    clinic: dict[str, Any],
    tmp_path: Path,
    how: str,
    where: float,
    what: bytes,
    zipped: str,
    person: str | None,
) -> None:
    """The real 2016 Apple Health excerpt, damaged (as XML, inside its zip, or the zip itself): read or
    refused naming the file, never a traceback, and a refusal stores nothing."""
    xml = HEALTH_XML.read_bytes()
    damage = (lambda b: b) if how == "none" else (lambda b: _damaged(b, how, where, what))
    if zipped == "xml":
        data = damage(xml)
    elif zipped == "zip inside":
        data = _zipped(damage(xml))
    else:
        data = damage(_zipped(xml))
    path = tmp_path / ("export.xml" if zipped == "xml" else "export.zip")
    path.write_bytes(data)
    args = [
        "import-health",
        str(path),
        "--db",
        clinic["url"],
        *(["--person", person] if person is not None else []),
    ]
    done = guarded(home, *args, db=clinic["db"])
    if person is None:
        refused(done, "--person")  # three people: whose must be said
    elif done.code == 2 and "person" not in done.stderr.lower():
        assert path.name in done.stderr, str(done)  # the file is named
    if how == "none" and person in ("Ann", "ann", "2"):
        assert done.code == 0 and f"Everyday walking from {path.name} for 'Ann' (person 2)" in done.stdout, (
            str(done)
        )


# ---------------------------------------------------------------------- databases and passwords

BAD_URLS = [
    "",
    " ",
    "sqlite://",
    "sqlite:///",
    "sqlite:///:memory:",
    "sqlite:///{tmp}/no-folder/x.sqlite3",
    "sqlite:///{tmp}",
    "sqlite:///{tmp}/text.sqlite3",
    "sqlite:///{tmp}/cut.sqlite3",
    "{tmp}/clinic.sqlite3",
    "nonsense://x",
    "mysql://u@h/db",
    "postgresql://u@127.0.0.1:1/x",
    "sqlite:///{tmp}/new.sqlite3",
    "~",
    "http://example.com",
]
DB_COMMANDS = [
    ["people", "list"],
    ["people", "add", "Cara"],
    ["people", "rename", "1", "Cara"],
    ["people", "delete", "1", "--yes"],
    ["diary", "add", "--pain", "3"],
    ["diary", "walking-test", "--total", "5", "--pain", "3"],
    ["diary", "list"],
    ["export", "json"],
    ["report", "--out", "-"],
    ["report", "--format", "pdf", "--out", "-"],
    ["import", "{tmp}/export.json"],
    ["import-health", "{tmp}/export.xml"],
    ["password", "status"],
    ["password", "clear"],
    ["password", "set", "--stdin"],
    ["activity"],
    ["changes"],
    ["staff", "list"],
    ["staff", "add", "Dr Lee", "--stdin"],
    ["staff", "remove", "Dr Lee", "--yes"],
    ["staff", "password", "Dr Lee", "--stdin"],
]
# the commands that may make a new database
STORES = (
    "people add",
    "diary add",
    "diary walking-test",
    "import",
    "import-health",
    "password set",
    "staff add",
)


@fuzz(40)
@given(command=st.sampled_from(DB_COMMANDS), db=st.one_of(st.sampled_from(BAD_URLS), TEXT))
@example(command=["diary", "add", "--pain", "3"], db="")
@example(command=["people", "add", "Cara"], db="sqlite://")
@example(command=["password", "status"], db="sqlite:///{tmp}/new.sqlite3")
def test_database_urls(
    home: Path, clinic: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, command: list[str], db: str
) -> None:
    folder = tmp_path_factory.mktemp("urls")
    (folder / "text.sqlite3").write_text("not a database")
    (folder / "cut.sqlite3").write_bytes(clinic["db"].read_bytes()[:3000])
    (folder / "export.json").write_text(json.dumps(clinic["export"]))
    (folder / "export.xml").write_bytes(HEALTH_XML.read_bytes())
    given_url = db.replace("{tmp}", str(folder))
    args = [a.replace("{tmp}", str(folder)) for a in command]
    done = guarded(home, *args, "--db", given_url, folders=(folder,), stdin="a long enough password\n")
    stores = " ".join(command[:2]) in STORES or command[0] in STORES
    if not given_url.strip():
        refused(done, "--db")  # never the default database instead
    elif done.code == 0:
        # it worked on a database that lasts: a file it may make, never one in memory
        # (a plain file path is a SQLite file too)
        plain = "://" not in given_url and given_url.endswith((".sqlite3", ".sqlite", ".db"))
        assert plain or (given_url.startswith("sqlite:///") and given_url.endswith(".sqlite3")), str(done)
        assert stores or command[0] in ("password", "staff") or "new" not in given_url, str(done)
    if not stores:
        assert not (folder / "new.sqlite3").exists(), f"a command that only reads made a database\n{done}"
        assert not (folder / "no-folder").exists(), str(done)


@pytest.mark.parametrize(
    "command", [["export", "json"], ["export", "diary"], ["report"], ["report", "--format", "pdf"]]
)
@pytest.mark.parametrize("out", ["", " "])
def test_an_empty_out_is_refused(home: Path, clinic: dict[str, Any], command: list[str], out: str) -> None:
    """Found by fuzzing: report --out '' wrote backstride-report-DAY.html into the current folder (an
    empty name taken as none given), and export --out '' said "'' is a folder"."""
    args = [*command, "--out", out, "--person", "Ann", "--db", clinic["url"]]
    refused(guarded(home, *args, db=clinic["db"]), "--out", "empty")
    assert not list(home.glob("*.html"))


def test_out_never_replaces_a_device_a_pipe_or_a_link(
    home: Path, clinic: dict[str, Any], tmp_path: Path
) -> None:
    """Found by fuzzing: export --out /dev/full --force replaced the device with a file, and --out
    /dev/stdout --force the link (os.replace over what is there; here a pipe and a link of the test's
    own stand in: never a real device); --out in a folder that takes no new file (/proc) was a
    traceback."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "kept.html").write_text("kept")
    (tmp_path / "link.html").symlink_to(tmp_path / "kept.html")
    for command in (["export", "json"], ["report"], ["report", "--format", "pdf"]):
        for out in ("pipe", "link.html"):
            args = [
                *command,
                "--out",
                str(tmp_path / out),
                "--force",
                "--person",
                "Ann",
                "--db",
                clinic["url"],
            ]
            refused(guarded(home, *args, db=clinic["db"], folders=(tmp_path,)), "not a file")
        assert (tmp_path / "pipe").is_fifo() and (tmp_path / "link.html").is_symlink()
        done = cli(home, *command, "--out", "/proc/x.html", "--person", "Ann", "--db", clinic["url"])
        refused(done, "/proc/x.html", "nothing was written")


@pytest.mark.parametrize("command", [c for c in DB_COMMANDS if "{tmp}" not in " ".join(c)])
@pytest.mark.parametrize("db", ["", " ", "sqlite://", "sqlite:///:memory:"])
def test_an_empty_or_in_memory_database_is_refused(home: Path, command: list[str], db: str) -> None:
    """Found by fuzzing: --db '' meant the default database (diary add saved the day into the user
    data folder's file, password status made it), and --db sqlite:// (in memory) answered 'Added' and
    'Saved' for what was gone when the command ended."""
    done = guarded(home, *command, "--db", db, stdin="a long enough password\n")
    refused(done, "--db", "empty" if not db.strip() else "in memory")
    assert not (home / "data").exists(), str(done)


@pytest.mark.parametrize("command", [["status"], ["clear"]])
def test_password_status_and_clear_make_no_database(home: Path, tmp_path: Path, command: list[str]) -> None:
    """Found by fuzzing: 'password status --db sqlite:///new.sqlite3' made the file (and a typo's
    folder), to say that no password is set; it still says so, and makes nothing."""
    new = tmp_path / "typo" / "new.sqlite3"
    done = check(cli(home, "password", *command, "--db", url(new)))
    assert done.code == 0 and "No password" in done.stdout, str(done)
    assert not new.parent.exists()


def test_serve_refuses_an_empty_database_before_starting(home: Path) -> None:
    refused(cli(home, "serve", "--no-browser", "--db", ""), "--db is empty")


@fuzz(20)
@given(
    password=st.one_of(TEXT, st.just("a long enough password")), db_kind=st.sampled_from(["new", "clinic"])
)
@example(password="short", db_kind="new")  # made the new database (with its 'Me'), then refused
def test_password_set_from_stdin(
    home: Path, clinic: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, password: str, db_kind: str
) -> None:
    db = clinic["db"] if db_kind == "clinic" else tmp_path_factory.mktemp("pw") / "p.sqlite3"
    before = rows(db)
    done = guarded(home, "password", "set", "--stdin", "--db", url(db), db=db, stdin=password + "\n")
    if done.code == 0:
        assert len(password.strip("\r\n")) >= 10, str(done)
        check(cli(home, "password", "clear", "--db", url(db)))  # the clinic's database as it was
    else:
        assert "password" in done.stderr, str(done)
        assert rows(db) == before


@pytest.fixture(scope="module")
def staff_db(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("staff-template") / "staff.sqlite3"
    done = cli(home, "staff", "add", "Dr Lee", "--stdin", "--db", url(db), stdin="lee's long password\n")
    assert done.code == 0, str(done)
    return db


@fuzz(30)
@given(
    command=st.sampled_from(["add", "remove", "password", "list", "admin", "admin-off"]),
    name=either("Dr Lee", " dr LEE ", "Nurse Ann", "Dr Leigh"),
    password=either("a long enough password", "short"),
    yes=st.booleans(),
    answer=st.sampled_from(["", "n\n", "y\n"]),
)
@example(command="add", name="Dr:Lee", password="a long enough password", yes=False, answer="")
@example(command="add", name="Dr\u202eLee", password="a long enough password", yes=False, answer="")
def test_staff_commands(
    home: Path,
    staff_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
    command: str,
    name: str,
    password: str,
    yes: bool,
    answer: str,
) -> None:
    db = tmp_path_factory.mktemp("staff") / "staff.sqlite3"
    copy_database(staff_db, db)  # Dr Lee, nothing else
    args: list[str] = {
        "add": ["add", name, "--stdin"],
        "remove": ["remove", name, *(["--yes"] if yes else [])],
        "password": ["password", name, "--stdin"],
        "list": ["list", "--json"],
        "admin": ["admin", name],
        "admin-off": ["admin", name, "--off"],
    }[command]
    stdin = answer if command == "remove" else password + "\n"
    done = guarded(home, "staff", *args, "--db", url(db), db=db, stdin=stdin)
    names = [row[1] for row in rows(db)["staff"]]
    if command == "remove" and not yes:
        assert done.code != 0, str(done)  # no terminal to ask at: never removed without --yes
    if command in ("add", "password") and done.code == 0:
        assert len(password) >= 10 and ":" not in name and 0 < len(name.strip()) <= 80, str(done)
    if command == "add":
        assert (done.code == 0) == (len(names) == 2), str(done)
    if done.code == 0 and command == "list":
        assert [m["name"] for m in json.loads(done.stdout)] == ["Dr Lee"]
    if done.code == 0 and command == "remove":
        assert names == [], str(done)
    if command.startswith("admin"):  # only Dr Lee is there: another name is refused, nothing made
        assert (done.code == 0) == (" ".join(name.split()).casefold() == "dr lee"), str(done)
        assert [bool(row[-1]) for row in rows(db)["staff"]] == [done.code == 0 and command == "admin"]


# ------------------------------------------------------------------------------------------- serve


@fuzz(25)
@given(
    host=either("127.0.0.1", "localhost", "0.0.0.0", "::1"),
    port=either("8000", "65535", "1", "65536", "0"),
    workers=either("1", "2", "16", "17", "0"),
    db=st.one_of(st.none(), st.sampled_from(BAD_URLS)),
    no_password=st.booleans(),
)
def test_serve_checks_its_options_before_starting(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    port: str,
    workers: str,
    db: str | None,
    no_password: bool,
) -> None:
    """Only the checking: uvicorn never starts here (a stand-in records what it was asked)."""
    import uvicorn

    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(k))
    args = ["serve", "--no-browser", "--host", host, "--port", port, "--workers", workers]
    if db is not None:
        args += ["--db", db.replace("{tmp}", str(tmp_path))]
    done = guarded(home, *args, *(["--no-password"] if no_password else []), folders=(tmp_path,))
    assert bool(started) == (done.code == 0), str(done)  # refused: nothing started
    if done.code == 0:
        assert 1 <= int(port) <= 65535 and 1 <= int(workers) <= 16, str(done)


def test_plot_is_never_saved_through_a_link_into_a_pipe_or_half_way(home: Path, tmp_path: Path) -> None:
    """Found by fuzzing: --plot on a link wrote the picture into the file it points at (here a text
    file of the test's own), on a pipe said only 'File or stream is not seekable', in a missing folder
    was said only after the analysis; and the picture was written in place, so a failure could leave
    half a PNG. Now refused before the analysis, and saved whole (a temporary file, renamed)."""
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "kept.txt").write_text("kept")
    (tmp_path / "link.png").symlink_to(tmp_path / "kept.txt")
    for name in ("pipe.png", "link.png", "no-folder/walk.png"):
        args = ["gait", "analyze", str(IMU_CSV), *UNITS, "--json", "--plot", str(tmp_path / name)]
        refused(guarded(home, *args, folders=(tmp_path,)), "--plot")
    assert (tmp_path / "kept.txt").read_text() == "kept"
    done = check(
        cli(home, "gait", "analyze", str(IMU_CSV), *UNITS, "--json", "--plot", str(tmp_path / "w.png"))
    )
    assert done.code == 0 and (tmp_path / "w.png").read_bytes().startswith(b"\x89PNG"), str(done)
    assert not list(tmp_path.glob(".*")), "a temporary file is left"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["assess", "--answers", "", "--json"], "--answers"),
        (["assess", "--gait", " ", "--json"], "--gait"),
        (["import", "", "--person", "Ann"], "FILE"),
    ],
)
def test_an_empty_file_name_is_refused_naming_it(
    home: Path, clinic: dict[str, Any], args: list[str], name: str
) -> None:
    """Found by fuzzing: an empty file name became '.' (this folder) and was refused as
    '.: is a folder', a problem the person never typed."""
    db = ["--db", clinic["url"]] if args[0] == "import" else []
    done = refused(guarded(home, *args, *db, db=clinic["db"]), f"{name} is empty")
    assert "error: .:" not in done.stderr


TYPO_NUMBERS = ["1_0", "٣", "１０", "nan", "inf", "1e400", "0x10", "1" * 5000]


@pytest.mark.parametrize("typed", TYPO_NUMBERS)
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["diary", "add", "--person", "Ann", "--pain"], "--pain"),
        (["diary", "add", "--person", "Ann", "--pain", "4", "--minutes"], "--minutes"),
        (["people", "add", "Cara", "--height-cm"], "--height-cm"),
        (["report", "--out", "-", "--person", "Ann", "--weeks"], "--weeks"),
        (["report", "--out", "-", "--person", "Ann", "--check"], "--check"),
        (["gait", "analyze", str(IMU_CSV), *UNITS, "--json", "--height-cm"], "--height-cm"),
        (["serve", "--no-browser", "--port"], "--port"),
        (["serve", "--no-browser", "--workers"], "--workers"),
        (["activity", "--limit"], "--limit"),
        (["activity", "--before"], "--before"),
    ],
)
def test_a_number_is_typed_in_ascii_digits(
    home: Path, clinic: dict[str, Any], args: list[str], option: str, typed: str
) -> None:
    """Found by fuzzing: typer (pydantic) read '1_0' as 10, so 'diary add --pain 1_0' saved pain 10,
    and 'people add --height-cm 1_72' a height of 172 cm; as the web's forms, a typed number is now
    ASCII digits with one '.' or ',' (cli.options.number_parser)."""
    db = [] if args[0] in ("gait", "serve") else ["--db", clinic["url"]]
    refused(guarded(home, *args, typed, *db, db=clinic["db"]), option, "expected", "number")


@pytest.mark.parametrize("typed", ["7_1", "٧١", "７１"])
def test_an_age_typed_at_the_questions_is_ascii_digits(typed: str) -> None:
    """Found with the options' case: the questions' own number reading (int()) took them as 71."""
    from backstride.cli.assess_cmd import _parse_answer
    from backstride.knowledge.questions import load_questions
    from backstride.services.interview import _to_question

    age = _to_question(load_questions().by_id("age"))
    with pytest.raises(ValueError, match="please type a number"):
        _parse_answer(age, typed)
    assert _parse_answer(age, "71") == {"age_years": 71}


def test_a_folder_given_as_the_database_is_named(home: Path, tmp_path: Path) -> None:
    """Found by the deeper fuzz run: 'password status --db sqlite:///FOLDER' said 'No password is
    set' (a folder read as no database yet)."""
    commands = (
        ["password", "status"],
        ["password", "clear"],
        ["people", "add", "Cara"],
        ["diary", "list"],
        ["staff", "list"],
    )
    for command in commands:
        refused(guarded(home, *command, "--db", url(tmp_path), folders=(tmp_path,)), "is a folder")


@fuzz(10)
@given(answer=st.one_of(st.sampled_from(["n\n", "no\n", "\n", "y\n", ""]), TEXT.map(lambda t: t + "\n")))
def test_people_delete_asked_at_a_terminal(
    home: Path, people_db: Path, tmp_path_factory: pytest.TempPathFactory, answer: str
) -> None:
    """At a terminal the question is asked: a no (or anything but yes) is exit 1, nothing deleted."""
    from backstride.cli import people_cmd

    db = tmp_path_factory.mktemp("ask") / "people.sqlite3"
    copy_database(people_db, db)
    terminal, people_cmd.stdin_is_terminal = people_cmd.stdin_is_terminal, lambda: True
    try:
        done = guarded(home, "people", "delete", "Ann", "--db", url(db), db=db, stdin=answer, allowed=(0, 1))
    finally:
        people_cmd.stdin_is_terminal = terminal
    labels = [row[1] for row in rows(db)["people"]]
    assert ("Ann" in labels) == (done.code == 1), str(done)
    if done.code == 1:
        assert "Nothing was deleted" in done.stderr or "Aborted" in done.stderr, str(done)


@pytest.fixture(scope="module")
def long_csv(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A lab walk's rows five times over (5 MB, 800 s): more than one piece of the CSV reader, so its
    later pieces are read while the analysis runs (``gait.readers.stream``)."""
    lines = (MOBILISED_LAB / "HA" / "002" / "TimeMeasure1_Test11_Trial1" / "imu.csv").read_text().splitlines()
    rows = [line.split(",", 1) for line in lines[1:]]
    span = float(rows[-1][0]) + 0.01
    return [lines[0]] + [f"{float(t) + k * span:.2f},{rest}" for k in range(5) for t, rest in rows]


@fuzz(8)
@given(
    how=st.sampled_from(["bad cell", "backwards", "jump", "cut", "drop", "blank", "nan row", "short row"]),
    where=st.floats(0.85, 0.99),
    symptom=st.one_of(st.none(), st.sampled_from(["700", "799", "900", "99999"])),
)
@example(how="none", where=0.9, symptom="900")  # past the end, said once the file's length is known
def test_gait_analyze_a_long_csv_damaged_late(
    home: Path, tmp_path: Path, long_csv: list[str], how: str, where: float, symptom: str | None
) -> None:
    lines = list(long_csv)
    at = int(len(lines) * where)
    time_s, rest = lines[at].split(",", 1)
    lines[at] = {
        "bad cell": f"{time_s},abc,{rest.split(',', 1)[1]}",
        "backwards": f"{float(time_s) - 100:.2f},{rest}",
        "jump": f"{float(time_s) + 1e7:.2f},{rest}",
        "drop": lines[at + 1],
        "blank": "",
        "nan row": ",".join(["nan"] * 7),
        "short row": f"{time_s},1,2",
    }.get(how, lines[at])
    text = "\n".join(lines) + "\n"
    if how == "cut":
        text = text[: int(len(text) * where)]
        # a cut in a row's last value or at a line's end leaves a shorter walk, not a short row
        last = text.rsplit("\n", 1)[-1]
        how = "cut" if last and last.count(",") < 6 else "shorter"
    path = tmp_path / "long.csv"
    path.write_text(text)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    args = ["gait", "analyze", str(path), *UNITS, "--json", "--plot", str(out / "walk.png"), "--force"]
    done = guarded(home, *args, *(["--symptom-at", symptom] if symptom else []), folders=(out,))
    # named, never a result of part of the file (a short row, as a blank cell, is dropped and noted)
    if how in ("bad cell", "backwards", "jump", "cut") or float(symptom or 0) > 799.2:
        assert done.code == 2, str(done)


PHONE_FOLDERS = [  # exports a phone app writes as a folder of tables (the web takes files and zips)
    FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis",
    FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00",
]


@fuzz(12)
@given(
    folder=st.sampled_from(range(len(PHONE_FOLDERS))),
    table=st.integers(0, 10),
    how=st.sampled_from(["cut", "bytes", "insert", "drop line", "header", "empty", "removed"]),
    where=st.floats(0.0, 1.0),
    what=st.sampled_from([b"nan", b"-1e309", b",,,", b"\x00" * 8, b"\xff\xfe", b'"', b"\n\n"]),
)
def test_gait_analyze_a_damaged_export_folder(
    home: Path, tmp_path: Path, folder: int, table: int, how: str, where: float, what: bytes
) -> None:
    source = PHONE_FOLDERS[folder]
    copy = tmp_path / "in" / source.name
    if copy.exists():
        for old in copy.iterdir():
            old.unlink()
    copy.mkdir(parents=True, exist_ok=True)
    tables = sorted(p for p in source.iterdir() if p.suffix == ".csv")
    hit = tables[table % len(tables)]
    for path in tables:
        if path == hit and how == "removed":
            continue
        data = path.read_bytes()
        (copy / path.name).write_bytes(_damaged(data, how, where, what) if path == hit else data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    plot = ["--plot", str(out / "w.png"), "--force"]  # each example's picture replaces the last one's
    done = guarded(home, "gait", "analyze", str(copy), "--json", *plot, folders=(out,))
    if done.code == 2:
        assert str(copy) in done.stderr, str(done)


@fuzz(20)
@given(
    typed=st.lists(either("0", "1", "2", "?", "yes", "no", "back", "1,3", "70", "quit"), max_size=25),
    mode=st.sampled_from(["person", "clinician"]),
)
def test_assess_questions_with_anything_typed(home: Path, typed: list[str], mode: str) -> None:
    """The interactive questions: whatever is typed, a result (or 'no answers' when nothing was)."""
    lines = [t.replace("\n", " ").replace("\r", " ") for t in typed]
    stdin = "".join(f"{line}\n" for line in lines)
    done = cli(home, "assess", "--json", "--mode", mode, stdin=stdin)
    assert done.exception is None and "Traceback" not in done.stdout + done.stderr, str(done)
    if done.code == 0:
        assert json.loads(done.stdout)["disposition"] in ("emergency", "urgent", "routine", "self_care")
    else:
        last = done.stderr.strip().splitlines()[-1]
        assert done.code == 2 and last.startswith("error: no answers"), str(done)
