"""A plan step never says "the article": a person reading their plan does not know which article.

The result page, the terminal and the report read "A cane (walking stick). The article suggests a cane
to help you lean forward.", "Heat. ... The article says to start heat after 48 hours." and
"Comfortable, supportive shoes. ... The article recommends good arch support." (new-user test of a
67-year-old, 2026-11-27): no page says what "the article" is. Each step now says the advice itself;
where it came from stays in the knowledge base (``from_seed``, ``seed_says``) and its evidence note.
"""

from __future__ import annotations

from backstride.knowledge import load_knowledge


def test_no_plan_step_names_an_article_the_person_has_not_seen() -> None:
    said = {code: a.text for code, a in load_knowledge().advice.items() if "article" in a.text.lower()}
    assert said == {}


def test_the_three_steps_still_say_their_advice() -> None:
    advice = load_knowledge().advice
    assert "lean forward" in advice["walking_cane"].text and "walk further" in advice["walking_cane"].text
    assert "48 hours" in advice["heat_after_48h"].text
    assert "arch support" in advice["supportive_footwear"].text
