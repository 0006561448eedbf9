"""The clinician report as a PDF (GET /report.pdf, ``backstride report --format pdf``), read back with
pypdf: it says what the HTML report says (the same view), every page says "Not a diagnosis" and its
number, letters the font lacks are marked and named, one person's report never shows another's, and
the command line refuses what it should without leaving a file behind. The data are real: a dev
vignette interviewed to the end, a real lab walk, a diary (as in test_sharing).
"""

# ruff: noqa: F811 (the fixtures filled and client are test_sharing's, imported below)
from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fastapi.testclient import TestClient

# the database of test_sharing, filled through the app's use cases, and its web app
from tests.integration.test_sharing import DIARY, client, filled, finish_check  # noqa: F401
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.report import report_view
from backstride.web.report_pdf import MISSING_MARK, build_pdf
from backstride.web.settings import Settings

runner = CliRunner()
TODAY = date.today()


def pages(pdf: bytes) -> list[str]:
    """Each page's words, one space between them (a table cell's line breaks are not words)."""
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def words(pdf: bytes) -> str:
    return " ".join(pages(pdf))


@pytest.fixture(scope="module")
def report(client: TestClient) -> bytes:
    response = client.get("/report.pdf")
    assert response.status_code == 200, response.text[:500]
    return response.content


# ------------------------------------------------------------------------------------ what it says


def test_the_pdf_is_a_download_named_after_today(client: TestClient) -> None:
    response = client.get("/report.pdf")
    assert response.headers["content-type"] == "application/pdf"
    expected = f'attachment; filename="backstride-report-{TODAY.isoformat()}.pdf"'
    assert response.headers["content-disposition"] == expected
    assert response.headers["cache-control"] == "no-store"  # a person's records are never cached


def test_the_pdf_shows_the_check_its_disposition_causes_and_advice(report: bytes, filled: Any) -> None:
    _, records, ids = filled
    text = words(report)
    result = records.result(ids["finished"]).result
    assert result["disposition"] == "routine"
    assert f"Check {ids['finished']}," in text and "How soon: Within one to two weeks" in text
    assert "What to do now: Book a follow-up visit" in text  # the examiner arranges it (review R6: who)
    assert "Why: • Pain that has not clearly improved after 6 weeks" in text  # the banner's reasons
    top = result["conditions"][0]
    assert top["code"] == "lumbar_spinal_stenosis" and "Lumbar spinal stenosis" in text
    for step in top["because"]:  # every likelihood ratio of the most likely cause
        assert f"LR {step['likelihood_ratio']:g}" in text
    # a plan item and its evidence grade, in one row of the advice table
    row = text[text.index("A cane (walking stick)", text.index("Advice the person was given")) :]
    # e2: with why it is in the plan under its title, as the page's table has it
    (cane,) = [
        i for part in ("immediate", "home") for i in result["plan"][part] if i["code"] == "walking_cane"
    ]
    assert row.startswith(f"A cane (walking stick) {cane['reason']}")
    assert (
        row.index("Studies found it does not help") < 60 + len(cane["reason"])
        and "Sources: C10." in row[:500]
    )
    assert "This is not a diagnosis." in text and "Get help now" in text


def test_the_pdf_shows_the_diary_and_the_walks_numbers(report: bytes, filled: Any) -> None:
    _, records, ids = filled
    text = words(report)
    assert f"{len(DIARY)} diary entries, from {day_words(DIARY[0][0])} to {day_words(DIARY[-1][0])}" in text
    assert "Your pain has gone down by an amount that matters (2 points or 30%) [E5]" in text
    notes = text[text.index("Diary notes, newest first") :]
    assert notes.index("-better, + more") < notes.index("walked to the shop") < notes.index("bad week")
    assert '=HYPERLINK("http://x")' in notes  # as typed, never read as anything else
    summary = records.get_walk(ids["walk"]).result["summary"]
    walks = text[text.index("Every walk, the last one sent first") :]
    assert f"{summary['walking_speed_mps']:.2f} m/s" in walks and f"{summary['cadence_spm']:.0f}" in walks
    assert "Walking speed is slower than usual for adults" in text
    # the charts: the lines of the diary and the walk, with their legend
    assert "Pain (0-10)" in text and "Their diary" in text and "Measured on a walk" in text


def test_every_page_says_not_a_diagnosis_and_its_number(report: bytes) -> None:
    found = pages(report)
    assert len(found) >= 2
    for number, page in enumerate(found, start=1):
        assert f"Not a diagnosis. backstride report for a clinician Page {number} of {len(found)}" in page


def test_the_sources_are_the_html_reports_and_each_cited_key_is_listed(
    report: bytes, client: TestClient
) -> None:
    text = words(report)
    body, listed = text.split("Every source cited above", 1)
    cited = set(re.findall(r"\b([A-F]\d{1,2})\b", body))
    keys = set(re.findall(r"\b([A-F]\d{1,2}):", listed))
    assert cited == keys and {"E5", "C10", "D1", "D7", "A15", "A22"} <= keys
    html_keys = set(re.findall(r"<strong>([A-F]\d{1,2})</strong>:", client.get("/report").text))
    assert keys == html_keys  # one view for both: the same sources
    assert "Comer CM, et al. Walking stick use for neurogenic claudication" in listed


def test_a_pdf_of_an_empty_database_says_what_is_missing(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "none.sqlite3")))) as c:
        response = c.get("/report.pdf")
        html = c.get("/report").text
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = words(response.content)
    for missing in ("No check yet.", "No diary entries yet.", "No walks yet."):
        assert missing in text and missing in html
    assert "Page 1 of 1" in text


def test_a_long_plan_goes_on_over_the_next_pages_with_its_header(filled: Any) -> None:
    _, records, _ = filled
    view = report_view(records)
    notes = view["check"]["evidence_notes"]
    long_notes = [{**n, "title": f"Advice number {i}"} for i in range(8) for n in notes]  # over 100 rows
    view["check"]["evidence_notes"] = long_notes
    found = pages(build_pdf(view))
    first = next(i for i, p in enumerate(found) if "Advice number 0 " in p)
    last = next(i for i, p in enumerate(found) if "Advice number 7 " in p)
    assert last > first + 1  # it spans pages
    for page in found[first : last + 1]:  # the header row is on each of them
        assert "Advice Evidence What studies say" in page
    assert words(build_pdf(view)).count("Studies found it does not help") >= 8  # every row, none lost


# --------------------------------------------------------------------------- people and letters


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[tuple[str, Records, dict[str, int]]]:
    db = Database(sqlite_url(tmp_path / "clinic.sqlite3")).migrate()
    records = Records(db)
    ids = {}
    for label, note in (("Zoë Ångström", "only Zoe wrote this"), ("王芳 Room 4", "only Fang wrote this")):
        person = records.people.add(label)
        ids[label] = person.id
        records.for_person(person.id).add_diary_entry(
            entry_date=TODAY.isoformat(), pain_0_10=5, walking_tolerance_min=12.0, notes=note
        )
    ids["fang_check"] = finish_check(records.for_person(ids["王芳 Room 4"]), "dev-005")
    yield sqlite_url(tmp_path / "clinic.sqlite3"), records, ids
    db.dispose()


def test_a_report_shows_only_its_persons_records(clinic: Any) -> None:
    url, records, ids = clinic
    zoe, fang = ids["Zoë Ångström"], ids["王芳 Room 4"]
    with TestClient(create_app(Settings(database_url=url))) as c:
        mine = c.get(f"/report.pdf?person={zoe}")
        theirs = c.get(f"/report.pdf?person={fang}")
        assert mine.status_code == theirs.status_code == 200
        assert mine.headers["content-disposition"].endswith(f'-person-{zoe}.pdf"')
        own = words(mine.content)
        assert "Report for Zoë Ångström" in own and "only Zoe wrote this" in own
        assert "only Fang wrote this" not in own and "Room 4" not in own and "No check yet." in own
        other = words(theirs.content)
        assert "only Fang wrote this" in other and "only Zoe wrote this" not in other and "Zo" not in other
        assert f"Check {ids['fang_check']}," in other
        # a check of someone else's is not found; an unknown or mistyped person is refused
        assert c.get(f"/report.pdf?person={zoe}&check={ids['fang_check']}").status_code == 404
        assert c.get("/report.pdf?person=9999").status_code == 404
        assert c.get("/report.pdf?person=abc").status_code == 422
        assert c.get(f"/report.pdf?person={zoe}&weeks=0").status_code == 422
        assert c.get(f"/report.pdf?person={zoe}&check=many").status_code == 422
        c.cookies.clear()  # several people and none chosen: choose first, never somebody picked
        chosen = c.get("/report.pdf", follow_redirects=False)
        assert chosen.status_code == 303 and chosen.headers["location"] == "/people?choose=1"
    lines = records.activity.list()  # each download written down, whose, as what; refusals not
    downloads = [(e.action, e.person_id, e.detail) for e in lines if e.action == "report_downloaded"]
    assert sorted(downloads) == sorted(
        [("report_downloaded", zoe, "as PDF"), ("report_downloaded", fang, "as PDF")]
    )


def test_accented_letters_are_drawn_and_others_marked_and_named(clinic: Any) -> None:
    url, _, ids = clinic
    with TestClient(create_app(Settings(database_url=url))) as c:
        accented = words(c.get(f"/report.pdf?person={ids['Zoë Ångström']}").content)
        other = pages(c.get(f"/report.pdf?person={ids['王芳 Room 4']}").content)
    assert "Zoë Ångström" in accented and MISSING_MARK not in accented and "Note:" not in accented
    text = " ".join(other)
    assert f"Report for {MISSING_MARK}{MISSING_MARK} Room 4" in text  # never dropped in silence
    assert "U+738B (cjk unified ideograph-738b), U+82B3 (cjk unified ideograph-82b3)" in text
    assert "\x00" not in text and "王" not in text
    assert text.index("Note:") < text.index("The latest check")  # said at the top, not at the end
    for page in other:  # whose report it is, on every page
        assert f"report for a clinician: {MISSING_MARK}{MISSING_MARK} Room 4 Page" in page


def test_text_the_font_cannot_draw_is_marked_not_dropped() -> None:
    from backstride.web.report_pdf import _Text

    text = _Text()
    assert text("José & <b>Łukasz</b>\nő") == "José &amp; &lt;b&gt;Łukasz&lt;/b&gt; [?]"
    assert text.plain("e\u0301") == "é"  # composed first: a combining accent the font lacks is not lost
    assert text.plain("a\x00b\u202ec") == f"a{MISSING_MARK}b{MISSING_MARK}c"
    note = text.note() or ""
    assert "U+0151 (latin small letter o with double acute)" in note and "U+0000 (no name)" in note
    assert _Text().note() is None


# ------------------------------------------------------------------------------------------- CLI


def _without_clock(text: str) -> str:
    return re.sub(r"Made on .*? by", "Made on (time) by", text)


def test_backstride_report_format_pdf_writes_the_same_report(
    filled: Any, client: TestClient, tmp_path: Path
) -> None:
    url = filled[0]
    out = tmp_path / "report.pdf"
    done = runner.invoke(cli_app, ["report", "--format", "pdf", "--db", url, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "PDF reader" in done.output
    assert _without_clock(words(out.read_bytes())) == _without_clock(words(client.get("/report.pdf").content))
    again = runner.invoke(cli_app, ["report", "--format", "pdf", "--db", url, "--out", str(out)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # no temporary file left
    printed = runner.invoke(cli_app, ["report", "--format", "pdf", "--db", url, "--out", "-"])
    assert printed.exit_code == 0 and printed.stdout_bytes.startswith(b"%PDF-")
    html = runner.invoke(cli_app, ["report", "--db", url, "--out", "-"])  # the default is still the page
    assert html.exit_code == 0 and html.stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "words_said"),
    [
        (["--format", "docx"], "--format must be html or pdf, got 'docx'"),
        (["--format", "PDF"], "--format must be html or pdf"),
        (["--format", ""], "--format must be html or pdf"),
        (["--format", "pdf", "--out", "{tmp}"], "is a folder"),
        (["--format", "pdf", "--out", "{tmp}/pipe", "--force"], "not a file"),
        (["--format", "pdf", "--out", "{tmp}/link.pdf", "--force"], "not a file"),
        (["--format", "pdf", "--out", "{tmp}/no-folder/x.pdf"], "does not exist"),
        (["--format", "pdf", "--out", ""], "--out is empty"),
        (["--format", "pdf", "--check", "99999", "--out", "{tmp}/x.pdf"], "check 99999 does not exist"),
    ],
)
def test_backstride_report_refuses_and_leaves_nothing_behind(
    filled: Any, tmp_path: Path, args: list[str], words_said: str
) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "kept.pdf").write_bytes(b"kept")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "kept.pdf")
    before = sorted(p.name for p in tmp_path.iterdir())
    done = runner.invoke(
        cli_app, ["report", "--db", filled[0], *[a.replace("{tmp}", str(tmp_path)) for a in args]]
    )
    assert done.exit_code == 2 and done.output.startswith("error: ") and words_said in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no temporary file
    assert (tmp_path / "pipe").is_fifo() and (tmp_path / "link.pdf").is_symlink()
    assert (tmp_path / "kept.pdf").read_bytes() == b"kept"


def test_backstride_report_of_a_person_in_a_clinic(
    clinic: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, ids = clinic
    monkeypatch.chdir(tmp_path)
    zoe = "ZOË ÅNGSTRÖM"  # a label in any case, any script (core.names.name_key)
    done = runner.invoke(cli_app, ["report", "--format", "pdf", "--db", url, "--person", zoe])
    assert done.exit_code == 0, done.output
    written = tmp_path / f"backstride-report-{TODAY.isoformat()}-person-{ids['Zoë Ångström']}.pdf"
    text = words(written.read_bytes())
    assert "Report for Zoë Ångström" in text and "only Fang wrote this" not in text
    (line,) = [e for e in records.activity.list() if e.action == "report_downloaded"]
    assert line.person_id == ids["Zoë Ångström"] and line.via == "command line"
    nobody = runner.invoke(
        cli_app, ["report", "--format", "pdf", "--db", url, "--out", str(tmp_path / "y.pdf")]
    )
    assert nobody.exit_code == 2 and "--person" in nobody.output and not (tmp_path / "y.pdf").exists()


ODD = [
    "",
    "0",
    "-1",
    "1.5",
    "abc",
    "٣",
    "１０",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "\x00",
]


@pytest.mark.parametrize("name", ["check", "weeks", "person"])
def test_odd_addresses_are_refused_as_the_page_refuses_them(client: TestClient, name: str) -> None:
    """Each odd value of each parameter: the PDF route answers as GET /report does (a 4xx page, or
    the report), never a 5xx, and a refusal is a page, not a PDF."""
    for value in ODD:
        pdf = client.get("/report.pdf", params={name: value}, follow_redirects=False)
        page = client.get("/report", params={name: value}, follow_redirects=False)
        assert pdf.status_code == page.status_code < 500, (name, value, pdf.text[:300])
        if pdf.status_code != 200:
            assert pdf.headers["content-type"].startswith("text/html")
            assert "content-disposition" not in pdf.headers


def test_the_data_page_and_the_report_link_to_the_pdf(client: TestClient, filled: Any, clinic: Any) -> None:
    _, _, ids = filled
    assert 'href="/report.pdf" download>Download as PDF</a>' in client.get("/data").text
    report = client.get("/report?weeks=4").text  # the PDF of what the page shows: its check and weeks
    assert f'href="/report.pdf?weeks=4&amp;check={ids["finished"]}">Download as PDF</a>' in report
    url, _, people = clinic
    zoe = people["Zoë Ångström"]
    with TestClient(create_app(Settings(database_url=url))) as c:
        assert f'href="/report.pdf?person={zoe}" download>' in c.get(f"/data?person={zoe}").text
        assert f'&amp;person={zoe}">Download as PDF</a>' in c.get(f"/report?person={zoe}").text


def test_an_emergency_and_an_unfinished_check_read_as_on_the_page(tmp_path: Path) -> None:
    from backstride.web.report_pdf import render_report_pdf

    db = Database(sqlite_url(tmp_path / "e.sqlite3")).migrate()
    records = Records(db)
    emergency = finish_check(records, "dev-017")  # cauda equina signs
    assert records.result(emergency).disposition == "emergency"
    text = words(render_report_pdf(records))
    assert (
        text.index("How soon: Emergency")
        < text.index("Warning signs in the answers")
        < text.index("Likely causes")
    )
    assert "Do not wait to finish reading this page." in text and "A15" in text
    unfinished = records.start_assessment("person").id
    records.answer(unfinished, {"age_years": 50})
    text = words(render_report_pdf(records, assessment_id=unfinished))
    assert f"Check {unfinished}," in text and "the one asked for" in text
    # never an all-clear before the warning signs are asked: "not finished" first, then a partial result
    assert text.index("How soon: not known yet") < text.index("Not finished") < text.index("Partial result")
    db.dispose()


def test_pdfs_drawn_at_once_in_several_threads_are_whole(filled: Any) -> None:
    """The web app answers in several threads; reportlab keeps state in its fonts and modules."""
    from concurrent.futures import ThreadPoolExecutor

    view = report_view(filled[1])
    alone = pages(build_pdf(view))
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: pages(build_pdf(view)), range(4)))
    assert all(found == alone for found in together)


def test_a_long_label_is_whole_in_the_title_and_cut_short_in_the_footer(filled: Any) -> None:
    view = report_view(filled[1])
    label = "Room 4 " + " ".join(["Wilhelmina"] * 6) + " Smith"  # 78 of at most 80 characters
    view["person"] = {**view["person"], "label": label}
    found = pages(build_pdf(view))
    assert f"Report for {label}" in found[0]
    for number, page in enumerate(found, start=1):  # never over the page number
        assert re.search(rf"clinician: Room 4 Wilhelmina[A-Za-z ]*… Page {number} of {len(found)}$", page)


def test_a_pdf_is_never_printed_on_a_terminal(filled: Any) -> None:
    """--out - pipes the PDF on (tested above); to a terminal it is refused, as its bytes are no use
    on a screen."""
    import pty
    import subprocess
    import sys

    screen, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "backstride",
                "report",
                "--format",
                "pdf",
                "--db",
                filled[0],
                "--out",
                "-",
            ],
            stdout=terminal,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(terminal)
        os.close(screen)
    assert done.returncode == 2
    assert "error: --out - would print a PDF on the screen" in done.stderr.decode()
