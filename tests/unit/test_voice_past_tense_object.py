"""A clinician reads the person's texts about them: "you" after a verb in the past is its object too
("what made you stop" is "what made them stop", never "made they stop"; review R6)."""

import pytest

from backstride.core.voice import about_them_text


@pytest.mark.parametrize(
    ("said_to_them", "said_about_them"),
    [
        ("The pain made you stop after 6 min.", "The pain made them stop after 6 min."),
        ("Your doctor told you to rest.", "Their doctor told them to rest."),
        ("Heat helped you on 3 days.", "Heat helped them on 3 days."),
        ("The pain woke you at night.", "The pain woke them at night."),
        # a subject stays a subject: "Did you stop?" is about what they did
        ("Did you stop walking?", "Did they stop walking?"),
    ],
)
def test_you_after_a_verb_in_the_past_is_them(said_to_them: str, said_about_them: str) -> None:
    assert about_them_text(said_to_them) == said_about_them
