"""Every number answer is read from its digits, never from the float nearest them, everywhere: an
answers file, the API, the terminal's questions, the question page and a restored export. A float
keeps about 16 digits, so 49.99999999999999999 years was read as 50.0 ("age 50 or over",
conditions.yaml) and a restored 11.99999999999999999 weeks as 12.0 ("12 weeks or more" lowers a
foot drop that is getting no worse from urgent to routine: red_flags.yaml [A22]). One conversion
(``core.typed.as_written``, ``services.interview.read_number``) is shared by all of them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.typed import as_written
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url

runner = CliRunner()
FOOT_DROP_NO_WORSE = {"foot_drop": True, "foot_drop_long_standing": True, "trend": "stable"}


@pytest.mark.parametrize(
    ("digits", "line"),
    [
        ("49.99999999999999999", 50),
        ("59.99999999999999999", 60),
        ("40.00000000000000001", 40),
        ("6.99999999999999999", 7),
        ("7.00000000000000001", 7),
        ("599.9999999999999999", 600),
    ],
)
def test_digits_just_off_a_whole_number_stay_on_their_side_of_it(digits: str, line: int) -> None:
    read = as_written(Decimal(digits))
    assert float(digits) == line  # the nearest float is on the line
    assert (read < line) == (Decimal(digits) < line) and (read > line) == (Decimal(digits) > line)


def _file(tmp_path: Path, findings: dict[str, str]) -> Path:
    path = tmp_path / "case.json"
    path.write_text('{"findings": {' + ", ".join(f'"{k}": {v}' for k, v in findings.items()) + "}}")
    return path


def _age_supports(result: dict[str, Any], condition: str) -> bool:
    [scored] = [c for c in result["conditions"] if c["code"] == condition]
    return "age_years" in scored["supporting"]


def test_an_answers_file_age_just_under_50_is_under_50(tmp_path: Path) -> None:
    """Degenerative slips: "Over 50" (conditions.yaml) must not count for 49.99999999999999999."""
    said = {}
    for age in ("49.99999999999999999", "50"):
        done = runner.invoke(app, ["assess", "--answers", str(_file(tmp_path, {"age_years": age})), "--json"])
        assert done.exit_code == 0, done.output
        said[age] = json.loads(done.stdout)
    assert said["49.99999999999999999"] != said["50"]


def test_the_api_reads_an_age_from_its_digits(api: Any) -> None:
    check = api.post("/api/assessments", json={"mode": "person"}).json()
    sent = api.post(
        f"/api/assessments/{check['id']}/answers",
        content=b'{"answers": {"age_years": 49.99999999999999999}}',
        headers={"content-type": "application/json"},
    )
    assert sent.status_code == 200, sent.text
    assert 49.9 < sent.json()["answers"]["age_years"] < 50


def _export_with(answers_text: dict[str, str], tmp_path: Path) -> str:
    """An export of a real check whose answers are then hand-edited to the digits given."""
    records = Records(Database(sqlite_url(tmp_path / "source.sqlite3")).migrate())
    check = records.start_assessment("person")
    records.answer(check.id, {**FOOT_DROP_NO_WORSE, **{code: 1.25 for code in answers_text}})
    text = json.dumps(records.export_all())
    records.db.dispose()
    for code, digits in answers_text.items():
        assert f'"{code}": 1.25' in text
        text = text.replace(f'"{code}": 1.25', f'"{code}": {digits}')
    return text


def test_a_restored_check_reads_its_weeks_and_age_from_their_digits(records: Records, tmp_path: Path) -> None:
    text = _export_with(
        {"duration_weeks": "11.99999999999999999", "age_years": "49.99999999999999999"}, tmp_path
    )
    restore_export(records, text)
    [check] = records.export_all()["assessments"]
    assert check["answers"]["duration_weeks"] == 11.9  # as the terminal and the page keep it
    assert 49.9 < check["answers"]["age_years"] < 50
    assert records.result(check["id"]).disposition == "urgent"  # under 12 weeks: not lowered


def test_a_restored_number_no_answer_can_take_is_refused_as_written(records: Records, tmp_path: Path) -> None:
    from backstride.core.errors import InputError

    text = _export_with({"age_years": "1e400"}, tmp_path)
    with pytest.raises(InputError, match="got 1e400"):
        restore_export(records, text)
    assert records.export_all()["assessments"] == []


@pytest.mark.parametrize(
    ("qid", "typed", "line"), [("age", "49.99999999999999999", 50), ("severity", "7.00000000000000001", 7)]
)
def test_the_terminal_and_the_page_read_a_typed_number_from_its_digits(
    qid: str, typed: str, line: int
) -> None:
    from backstride.cli.assess_cmd import _parse_answer
    from backstride.knowledge.questions import load_questions
    from backstride.services.interview import _to_question
    from backstride.web.views import parse_answer, question_context

    question = _to_question(load_questions().by_id(qid))
    [at_the_terminal] = _parse_answer(question, typed).values()
    [on_the_page] = parse_answer(question_context(question), "number", number_text=typed).values()
    for read in (at_the_terminal, on_the_page):
        assert read != line and (read < line) == (Decimal(typed) < line)


def test_every_line_a_rule_draws_on_a_number_answer_is_a_whole_number() -> None:
    """``as_written`` keeps digits on their side of every whole number only: a rule comparing a number
    answer with 7.5 would need more (the digits themselves). Every such line today is whole."""
    import yaml

    from backstride.knowledge import load_knowledge

    numbers = {c for c, f in load_knowledge().findings.items() if f.kind == "number"}
    data = Path(__file__).parents[2] / "src" / "backstride" / "knowledge" / "data"
    lines: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for op in ("gte", "gt", "lte", "lt", "eq"):
                value = node.get(op)
                if isinstance(value, list) and len(value) == 2 and value[0] in numbers:
                    lines.append((value[0], value[1]))  # {gte: [age_years, 50]}
                elif node.get("finding") in numbers and op in node:
                    lines.append((node["finding"], value))  # {finding: age_years, gte: 70}
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for path in data.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert len(lines) > 30 and {code for code, _ in lines} >= {
        "age_years",
        "duration_weeks",
        "pain_severity_nrs",
    }
    assert [(code, line) for code, line in lines if not float(line).is_integer()] == []
