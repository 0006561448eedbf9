"""The HTML forms fuzzed (hypothesis): every POST route of the pages, with fields missing, of the wrong
type, negative or huge numbers, long and unusual text, unknown or malformed ids and persons, extra
fields, and sent from another web site.

Whatever is sent: never a 5xx; a refusal (4xx, or the form shown again with its problem) writes
nothing (every table compared before and after); a form shown again keeps what was typed; a form
from another site is refused (403). The restore forms also get mutated copies of a real export.
Reproducible in CI: derandomised, a few dozen examples per route, one SQLite file for the module.
"""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import text
from tests.conftest import FORMATS

from backstride.web.app import create_app
from backstride.web.settings import Settings

FUZZ = settings(
    max_examples=int(os.environ.get("BACKSTRIDE_FUZZ_EXAMPLES", "25")),  # more for a deeper run by hand
    deadline=None,
    derandomize=not os.environ.get("BACKSTRIDE_FUZZ_RANDOM"),  # =1: new cases each run, by hand
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
TABLES = (
    "people",
    "assessments",
    "gait_recordings",
    "diary_entries",
    "settings",
    "events",
    "staff",
    "everyday_walking_days",
)

# What a person, a script or an evaluator might type into a field.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "10",
    "11",
    "4.5",
    "4,5",
    "172",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "-inf",
    "1_0",
    "٣",  # an Arabic-Indic digit three: Python's int() and float() read it
    "１０",  # full-width digits
    "9223372036854775808",
    "99999999999999999999999999",
    "-0",
    "0x10",
    "true",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    '" onfocus="alert(1)',
    "'; DROP TABLE people; --",
    "\x00",
    "a\x00b",
    "\u202e",
    "😀",
    "Zoë",
    "\r\n",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "1899-12-31",
    "2026-11-20",
    "10:32:05",
    "95s",
    "25:61",
    "person",
    "clinician",
    "yes",
    "YES",
    "../../etc/passwd",
    "m/s^2",
    "g",
    "deg/s",
    "rad/s",
    "TimeMeasure1/Test5/Trial1",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=2001, max_size=2100),
)
BAD_IDS = ["0", "-1", "2147483648", "9223372036854775808", "99999999999999999999", "abc", "1.5"]
SAME_SITE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
# mostly the app's own pages or a script; now and then a page of another web site
ORIGINS = st.sampled_from(
    [
        {},
        {},
        {},
        SAME_SITE,
        SAME_SITE,
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ]
)


def either(*good: str) -> st.SearchStrategy[str]:
    """A value a person would type (``good``) as often as a nasty one."""
    return st.one_of(st.sampled_from(good), TEXT)


def _from_another_site(headers: dict[str, str]) -> bool:
    return headers.get("Sec-Fetch-Site") == "cross-site" or headers.get("Origin", "http://testserver") != (
        "http://testserver"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app on a fresh SQLite file, with a check, a diary day and a real export to mutate."""
    path = tmp_path_factory.mktemp("pages-fuzz") / "fuzz.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    with TestClient(app) as client:
        check = client.post("/check", follow_redirects=False).headers["location"]
        client.post("/api/assessments/1/answers", json={"answers": {"age_years": 71}})
        client.post("/diary", data={"entry_date": "2026-11-01", "pain_0_10": "4", "notes": "shop"})
        client.post("/everyday", files={"file": ("export.xml", HEALTH_XML.read_bytes())})
        export = client.get("/data/export.json").json()
        yield {"client": client, "app": app, "check": check, "export": export}


def snapshot(app: Any, *, entered_only: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what a refused request must leave exactly as it was.

    ``entered_only``: a check's answers but not its result, which showing it works out and keeps
    (the stored result is a cache of what the answers give), and not the activity list (a download
    is written in it)."""
    columns = {"assessments": "id, person_id, mode, answers, created_at"} if entered_only else {}
    tables = [t for t in TABLES if not (entered_only and t == "events")]
    with app.state.db.engine.connect() as connection:
        return {
            table: [
                tuple(row)
                for row in connection.execute(
                    text(f"SELECT {columns.get(table, '*')} FROM {table} ORDER BY 1")
                )
            ]
            for table in tables
        }


def person_ids(site: dict[str, Any]) -> list[str]:
    return [str(p["id"]) for p in site["client"].get("/api/people").json()]


def send(
    site: dict[str, Any],
    path: str,
    *,
    data: Any = None,
    files: Any = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST and check what holds for every answer; returns the response."""
    headers = dict(headers or {})
    before = snapshot(site["app"])
    response = site["client"].post(
        path, data=data, files=files, content=content, headers=headers, follow_redirects=False
    )
    if os.environ.get("FUZZ_TRACE"):
        print("TRACE", path.split("?")[0], response.status_code)
    assert response.status_code < 500, f"{path} {data!r}: {response.status_code} {response.text[:800]}"
    if _from_another_site(headers):
        assert response.status_code == 403, f"{path} from another site: {response.status_code}"
    if response.status_code >= 400:
        assert snapshot(site["app"]) == before, f"{path} {data!r}: refused ({response.status_code}) but wrote"
    return response


def assert_shown_back(response: Any, form_action: str, typed: dict[str, str]) -> None:
    """A form shown again (4xx with the form) holds what was typed in each of ``typed``'s fields."""
    if response.status_code < 400 or f'action="{form_action}"' not in response.text:
        return
    for name, value in typed.items():
        if value.strip():
            assert str(escape(value)) in response.text, f"{form_action}: {name}={value[:80]!r} was not kept"


def form(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of ``fields`` (a missing field is as likely as a bad one), plus now and then an
    unknown field."""
    optional = {**fields, "unknown_field": TEXT}
    return st.fixed_dictionaries({}, optional=optional)


def person_field(site: dict[str, Any]) -> st.SearchStrategy[str]:
    ids = st.sampled_from(person_ids(site))
    return st.one_of(ids, ids, st.sampled_from(["", " ", *BAD_IDS]), TEXT)


# ------------------------------------------------------------------------------------ the forms


def test_diary_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        fields=form(
            {
                "entry_date": either("2026-11-01", "2026-10-31", "2020-02-29"),
                "pain_0_10": either("0", "3", "10", "7.0", " 5 "),
                "walking_tolerance_min": either("", "12", "0", "600", "12,5"),
                "notes": either("", "to the shop", "Zoë walked 5 min"),
            }
        ),
        person=person_field(site),
        headers=ORIGINS,
    )
    def run(fields: dict[str, Any], person: str, headers: dict[str, str]) -> None:
        response = send(site, "/diary", data={**fields, "person_id": person}, headers=headers)
        typed = {k: v for k, v in fields.items() if k in ("pain_0_10", "walking_tolerance_min", "notes")}
        assert_shown_back(response, "/diary", typed)

    run()


def test_walking_test_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        fields=form(
            {
                "entry_date": either("2026-11-01", "2020-02-29"),
                "first_symptoms_min": either("", "6:20", "6.5", "0:00", "30:00", "6:60"),
                "total_min": either("9:05", "30", "0", "31:00", "12,5"),
                "stopped_because": either("symptoms", "time_up", "other"),
                "pain_0_10": either("0", "4", "10", "7.0"),
                "notes": either("", "park loop", "Zoë walked"),
            }
        ),
        person=person_field(site),
        headers=ORIGINS,
    )
    def run(fields: dict[str, Any], person: str, headers: dict[str, str]) -> None:
        response = send(site, "/walking-test", data={**fields, "person_id": person}, headers=headers)
        typed = {k: v for k, v in fields.items() if k != "entry_date" and k != "stopped_because"}
        assert_shown_back(response, "/walking-test", typed)

    run()


def test_diary_delete_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        entry=st.sampled_from(["1", "2", *BAD_IDS]),
        person=person_field(site),
        confirm=st.sampled_from(["yes", "", "YES", "no", "yes\x00"]),
        headers=ORIGINS,
    )
    def run(entry: str, person: str, confirm: str, headers: dict[str, str]) -> None:
        send(site, f"/diary/{entry}/delete", data={"person_id": person, "confirm": confirm}, headers=headers)

    run()


def test_diary_edit_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        entry=st.sampled_from(["1", "2", *BAD_IDS]),
        fields=form(
            {
                "entry_date": either("2026-11-01", "2020-02-29"),
                "pain_0_10": either("0", "3", "10", "7.0"),
                "walking_tolerance_min": either("", "12", "600", "12,5"),
                "notes": either("", "to the shop", "Zoë walked 5 min"),
                "tried": either("sit_and_rest", "knee_to_chest"),
            }
        ),
        person=person_field(site),
        headers=ORIGINS,
    )
    def run(entry: str, fields: dict[str, Any], person: str, headers: dict[str, str]) -> None:
        response = send(site, f"/diary/{entry}/edit", data={**fields, "person_id": person}, headers=headers)
        typed = {k: v for k, v in fields.items() if k in ("pain_0_10", "walking_tolerance_min", "notes")}
        assert_shown_back(response, f"/diary/{entry}/edit", typed)

    run()


def test_check_start_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        fields=form({"mode": either("person", "clinician"), "person_id": person_field(site)}), headers=ORIGINS
    )
    def run(fields: dict[str, Any], headers: dict[str, str]) -> None:
        send(site, "/check", data=fields, headers=headers)

    run()


def test_answer_and_back_forms(site: dict[str, Any]) -> None:
    check = site["check"]

    @FUZZ
    @given(
        where=st.one_of(st.just(check), st.just(check), st.sampled_from([f"/check/{i}" for i in BAD_IDS])),
        fields=form(
            {
                "codes": st.one_of(TEXT, st.sampled_from(["age_years", "worse_walking", "a,b"])),
                "choice": st.one_of(TEXT, st.sampled_from(["yes", "no", "unknown", "number", "none"])),
                "number": either("71", "40", "18", "120", "71.5"),
                "checked": st.lists(TEXT, max_size=4),
            }
        ),
        back=st.booleans(),
        headers=ORIGINS,
    )
    def run(where: str, fields: dict[str, Any], back: bool, headers: dict[str, str]) -> None:
        if back:
            send(site, f"{where}/back", data=fields, headers=headers)
            return
        response = send(site, f"{where}/answer", data=fields, headers=headers)
        if 'name="number"' in response.text:
            assert_shown_back(response, f"{where}/answer", {"number": fields.get("number", "")})

    run()


def test_walk_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        fields=form(
            {
                "format": either(
                    "auto", "csv", "phyphox", "sensor-logger", "mobilised", "axivity", "actigraph"
                ),
                "height_cm": either("", "172", "172,5"),
                "acc_unit": either("", "m/s^2", "g"),
                "gyr_unit": either("", "deg/s", "rad/s"),
                "trial": TEXT,
                "symptom_at": either("", "95", "95s", "10:32:05"),
                "stop_at": either("", "120", "10:33"),
            }
        ),
        person=person_field(site),
        file=st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["walk.csv", "", "../../x.csv", "a" * 300 + ".zip", "walk.cwa", "data.mat"]),
                st.binary(max_size=300),
            ),
            st.tuples(
                st.just("walk.csv"),
                st.sampled_from(
                    [b"time,ax,ay,az\n0,1,2,3\n", b"t,acc_x\n", "\u00e9,\u00e8\n".encode("latin-1")]
                ),
            ),
        ),
        headers=ORIGINS,
    )
    def run(fields: dict[str, Any], person: str, file: Any, headers: dict[str, str]) -> None:
        files = {"file": file} if file is not None else {"placeholder": ("", b"")}
        response = send(site, "/walks", data={**fields, "person_id": person}, files=files, headers=headers)
        typed = {k: v for k, v in fields.items() if k in ("height_cm", "trial", "symptom_at", "stop_at")}
        assert_shown_back(response, "/walks", typed)

    run()


HEALTH_XML = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"


def _health_file(how: str, where: float, what: bytes) -> bytes:
    """The real 2016 excerpt, whole, cut, with bytes changed, or zipped (whole or cut)."""
    data = HEALTH_XML.read_bytes()
    at = int(len(data) * where)
    if how == "cut":
        return data[:at]
    if how == "bytes":
        return data[:at] + what + data[at + len(what) :]
    if how.startswith("zip"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("apple_health_export/export.xml", data)
        return out.getvalue()[: at if how == "zip cut" else None]
    return data


def test_everyday_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        person=person_field(site),
        file=st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["export.zip", "export.xml", "", "../../export.xml", "a" * 300 + ".zip"]),
                st.binary(max_size=300),
            ),
            st.tuples(
                st.sampled_from(["export.xml", "export.zip"]),
                st.builds(
                    _health_file,
                    st.sampled_from(["whole", "cut", "bytes", "zip", "zip cut"]),
                    st.floats(0, 1),
                    st.sampled_from([b"\x0b", b"<", b"&#11;", b'unit="furlong"', b"\xff\xfe", b"\x00"]),
                ),
            ),
        ),
        headers=ORIGINS,
    )
    def run(person: str, file: Any, headers: dict[str, str]) -> None:
        files = {"file": file} if file is not None else {"placeholder": ("", b"")}
        response = send(site, "/everyday", data={"person_id": person}, files=files, headers=headers)
        if response.status_code == 200 and 'id="import-result"' in response.text:
            assert 'id="everyday-table"' in response.text  # an import brings at least one day

    run()


def test_delete_all_form(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        confirm=st.one_of(TEXT.filter(lambda c: c != "yes"), st.just("YES")),
        person=person_field(site),
        headers=ORIGINS,
    )
    def run(confirm: str, person: str, headers: dict[str, str]) -> None:
        response = send(site, "/data/delete", data={"confirm": confirm, "person_id": person}, headers=headers)
        assert response.status_code >= 400  # never deleted without "yes"

    run()


def test_people_forms(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        fields=form(
            {
                "label": either("Room 4", "AB", "Zoë", "room 4"),
                "height_cm": either("", "172", "50", "250"),
                # what a clinic matches its record by (each optional)
                "name": either("", "Ana María Ruiz"),
                "birth_date": either("", "1961-04-23", "2999-01-01", "23/04/1961"),
                "gender": either("", "female", "unknown"),
                "mrn": either("", "MRN-1"),
                "mrn_system": either("", "urn:oid:1.2.3", "not a uri"),
            }
        ),
        target=st.one_of(st.none(), st.sampled_from(person_ids(site)), st.sampled_from(BAD_IDS)),
        headers=ORIGINS,
    )
    def run(fields: dict[str, Any], target: str | None, headers: dict[str, str]) -> None:
        action = "/people" if target is None else f"/people/{target}"
        response = send(site, action, data=fields, headers=headers)
        typed = ("label", "height_cm", "name", "birth_date", "mrn", "mrn_system")  # gender: a choice
        assert_shown_back(response, action, {k: v for k, v in fields.items() if k in typed})

    run()


def test_person_open_and_delete_forms(site: dict[str, Any]) -> None:
    @FUZZ
    @given(
        target=st.sampled_from(BAD_IDS),
        confirm=st.one_of(st.none(), TEXT),
        headers=ORIGINS,
    )
    def run(target: str, confirm: str | None, headers: dict[str, str]) -> None:
        send(site, f"/people/{target}/open", headers=headers)
        data = {} if confirm is None else {"confirm": confirm}
        send(site, f"/people/{target}/delete", data=data, headers=headers)

    run()
    # a real person is not deleted without "yes"
    first = person_ids(site)[0]
    assert send(site, f"/people/{first}/delete", data={"confirm": "no"}).status_code == 422


def test_sign_in_and_out_forms(site: dict[str, Any]) -> None:
    @FUZZ
    @given(fields=form({"name": TEXT, "password": TEXT, "next": TEXT}), headers=ORIGINS)
    def run(fields: dict[str, Any], headers: dict[str, str]) -> None:
        response = send(site, "/sign-in", data=fields, headers=headers)
        if response.status_code == 303:  # back to a page of this app only, never another site
            assert response.headers["location"].startswith("/")
            assert not response.headers["location"].startswith("//")
        send(site, "/sign-out", data=fields, headers=headers)

    run()


STAFF_PASSWORD = "dr lee's long password"
SHARED_PASSWORD = "the clinic's shared password"


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An app with a shared password and one staff member (Dr Lee); a wrong password answers at once."""
    path = tmp_path_factory.mktemp("pages-fuzz-staff") / "staff.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    with pytest.MonkeyPatch.context() as patch, TestClient(app) as client:
        patch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
        app.state.access.set_password(SHARED_PASSWORD)
        app.state.access.add_staff("Dr Lee", STAFF_PASSWORD)
        yield {"client": client, "app": app}


def test_sign_in_by_name_form(staff_site: dict[str, Any]) -> None:
    """Any name and password: a session only for Dr Lee's own or the shared password (no name), the
    typed name shown back on a refusal, the password never."""

    @FUZZ
    @given(
        fields=form(
            {
                "name": either("Dr Lee", " dr LEE ", "Dr Leigh", ""),
                "password": either(STAFF_PASSWORD, SHARED_PASSWORD),
                "next": either("/people", "/diary"),
            }
        ),
        headers=ORIGINS,
    )
    @example(fields={"name": " dr LEE ", "password": STAFF_PASSWORD, "next": "/people"}, headers={})
    @example(fields={"name": "", "password": SHARED_PASSWORD}, headers=SAME_SITE)
    @example(fields={"name": "Dr Lee", "password": SHARED_PASSWORD}, headers={})
    def run(fields: dict[str, Any], headers: dict[str, str]) -> None:
        client = staff_site["client"]
        client.cookies.clear()
        response = send(staff_site, "/sign-in", data=fields, headers=headers)
        name, password = str(fields.get("name", "")), str(fields.get("password", ""))
        if response.status_code == 303:
            assert "backstride_session=" in response.headers["set-cookie"]
            if name.strip():
                assert " ".join(name.split()).casefold() == "dr lee" and password == STAFF_PASSWORD
            else:
                assert password == SHARED_PASSWORD
        elif response.status_code in (401, 422):
            assert_shown_back(response, "/sign-in", {"name": name})
            if len(password) >= 12 and password not in name:
                assert str(escape(password)) not in response.text, "the password was shown back"
        client.cookies.clear()

    run()


ADMIN_PASSWORD = "sam the admin's long password"


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An app with a staff admin (Sam, signed in) and two members; a wrong password answers at once."""
    path = tmp_path_factory.mktemp("pages-fuzz-admin") / "admin.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    with pytest.MonkeyPatch.context() as patch, TestClient(app) as client:
        patch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
        access = app.state.access
        sam = access.add_staff("Sam", ADMIN_PASSWORD, admin=True)
        ids = [sam.id] + [access.add_staff(n, STAFF_PASSWORD).id for n in ("Dr Lee", "Nurse Ann")]
        signed = client.post(
            "/sign-in", data={"name": "Sam", "password": ADMIN_PASSWORD}, follow_redirects=False
        )
        assert signed.status_code == 303
        yield {"client": client, "app": app, "ids": ids}


def test_staff_admin_forms(admin_site: dict[str, Any]) -> None:
    """The Staff page's forms with anything in them: never a 500, a refusal writes nothing, the admin
    is never removed nor made no longer an admin, the name typed is shown back, a password never."""
    ids = [str(i) for i in admin_site["ids"]]

    @FUZZ
    @given(
        target=st.one_of(st.sampled_from(ids), st.sampled_from(BAD_IDS)),
        action=st.sampled_from(["add", "password", "admin", "remove"]),
        fields=form(
            {
                "name": either("Nurse Bo", "dr LEE", "Nurse: Bo"),
                "password": either("a brand new long password", "short"),
                "password_again": either("a brand new long password", "short"),
                "admin": either("yes", "no", ""),
                "confirm": either("yes", "no"),
            }
        ),
        headers=ORIGINS,
    )
    @example(target=ids[0], action="remove", fields={"confirm": "yes"}, headers={})
    @example(target=ids[0], action="admin", fields={"admin": "no"}, headers={})
    @example(
        target=ids[1], action="remove", fields={"confirm": "yes"}, headers={"Origin": "https://evil.example"}
    )
    def run(target: str, action: str, fields: dict[str, Any], headers: dict[str, str]) -> None:
        path = "/staff" if action == "add" else f"/staff/{target}/{action}"
        response = send(admin_site, path, data=fields, headers=headers)
        sam = admin_site["app"].state.access.staff_member("Sam")
        assert sam.is_admin, f"{path} {fields!r}: the admin stopped being one"
        if action == "add" and response.status_code == 422:
            assert_shown_back(response, "/staff", {"name": str(fields.get("name", ""))})
        password = str(fields.get("password", ""))
        if len(password) >= 12:
            assert str(escape(password)) not in response.text, "a password was shown back"

    run()


def test_my_password_form(admin_site: dict[str, Any]) -> None:
    """Anything in the My password form: never a 500, a refusal writes nothing, never shown back."""

    @FUZZ
    @given(
        fields=form(
            {
                "current_password": either(ADMIN_PASSWORD, "not the password at all"),
                "new_password": either("sam's brand new long password", "short"),
                "new_password_again": either("sam's brand new long password", "short"),
            }
        ),
        headers=ORIGINS,
    )
    def run(fields: dict[str, Any], headers: dict[str, str]) -> None:
        response = send(admin_site, "/my-password", data=fields, headers=headers)
        for value in fields.values():
            if isinstance(value, str) and len(value) >= 12 and response.status_code != 303:
                assert str(escape(value)) not in response.text, "a password was shown back"

    run()


# ------------------------------------------------------------------------------- the pages read

PAGES = [
    "/?person={v}",
    "/diary?person={v}",
    "/diary?all={v}&saved={v}",
    "/diary/{v}/edit?person={v}",
    "/walks?person={v}",
    "/walks?symptom_at={v}&stop_at={v}",
    "/walking-test?person={v}",
    "/everyday?person={v}",
    "/history?person={v}",
    "/data?person={v}",
    "/data?added={v}&already={v}&deleted={v}",
    "/data/export.json?person={v}",
    "/report?check={v}",
    "/report?weeks={v}",
    "/report?download={v}&person={v}",
    "/report.pdf?check={v}&weeks={v}",
    "/report.pdf?person={v}",
    "/check/{v}",
    "/check/{v}/result",
    "/check/1/result?print={v}",
    "/walks/{v}",
    "/people?choose={v}&added={v}&changed={v}&deleted={v}",
    "/people/{v}",
    "/activity?before={v}",
    "/sign-in?next={v}",
    "/my-password?changed={v}",
    "/staff?added={v}&changed={v}&removed={v}",
    "/staff/{v}",
    "/static/{v}",
]


def test_every_page_with_odd_addresses_and_cookies(site: dict[str, Any]) -> None:
    """The pages that only show: a bad ?person=, id, number or person cookie is a 4xx page or a
    redirect, never a 5xx, and showing a page changes nothing anyone entered."""

    @FUZZ
    @given(
        page=st.sampled_from(PAGES),
        value=st.one_of(st.sampled_from(["1", "2", *BAD_IDS]), TEXT),
        cookie=st.one_of(st.none(), st.sampled_from(["1", "2", *BAD_IDS]), TEXT),
    )
    def run(page: str, value: str, cookie: str | None) -> None:
        client = site["client"]
        client.cookies.clear()
        if cookie is not None and cookie.isprintable() and cookie.isascii() and ";" not in cookie:
            client.cookies.set("backstride_person", cookie)
        before = snapshot(site["app"], entered_only=True)
        response = client.get(page.format(v=quote(value, safe="")), follow_redirects=False)
        client.cookies.clear()
        assert response.status_code < 500, f"{page} {value!r}: {response.status_code} {response.text[:500]}"
        assert snapshot(site["app"], entered_only=True) == before

    run()


# --------------------------------------------------------------------------- bodies and restores


@pytest.mark.parametrize(
    "path",
    [
        "/diary",
        "/walking-test",
        "/everyday",
        "/people",
        "/check",
        "/data/delete",
        "/walks",
        "/data/import",
        "/check/1/answer",
    ],
)
@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"pain_0_10=%FF%FE&notes=%C3%28", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b'--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', "multipart/form-data; boundary=x"),
        (b"not multipart at all", "multipart/form-data; boundary=x"),
        (b"whatever", "multipart/form-data"),
        (b'{"pain_0_10": 3}', "application/json"),
        (b"x" * (1024 * 1024 + 10), "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_that_cannot_be_read_is_refused_and_writes_nothing(
    site: dict[str, Any], path: str, content: bytes, kind: str
) -> None:
    send(site, path, content=content, headers={"Content-Type": kind})


def _leaves(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield where
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*where, index))


REPLACEMENTS = [None, -1, 0, 1e308, 2**64, "", "x", "2026-13-45", True, [], {}, [None], {"x": None}, "\x00"]


def _mutated(document: Any, changes: list[tuple[tuple[Any, ...], Any]]) -> Any:
    document = copy.deepcopy(document)
    for where, value in changes:
        if not where:
            return value
        parent = document
        try:
            for step in where[:-1]:
                parent = parent[step]
            parent[where[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed that place
    return document


def test_restoring_a_damaged_export(site: dict[str, Any]) -> None:
    """A real export with one to three values replaced by wrong ones, restored on the Data page and
    through the API: never a 5xx, and a refused file writes nothing."""
    export = site["export"]
    places = list(_leaves(export))

    @FUZZ
    @given(
        changes=st.lists(
            st.tuples(st.sampled_from(places), st.sampled_from(REPLACEMENTS)), min_size=1, max_size=3
        ),
        page=st.booleans(),
    )
    def run(changes: list[tuple[tuple[Any, ...], Any]], page: bool) -> None:
        body = json.dumps(_mutated(export, changes)).encode()
        files = {"file": ("backstride.json", body)}
        if page:
            send(site, "/data/import", data={"person_id": person_ids(site)[0]}, files=files)
        else:
            response = send(site, f"/api/import?person_id={person_ids(site)[0]}", files=files)
            if response.status_code >= 400:
                assert response.json()["detail"]

    run()


# ------------------------------------------------------------------------- what the fuzzer found


@pytest.mark.parametrize("typed", ["1_0", "٣", "１０", "nan", "inf", "0x10", "1 0"])
def test_a_number_only_pythons_float_reads_is_refused_and_kept_on_the_form(
    site: dict[str, Any], typed: str
) -> None:
    """Found by the fuzzer: the forms read numbers with Python's float(), which also takes "1_0" as 10,
    "٣" as 3 and full-width digits, so pain "1_0" was stored as 10 and a height "1_72" as 172. Now each
    form says the number is not right, shows what was typed and stores nothing (views.typed_number:
    digits, one "." or ",", an exponent, as a browser's number field sends)."""
    me = person_ids(site)[0]
    forms = [
        ("/diary", {"person_id": me, "entry_date": "2026-11-02", "pain_0_10": typed}, "pain_0_10"),
        (
            "/diary",
            {"person_id": me, "pain_0_10": "3", "walking_tolerance_min": typed},
            "walking_tolerance_min",
        ),
        ("/people", {"label": f"Height {typed}", "height_cm": typed}, "height_cm"),
        (f"/people/{me}", {"label": "Me", "height_cm": typed}, "height_cm"),
    ]
    for action, data, field in forms:
        response = send(site, action, data=data)
        assert response.status_code == 422, (action, typed, response.status_code)
        assert_shown_back(response, action, {field: typed})
    walk = send(site, "/walks", data={"person_id": me, "height_cm": typed}, files={"file": ("w.csv", b"t\n")})
    assert walk.status_code == 422 and "is not a height" in walk.text
    assert_shown_back(walk, "/walks", {"height_cm": typed})


@pytest.mark.parametrize("typed", ["1e1", "10", " 10 ", "10.0", "10,0", "+10"])
def test_a_number_as_a_browser_sends_it_is_read(typed: str) -> None:
    from backstride.web.views import typed_number

    assert typed_number(typed) == 10.0
