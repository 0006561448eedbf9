"""A password too short is named with its length in plain words: "1 character long", never "1
characters long" (``services.access.checked_password``; `backstride password set`, the staff pages)."""

from __future__ import annotations

import pytest

from backstride.core.errors import InputError
from backstride.services.access import checked_password


@pytest.mark.parametrize(
    ("password", "words"),
    [("x", "the password is 1 character long;"), ("xy", "the password is 2 characters long;")],
)
def test_a_short_passwords_length_is_said_in_plain_words(password: str, words: str) -> None:
    with pytest.raises(InputError) as refused:
        checked_password(password)
    assert str(refused.value).startswith(words), str(refused.value)
