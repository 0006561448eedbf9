"""A number answer is said on the side of a whole number that it was judged on. The rules draw their
lines at whole numbers (pain 8 or more, age 50 or over, 12 weeks or more), and every interface reads
a typed number from its digits (``core.typed.as_written``), so "7.99999999999999999" out of 10 is
under 8 and "severe pain" does not count it. But the result page, the report and the terminal said it
rounded to a tenth: "you said 8", beside a result that did not count pain of 8; likewise an age of
49.96 ("you said 50 years") beside "Under 50", and 11.95 weeks ("12 weeks") where "12 weeks or
more" did not count. A person or a clinician reading "8" would think the warning was missed. Now a
number that rounds onto a whole number it is not is said with two decimals, or as "just under 8"."""

from __future__ import annotations

import pytest

from backstride.knowledge import load_knowledge
from backstride.services.interview import read_number
from backstride.services.wording import answer_words, finding_label


@pytest.mark.parametrize(
    ("code", "typed", "said"),
    [
        ("pain_severity_nrs", "7.99999999999999999", "just under 8"),
        ("pain_severity_nrs", "7.00000000000000001", "just over 7"),
        ("age_years", "49.99999999999999999", "just under 50 years"),
        ("age_years", "49.96", "49.96 years"),
        ("age_years", "40.00000000000000001", "just over 40 years"),
        ("duration_weeks", "11.95", "11.95 weeks"),
        # as before: whole numbers, and tenths that do not round onto one
        ("age_years", "50", "50 years"),
        ("age_years", "49.94", "49.9 years"),
        ("pain_severity_nrs", "7.5", "7.5"),
        ("duration_weeks", "11.99999999999999999", "11.9 weeks"),
    ],
)
def test_a_number_answer_is_never_said_as_a_whole_number_it_is_not(code: str, typed: str, said: str) -> None:
    finding = load_knowledge().findings[code]
    value = read_number(typed, finding)
    assert answer_words(value, finding) == said
    assert finding_label(load_knowledge(), code, {code: value}).endswith(f"(you said {said})")
