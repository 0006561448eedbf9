"""The pages' Jinja2 templates and the knowledge base they word results with.

Kept apart from ``pages`` (which needs FastAPI) so that ``backstride report`` can draw the report
page without importing the web framework.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from backstride import __version__
from backstride.core.acting import current_actor
from backstride.core.dates import MONTHS, day_words
from backstride.services.wording import about_them_text

# True while a page is drawn for a browser signed in with a password (web.auth): it shows "Sign out"
SIGNED_IN: ContextVar[bool] = ContextVar("backstride_signed_in", default=False)
# True while a page is drawn by an app that others may open (a password is set, or the browser is on
# another computer): then the pages do not say "stays on this computer" (web.auth sets it)
SHARED: ContextVar[bool] = ContextVar("backstride_shared", default=False)
# True while a page is drawn for a staff admin (web.auth): the header links to the Staff page
STAFF_ADMIN: ContextVar[bool] = ContextVar("backstride_staff_admin", default=False)


# A number and its unit, or a duration, as the pages write them, never broken over two lines on a narrow
# screen ("30 weeks", "0.94-1.43 m/s", "1 min 35 s"): ``units_together`` joins each with no-break spaces
# (a range's hyphen never breaks before a digit). The units the pages use; dates are left as they are.
_UNIT = (
    r"(?:m/s|steps/min|min|minutes?|s|seconds?|hours?|days?|weeks?|months?|years?|m|metres?|km|cm|mm"
    r"|kg|g|deg|degrees?|points?|times|steps?|Hz|GB|MB|kB|ms)"
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_AMOUNT = rf"{_NUMBER}(?:[-\u2013]{_NUMBER})? {_UNIT}"
_TOGETHER = re.compile(rf"(?<![\w.,&#/-]){_AMOUNT}(?: {_AMOUNT})*(?![\w/])")
NO_BREAK_SPACE = "\u00a0"
# What is left as it is: an element drawn (a chart), typed by the person or not shown as text, whole;
# any other tag (its attributes) and a comment. One pass: each is matched before an amount inside it.
_AS_IT_IS = (
    r"(?i:<(?P<element>svg|textarea|script|style|title|option|pre)\b.*?</(?P=element)\s*>)|<!--.*?-->|<[^>]*>"
)
_TEXT_OR_TAG = re.compile(rf"(?P<as_it_is>{_AS_IT_IS})|{_TOGETHER.pattern}", re.DOTALL)


def _joined(match: re.Match[str]) -> str:
    if match.group("as_it_is") is not None:
        return match.group()
    return match.group().replace(" ", NO_BREAK_SPACE)


# A date as the pages write it (``core.dates``: "2 Nov 2026", "2 Nov"), never broken over two lines on
# a narrow screen ("27" above "Nov 2026" in a table at 375 px): ``dates_together``. A time after it
# ("2 Nov 2026, 09:15") may start the next line. Found from its month (a search that starts with a
# space is quick on a page of 5,000 diary days), then its day checked before it.
_MONTH_AND_YEAR = re.compile(rf" (?:{'|'.join(MONTHS)})(?: \d{{4}})?(?![\w/])(?![^<>]*>)")  # not in a tag
_DAY_BEFORE = re.compile(r"(?:^|[^\w.,&#/-])\d{1,2}\Z")  # of the 3 characters before the month's space
_LEFT_AS_IT_IS = re.compile(
    r"<(svg|textarea|script|style|title|option|pre)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)


def _dates_in_text(text: str) -> str:
    def joined(match: re.Match[str]) -> str:
        start = match.start()
        if _DAY_BEFORE.search(text[max(0, start - 3) : start]) is None:  # no day, or part of something else
            return match.group()
        return match.group().replace(" ", NO_BREAK_SPACE)

    return _MONTH_AND_YEAR.sub(joined, text)


def dates_together(html: str) -> str:
    """``html`` (a rendered page) with each date in its text kept on one line: its spaces are no-break
    spaces ("2\u00a0Nov\u00a02026"), as ``units_together`` keeps a number with its unit; never in a
    tag, an attribute, the title, a chart or what a person typed."""
    if not any(month in html for month in MONTHS):  # no date at all: nothing to look for
        return html
    out, done = [], 0
    for kept in _LEFT_AS_IT_IS.finditer(html):
        out += [_dates_in_text(html[done : kept.start()]), kept.group()]
        done = kept.end()
    out.append(_dates_in_text(html[done:]))
    return "".join(out)


def units_together(html: str) -> Markup:
    """``html`` (rendered, escaped) with each number and its unit in the text kept on one line: the
    spaces in it are no-break spaces ("30\u00a0weeks"), never in a tag, an attribute, a chart or
    what a person typed. The words read, and are found, as before. As a template filter it is given
    what is not marked safe escaped first (``{{ note|units_together }}``): never marked safe as it came."""
    return Markup(_TEXT_OR_TAG.sub(_joined, str(html)))


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The pages' templates (also the report's, ``backstride.web.report``)."""
    env = Environment(
        loader=PackageLoader("backstride.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # installed with the package: never changed while it runs, so never checked
    )
    env.globals["static"] = lambda name: f"/static/{name}?v={__version__}"
    env.globals["signed_in"] = SIGNED_IN.get
    env.globals["signed_in_as"] = lambda: current_actor().staff  # a staff member's name (web.auth)
    env.globals["shared_app"] = SHARED.get
    env.globals["staff_admin"] = STAFF_ADMIN.get
    env.filters["first_upper"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    env.filters["day"] = day_words  # "2 Nov 2026": one way everywhere (core.dates)
    # a filter block's body is escaped already (Markup: kept); a value is text, escaped first
    env.filters["units_together"] = lambda value: units_together(escape(value))
    # a page's own words to the person ("Your plan") said about them when a clinician reads it: the
    # report's one rule (services.wording.about_them_text), ``{{ "Your plan" | about_them_if(flag) }}``
    env.filters["about_them_if"] = lambda text, about_them: about_them_text(str(text)) if about_them else text
    return env


@lru_cache(maxsize=1)
def knowledge_base() -> Any:
    from backstride.knowledge.loader import load_knowledge

    return load_knowledge()


__all__ = [
    "SHARED",
    "SIGNED_IN",
    "STAFF_ADMIN",
    "dates_together",
    "knowledge_base",
    "template_env",
    "units_together",
]
