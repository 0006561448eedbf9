"""``templating.units_together``: a number and its unit (a range, a duration) in a page's text
never break over two lines on a narrow screen, and nothing else changes: tags, attributes, charts,
what a person typed and the words themselves stay as they were (docs/web-pages.md)."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from backstride.web.templating import UNITS_FROM, UNITS_TO, keep_together, template_env, units_together

NBSP = "\u00a0"


def kept(words: str) -> str:
    """``words`` joined by no-break spaces: never broken over two lines."""
    return words.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("text", "together"),
    [
        ("How long you have had this pain (you said 30 weeks).", ["30 weeks"]),
        ("Usual speeds for adults are 0.94-1.43 m/s, depending on age.", ["0.94-1.43 m/s"]),
        ("Cold pack for 15-20 minutes.", ["15-20 minutes"]),
        ("Type how long, like 95 or 1 min 35 s, or the times.", ["1 min 35 s"]),
        ("Your walk from 27 Nov 2026, 04:37 (31 Oct to 6 Nov)", []),  # dates are left as they are
        ("You walked at 0.68 m/s. Your pelvis turned through about 8 degrees.", ["0.68 m/s", "8 degrees"]),
        ("Your steps were 0.26 times your height; 1,200 steps a day.", ["0.26 times", "1,200 steps"]),
        ("13 questions answered; LR 0.6 (an expert estimate); Age 40 or over; A15, A22", []),
    ],
)
def test_each_number_and_its_unit_is_kept_on_one_line(text: str, together: list[str]) -> None:
    html = units_together(text)
    runs = [run.rstrip(".,;)") for run in re.findall(rf"[^ (]+(?:{NBSP}[^ ]+)+", html)]
    assert runs == [kept(t) for t in together]
    assert html.replace(NBSP, " ") == text  # the words are unchanged


@pytest.mark.parametrize(
    "html",
    [
        '<svg class="chart"><text x="3">10 min</text><title>5 days</title></svg>',
        "<textarea name=notes>walked 15 minutes</textarea>",
        '<input name="n" value="3 days"><a href="/x?d=2 days" title="4 weeks">x</a>',
        "<select><option>5 minutes</option></select><!-- 6 days -->",
        "<title>Walk of 2 days</title>",
    ],
)
def test_tags_charts_and_typed_text_stay_as_they_are(html: str) -> None:
    assert units_together(html) == html
    assert units_together(html + " 4 weeks") == html + " " + kept("4 weeks")  # after them: kept


@pytest.mark.parametrize("name", ["result.html", "walk.html", "diary.html", "report.html"])
def test_the_result_walk_diary_and_report_pages_keep_them_together(name: str) -> None:
    env = template_env()
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    if name == "report.html":  # all its body
        assert source.index("{% filter units_together %}") < source.index('<div class="wrap">')
        assert "{% endfilter %}\n</main>" in source
    else:  # the whole content block
        assert "{% block content %}{% filter units_together %}" in source
        assert source.rstrip().endswith("{% endfilter %}{% endblock %}")
    if name == "result.html":  # and the banner, drawn before the site header
        assert source.index('{% filter units_together %}{% include "_how_soon.html" %}') > 0


def test_what_a_person_typed_stays_escaped_however_the_filter_is_used() -> None:
    """Review R5: as a filter on a value (``{{ note|units_together }}``) it was given the raw text and
    marked it safe, so a note "<script>..." ran in the page. Text not yet escaped is escaped first;
    a filter block's body (escaped already) is not escaped twice."""
    note = "<script>alert(1)</script> walked 5 km & back"
    escaped = f"&lt;script&gt;alert(1)&lt;/script&gt; walked {kept('5 km')} &amp; back"
    env = template_env()

    def drawn(source: str, note: str) -> str:  # as a page is drawn: the template, then keep_together
        return keep_together(env.from_string(source).render(note=note))

    assert drawn("{{ note|units_together }}", note) == escaped
    assert drawn("{% filter units_together %}{{ note }}{% endfilter %}", note) == escaped
    # the filter's marks are comments: typed, they are text, escaped, and mark nothing
    forged = f"{UNITS_TO} 5 km {UNITS_FROM}"
    assert drawn("<p>{{ note }}</p>", forged) == f"<p>{escape(forged)}</p>"


def test_the_one_pass_starts_a_date_at_its_month_not_at_every_space() -> None:
    """``keep_together``'s one pass is tried at each place its first character may start a match: a
    drawn page has some 20 times as many spaces as months' first letters, so a date is found from its
    month (the space before it still joined), never tried at every space."""
    from backstride.web.templating import _ONE_PASS, keep_together

    text = "Seen on 27 Nov 2026, then 3 Dec"
    assert _ONE_PASS.match(" Nov 2026") is None
    assert [m.start() for m in _ONE_PASS.finditer(text)] == [text.index("Nov"), text.index("Dec")]
    assert keep_together(text) == "Seen on 27\u00a0Nov\u00a02026, then 3\u00a0Dec"


@pytest.mark.parametrize(
    ("value", "drawn"),
    [
        (
            "2 min 18 s",
            f'<span class="amount">{kept("2 min")}</span> <span class="amount">{kept("18 s")}</span>',
        ),
        ("0.68 m/s", f'<span class="amount">{kept("0.68 m/s")}</span>'),
        ("102", "102"),  # no unit: as it was
        ("—", "—"),
    ],
)
def test_a_walks_big_number_may_wrap_between_its_parts_only(value: str, drawn: str) -> None:
    """The ``amount_parts`` filter (a walk's facts, report.html and walk.html): each number with its unit
    in a span that never wraps (app.css), a plain space between them, so "3 h 0 min 4 s" too wide for its
    box wraps as "3 h 0 min" and "4 s", never as "2 min 1" and "8 s" (seen with the text at 225 %)."""
    source = '{% filter units_together %}<span class="value">{{ value | amount_parts }}</span>{% endfilter %}'
    shown = keep_together(template_env().from_string(source).render(value=value))
    assert shown == f'<span class="value">{drawn}</span>'


def test_a_walks_big_number_stays_escaped() -> None:
    shown = str(template_env().from_string("{{ value | amount_parts }}").render(value="<b>2 min</b>"))
    assert "<b>" not in shown and "&lt;b&gt;" in shown
