"""The result's banner ("Get emergency help now ... Why: ...") cites each reason's sources.

A new-user test (2026-11-27, helper U) found the banner, the first thing a person reads, saying
"Why: A change in bladder or bowel control with back pain can mean the nerves at the bottom of the
spine are squeezed. This needs a scan in hospital now." with no source, on the result page, the
report for a clinician and its PDF; the emergency notice on the question page and the warning boxes
said the same reason with "Sources: A15, A16, A10, A14". Every clinical statement cites its source.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_report_everyday import _pdf_words

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.web.app import create_app
from backstride.web.settings import Settings
from backstride.web.templating import template_env
from backstride.web.views import banner_context

BLADDER_RULE_SOURCES = "Sources: A15, A16, A10, A14."
SQUEEZED = "the nerves at the bottom of the spine are squeezed"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("banner-sources") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _emergency_check(client: TestClient) -> str:
    location = client.post("/check", follow_redirects=False).headers["location"]
    response = client.post(
        location + "/answer",
        data={"choice": "checked", "checked": ["urinary_retention"]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    for _ in range(3):  # the other warning-sign checklists: none of these
        client.post(location + "/answer", data={"choice": "none"}, follow_redirects=False)
    return location


def _banner_text(html: str) -> str:
    match = re.search(r'<section class="disposition disposition-emergency.*?</section>', html, re.S)
    assert match is not None, "no emergency banner"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_the_result_pages_banner_cites_each_reason(client: TestClient) -> None:
    location = _emergency_check(client)
    banner = _banner_text(client.get(location + "/result").text)
    assert "Why:" in banner and SQUEEZED in banner
    assert BLADDER_RULE_SOURCES in banner


def test_the_reports_banner_cites_each_reason_on_the_page_and_in_the_pdf(client: TestClient) -> None:
    _emergency_check(client)
    banner = _banner_text(client.get("/report").text)
    assert SQUEEZED in banner and BLADDER_RULE_SOURCES in banner
    pdf = client.get("/report.pdf")
    assert pdf.status_code == 200
    said = _pdf_words(pdf.content)
    why = said.index("How soon: Emergency")
    assert re.search(r"This needs a scan in hospital now\.\s*Sources: A15, A16, A10, A14\.", said[why:])


def test_a_reason_below_the_level_shown_keeps_its_also_heading_and_its_sources() -> None:
    from tests.knowledge.test_positive_sign_never_lowers import STEROIDS_RAISE

    banner = banner_context(load_knowledge(), assess(STEROIDS_RAISE).to_dict(), STEROIDS_RAISE)
    assert banner["reasons_heading"] == "Also:" and banner["reasons"][0]["sources"]
    html = template_env().get_template("_banner.html").render(banner=banner)
    assert "<p>Also:</p>" in html and "<p>Why:</p>" not in html
    assert f"Sources: {', '.join(banner['reasons'][0]['sources'])}." in html


def test_what_to_do_now_cites_its_sources_as_the_terminal_does(client: TestClient) -> None:
    # the terminal's banner cited "[A9, A15, A16, A22]" after what to do; the web banner, its partial
    # form and the PDF said it with no source
    location = _emergency_check(client)
    banner = _banner_text(client.get(location + "/result").text)
    assert re.search(r"What to do now: .*? do not drive yourself\. Sources: A9, A15, A16, A22\.", banner), (
        banner
    )
    said = _pdf_words(client.get("/report.pdf").content)
    # the report says it about the person (test_report_speaks_about_the_person.py)
    assert re.search(r"What to do now: .*?do not let them drive\.\s*Sources: A9, A15, A16, A22\.", said)
    # a partial result (warning signs not all asked): its "with the answers so far" too
    partial = client.post("/check", follow_redirects=False).headers["location"]
    client.post(partial + "/answer", data={"choice": "none"}, follow_redirects=False)
    html = client.get(partial + "/result").text
    section = re.search(r'<section class="disposition disposition-partial".*?</section>', html, re.S)
    assert section is not None
    assert re.search(r"With the answers so far: .*?Sources: [A-E]\d+", " ".join(section.group(0).split()))
