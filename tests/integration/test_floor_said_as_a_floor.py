"""A warning sign's floor is said as the floor it is, on every surface (review f8, 2026-11-28).

``printf '1\\nquit\\n' | backstride assess``: "New trouble peeing" only, then stop. The list showed
"Lumbar spinal stenosis 22%" first, with no reasons, above "Cauda equina syndrome 15%", whose reasons
said "New trouble peeing ... (you said yes) (odds x400 ...)" and again "... (you said yes) (odds x2.5, an
expert estimate)". The second is not the answer counted twice: it is the rule ``cauda_equina_signs``
holding the cause at 15% at least (among people sent for an emergency scan with these signs, 7.5-22%
have it [A11, A12, A17]). It is now said as that: in the terminal, on the result page, in the report,
and in the JSON (a ``kind`` and a ``floor`` added to each ``because`` step; the contract's fields
stay). Above the list, the person reads which cause the warning sign is about, so the first,
reason-less cause is not read as the warning's explanation (no chance is changed). A person's own
check says how much an answer counts in words ("makes this much more likely"), not "odds x400"; a
clinician's keeps the number. Not a diagnosis.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.assessment import assess
from backstride.web import views

FIRST_LIST = next(q for q in load_questions().questions if "urinary_retention" in q.codes).codes
ONLY_PEEING = {**dict.fromkeys(FIRST_LIST, False), "urinary_retention": True}
FLOOR_WORDS = "held at 15% at least because of the warning sign: among people sent for an emergency scan"
ANSWER = "New trouble peeing, or you can't empty your bladder (you said yes)"


def _cauda(result: dict[str, object]) -> dict[str, object]:
    return next(c for c in result["conditions"] if c["code"] == "cauda_equina_syndrome")  # type: ignore[attr-defined,index]


def test_the_json_marks_the_floor_and_keeps_every_field() -> None:
    cauda = _cauda(assess(ONLY_PEEING).to_dict())
    floor = next(b for b in cauda["because"] if b["finding"] == "cauda_equina_signs")  # type: ignore[attr-defined,index]
    assert floor["kind"] == "red_flag_floor" and floor["floor"] == 0.15
    assert floor["sources"] == ["A11", "A12", "A17"]
    answer = next(b for b in cauda["because"] if b["finding"] == "urinary_retention")  # type: ignore[attr-defined,index]
    assert answer["kind"] == "answer" and answer["floor"] is None
    assert {"finding", "value", "likelihood_ratio", "log_odds", "sources", "judgement", "note"} <= set(answer)
    assert cauda["supporting"] == ["urinary_retention"]  # the contract's list: the answers, once


def _terminal(mode: str) -> str:
    done = CliRunner().invoke(app, ["assess", "--mode", mode], input="1\nquit\n", env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    return " ".join(done.stdout.split())


def test_the_terminal_says_the_floor_once_and_names_the_warning_signs_cause() -> None:
    text = _terminal("person")
    causes = text[text.index("What may be causing it") :]
    assert FLOOR_WORDS in causes
    assert "(you said yes) (odds x2.5" not in causes  # not the answer again
    cauda = causes[causes.index("15% Cauda equina syndrome") : causes.index("Sciatica from a nerve root")]
    assert cauda.count(ANSWER) == 1
    # the warning sign's cause is named above the list, before the cause listed first
    note = causes.index("The warning sign is about Cauda equina syndrome")
    assert note < causes.index("Lumbar spinal stenosis")
    # the cause listed first has no reason: said so, not left to read as the warning's explanation
    first = causes[causes.index("22% Lumbar spinal stenosis") : causes.index("15% Cauda equina syndrome")]
    assert "No answer points to it: this is its starting chance, before any answers." in first
    assert "does not make it less urgent" in causes
    assert "other answers" not in causes  # stenosis above it comes from no answer at all: its starting chance


def test_a_person_reads_words_and_a_clinician_the_numbers() -> None:
    person = _terminal("person")
    assert "odds x" not in person
    assert f"{ANSWER} (makes this much more likely, an expert's estimate)" in person
    clinician = _terminal("clinician")
    assert "(odds x400, an expert estimate)" in clinician
    assert FLOOR_WORDS in clinician


def test_the_result_page_and_the_report_say_the_floor_as_a_floor() -> None:
    kb = load_knowledge()
    context = views.result_context(kb, assess(ONLY_PEEING).to_dict(), ONLY_PEEING, asked=True)
    cauda = next(c for c in context["conditions_top"] if c["code"] == "cauda_equina_syndrome")
    assert cauda["supporting"] == [ANSWER]  # once: the floor is not an answer
    assert cauda["held"] and cauda["held"][0].startswith("H" + FLOOR_WORDS[1:])
    assert cauda["held_sources"] == "A11, A12, A17"
    floor = next(t for t in cauda["trail"] if t["floor"])
    assert floor["finding"] == "Held at 15% at least because of the warning sign"
    assert context["conditions_top"][0]["code"] != "cauda_equina_syndrome"
    assert context["warning_sign_note"].startswith("The warning sign is about Cauda equina syndrome")


def test_no_note_when_the_warning_signs_cause_leads() -> None:
    answers = {**ONLY_PEEING, "saddle_numbness": True, "bowel_incontinence": True}
    result = assess(answers).to_dict()
    assert result["conditions"][0]["code"] == "cauda_equina_syndrome"
    assert views.result_context(load_knowledge(), result, answers)["warning_sign_note"] is None


def test_the_report_and_its_pdf_say_the_floor_as_a_floor(tmp_path: Path) -> None:
    import io
    import re
    from html import unescape

    import pypdf
    from fastapi.testclient import TestClient

    from backstride.services.records import Records
    from backstride.storage.db import Database, sqlite_url
    from backstride.web.app import create_app
    from backstride.web.report import report_view
    from backstride.web.report_pdf import build_pdf
    from backstride.web.settings import Settings

    url = sqlite_url(tmp_path / "floor.sqlite3")
    records = Records(Database(url).migrate())
    view = records.start_assessment("person")
    while view.next_question is not None:  # "New trouble peeing" only; "don't know" to the rest
        view = records.answer(view.id, {c: ONLY_PEEING.get(c) for c in view.next_question["codes"]})
    records.result(view.id)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get("/report")
        result = client.get(f"/check/{view.id}/result")
    assert result.status_code == 200
    words = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", result.text)))
    assert (
        "Held at 15% at least because of the warning sign: among people sent for an emergency scan" in words
    )
    assert words.index("The warning sign is about Cauda equina syndrome") < words.index(
        "Lumbar spinal stenosis"
    )
    stenosis = words.index("Lumbar spinal stenosis")
    first = words[stenosis : words.index("Cauda equina syndrome", stenosis)]
    assert "No answer points to it: this is its starting chance" in first
    assert page.status_code == 200
    html = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))
    floor = "Held at 15% at least because of the warning sign (Among people sent for an emergency scan"
    assert floor in html
    assert "cauda_equina_signs" not in html
    pdf = pypdf.PdfReader(io.BytesIO(build_pdf(report_view(records))))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Held at 15% at least because of the warning sign" in text


def test_the_new_words_a_person_reads_are_plain() -> None:
    from tests.knowledge.test_plain_language import MAX_GRADE_ANY_TEXT

    from backstride.core.reading import reading_grade
    from backstride.services.wording import (
        NO_REASON_TEXT,
        floor_words,
        ratio_words,
        warning_sign_cause_text,
    )

    kb = load_knowledge()
    texts = [
        NO_REASON_TEXT,
        warning_sign_cause_text(["Cauda equina syndrome (squeezed nerves low in the spine)"]),
    ]
    texts += [ratio_words(lr, judgement=j) for lr in (400.0, 2.0, 0.5, 0.05) for j in (True, False)]
    texts += [
        floor_words(kb, {"finding": r.code, "kind": "red_flag_floor"})
        for r in kb.red_flag_rules.values()
        if r.post_test_note
    ]
    hard = [(t, round(reading_grade(t), 1)) for t in texts if reading_grade(t) > MAX_GRADE_ANY_TEXT]
    assert not hard
    assert not any("odds" in t or " x" in t for t in texts[:10])
