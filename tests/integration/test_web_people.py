"""The HTML pages with several people's records (a clinic), without a browser.

Each test runs on SQLite and on PostgreSQL (the ``api`` fixture: a TestClient, which keeps cookies
like one browser whose tabs share them). The safety rule: a form writes to the person its page
showed (its hidden ``person_id``), never to whoever the cookie names by the time it is sent.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from tests.conftest import MOBILISED_LAB

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
TODAY = date.today().isoformat()
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
LIST_PAGES = (
    "/",
    "/check",
    "/walks",
    "/diary",
    "/everyday",
    "/history",
    "/report",
    "/report.pdf",
    "/data",
    "/data/export.json",
)


def add_person(client, label: str) -> int:
    response = client.post("/people", data={"label": label}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    return int(response.headers["location"].split("added=")[1])


def hidden_person(html: str, action: str) -> str:
    """The hidden person_id of the form that posts to ``action`` on a page."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None, f"no form posting to {action}"
    field = re.search(r'<input type="hidden" name="person_id" value="(\d+)">', form.group(1))
    assert field is not None, f"the form posting to {action} says nobody"
    return field.group(1)


def diary_notes(client, person_id: int) -> list[str]:
    return [e["notes"] for e in client.get(f"/api/diary?person_id={person_id}").json()]


def counts(client, person_id: int) -> dict[str, int]:
    return dict(client.get(f"/api/people/{person_id}").json()["counts"])


def test_one_person_sees_the_pages_as_before_with_a_way_to_add_people(api) -> None:
    api.post("/diary", data={"entry_date": TODAY, "pain_0_10": "3", "notes": "mine"})
    for path in ("/", "/check", "/walks", "/diary", "/history", "/data"):
        page = api.get(path)
        assert page.status_code == 200, path
        assert "Records of" not in page.text and "?person=" not in page.text, path
        assert 'href="/people"' not in page.text.split("<main", 1)[0], path  # no People link in the header
        assert "person_id=" not in page.text, path  # the API links need no person_id
    assert "<title>Your diary · backstride</title>" in api.get("/diary").text
    assert "mine" in api.get("/diary").text
    report = api.get("/report").text
    assert "Report for Me" not in report and "<title>Report for a clinician · backstride</title>" in report
    data = api.get("/data").text
    assert '<a href="/people">Keep records for more than one person (for example in a clinic)</a>' in data
    assert "Delete all my data" in data
    assert "backstride_person" not in api.cookies  # nothing chosen, nothing to remember


def test_with_several_people_and_none_chosen_every_list_page_asks_whose(api) -> None:
    add_person(api, "Room 4")
    for path in LIST_PAGES:
        response = api.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/people?choose=1", path
    people = api.get("/people?choose=1")
    assert people.status_code == 200 and "Choose whose records to open" in people.text
    assert "Room 4" in people.text and "Me" in people.text


def test_a_person_chosen_with_the_address_is_shown_and_remembered(api) -> None:
    room = add_person(api, "Room 4")
    page = api.get(f"/diary?person={room}")
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"backstride_person={room};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Records of <strong>Room 4</strong>" in page.text
    assert "<title>Diary · Records of Room 4 · backstride</title>" in page.text
    assert f'href="/walks?person={room}"' in page.text  # this page's links stay with this person
    assert 'href="/people"' in page.text.split("<main", 1)[0]  # the header links to the People page
    # the cookie now opens their records on every list page
    for path in ("/", "/walks", "/history", "/data"):
        shown = api.get(path)
        assert shown.status_code == 200 and "Records of <strong>Room 4</strong>" in shown.text, path
    assert api.get("/diary?person=9999").status_code == 404
    assert api.get("/diary?person=room").status_code == 422


def test_open_on_the_people_page_sets_the_cookie_and_goes_home(api) -> None:
    room = add_person(api, "Room 4")
    opened = api.post(f"/people/{room}/open", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    assert f"backstride_person={room};" in opened.headers["set-cookie"]
    assert "Records of <strong>Room 4</strong>" in api.get("/").text
    assert api.post("/people/9999/open", follow_redirects=False).status_code == 404


def test_a_form_writes_to_the_person_its_page_showed_even_after_another_tab_opened_someone_else(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    diary_page = api.get(f"/diary?person={alex}").text  # tab 1: Alex's diary
    home_page = api.get(f"/?person={alex}").text
    data_page = api.get(f"/data?person={alex}").text
    api.post(f"/people/{sam}/open")  # tab 2: Sam opened; the cookie is Sam's now
    assert "Records of <strong>Sam</strong>" in api.get("/diary").text

    written = api.post(
        "/diary",
        data={
            "entry_date": TODAY,
            "pain_0_10": "6",
            "notes": "alex-day",
            "person_id": hidden_person(diary_page, "/diary"),
        },
        follow_redirects=False,
    )
    assert written.status_code == 303 and written.headers["location"] == f"/diary?saved={TODAY}&person={alex}"
    assert diary_notes(api, alex) == ["alex-day"] and diary_notes(api, sam) == []

    started = api.post(
        "/check", data={"person_id": hidden_person(home_page, "/check")}, follow_redirects=False
    )
    assert started.status_code == 303
    check_id = int(started.headers["location"].rsplit("/", 1)[1])
    assert api.get(f"/api/assessments/{check_id}").json()["person_id"] == alex

    api.post(
        f"/diary?person={sam}",
        data={"entry_date": TODAY, "pain_0_10": "1", "notes": "sam-day", "person_id": str(sam)},
    )
    deleted = api.post(
        "/data/delete",
        data={"confirm": "yes", "person_id": hidden_person(data_page, "/data/delete")},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert diary_notes(api, alex) == [] and counts(api, alex)["assessments"] == 0
    assert diary_notes(api, sam) == ["sam-day"]  # Sam's records untouched


def test_a_walk_sent_from_a_persons_page_is_theirs_whatever_the_cookie_says(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    page = api.get(f"/walks?person={alex}").text
    api.post(f"/people/{sam}/open")
    sent = api.post(
        "/walks",
        files={"file": ("imu.csv", LAB_WALK.read_bytes())},
        data={
            "acc_unit": "m/s^2",
            "gyr_unit": "deg/s",
            "height_cm": "181",
            "person_id": hidden_person(page, "/walks"),
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:500]
    walk_id = int(sent.headers["location"].rsplit("/", 1)[1])
    assert counts(api, alex)["gait_recordings"] == 1 and counts(api, sam)["gait_recordings"] == 0
    assert api.get(f"/api/people/{alex}").json()["height_cm"] == 181.0
    assert api.get(f"/api/people/{sam}").json()["height_cm"] is None
    # the walk's page, opened while Sam's records are open, says whose it is and links to Alex's walks
    walk_page = api.get(f"/walks/{walk_id}").text
    assert "Records of <strong>Alex</strong>" in walk_page and f'href="/walks?person={alex}"' in walk_page
    assert hidden_person(walk_page, "/check") == str(alex)  # "start a check" there is Alex's too
    assert "imu.csv" not in api.get("/walks").text  # Sam's walks page


@pytest.mark.parametrize(
    ("person_id", "status"),
    [("9999", 404), ("alex", 422), ("", 422)],  # "": a page from before people were kept
)
def test_a_form_naming_nobody_who_exists_stores_nothing(api, person_id, status) -> None:
    alex = add_person(api, "Alex")
    api.post(f"/people/{alex}/open")  # the cookie names Alex: it must not be used instead
    sam = add_person(api, "Sam")  # a backup of someone's diary, to restore (review R8: restore too)
    api.post("/diary", data={"entry_date": TODAY, "pain_0_10": "4", "notes": "kept", "person_id": str(sam)})
    backup = api.get(f"/api/export?person_id={sam}").content
    for action, data, files in (
        ("/diary", {"entry_date": TODAY, "pain_0_10": "4", "notes": "lost"}, None),
        ("/check", {}, None),
        ("/data/delete", {"confirm": "yes"}, None),
        ("/data/import", {}, {"file": ("backup.json", backup)}),
        ("/walks", {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}, {"file": ("imu.csv", LAB_WALK.read_bytes())}),
    ):
        response = api.post(action, data={**data, "person_id": person_id}, files=files)
        assert response.status_code == status, (action, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")
    for person in (1, alex):
        assert counts(api, person) == {"assessments": 0, "gait_recordings": 0, "diary_entries": 0}
    assert counts(api, sam) == {"assessments": 0, "gait_recordings": 0, "diary_entries": 1}


def test_a_diary_day_of_someone_else_cannot_be_removed_from_a_persons_page(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    api.post(
        "/diary", data={"entry_date": TODAY, "pain_0_10": "4", "notes": "alex-day", "person_id": str(alex)}
    )
    (entry,) = api.get(f"/api/diary?person_id={alex}").json()
    refused = api.post(f"/diary/{entry['id']}/delete", data={"person_id": str(sam)})
    assert refused.status_code == 404
    assert diary_notes(api, alex) == ["alex-day"]
    sure = {"person_id": str(alex), "confirm": "yes"}
    removed = api.post(f"/diary/{entry['id']}/delete", data=sure, follow_redirects=False)
    location = f"/diary?removed={entry['entry_date']}&person={alex}"  # the page says which day went
    assert removed.status_code == 303 and removed.headers["location"] == location
    assert diary_notes(api, alex) == []


def test_a_stale_cookie_means_the_one_person_or_asks_when_there_are_several(api) -> None:
    gone = add_person(api, "Visitor")
    api.post(f"/people/{gone}/open")
    api.post(f"/people/{gone}/delete", data={"confirm": "yes"})
    api.cookies.set("backstride_person", str(gone))  # as a second tab still holds it
    home = api.get("/", follow_redirects=False)
    assert home.status_code == 200 and "Records of" not in home.text  # one person again: theirs
    room = add_person(api, "Room 4")
    assert api.get("/", follow_redirects=False).headers["location"] == "/people?choose=1"
    assert "Records of <strong>Room 4</strong>" in api.get(f"/?person={room}").text


def test_pages_of_one_record_show_their_owner_and_link_to_the_owners_lists(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    started = api.post("/check", data={"person_id": str(alex)}, follow_redirects=False)
    check = started.headers["location"]
    api.post(f"/people/{sam}/open")
    question = api.get(check)
    assert question.status_code == 200 and "Records of <strong>Alex</strong>" in question.text
    assert f'href="/history?person={alex}"' in question.text
    result = api.get(check + "/result")
    assert "Records of <strong>Alex</strong>" in result.text
    assert f'href="/report?check={check.rsplit("/", 1)[1]}&amp;person={alex}"' in result.text
    # Sam's report does not show Alex's check, even when asked for it
    assert api.get(f"/report?check={check.rsplit('/', 1)[1]}&person={sam}").status_code == 404


def test_the_report_names_the_person_when_there_are_several_or_they_are_not_me(api) -> None:
    room = add_person(api, "Room 4")
    api.post(
        "/diary",
        data={"entry_date": YESTERDAY, "pain_0_10": "5", "notes": "room-day", "person_id": str(room)},
    )
    api.post("/diary", data={"entry_date": YESTERDAY, "pain_0_10": "2", "notes": "my-day", "person_id": "1"})
    report = api.get(f"/report?person={room}").text
    assert "<title>Report for Room 4 · backstride</title>" in report and "Report for Room 4" in report
    assert "room-day" in report and "my-day" not in report
    assert f'href="/?person={room}"' in report
    api.delete("/api/people/1")  # one person left, not called "Me": still named
    api.cookies.clear()
    alone = api.get("/report").text
    assert "Report for Room 4" in alone and 'href="/"' in alone


def test_the_data_page_of_a_person_exports_and_restores_theirs_only(api) -> None:
    alex = add_person(api, "Alex")
    sam = add_person(api, "Sam")
    api.post(
        "/diary", data={"entry_date": TODAY, "pain_0_10": "4", "notes": "alex-day", "person_id": str(alex)}
    )
    page = api.get(f"/data?person={alex}").text
    assert "Records of <strong>Alex</strong>" in page and "Delete all the data of Alex" in page
    for link in re.findall(r'href="(/data/export/[^"]+)"', page):
        assert link.endswith(f"?person={alex}"), link
        assert api.get(link.replace("&amp;", "&")).status_code == 200, link
    backup = api.get(re.search(r'href="(/data/export\.json[^"]*)"', page).group(1)).content
    assert b"alex-day" in backup
    sams_page = api.get(f"/data?person={sam}").text
    api.post(f"/people/{alex}/open")  # another tab: the cookie is Alex's
    restored = api.post(
        "/data/import",
        files={"file": ("backup.json", backup)},
        data={"person_id": hidden_person(sams_page, "/data/import")},
        follow_redirects=False,
    )
    # made for Alex, restored into Sam's records: said at once, so a wrong choice is seen
    assert restored.status_code == 200 and "Restored: 1 diary entry added." in restored.text
    assert "This file was made for “Alex”. It is now in the records of Sam." in restored.text
    assert diary_notes(api, sam) == ["alex-day"] and diary_notes(api, alex) == ["alex-day"]
    assert counts(api, alex)["diary_entries"] == 1  # nothing added twice to Alex
    again = api.post(
        "/data/import",
        files={"file": ("backup.json", backup)},
        data={"person_id": str(alex)},
        follow_redirects=False,
    )  # into the person it was made for: no note, and nothing added twice
    assert again.status_code == 303
    assert again.headers["location"] == f"/data?added=0,0,0,0,0&already=1&height=0&person={alex}"


def test_downloads_of_a_person_name_their_id_when_there_are_several(api) -> None:
    room = add_person(api, "Room 4")
    report = api.get(f"/report?download=1&person={room}")
    assert report.status_code == 200
    assert f'-person-{room}.html"' in report.headers["content-disposition"]
    data = api.get(f"/data/export.json?person={room}")
    assert data.headers["content-disposition"].endswith(f'filename="backstride-data-person-{room}.json"')
    assert data.json()["person"]["label"] == "Room 4"
    assert f'download="backstride-data-person-{room}.json"' in api.get(f"/data?person={room}").text
    api.delete(f"/api/people/{room}")  # one person again: the names as before
    api.cookies.clear()
    assert (
        api.get("/data/export.json")
        .headers["content-disposition"]
        .endswith('filename="backstride-data.json"')
    )
    assert "-person-" not in api.get("/report?download=1").headers["content-disposition"]


def test_the_people_page_adds_renames_and_deletes_with_a_confirmation(api) -> None:
    listed = api.get("/people")
    assert listed.status_code == 200 and "<h1>People</h1>" in listed.text
    added = api.post("/people", data={"label": "  Room   4 ", "height_cm": "172"}, follow_redirects=False)
    assert added.status_code == 303
    room = int(added.headers["location"].split("added=")[1])
    assert "Room 4 was added" in api.get(added.headers["location"]).text
    assert api.get(f"/api/people/{room}").json()["height_cm"] == 172.0
    for day_ in (TODAY, YESTERDAY):
        api.post("/diary", data={"entry_date": day_, "pain_0_10": "3", "person_id": str(room)})
    api.post("/check", data={"person_id": str(room)})
    table = api.get("/people").text
    assert re.search(
        r'Room 4.*?<td class="num" data-label="Checks">1</td><td class="num" data-label="Walks">0</td>'
        r'<td class="num" data-label="Diary entries">2</td>',
        table,
        re.S,
    )

    renamed = api.post(f"/people/{room}", data={"label": "Bed 2", "height_cm": ""}, follow_redirects=False)
    assert renamed.status_code == 303
    assert (
        api.get(f"/api/people/{room}").json()["label"],
        api.get(f"/api/people/{room}").json()["height_cm"],
    ) == ("Bed 2", None)

    page = api.get(f"/people/{room}").text
    assert "1 check, 0 walks and 2 diary days" in page and "Yes, delete Bed 2 and their 3 records" in page
    unconfirmed = api.post(f"/people/{room}/delete", data={})
    assert unconfirmed.status_code == 422 and "Nothing was deleted" in unconfirmed.text
    assert counts(api, room)["diary_entries"] == 2
    api.post("/diary", data={"entry_date": TODAY, "pain_0_10": "1", "notes": "mine", "person_id": "1"})
    deleted = api.post(f"/people/{room}/delete", data={"confirm": "yes"}, follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/people?deleted=1"
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me"]
    assert diary_notes(api, 1) == ["mine"]  # only their records went
    assert api.get(f"/people/{room}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"label": ""}, "please type a name, initials or a clinic number"),
        ({"label": "   "}, "please type a name, initials or a clinic number"),
        ({"label": "x" * 81}, "80 letters or fewer (this one has 81)"),
        ({"label": "a\u0007b"}, "only letters, numbers, spaces"),
        ({"label": "ME"}, "there is already someone called “Me”"),
        ({"label": "Room 4", "height_cm": "tall"}, "“tall” is not a height"),
        ({"label": "Room 4", "height_cm": "20"}, "from 50 to 250 cm"),
    ],
)
def test_a_person_that_cannot_be_added_is_named_on_the_page_and_nobody_is_added(api, fields, named) -> None:
    response = api.post("/people", data=fields)
    assert response.status_code == 422
    assert 'role="alert"' in response.text and named in response.text
    assert f'value="{fields["label"]}"' in response.text or fields["label"].strip() == ""  # kept as typed
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me"]


def test_a_rename_that_cannot_be_kept_is_named_and_nothing_changes(api) -> None:
    room = add_person(api, "Room 4")
    for fields, named in (
        ({"label": "me"}, "there is already someone called “Me”"),
        ({"label": ""}, "please type a name"),
        ({"label": "Room 4", "height_cm": "999"}, "from 50 to 250 cm"),
    ):
        response = api.post(f"/people/{room}", data=fields)
        assert response.status_code == 422 and named in response.text
    assert api.get(f"/api/people/{room}").json()["label"] == "Room 4"
    assert api.post("/people/9999", data={"label": "Nobody"}).status_code == 404


def test_the_people_forms_refuse_a_post_from_another_web_site(api) -> None:
    room = add_person(api, "Room 4")
    evil = {"Origin": "https://evil.example"}
    for action, data in (
        ("/people", {"label": "Intruder"}),
        (f"/people/{room}", {"label": "Renamed"}),
        (f"/people/{room}/delete", {"confirm": "yes"}),
        (f"/people/{room}/open", {}),
    ):
        assert api.post(action, data=data, headers=evil).status_code == 403, action
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", "Room 4"]


def test_the_people_pages_read_at_about_age_twelve(api) -> None:
    from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

    room = add_person(api, "Room 4")
    api.post("/diary", data={"entry_date": TODAY, "pain_0_10": "3", "person_id": str(room)})
    for url in (
        "/people?choose=1",
        f"/people?added={room}",
        f"/people/{room}",
        f"/diary?person={room}",
        "/data",
    ):
        page = api.get(url)
        assert page.status_code == 200, url
        assert reading_grade(page.text) <= MAX_GRADE, url
    refused = api.post("/people", data={"label": ""})
    assert reading_grade(refused.text) <= MAX_GRADE


def test_the_people_page_counts_diary_entries_under_that_name(api) -> None:
    """Two entries of one day (both are kept) were counted under "Diary days": 2 for one day. The
    column counts entries, as ``backstride people list`` and the API's ``counts.diary_entries`` do."""
    room = add_person(api, "Bed 9")
    for pain in ("3", "5"):
        api.post("/diary", data={"entry_date": TODAY, "pain_0_10": pain, "person_id": str(room)})
    table = api.get("/people").text
    assert "Diary days" not in table
    assert re.search(r'Bed 9.*?<td class="num" data-label="Diary entries">2</td>', table, re.S)
