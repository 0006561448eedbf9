"""The boxes "You were not sure about these warning signs" and "Questions not asked" list short items
only; a warning rule's own sentences follow the list, each with its sources, on the terminal, the
result page and the report PDF.

Found in review (2026-11-28), as in the "Not finished" box (b2ea08fc): under "If any of these is true,
go to an emergency department now (do not drive yourself):" the list held "Numbness between your legs:
..." beside "A fever with back pain when you inject drugs, ... Go to an emergency department now.",
a rule's whole sentence that says what to do itself; the box "Questions not asked" was a list of such
sentences only. Nothing is lost: every sentence and every source is still said, and a group with no
list still says its advice ("do not drive yourself"), as a sentence of its own, not a list's heading.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_report_pdf import words
from typer.testing import CliRunner

from backstride import Interview
from backstride.cli.main import app as cli_app
from backstride.core.voice import about_them_text
from backstride.services.foresight import question_plan
from backstride.services.interview import UNCERTAIN_ADVICE
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.report_pdf import render_report_pdf
from backstride.web.settings import Settings

SCREENING = question_plan("person").screening_codes
# every warning sign "no" but three "don't know": numbness between the legs (an emergency alone), a
# fever and injecting drugs (each a visit today; together an emergency, said in the rule's sentence);
# the questions after the checklists not asked (age, how long: the rules that could still fire)
UNSURE = {c: (None if c in ("saddle_numbness", "fever", "iv_drug_use") else False) for c in SCREENING}
PAIR = "A fever with back pain when you inject drugs"
GO_NOW = "Go to an emergency department now."
runner = CliRunner()


def _said(answers: dict[str, Any]) -> tuple[Any, ...]:
    """Every sign either box names: each must still be said, with its sources."""
    interview = Interview("person", answers)
    return (*interview.uncertain_warning_signs(), *interview.unasked_warning_rules())


def test_the_example_has_both_kinds_in_both_boxes() -> None:
    interview = Interview("person", UNSURE)
    texts = [s.text for s in interview.uncertain_warning_signs()]
    assert any(t.startswith(PAIR) and t.endswith(GO_NOW) for t in texts)
    assert any(t.startswith("Numbness between your legs") for t in texts)
    assert interview.unasked_warning_rules() and all(
        s.text.endswith(".") for s in interview.unasked_warning_rules()
    )


# ------------------------------------------------------------------------------------------ terminal


def test_the_terminal_lists_short_items_and_says_the_rules_sentences_after(tmp_path: Path) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(UNSURE), encoding="utf-8")
    done = runner.invoke(cli_app, ["assess", "--answers", str(file)], env={"COLUMNS": "400"})
    assert done.exit_code == 0, done.output
    out = done.output
    lines = [line.strip("│ ").strip() for line in out.splitlines()]
    bullets = [line for line in lines if line.startswith("•")]
    assert any("Numbness between your legs" in line for line in bullets)
    in_the_list = [line for line in bullets if GO_NOW in line or "today." in line]  # a rule's sentence
    assert not in_the_list, in_the_list
    for sign in _said(UNSURE):  # every sentence and its sources, still said, each on a line of its own
        cite = f"[{', '.join(sign.sources)}]"
        assert any(line.lstrip("• ") == f"{sign.text} {cite}" for line in lines), sign.text
    # a group with no list says its advice as a sentence, not as a list's heading
    unasked = out[out.index("QUESTIONS NOT ASKED") :]
    assert UNCERTAIN_ADVICE["emergency"].removesuffix(":") + ". [A15, A22]" in unasked
    assert UNCERTAIN_ADVICE["emergency"] not in unasked


# ------------------------------------------------------------------------------------------ web page


@pytest.fixture
def records(tmp_path: Path) -> Any:
    url = sqlite_url(tmp_path / "b.sqlite3")
    db = Database(url).migrate()
    yield url, Records(db)
    db.dispose()


def _box(page: str, box_id: str) -> str:
    start = page.index(f'id="{box_id}"')
    return page[start : page.index("</section>", start)]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _check_boxes(page: str, say: Any = str) -> None:
    """``say``: the words as the page says them (the report: about the person)."""
    boxes = _box(page, "uncertain") + _box(page, "unasked")
    items = [_text(li) for li in re.findall(r"<li>(.*?)</li>", boxes, re.S)]
    assert any(i.startswith(say("Numbness between your legs")) for i in items)
    assert not [i for i in items if i.endswith(" now.") or say(PAIR) in i], (
        items
    )  # a rule's sentence in the list
    paragraphs = [_text(p) for p in re.findall(r"<p>(.*?)</p>", boxes, re.S)]
    for sign in _said(UNSURE):  # each item or sentence with its sources; a sentence a paragraph of its own
        text, sources = say(sign.text), f"Sources: {', '.join(sign.sources)}."
        assert (
            (f"{text} {sources}" in paragraphs) if sign.text.endswith(".") else f"{text}. {sources}" in items
        )
    unasked = _text(_box(page, "unasked"))
    assert say(UNCERTAIN_ADVICE["emergency"].removesuffix(":")) + ". Sources: A15, A22." in unasked
    assert "<ul>" not in _box(page, "unasked")  # only the rules' sentences: no list at all


def test_the_result_page_lists_short_items_and_says_the_rules_sentences_after(records: Any) -> None:
    url, kept = records
    check = kept.start_assessment("person").id
    kept.answer(check, UNSURE)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get(f"/check/{check}/result").text
        report = client.get(f"/report?check={check}").text
    _check_boxes(page)
    _check_boxes(report, about_them_text)  # the report page: the same boxes, about the person


# ------------------------------------------------------------------------------------------ PDF


def test_the_report_pdf_lists_short_items_and_says_the_rules_sentences_after(records: Any) -> None:
    _url, kept = records
    check = kept.start_assessment("person").id
    kept.answer(check, UNSURE)
    text = words(render_report_pdf(kept, assessment_id=check))
    unsure = text[
        text.index("They were not sure about these warning signs") : text.index("Questions not asked")
    ]
    unasked = text[text.index("Questions not asked") : text.index("An examination could")]
    assert "• " + about_them_text("Numbness between your legs") in unsure
    # each of the list's items starts at its bullet: none is a rule's sentence ("... now.")
    assert not [i for i in unsure.split("• ")[1:] if " now." in i.split("Sources:")[0]], unsure
    assert "• " not in unasked  # only the rules' sentences: no list at all
    for sign in _said(UNSURE):  # every sign, item or sentence, still said with its sources
        said = about_them_text(sign.text)
        assert f"{said}{'' if said.endswith('.') else '.'} Sources: {', '.join(sign.sources)}." in text, said
