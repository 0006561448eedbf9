"""The pages' Jinja2 templates and the knowledge base they word results with.

Kept apart from ``pages`` (which needs FastAPI) so that ``backstride report`` can draw the report
page without importing the web framework.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from backstride import __version__
from backstride.core.acting import current_actor
from backstride.core.dates import MONTHS, day_words
from backstride.knowledge import article as _article
from backstride.knowledge.article import says_the_article
from backstride.services.wording import about_them_text

# True while a page is drawn for a browser signed in with a password (web.auth): it shows "Sign out"
SIGNED_IN: ContextVar[bool] = ContextVar("backstride_signed_in", default=False)
# True while a page is drawn by an app that others may open (a password is set, or the browser is on
# another computer): then the pages do not say "stays on this computer" (web.auth sets it)
SHARED: ContextVar[bool] = ContextVar("backstride_shared", default=False)
# Whether a sign-in is needed (a clinic: staff or a shared password), as web.auth read it for this
# request; None outside a request (the command line reads it from the database: ``views.in_clinic``)
SIGN_IN_REQUIRED: ContextVar[bool | None] = ContextVar("backstride_sign_in_required", default=None)
# True while a request is answered for someone who may read why the database failed (its file, or its
# server, port, user and name): the owner at home with no password (known: read at least once since
# start), or anyone signed in (web.auth sets it); everyone else reads plain words, and the why goes to
# the server's log (web.app.problem_said)
SEES_PROBLEMS: ContextVar[bool] = ContextVar("backstride_sees_problems", default=False)
# With SEES_PROBLEMS granted to the owner at home from the sign-in state read when the request began:
# whether no sign-in is needed still, read again when the database failed (a password set by the command
# line meanwhile: R12). None: nothing to read again
SEES_PROBLEMS_STILL: ContextVar[Callable[[], bool] | None] = ContextVar("backstride_sees_still", default=None)
# True while a page is drawn for a staff admin (web.auth): the header links to the Staff page
STAFF_ADMIN: ContextVar[bool] = ContextVar("backstride_staff_admin", default=False)
# While a request is answered: whether the app's database keeps several people (a clinic), asked only
# when a page drawn for it does not say (``several_people``): every page, error pages too, then has the
# clinic's footer and voice without each route passing them (web.app.PeopleMiddleware sets it).
# None: no request (``backstride report``), the home's words.
SEVERAL_PEOPLE: ContextVar[Callable[[], bool] | None] = ContextVar("backstride_several_people", default=None)


def several_people_here() -> bool:
    """Whether the database of the request being answered keeps several people (``SEVERAL_PEOPLE``)."""
    asked = SEVERAL_PEOPLE.get()
    return asked() if asked is not None else False


# A number and its unit, or a duration, as the pages write them, never broken over two lines on a narrow
# screen ("30 weeks", "0.94-1.43 m/s", "1 min 35 s"): each is joined with no-break spaces (a range's
# hyphen never breaks before a digit), in the parts of a page marked by the ``units_together`` filter.
# A date as the pages write it (``core.dates``: "2 Nov 2026", "2 Nov"), never broken over two lines
# either ("27" above "Nov 2026" in a table at 375 px), on the whole page; a time after it ("2 Nov 2026,
# 09:15") may start the next line. Both are done by ``keep_together`` in one pass over a drawn page.
_UNIT = (
    r"(?:m/s|steps/min|min|minutes?|s|seconds?|hours?|days?|weeks?|months?|years?|m|metres?|km|cm|mm"
    r"|kg|g|deg|degrees?|points?|times|steps?|Hz|GB|MB|kB|ms)"
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_AMOUNT = rf"{_NUMBER}(?:[-\u2013]{_NUMBER})? {_UNIT}"
NO_BREAK_SPACE = "\u00a0"
# The parts of a page the ``units_together`` filter marks (comments: never in escaped text, so nothing a
# person typed can open or close one); ``keep_together`` removes them.
UNITS_FROM, UNITS_TO = "<!--units_together-->", "<!--/units_together-->"
_MONTH = "|".join(MONTHS)
_MONTH_FIRST = "".join(sorted({month[0] for month in MONTHS}))  # "ADFJMNOS"
_MONTH_REST = "|".join(sorted({month[1:] for month in MONTHS}))
# One pass. Each alternative starts with its own character ("<", a digit, a month's first letter),
# matched first: the regex then skips plain text quickly (about half the time of the alternatives tried
# at every place). A date's match starts at its month's first letter, not at the space before it: a
# page has some 20 times as many spaces as such letters, and each place it starts at costs.
# What is left as it is: an element drawn (a chart), typed by the person or not shown as text, and a
# comment, each matched whole before what is inside it. An amount's first digit
# follows no letter, digit, ".,&#/-" (it is not part of something else). A date is found from its
# month, with its day checked before it (``_DAY_BEFORE``); an amount right after its year ("Nov 2026
# days", "2026-2027 weeks") is its ``tail``. Neither is in a tag (followed by a ">" before any "<": in
# escaped text, ">" is "&gt;").
_ONE_PASS = re.compile(  # its first character "<", a digit or a month's first: found by a quick search
    rf"[<\d{_MONTH_FIRST}](?:"
    r"(?<=<)(?P<as_it_is>(?i:(?P<element>svg|textarea|script|style|title|option|pre)\b.*?</(?P=element)\s*>)"
    r"|!--.*?-->)"
    rf"|(?<=\d)(?P<amount>(?<![\w.,&#/-]\d)\d*(?:[.,]\d+)?(?:[-\u2013]{_NUMBER})? {_UNIT}(?: {_AMOUNT})*"
    r"(?![\w/])(?![^<>]*>))"
    rf"|(?<= [{_MONTH_FIRST}])(?P<date>(?:{_MONTH_REST})(?<= (?:{_MONTH}))(?: \d{{4}})?(?![\w/])(?![^<>]*>))"
    rf"(?P<tail>(?<=\d)(?:[.,]\d+)?(?:[-\u2013]{_NUMBER})? {_UNIT}(?: {_AMOUNT})*(?![\w/]))?"
    r")",
    re.DOTALL,
)
_DAY_BEFORE = re.compile(r"(?:^|[^\w.,&#/-])\d{1,2}\Z")  # of the 3 characters before the month's space
# A run of amounts as the filter found it in its part alone: for a run the one pass found going on past
# a part's edge ("5 min" in the part, " 3 s" after it), each part's piece is joined as it was
_AMOUNTS = re.compile(rf"(?<![\w.,&#/-]){_AMOUNT}(?: {_AMOUNT})*(?![\w/])")


def _joined(text: str) -> str:
    return text.replace(" ", NO_BREAK_SPACE)


def _marked(html: str) -> tuple[str, list[tuple[int, int]]]:
    """``html`` without the ``units_together`` marks, and where the parts they marked are in it."""
    if UNITS_FROM not in html:
        return html, []
    out: list[str] = []
    parts: list[tuple[int, int]] = []
    done = length = depth = 0
    for mark in re.finditer(f"{UNITS_FROM}|{UNITS_TO}", html):
        out.append(html[done : mark.start()])
        length += mark.start() - done
        done = mark.end()
        if mark.group() == UNITS_FROM:
            depth += 1
            if depth == 1:
                parts.append((length, length))
        elif depth > 0:
            depth -= 1
            if depth == 0:
                parts[-1] = (parts[-1][0], length)
    out.append(html[done:])
    if depth > 0:  # not closed: to the end
        parts[-1] = (parts[-1][0], length + len(html) - done)
    return "".join(out), parts


def _together(text: str, parts: list[tuple[int, int]], *, dates: bool = True) -> str:
    """``text`` with each amount in ``parts`` (and, with ``dates``, each date anywhere) joined."""
    out: list[str] = []
    done = 0
    ends = [end for _, end in parts]

    def amounts(start: int, end: int) -> str:
        """``text[start:end]``, a run of amounts, joined where it is in a part: all of it in one part
        whole; a run across a part's edge, each part's piece as the part alone was joined."""
        at = bisect_right(ends, start)  # the first part that ends after the run starts
        if at == len(parts) or parts[at][0] >= end:  # in no part
            return text[start:end]
        if parts[at][0] <= start and end <= parts[at][1]:
            return _joined(text[start:end])
        said, done_here = [], start
        while at < len(parts) and parts[at][0] < end:
            piece_start, piece_end = max(start, parts[at][0]), min(end, parts[at][1])
            piece = _AMOUNTS.sub(lambda m: _joined(m.group()), text[piece_start:piece_end])
            said += [text[done_here:piece_start], piece]
            done_here, at = piece_end, at + 1
        said.append(text[done_here:end])
        return "".join(said)

    for match in _ONE_PASS.finditer(text):
        kind = match.lastgroup
        if kind == "as_it_is":
            continue
        start, end = match.span()
        if kind == "amount":
            out += [text[done:start], amounts(start, end)]
            done = end
            continue
        start -= 1  # the space before its month
        date_end = match.end("date")
        said = text[start:date_end]  # with the space before its month
        if dates and _DAY_BEFORE.search(text[max(0, start - 3) : start]) is not None:
            said = _joined(said)
        tail = match.group("tail") or ""
        if tail:  # an amount from the year on (joining keeps its length: the year is its first 4)
            tail = amounts(date_end - 4, end)[4:]
        out += [text[done:start], said, tail]
        done = end
    out.append(text[done:])
    return "".join(out)


def keep_together(html: str) -> str:
    """``html`` (a drawn page) with each date in its text kept on one line, and each number and its
    unit in the parts the ``units_together`` filter marked: their spaces are no-break spaces
    ("2\u00a0Nov\u00a02026", "30\u00a0weeks"), never in a tag, an attribute, the title, a chart or
    what a person typed. The words read, and are found, as before. The marks are removed. ``html`` is
    escaped (Jinja's autoescape): a "<" in it starts a tag or a comment."""
    text, parts = _marked(html)
    if not parts and not any(month in text for month in MONTHS):  # nothing to look for
        return text
    return _together(text, parts)


def units_together(html: str) -> Markup:
    """``html`` (escaped) with each number and its unit kept on one line, dates left as they are:
    ``keep_together`` on all of it, for a piece of a page."""
    text = str(html)
    return Markup(_together(text, [(0, len(text))], dates=False))


_AMOUNT_PART = re.compile(r"\d[\d.,]* [^\s\d<&]+")


def amount_parts(value: Any) -> Markup:
    """``value`` (escaped) with each number and its unit in a ``span.amount`` (app.css: never wrapped)
    and a plain space between them: a walk's big number too wide for its box on a narrow screen or with
    large text ("2 min 18 s", "3 h 0 min 4 s") wraps between "2 min" and "18 s", never inside one. A
    value with no unit ("102", "—") is as it was."""
    return Markup(_AMOUNT_PART.sub(lambda m: f'<span class="amount">{m.group()}</span>', str(escape(value))))


def _mark_units(value: Any) -> Markup:
    """The ``units_together`` filter: its part of the page marked for ``keep_together``. What is not
    marked safe is escaped first (``{{ note|units_together }}``); a filter block's body (escaped
    already) is not escaped twice."""
    return Markup(UNITS_FROM) + escape(value) + Markup(UNITS_TO)


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
    env.globals["several_people_here"] = several_people_here  # base.html, when a page does not say
    # "the article": named once on a page that says it (_the_article.html, sources.html)
    env.globals["article_title"] = article_title
    env.globals["says_the_article"] = says_the_article
    env.globals["the_article_words"] = the_article_words
    # the "get help now" signs of every page's strip (knowledge/data/help_now.yaml)
    env.globals["help_now"] = lambda: knowledge_base().help_now
    env.filters["first_upper"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    env.filters["day"] = day_words  # "2 Nov 2026": one way everywhere (core.dates)
    # marks its part of the page, where keep_together joins a number and its unit
    env.filters["units_together"] = _mark_units
    # a walk's big numbers ("2 min 18 s"): each number with its unit never wraps, the parts may
    env.filters["amount_parts"] = amount_parts
    # a page's own words to the person ("Your plan") said about them when a clinician reads it: the
    # report's one rule (services.wording.about_them_text), ``{{ "Your plan" | about_them_if(flag) }}``
    env.filters["about_them_if"] = lambda text, about_them: about_them_text(str(text)) if about_them else text
    # the same for a part of a page (``{% filter about_them_html_if(flag) %}``): its text, not its tags
    env.filters["about_them_html_if"] = _about_them_html_if
    return env


_TAG = re.compile(r"(<[^>]*>)")


def _about_them_html_if(html: Any, about_them: bool) -> Any:
    """``html`` (a part of a page, already escaped) with its words to the person said about them
    (``about_them_text``), text between tags only, when ``about_them``; else as it is."""
    if not about_them:
        return html
    parts = _TAG.split(str(html))
    return Markup("".join(p if p.startswith("<") else about_them_text(p) for p in parts))


@lru_cache(maxsize=1)
def knowledge_base() -> Any:
    from backstride.knowledge.loader import load_knowledge

    return load_knowledge()


def article_title() -> str:
    """The title of the article backstride is built on (``knowledge.article``: one place)."""
    return _article.article_title(knowledge_base())


def the_article_words(where: str = "page") -> str:
    """What "the article" is, in one sentence for a person: said once on a page (or the report, its
    PDF) that speaks of it, where it first does (_the_article.html); the terminal and FHIR say the
    same sentence (``knowledge.article``)."""
    return _article.the_article_words(knowledge_base(), where)


__all__ = [
    "SEVERAL_PEOPLE",
    "SEES_PROBLEMS",
    "SEES_PROBLEMS_STILL",
    "SHARED",
    "SIGN_IN_REQUIRED",
    "SIGNED_IN",
    "STAFF_ADMIN",
    "article_title",
    "keep_together",
    "knowledge_base",
    "says_the_article",
    "the_article_words",
    "several_people_here",
    "template_env",
    "units_together",
]
