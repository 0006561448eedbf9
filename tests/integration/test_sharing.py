"""Sharing with a clinician: the report (GET /report, ``backstride report``) and the CSV exports
(GET /api/export/{table}.csv, ``backstride export``), from a database filled through the app's own
use cases with real data: dev vignettes interviewed to the end, a real lab walk, a diary.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB, VIGNETTES
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.dates import day_words
from backstride.core.errors import InputError
from backstride.knowledge import load_knowledge
from backstride.services.records import Records
from backstride.services.tables import TABLE_NAMES, csv_table
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
# The web app and the command line read the real clock, so the diary is dated back from today: the
# report's four weeks then hold a trend on any day the tests run.
TODAY = date.today()
DIARY = [  # (day, pain, minutes walked before symptoms, notes)
    (TODAY - timedelta(days=31), 7, 8.0, "bad week"),
    (TODAY - timedelta(days=27), 6, None, '=HYPERLINK("http://x")'),  # a formula a spreadsheet would run
    (TODAY - timedelta(days=24), 6, 10.0, ""),
    (TODAY - timedelta(days=12), 4, 18.0, "walked to the shop"),
    (TODAY - timedelta(days=2), 3, 25.0, "-better, + more"),
]
runner = CliRunner()


def _vignette(vignette_id: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text(encoding="utf-8").splitlines():
        v = json.loads(line)
        if v["id"] == vignette_id:
            return dict(v["findings"])
    raise LookupError(vignette_id)


def finish_check(records: Records, vignette_id: str, mode: str = "person") -> int:
    """A check answered to the end from a vignette ("don't know" where it says nothing)."""
    findings = _vignette(vignette_id)
    view = records.start_assessment(mode)
    while view.next_question is not None:
        view = records.answer(view.id, {c: findings.get(c) for c in view.next_question["codes"]})
    return view.id


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Records, dict[str, int]]]:
    path = tmp_path_factory.mktemp("sharing") / "filled.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    records = Records(db)  # the real clock, as the app's
    for day, pain, minutes, notes in DIARY:
        records.add_diary_entry(
            entry_date=day.isoformat(), pain_0_10=pain, walking_tolerance_min=minutes, notes=notes
        )
    walk = records.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=175, acc_unit="m/s^2", gyr_unit="deg/s",
        symptom_at="8", stop_at="12",
    )  # fmt: skip
    finished = finish_check(records, "dev-005")  # lumbar spinal stenosis, routine
    records.result(finished)
    unfinished = records.start_assessment("person").id  # newer, one answer: not what the report shows
    records.answer(unfinished, {"age_years": 50})
    yield sqlite_url(path), records, {"finished": finished, "unfinished": unfinished, "walk": walk.id}
    db.dispose()


@pytest.fixture(scope="module")
def client(filled: tuple[str, Records, dict[str, int]]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=filled[0]))) as c:
        yield c


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _text(html: str) -> str:
    """The words of a page, without tags, styles and charts."""
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# ------------------------------------------------------------------------------------ CSV tables


def test_the_diary_table_has_every_entry_and_defuses_formulas(filled: Any) -> None:
    _, records, _ = filled
    rows = _rows(csv_table(records.export_all(), "diary"))
    assert [(r["entry_date"], int(r["pain_0_10"])) for r in rows] == [
        (d.isoformat(), p) for d, p, _, _ in DIARY
    ]
    assert [r["walking_tolerance_min"] for r in rows] == [
        "8.0",
        "",
        "10.0",
        "18.0",
        "25.0",
    ]  # empty: not given
    notes = [r["notes"] for r in rows]
    assert notes[1] == '\'=HYPERLINK("http://x")' and notes[4] == "'-better, + more"
    assert notes[3] == "walked to the shop"
    # the JSON export keeps what the person typed, exactly
    assert [e["notes"] for e in records.export_all()["diary_entries"]][1] == '=HYPERLINK("http://x")'


def test_the_walk_and_bout_tables_carry_the_walks_numbers_in_si_units(filled: Any) -> None:
    _, records, ids = filled
    document = records.export_all()
    result = next(w for w in document["gait_recordings"] if w["id"] == ids["walk"])["result"]
    (walk,) = _rows(csv_table(document, "walks"))
    summary = result["summary"]
    assert float(walk["walking_speed_mps"]) == summary["walking_speed_mps"] > 0
    assert float(walk["cadence_spm"]) == summary["cadence_spm"]
    assert float(walk["pelvis_rotation_rom_deg"]) == summary["pelvis"]["rotation_rom_deg"]
    assert float(walk["time_to_first_symptom_s"]) == result["walking_tolerance"]["time_to_first_symptom_s"]
    found = {f["code"] for f in result["gait_factors"] if f["present"]}
    assert set(filter(None, walk["gait_factors_found"].split(";"))) == found
    cited = {k for f in result["gait_factors"] if f["present"] for k in f["sources"]}
    assert found and set(walk["gait_factor_sources"].split(";")) == cited  # each conclusion, its sources
    bouts = _rows(csv_table(document, "bouts"))
    assert len(bouts) == len(result["walking_bouts"]) >= 1
    assert [float(b["start_s"]) for b in bouts] == [b["start_s"] for b in result["walking_bouts"]]
    # a bout's quality flags are per measure ({"step_time_asymmetry_pct": ["exploratory"]})
    flags = [f"{k}: {f}" for k, fs in result["walking_bouts"][0]["quality"].items() for f in fs]
    assert flags and bouts[0]["quality"].split(";") == flags


def test_the_walks_table_says_when_each_walk_was_recorded(tmp_path: Path) -> None:
    """Found by a physiotherapist: a Mobilise-D trial recorded in 2020 was in walks.csv only with
    created_at, the day it was sent, so a spreadsheet dated it today. The table now has recorded_at,
    when the recording started as the file says (empty when it does not say), as the walk's page."""
    db = Database(sqlite_url(tmp_path / "walks.sqlite3")).migrate()
    records = Records(db)
    mat = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "002" / "data.mat"
    records.upload_walk("data.mat", mat.read_bytes(), trial="Test5/Trial1")
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s")
    document = records.export_all()
    rows = {row["original_filename"]: row for row in _rows(csv_table(document, "walks"))}
    started = next(w for w in document["gait_recordings"] if w["original_filename"] == "data.mat")
    assert rows["data.mat"]["recorded_at"] == started["result"]["recording"]["start_datetime"]
    assert rows["data.mat"]["recorded_at"].startswith("2020-08-21T")  # not the day it was sent
    assert rows["imu.csv"]["recorded_at"] == ""  # the file does not say
    db.dispose()


def test_the_walks_table_names_the_trial_of_a_mobilise_d_file(tmp_path: Path) -> None:
    """Found in review: a clinic loading study data could not tell from walks.csv which trial of a
    Mobilise-D data.mat a walk came from (every row read "data.mat"). The column ``trial`` names it in
    full, as the file does, however it was picked (its ending, or the file's only trial); empty for
    a file without trials. The command line writes the same table."""
    url = sqlite_url(tmp_path / "trials.sqlite3")
    db = Database(url).migrate()
    records = Records(db)
    mat = (MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "002" / "data.mat").read_bytes()
    records.upload_walk("data.mat", mat, trial="Test5/Trial1")
    records.upload_walk("data.mat", mat, trial="TimeMeasure1/Test5/Trial2")
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s")
    document = records.export_all(note_download=False)
    rows = _rows(csv_table(document, "walks"))
    assert [(r["original_filename"], r["trial"]) for r in rows] == [
        ("data.mat", "TimeMeasure1/Test5/Trial1"),
        ("data.mat", "TimeMeasure1/Test5/Trial2"),
        ("imu.csv", ""),
    ]
    header = next(csv.reader(io.StringIO(csv_table(document, "walks"))))
    assert header.index("trial") == header.index("source_format") + 1  # beside the file it came from
    # a walk restored from a file that kept only the trial as it was asked for (no reader's note)
    walk = document["gait_recordings"][0]
    walk["result"]["notes"] = []
    assert _rows(csv_table(document, "walks"))[0]["trial"] == "Test5/Trial1"
    walk["algorithm_parameters"] = {}  # nor that: not known, never a guess
    assert _rows(csv_table(document, "walks"))[0]["trial"] == ""
    db.dispose()
    out = CliRunner().invoke(cli_app, ["export", "walks", "--db", url])
    assert out.exit_code == 0, out.output
    assert [r["trial"] for r in _rows(out.stdout)] == [r["trial"] for r in rows]


def test_the_checks_table_names_each_check_and_its_disposition(filled: Any) -> None:
    _, records, ids = filled
    rows = {int(r["check_id"]): r for r in _rows(csv_table(records.export_all(), "checks"))}
    finished = rows[ids["finished"]]
    assert finished["finished"] == "yes" and finished["disposition"] == "routine"
    assert finished["most_likely_cause"] == "lumbar_spinal_stenosis"
    top = records.result(ids["finished"]).result["conditions"][0]
    assert finished["most_likely_cause_sources"].split(";") == top["evidence"] != []
    assert 0 < float(finished["most_likely_probability"]) <= 1
    assert rows[ids["unfinished"]]["finished"] == "no" and rows[ids["unfinished"]]["disposition"] == ""
    walks = _rows(csv_table(records.export_all(), "walks"))
    for row in [*rows.values(), *walks]:  # a conclusion never travels without the notice
        assert row["notice"].startswith("This is not a diagnosis.")


def test_an_empty_database_gives_a_header_row_only_and_an_unknown_table_is_named(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "empty.sqlite3")).migrate()
    document = Records(db, clock=lambda: NOW).export_all()
    for table in TABLE_NAMES:
        lines = csv_table(document, table).splitlines()
        assert len(lines) == 1 and lines[0].count(",") >= 5
    with pytest.raises(InputError, match="unknown table 'pain'; choose one of: diary, walks, bouts, checks"):
        csv_table(document, "pain")
    db.dispose()


def test_the_api_serves_each_table_as_a_csv_download(client: TestClient, filled: Any) -> None:
    _, records, _ = filled
    for table in TABLE_NAMES:
        response = client.get(f"/api/export/{table}.csv")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert f'filename="backstride-{table}-' in response.headers["content-disposition"]
        assert _rows(response.text) == _rows(csv_table(records.export_all(), table))
    missing = client.get("/api/export/pain.csv")
    assert missing.status_code == 404
    assert "diary.csv" in missing.json()["detail"] and "fhir" in missing.json()["detail"]


# ---------------------------------------------------------------------------------------- report


def test_the_report_shows_the_newest_finished_check_with_its_because_trail(
    client: TestClient, filled: Any
) -> None:
    _, records, ids = filled
    response = client.get("/report")
    assert response.status_code == 200
    text = _text(response.text)
    assert f"Check {ids['finished']}," in text and "the newest finished one" in text
    assert "This is not a diagnosis." in text
    result = records.result(ids["finished"]).result
    assert result["disposition"] == "routine" and "Book a follow-up visit" in text
    top = result["conditions"][0]
    assert top["code"] == "lumbar_spinal_stenosis" and "Lumbar spinal stenosis" in text
    for step in top["because"]:  # every likelihood ratio of the most likely cause is in the report
        assert f"LR {step['likelihood_ratio']:g}" in text
    assert "Advice the person was given" in text and "A cane (walking stick)" in text


def test_the_report_shows_the_diary_trend_and_the_walks(client: TestClient, filled: Any) -> None:
    _, records, ids = filled
    text = _text(client.get("/report").text)
    assert f"{len(DIARY)} diary entries, from {day_words(DIARY[0][0])} to {day_words(DIARY[-1][0])}" in text
    assert "Your pain has gone down by an amount that matters (2 points or 30%) [E5]" in text
    notes = text[text.index("Diary notes, newest first") :]
    assert notes.index("-better, + more") < notes.index("walked to the shop") < notes.index("bad week")
    assert '=HYPERLINK("http://x")' in notes  # shown as text, exactly as typed (the page escapes it)
    walk = records.get_walk(ids["walk"])
    speed = walk.result["summary"]["walking_speed_mps"]
    assert f"{speed:.2f} m/s" in text
    assert "Until the first symptom" in text and "Gait factors of the walk" in text
    assert "Walking speed is slower than usual for adults" in text


def test_every_source_the_report_cites_is_listed_with_its_citation_and_no_other(client: TestClient) -> None:
    text = _text(client.get("/report").text)
    body, references = text.split("Every source cited above", 1)
    cited = set(re.findall(r"\b([A-F]\d{1,2})\b", body))
    listed = set(re.findall(r"\b([A-F]\d{1,2}) :", references))
    assert cited == listed and {"E5", "C10", "D1", "D7"} <= listed
    assert "Comer CM, et al. Walking stick use for neurogenic claudication" in references


def test_the_report_is_one_self_contained_file(client: TestClient) -> None:
    html = client.get("/report").text
    assert "<script" not in html and "<link" not in html and 'src="' not in html
    assert "<style>" in html and ".disposition" in html  # the app's styles are inside the file
    saved = client.get("/report?download=1")
    expected = f'attachment; filename="backstride-report-{date.today().isoformat()}.html"'
    assert saved.headers["content-disposition"] == expected


def test_the_report_can_show_another_check_and_names_bad_input(client: TestClient, filled: Any) -> None:
    _, _, ids = filled
    text = _text(client.get(f"/report?check={ids['unfinished']}").text)
    assert f"Check {ids['unfinished']}," in text and "the one asked for" in text
    assert "Not finished" in text  # never an all-clear before the warning signs are asked
    missing = client.get("/report?check=99999")
    assert missing.status_code == 404 and "99999" in missing.text
    assert client.get("/report?weeks=0").status_code == 422
    assert client.get("/report?weeks=many").status_code == 422


def test_an_emergency_check_shows_its_warning_signs_and_sources(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "e.sqlite3")).migrate()
    records = Records(db, clock=lambda: NOW)
    check = finish_check(records, "dev-017")  # cauda equina signs
    assert records.result(check).disposition == "emergency"
    from backstride.web.report import render_report

    text = _text(render_report(records))
    assert "Warning signs in the answers" in text and "A15" in text
    assert text.index("How soon: Emergency") < text.index("Likely causes")
    db.dispose()


def test_a_report_of_an_empty_database_says_what_is_missing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "none.sqlite3")
    with TestClient(create_app(Settings(database_url=url))) as c:
        text = _text(c.get("/report").text)
    assert "No check yet." in text and "No diary entries yet." in text and "No walks yet." in text


# ------------------------------------------------------------------------------------------- CLI


def _without_clock(html: str) -> str:
    return re.sub(r"Made on [^<]* by", "Made on (time) by", html)


def test_backstride_report_writes_the_same_page_and_never_replaces_a_file(
    client: TestClient, filled: Any, tmp_path: Path
) -> None:
    url = filled[0]
    out = tmp_path / "report.html"
    done = runner.invoke(cli_app, ["report", "--db", url, "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = client.get("/report").text
    written = out.read_text(encoding="utf-8")
    # the same page, but for the links that lead nowhere in a file opened from a disk or an email
    links = re.compile(r'<p class="no-print"><a href="/">Back to backstride</a>.*?</p>', re.S)
    assert links.search(page) and not links.search(written) and "Download as PDF" not in written
    assert _without_clock(written) == _without_clock(links.sub("", page))
    out.write_text("my own notes", encoding="utf-8")
    again = runner.invoke(cli_app, ["report", "--db", url, "--out", str(out)])
    assert again.exit_code == 2 and "already exists" in again.output and "--force" in again.output
    assert out.read_text(encoding="utf-8") == "my own notes"  # kept
    forced = runner.invoke(cli_app, ["report", "--db", url, "--out", str(out), "--force"])
    assert forced.exit_code == 0 and "backstride: report for a clinician" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left
    unknown = runner.invoke(
        cli_app, ["report", "--db", url, "--check", "99999", "--out", str(tmp_path / "x.html")]
    )
    assert unknown.exit_code == 2 and "check 99999 does not exist" in unknown.output
    assert not (tmp_path / "x.html").exists()  # nothing written


def test_backstride_export_prints_a_table_and_names_bad_input(filled: Any, tmp_path: Path) -> None:
    url, records, _ = filled
    done = runner.invoke(cli_app, ["export", "diary", "--db", url])
    assert done.exit_code == 0 and _rows(done.stdout) == _rows(csv_table(records.export_all(), "diary"))
    unknown = runner.invoke(cli_app, ["export", "pain", "--db", url])
    assert unknown.exit_code == 2 and "unknown export 'pain'" in unknown.output
    nowhere = tmp_path / "no-such.sqlite3"
    missing = runner.invoke(cli_app, ["export", "json", "--db", sqlite_url(nowhere)])
    assert missing.exit_code == 2 and "no saved data at" in missing.output
    assert not nowhere.exists()  # an export never creates a database
    no_folder = runner.invoke(
        cli_app, ["export", "json", "--db", url, "--out", str(tmp_path / "a" / "b.json")]
    )
    assert no_folder.exit_code == 2 and "does not exist" in no_folder.output
    written = runner.invoke(cli_app, ["export", "json", "--db", url, "--out", str(tmp_path / "all.json")])
    assert written.exit_code == 0
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["diary_entries"][1]["notes"] == (
        '=HYPERLINK("http://x")'
    )


# ------------------------------------------------------------------------------------------ FHIR


def test_the_api_and_the_cli_give_the_fhir_bundle_of_everything_stored(
    client: TestClient, filled: Any, tmp_path: Path
) -> None:
    from collections import Counter

    url, _, _ = filled
    response = client.get("/api/export/fhir")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json; fhirVersion=4.0"
    assert 'filename="backstride-fhir-' in response.headers["content-disposition"]
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert set(kinds) == {
        "Device",
        "Patient",
        "Observation",
        "QuestionnaireResponse",
        "RiskAssessment",
        "CarePlan",
    }
    # a plan only for the finished check, never for the one answered half-way (see below)
    assert kinds["QuestionnaireResponse"] == 2 and kinds["CarePlan"] == 1
    pain = sorted(
        (e["resource"]["effectiveDateTime"], e["resource"]["valueInteger"])
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and any(c.get("code") == "72514-3" for c in e["resource"]["code"].get("coding", ()))
    )
    assert pain == [(day.isoformat(), value) for day, value, _, _ in DIARY]
    out = tmp_path / "bundle.json"
    done = runner.invoke(cli_app, ["export", "fhir", "--db", url, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert [e["fullUrl"] for e in json.loads(out.read_text(encoding="utf-8"))["entry"]] == [
        e["fullUrl"] for e in bundle["entry"]
    ]


def _of_check(resources: list[dict[str, Any]], kind: str, check: int) -> list[dict[str, Any]]:
    """The FHIR resources of ``kind`` made from one check (by their backstride identifier)."""
    found = []
    for r in resources:
        identifiers = r.get("identifier") or []
        identifiers = [identifiers] if isinstance(identifiers, dict) else identifiers
        if r["resourceType"] == kind and any(
            i.get("value", "").startswith(f"assessment/{check}/") for i in identifiers
        ):
            found.append(r)
    return found


def test_a_check_shown_half_way_goes_out_as_not_finished_never_as_an_all_clear(
    client: TestClient, filled: Any
) -> None:
    """A result is stored whenever it is shown, also after one answer; the exports must not make it
    look finished: the warning signs not asked and answered "don't know" are named, with sources."""
    _, records, ids = filled
    records.result(ids["unfinished"])  # the result page, opened after one answer
    rows = {int(r["check_id"]): r for r in _rows(client.get("/api/export/checks.csv").text)}
    half, done = rows[ids["unfinished"]], rows[ids["finished"]]
    assert half["finished"] == "no" and half["disposition"] != ""
    assert "urinary_retention" in half["warning_signs_not_asked"].split(";")
    assert done["finished"] == "yes" and done["warning_signs_not_asked"] == ""
    exported = {a["id"]: a for a in records.export_all()["assessments"]}
    assert done["finished_at"] == exported[ids["finished"]]["finished_at"] != ""  # when it was finished
    assert half["finished_at"] == ""
    unknown = {c for c, v in records.get_assessment(ids["finished"]).answers.items() if v is None}
    assert done["warning_signs_dont_know"]
    # each a sign answered "don't know", or the rule two of them fire together above each one's level
    rules = {r.code for r in load_knowledge().red_flag_rules.values()}
    assert set(done["warning_signs_dont_know"].split(";")) <= unknown | rules

    resources = [e["resource"] for e in client.get("/api/export/fhir").json()["entry"]]
    (answers,) = _of_check(resources, "QuestionnaireResponse", ids["unfinished"])
    (risk,) = _of_check(resources, "RiskAssessment", ids["unfinished"])
    assert answers["status"] == "in-progress" and risk["status"] == "preliminary"
    first = risk["note"][0]["text"]
    assert first.startswith("Not finished: these warning signs were not asked, so this result is not")
    assert "(urinary_retention; if true: emergency [A15" in first
    assert _of_check(resources, "CarePlan", ids["unfinished"]) == []
    (finished_risk,) = _of_check(resources, "RiskAssessment", ids["finished"])
    assert finished_risk["status"] == "final"
    assert len(_of_check(resources, "CarePlan", ids["finished"])) == 1
    assert finished_risk["note"][0]["text"].startswith('Warning signs answered "don\'t know"')


def test_the_pages_lead_to_the_report_and_every_export_link_works(client: TestClient, filled: Any) -> None:
    _, _, ids = filled
    assert f'href="/report?check={ids["finished"]}"' in client.get("/history").text
    assert f'href="/report?check={ids["finished"]}"' in client.get(f"/check/{ids['finished']}/result").text
    assert 'href="/report"' in client.get("/diary").text
    data_page = client.get("/data").text
    links = re.findall(r'href="(/report|/data/export[^"]*|/api/export[^"]*)"', data_page)
    assert {"/report", "/data/export/fhir", "/data/export/diary.csv", "/data/export/checks.csv"} <= set(links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_report_covers_the_weeks_asked_for_and_says_how_many_entries_are_older(tmp_path: Path) -> None:
    from backstride.web.report import render_report

    db = Database(sqlite_url(tmp_path / "w.sqlite3")).migrate()
    records = Records(db)
    old, new = TODAY - timedelta(days=100), TODAY
    records.add_diary_entry(entry_date=old.isoformat(), pain_0_10=8, notes="long ago: the old note")
    records.add_diary_entry(entry_date=new.isoformat(), pain_0_10=2, notes="today: the new note")
    text = _text(render_report(records, weeks=2))
    assert (
        f"1 diary entry, from {day_words(new)} to {day_words(new)} (2 in all; every one is in the exports)"
        in text
    )
    assert "today: the new note" in text and "the old note" not in text
    wide = _text(render_report(records, weeks=20))
    assert "2 diary entries" in wide and "the old note" in wide
    db.dispose()


def test_an_export_file_is_named_after_the_persons_day_not_utcs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from backstride.services.sharing import make_export

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        late_evening = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)  # 22:30 on the 26th in New York
        records = Records(Database(sqlite_url(tmp_path / "e.sqlite3")).migrate(), clock=lambda: late_evening)
        assert make_export(records, "diary").filename == "backstride-diary-2026-11-26.csv"
        assert make_export(records, "fhir").filename == "backstride-fhir-2026-11-26.json"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_red_flag_travels_with_its_sources_in_the_checks_table(tmp_path: Path) -> None:
    records = Records(Database(sqlite_url(tmp_path / "r.sqlite3")).migrate())
    check = records.start_assessment("person")
    records.answer(check.id, {code: code == "urinary_retention" for code in check.next_question["codes"]})
    hit = records.result(check.id).result["red_flags"][0]
    (row,) = _rows(csv_table(records.export_all(), "checks"))
    assert row["disposition"] == "emergency" and row["red_flags"] == "cauda_equina_signs" == hit["code"]
    assert row["red_flag_sources"].split(";") == hit["sources"] and "A15" in hit["sources"]
    records.db.dispose()


def test_a_check_whose_answers_this_version_cannot_replay_never_stops_an_export(tmp_path: Path) -> None:
    # a check stored by a version with other questions (here a finding code this one does not know):
    # the CSV and FHIR exports still work and count it as not finished, every warning sign not asked
    from backstride.services.sharing import make_export
    from backstride.storage.models import Assessment

    db = Database(sqlite_url(tmp_path / "old.sqlite3")).migrate()
    records = Records(db, clock=lambda: NOW)
    result = records.result(finish_check(records, "dev-001")).result
    with db.session(write=True) as session:
        answers = {"age_years": 40, "a_finding_from_another_version": True}
        session.add(
            Assessment(
                person_id=1, mode="person", answers=answers, result=result, disposition=result["disposition"],
                knowledge_version="0.9.0", package_version="0.0.9", created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    rows = {r["check_id"]: r for r in _rows(make_export(records, "checks").text)}
    old = rows["2"]
    assert old["finished"] == "no" and "saddle_numbness" in old["warning_signs_not_asked"]
    bundle = json.loads(make_export(records, "fhir").text)
    notes = [
        n["text"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "RiskAssessment"
        for n in e["resource"].get("note", ())
    ]
    assert any("could not be replayed by this version" in n for n in notes)
    db.dispose()


def test_backstride_report_names_its_file_after_today_by_default(
    filled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(cli_app, ["report", "--db", filled[0]])
    assert done.exit_code == 0, done.output
    expected = tmp_path / f"backstride-report-{date.today().isoformat()}.html"
    assert expected.is_file() and "backstride: report for a clinician" in expected.read_text(encoding="utf-8")
    assert expected.name in done.stderr
