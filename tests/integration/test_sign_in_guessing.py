"""Wrong passwords are counted per computer and per name tried, not for the whole clinic: a guesser
slows down only itself and the name it guesses at, never everyone (30 wrong tries by anyone used to
refuse every new sign-in for a minute), and is told how long to wait."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.core.errors import TooManyGuessesError
from backstride.services import access as access_module
from backstride.services.access import Access
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.auth import guessing_client
from backstride.web.settings import Settings

LEE_PASSWORD = "lee's own long password"
ANN_PASSWORD = "ann's own long password"
SHARED_PASSWORD = "correct horse battery staple"


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Access, list[float]]]:
    monkeypatch.setattr(access_module, "SCRYPT_N", 2**10)  # the made-up names' checks: quicker here
    db = Database(sqlite_url(tmp_path / "clinic.sqlite3")).migrate()
    now = [1000.0]
    access = Access(db, ticks=lambda: now[0])
    access.add_staff("Dr Lee", LEE_PASSWORD)
    access.add_staff("Nurse Ann", ANN_PASSWORD)
    access.set_password(SHARED_PASSWORD)
    yield access, now
    db.dispose()


def _fresh(access: Access) -> None:
    """Forget the passwords already checked, so the next right one is checked (and counted) again."""
    access._verified.clear()


def test_one_guessing_computer_waits_and_no_one_else(clinic: tuple[Access, list[float]]) -> None:
    access, now = clinic
    for i in range(access_module.WRONG_PER_CLIENT_PER_MINUTE):
        assert access.sign_in("Dr Lee", f"guess number {i}", client="10.0.0.66") is None
        now[0] += 1.0
    with pytest.raises(TooManyGuessesError) as refused:
        access.sign_in("Nurse Ann", "another guess at it", client="10.0.0.66")
    assert "from this computer" in str(refused.value)
    assert re.search(r"please wait 5[0-9] seconds", str(refused.value))  # the first try was 10 s ago
    # everyone else, by name or with the shared password, the guessed name too
    assert access.sign_in("Nurse Ann", ANN_PASSWORD, client="10.0.0.5") is not None
    assert access.sign_in("", SHARED_PASSWORD, client="10.0.0.7") is not None
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.9") is not None
    now[0] += refused.value.wait_s + 0.01  # the wait it named: a new try is checked again
    assert access.sign_in("Dr Lee", "one more guess", client="10.0.0.66") is None


def test_guesses_at_one_name_from_many_computers_hold_back_only_that_name_from_new_computers(
    clinic: tuple[Access, list[float]],
) -> None:
    access, now = clinic
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.9") is not None  # Lee's own computer
    _fresh(access)
    for i in range(access_module.WRONG_PER_NAME_PER_MINUTE + 10):  # 40 addresses, one guess each
        try:
            access.sign_in("dr lee", f"guess number {i}", client=f"203.0.113.{i}")
        except TooManyGuessesError as exc:
            assert "for this name" in str(exc) and "please wait" in str(exc)
            assert i >= access_module.WRONG_PER_NAME_PER_MINUTE
        else:
            assert i < access_module.WRONG_PER_NAME_PER_MINUTE
    with pytest.raises(TooManyGuessesError):
        access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.200")  # a computer new here waits
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.9") is not None  # his own does not
    # the other names and the shared password, from any computer
    assert access.sign_in("Nurse Ann", ANN_PASSWORD, client="10.0.0.201") is not None
    assert access.sign_in("", SHARED_PASSWORD, client="10.0.0.202") is not None
    now[0] += 61.0
    _fresh(access)
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.200") is not None


def test_guesses_at_the_shared_password_are_said_so(clinic: tuple[Access, list[float]]) -> None:
    access, _now = clinic
    for i in range(access_module.WRONG_PER_NAME_PER_MINUTE):
        assert access.basic("", f"guess number {i}", client=f"198.51.100.{i}") is None
    with pytest.raises(TooManyGuessesError, match="for the shared password"):
        access.basic("", "guess number 99", client="198.51.100.99")
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="198.51.100.100") is not None


def test_a_flood_of_made_up_names_is_not_kept_without_end(
    clinic: tuple[Access, list[float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    access, now = clinic
    monkeypatch.setattr(access_module, "GUESS_KEYS_MAX", 5)
    for i in range(12):
        assert access.sign_in(f"nobody {i} " + "x" * 10_000, "a guess", client=f"192.0.2.{i}") is None
        now[0] += 0.1
    tries = access._tries
    assert len(tries.by_name) <= 5 and len(tries.by_client) <= 5
    assert all(len(name) <= access_module.NAME_MAX_CHARS + 1 for name in tries.by_name)


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("10.0.0.66", "10.0.0.66"),
        ("::ffff:10.0.0.66", "10.0.0.66"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::99", "2001:db8:1:2::/64"),  # the same computer's network: one count
        ("testclient", "testclient"),
    ],
)
def test_a_computer_is_its_address_and_an_ipv6_one_its_network(address: str, counted_as: str) -> None:
    assert guessing_client({"client": (address, 4000)}) == counted_as
    assert guessing_client({}) is None


def test_the_page_and_the_api_say_how_long_to_wait_and_other_computers_still_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 3)
    app = create_app(Settings(database_url=sqlite_url(tmp_path / "clinic.sqlite3")))
    with TestClient(app, client=("10.0.0.66", 5000)) as guesser:
        access: Access = app.state.access
        access.add_staff("Dr Lee", LEE_PASSWORD)
        for i in range(3):
            wrong = guesser.post("/sign-in", data={"name": "Dr Lee", "password": f"guess {i} at it"})
            assert wrong.status_code == 401
        page = guesser.post("/sign-in", data={"name": "Dr Lee", "password": "guess 4 at it"})
        assert (
            page.status_code == 429 and "Too many wrong passwords were tried from this computer" in page.text
        )
        assert re.search(r"please wait [0-9]+ seconds?, then try again", page.text)
        assert 1 <= int(page.headers["retry-after"]) <= 60
        api = guesser.get("/api/diary", auth=("Dr Lee", "guess 5 at it"))
        assert api.status_code == 429 and "please wait" in api.json()["detail"]
        assert 1 <= int(api.headers["retry-after"]) <= 60
        colleague = TestClient(app, client=("10.0.0.5", 5000))
        signed_in = colleague.post(
            "/sign-in", data={"name": "Dr Lee", "password": LEE_PASSWORD}, follow_redirects=False
        )
        assert signed_in.status_code == 303
        assert colleague.get("/api/diary", auth=("Dr Lee", LEE_PASSWORD)).status_code == 200


def test_the_wait_named_is_long_enough_when_more_tries_were_counted_than_the_limit(
    clinic: tuple[Access, list[float]],
) -> None:
    """Computers that signed in lately are not held back by a name's count, but their wrong tries
    count in it: it can hold more than the limit, and the wait named is until enough of them are a
    minute old (it was until the oldest was: a new computer told 'wait 1 second' was refused again)."""
    access, now = clinic
    own = [f"10.0.0.{i}" for i in range(5)]  # the clinic's computers, signed in this morning
    for client in own:
        assert access.sign_in("Nurse Ann", ANN_PASSWORD, client=client) is not None
    for i in range(40):  # 8 wrong tries each at Lee's name, one a second
        assert access.sign_in("Dr Lee", f"mistyped {i}", client=own[i % 5]) is None
        now[0] += 1.0
    with pytest.raises(TooManyGuessesError) as refused:
        access.sign_in("Dr Lee", "a try from a new computer", client="10.0.9.9")
    now[0] += refused.value.wait_s + 0.01  # the wait it named
    _fresh(access)
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.9.9") is not None


def test_a_refusal_for_guessing_never_tells_which_names_exist(clinic: tuple[Access, list[float]]) -> None:
    """HTTP Basic with a name nobody has is the shared password (scripts sent it so); with a staff
    member's name it is theirs. Once the shared password had its guesses, a made-up name was refused
    at once 'for the shared password' while a real one was checked: which names exist could be read
    off the answers without any password. Both now answer alike."""
    access, _now = clinic
    for i in range(access_module.WRONG_PER_NAME_PER_MINUTE):
        assert access.basic("script", f"guess number {i}", client=f"198.51.100.{i}") is None

    def answer(user: str, client: str) -> str:
        try:
            return "signed in" if access.basic(user, "not the password", client=client) else "wrong"
        except TooManyGuessesError as exc:
            return re.sub(r"[0-9]+ seconds?", "N seconds", str(exc))

    assert answer("Dr Lee", "203.0.113.1") == answer("Dr Nobody", "203.0.113.2")
    assert answer("Nurse Ann", "203.0.113.3") == answer("Someone Else", "203.0.113.4")


def test_the_clinics_own_computer_signs_in_the_next_morning_while_a_name_is_guessed_at(
    clinic: tuple[Access, list[float]],
) -> None:
    """'The clinic's own computers still sign in with that name': a computer counted as the clinic's
    only for 12 hours after its last sign-in was new again every morning (a session lasts 12 hours,
    so the first sign-in of a day is always more than 12 hours after the last one), and a guesser
    at a name from a few addresses kept its owner out of every computer at the start of each day."""
    access, now = clinic
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.9") is not None  # Monday, 08:00
    _fresh(access)
    now[0] += 24 * 3600.0  # Tuesday, 08:00: meanwhile someone guesses at his name from many addresses
    for i in range(access_module.WRONG_PER_NAME_PER_MINUTE):
        assert access.sign_in("Dr Lee", f"guess number {i}", client=f"203.0.113.{i}") is None
    assert access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.9") is not None  # his own computer
    _fresh(access)
    with pytest.raises(TooManyGuessesError):
        access.sign_in("Dr Lee", LEE_PASSWORD, client="10.0.0.200")  # a computer new here still waits


@pytest.mark.parametrize(
    ("client", "server"),
    [
        (("2001:db8:1:2::aaaa", 50000), ("2001:db8:1:2::1", 8000)),  # the clinic's network (its /64)
        (("fd12:3456:789a:1::aaaa", 50000), ("fd12:3456:789a:1::1", 8000)),  # a private one
        (("fe80::aaaa%eth0", 50000), ("fe80::1%eth0", 8000)),  # link-local (printer.local names)
    ],
)
def test_computers_on_the_servers_own_ipv6_network_are_counted_one_by_one(
    clinic: tuple[Access, list[float]], client: tuple[str, int], server: tuple[str, int]
) -> None:
    """An IPv6 address is counted by its /64 (an ISP gives a home or an office a whole /64), but
    every computer on one network shares its /64: a clinic reaching its server over IPv6 was one
    'computer', and 10 mistyped passwords by one person made every computer there wait."""
    access, _now = clinic
    first = guessing_client({"client": client, "server": server})
    other_address = client[0].replace("aaaa", "bbbb")
    second = guessing_client({"client": (other_address, 50001), "server": server})
    assert first != second
    for i in range(access_module.WRONG_PER_CLIENT_PER_MINUTE):
        assert access.sign_in("Dr Lee", f"mistyped {i}", client=first) is None
    assert access.sign_in("Nurse Ann", ANN_PASSWORD, client=second) is not None
    # from another network the /64 still counts as one computer
    assert guessing_client({"client": ("2001:db8:9:9::1", 1), "server": server}) == guessing_client(
        {"client": ("2001:db8:9:9::2", 1), "server": server}
    )
