"""REST API with several people: what a restore and a check's result and plan say about whose they are.

Each test runs on SQLite and on PostgreSQL (the ``api`` fixture).
"""

from __future__ import annotations

from datetime import date

from tests.conftest import MOBILISED_LAB

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}


def add_person(api, label: str) -> int:
    response = api.post("/api/people", json={"label": label})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def backup_of(api, person_id: int) -> bytes:
    day = {"entry_date": date.today().isoformat(), "pain_0_10": 4, "notes": f"day of {person_id}"}
    assert api.post(f"/api/diary?person_id={person_id}", json=day).status_code == 201
    return bytes(api.get(f"/api/export?person_id={person_id}").content)


def test_a_restore_into_someone_else_says_whom_the_file_was_made_for(api) -> None:
    ann, bob = add_person(api, "Ann"), add_person(api, "Bob")
    restored = api.post(f"/api/import?person_id={bob}", files={"file": ("ann.json", backup_of(api, ann))})
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["added"]["diary_entries"] == 1 and body["person_id"] == bob
    assert body["made_for"] == "Ann"
    assert body["note"] == f"the file was made for 'Ann'; it is now in the records of 'Bob' (person {bob})"
    assert [e["notes"] for e in api.get(f"/api/diary?person_id={bob}").json()] == [f"day of {ann}"]


def test_a_restore_into_the_person_it_was_made_for_has_no_note(api) -> None:
    ann = add_person(api, "Ann")
    add_person(api, "Bob")
    backup = backup_of(api, ann)
    api.delete(f"/api/data?person_id={ann}&confirm=yes")
    body = api.post(f"/api/import?person_id={ann}", files={"file": ("ann.json", backup)}).json()
    assert body["added"]["diary_entries"] == 1
    assert body["person_id"] == ann and body["made_for"] == "Ann" and body["note"] is None
    # in any case, as a label is matched everywhere
    api.patch(f"/api/people/{ann}", json={"label": "ANN"})
    again = api.post(f"/api/import?person_id={ann}", files={"file": ("ann.json", backup)}).json()
    assert again["already_there"]["diary_entries"] == 1 and again["note"] is None


def test_at_home_a_restore_answers_as_before_and_names_the_one_person(api) -> None:
    backup = backup_of(api, 1)
    body = api.post("/api/import", files={"file": ("me.json", backup)}).json()
    assert body["already_there"]["diary_entries"] == 1 and body["person_id"] == 1
    assert body["made_for"] == "Me" and body["note"] is None


def test_a_checks_result_and_plan_say_whose_check_it_is(api) -> None:
    add_person(api, "Ann")
    bob = add_person(api, "Bob")
    check = api.post(f"/api/assessments?person_id={bob}", json={}).json()
    answers = {"answers": {"age_years": 71, "worse_walking": True, "relief_sitting": True}}
    assert api.post(f"/api/assessments/{check['id']}/answers", json=answers).status_code == 200
    for what in ("result", "plan"):
        found = api.get(f"/api/assessments/{check['id']}/{what}")  # by its id alone: any person's
        assert found.status_code == 200, found.text
        assert found.json()["person_id"] == bob, what
        assert api.get(f"/api/assessments/{check['id']}/{what}?person_id={bob}").json()["person_id"] == bob
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]
    assert "person_id" in schema["ResultOut"]["required"] and "person_id" in schema["PlanOut"]["required"]


def test_a_persons_downloads_name_their_id_so_two_peoples_files_never_share_a_name(api) -> None:
    ann = add_person(api, "Ann")
    backup_of(api, ann)
    for path in ("export", "export/fhir", "export/diary.csv", "export/checks.csv"):
        named = api.get(f"/api/{path}?person_id={ann}").headers["content-disposition"]
        assert f"-person-{ann}." in named and named.endswith('"'), (path, named)
    # the Data page's links of a person (several people) use them
    data = api.get(f"/data?person={ann}").text
    assert f'href="/data/export/diary.csv?person={ann}"' in data
    named = api.get(f"/data/export/diary.csv?person={ann}").headers["content-disposition"]
    assert f"-person-{ann}." in named


def test_at_home_the_downloads_keep_their_names(api) -> None:
    backup_of(api, 1)
    for path, start in (("export", "backstride-export-"), ("export/diary.csv", "backstride-diary-")):
        named = api.get(f"/api/{path}").headers["content-disposition"]
        assert f'filename="{start}' in named and "person" not in named, named


def test_a_restore_reads_the_file_once_on_the_data_page_and_the_command_line(
    api, monkeypatch, tmp_path
) -> None:
    # a backstride file may be 256 MB: saying whom it was made for must not parse it a second time
    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app
    from backstride.services import restore

    ann, bob = add_person(api, "Ann"), add_person(api, "Bob")
    backup = backup_of(api, ann)
    reads: list[int] = []
    real = restore.read_export

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(restore, "read_export", counted)
    page = api.post("/data/import", data={"person_id": str(bob)}, files={"file": ("ann.json", backup)})
    assert (
        page.status_code == 200
        and "This file was made for “Ann”. It is now in the records of Bob." in page.text
    )
    assert len(reads) == 1
    file = tmp_path / "ann.json"
    file.write_bytes(backup)
    api.delete(f"/api/data?person_id={bob}&confirm=yes")
    db = api.app.state.db.url  # the same database, from the command line
    result = CliRunner().invoke(cli_app, ["import", str(file), "--person", str(bob), "--db", db])
    assert result.exit_code == 0, result.output
    assert (
        f"Note: the file was made for 'Ann'; it is now in the records of 'Bob' (person {bob})."
        in result.output
    )
    assert len(reads) == 2  # once per restore


def test_a_person_id_sent_in_the_body_is_refused_saying_where_it_goes(api) -> None:
    ann = add_person(api, "Ann")
    add_person(api, "Bob")
    day = {"entry_date": date.today().isoformat(), "pain_0_10": 4, "person_id": ann}
    for method, path, body in (
        ("post", "/api/diary", day),
        ("post", "/api/assessments", {"person_id": ann}),
    ):
        refused = getattr(api, method)(path, json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"] == (
            f"person_id goes in the address, not in the JSON body: {path}?person_id={ann}"
        )
    assert api.get(f"/api/people/{ann}").json()["counts"]["diary_entries"] == 0


def test_a_request_not_saying_whose_is_told_where_to_say_it(api) -> None:
    ann = add_person(api, "Ann")
    # a walk or a restore with person_id as a form field (not read): refused, saying where it goes
    walk = api.post(
        "/api/walks", files={"file": ("imu.csv", LAB_WALK.read_bytes())}, data={**UNITS, "person_id": ann}
    )
    assert walk.status_code == 422
    assert walk.json()["detail"] == (
        "this database keeps records for 2 people; say whose records you mean (person_id) in the "
        "address: /api/walks?person_id=N, with N from GET /api/people"
    )
    listed = api.get("/api/diary")
    assert listed.status_code == 422 and "address: /api/diary?person_id=N" in listed.json()["detail"]
    assert api.get(f"/api/people/{ann}").json()["counts"]["gait_recordings"] == 0
