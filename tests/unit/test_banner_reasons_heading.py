"""The result banner's list of rule messages is headed "Why:" only when a rule set the level shown.

A likely broken bone (steroids, a positive straight-leg raise) sets "See a doctor today" with no
warning rule, and the plan's action says why; the raise's own rule fires at a routine visit. Its
message stood under "Why:", as if it were the reason for "today" (found in review R4).
"""

from __future__ import annotations

from tests.knowledge.test_positive_sign_never_lowers import STEROIDS_RAISE

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.web.templating import template_env
from backstride.web.views import banner_context


def _banner(findings: dict) -> dict:
    return banner_context(load_knowledge(), assess(findings).to_dict(), findings)


def test_a_rule_below_the_level_shown_is_listed_as_also_not_why() -> None:
    banner = _banner(STEROIDS_RAISE)
    assert (
        banner["code"] == "urgent" and "Broken bone in the spine is the most likely cause" in banner["action"]
    )
    assert banner["reasons"] and "straight leg" in banner["reasons"][0]["message"]
    assert banner["reasons_heading"] == "Also:"
    html = template_env().get_template("_banner.html").render(banner=banner)
    assert "<p>Also:</p>" in html and "<p>Why:</p>" not in html


def test_a_rule_that_set_the_level_is_why() -> None:
    emergency = {**STEROIDS_RAISE, "urinary_retention": True}
    banner = _banner(emergency)
    assert banner["code"] == "emergency" and banner["reasons_heading"] == "Why:"
    assert "<p>Why:</p>" in template_env().get_template("_banner.html").render(banner=banner)
