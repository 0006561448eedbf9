"""The report for a clinician as a PDF (A4): the file a clinic's record system takes.

It says what the HTML report says (``backstride.web.report.report_view``, one view of the records for
both), laid out for paper: the "not a diagnosis" notice and when to get help at once, the latest check
(how soon, why, the warning signs, the likely causes with the likelihood ratio of every answer, the
advice with its evidence grade, the answers), the diary (its trend in words, each week's numbers,
the charts, and the relief steps tried with what seems to help, when any was tried), everyday
walking from the phone (when there is any), the walks, and every source cited. Every page ends
with "Not a diagnosis", whom the report is about, and "Page N of M".

Text is drawn with the Bitstream Vera fonts that come with reportlab, which cover most Latin letters
(Zoë, José, Łukasz). A letter they lack (a name typed in another script, say) would come out as an
empty box that reads as nothing; it is shown as ``[?]`` instead, and a note at the top names each such
letter (its Unicode number and name), so nothing is dropped without saying so.

Like ``web.report``, this module never imports FastAPI: ``backstride report --format pdf`` uses it.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from functools import partial as bound
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.web.charts import drawn
from backstride.web.report import DEFAULT_WEEKS, REPORT_NOT_A_DIAGNOSIS, report_view
from backstride.web.templating import says_the_article, the_article_words

MISSING_MARK = "[?]"  # where a letter the font cannot draw was
FONT = "BackstrideVera"  # the names the fonts are registered under (reportlab's registry is global)
BOLD = f"{FONT}-Bold"
MARGIN_MM = 18
MISSING_LISTED = 20  # the note names at most this many letters, then says how many more
# the colour of the "how soon" box, by disposition (light, so it prints well in grey too)
BOX_COLOURS = {"emergency": "#f8d7d5", "urgent": "#fbe3c8", "routine": "#dde8f6", "self_care": "#dff0dc"}
CHART_COLOURS = ("#1f5fa8", "#c0392b", "#2e7d32", "#6a1b9a")
# reportlab keeps state in module globals and in the font objects (each font's subsets per document):
# the web app answers in several threads, so one PDF is drawn at a time (a quarter of a second each)
_DRAWING = threading.Lock()


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Register the Vera fonts (once) and return the characters all four of them can draw."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {
        FONT: "Vera.ttf",
        BOLD: "VeraBd.ttf",
        f"{FONT}-Italic": "VeraIt.ttf",
        f"{FONT}-BoldItalic": "VeraBI.ttf",
    }
    fonts = [TTFont(name, str(folder / file)) for name, file in faces.items()]
    for font in fonts:
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic"
    )
    maps = [set(font.face.charToGlyph) for font in fonts]
    return frozenset(set.intersection(*maps))


class _Text:
    """Text made safe for the PDF: composed (NFC), line breaks as spaces, and each character the
    fonts cannot draw replaced by ``MISSING_MARK`` and remembered in ``missing`` for the note."""

    def __init__(self) -> None:
        self.drawable = _drawable()
        self.missing: dict[str, None] = {}  # in the order found

    def plain(self, value: object) -> str:
        out = []
        for char in unicodedata.normalize("NFC", str(value)):
            if char in "\t\n\r":
                out.append(" ")
            elif ord(char) in self.drawable:
                out.append(char)
            else:
                self.missing.setdefault(char)
                out.append(MISSING_MARK)
        return "".join(out)

    def __call__(self, value: object) -> str:
        """For a paragraph: also escaped, as reportlab reads a paragraph as markup."""
        return escape(self.plain(value))

    def note(self) -> str | None:
        """What the note at the top says, or None when every character was drawn."""
        if not self.missing:
            return None
        named = [
            f"U+{ord(c):04X} ({unicodedata.name(c, 'no name').lower()})"
            for c in list(self.missing)[:MISSING_LISTED]
        ]
        more = len(self.missing) - MISSING_LISTED
        return (
            f"Some characters cannot be drawn with this PDF's font. Each is shown as {MISSING_MARK}. "
            f"They are: {', '.join(named)}{f', and {more} more' if more > 0 else ''}. "
            "The HTML report (backstride report, or Open the report on the Data page) shows them as typed."
        )


def _sources(keys: Iterable[Any]) -> str:
    keys = [str(k) for k in keys]
    return f"Sources: {', '.join(keys)}." if keys else ""


class _Builder:
    """The report's flowables, in the HTML report's order (``templates/report.html``)."""

    def __init__(self, view: dict[str, Any]) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

        self.view = view
        self.t = _Text()
        self.story: list[Any] = []
        self.colors = colors
        base = getSampleStyleSheet()
        body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5, leading=12.5)
        self.styles = {
            "title": ParagraphStyle(
                "title", parent=body, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4
            ),
            # a heading, or a caption, is never left alone at the foot of a page
            "h2": ParagraphStyle(
                "h2", parent=body, fontName=BOLD, fontSize=13.5, leading=17, spaceBefore=12, keepWithNext=1
            ),
            "h3": ParagraphStyle(
                "h3", parent=body, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, keepWithNext=1
            ),
            "body": body,
            "hint": ParagraphStyle(
                "hint", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#444444")
            ),
            "caption": ParagraphStyle(
                "caption", parent=body, fontName=f"{FONT}-Italic", fontSize=8, leading=10, keepWithNext=1
            ),
            "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceBefore=0, spaceAfter=0),
            "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=7.5, leading=9.5),
            "bullet": ParagraphStyle(
                "bullet", parent=body, leftIndent=12, bulletIndent=3, spaceBefore=1, bulletFontName=FONT
            ),
        }

    # -- small pieces ------------------------------------------------------------------------------

    def para(self, markup: str, style: str = "body") -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(markup, self.styles[style]))

    def bullets(self, items: Iterable[str]) -> None:
        from reportlab.platypus import Paragraph

        for markup in items:
            self.story.append(Paragraph(markup, self.styles["bullet"], bulletText="•"))

    def hint(self, text: str) -> str:
        return f' <font size="8" color="#444444">{self.t(text)}</font>' if text else ""

    def table(
        self, caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table with its caption; ``rows`` are markup; the header row repeats on each page."""
        from reportlab.lib.units import mm
        from reportlab.platypus import Paragraph, Table, TableStyle

        cell, head = self.styles["cell"], self.styles["head"]
        data = [[Paragraph(self.t(h), head) for h in headers]]
        data += [[Paragraph(str(c), cell) for c in row] for row in rows]
        self.para(self.t(caption), "caption")
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
        grey = self.colors.HexColor("#999999")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, grey),
                    ("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        self.story.append(table)

    def box(self, code: str, build: Callable[[], None]) -> None:
        """What ``build`` adds, in a coloured box (how soon to get help)."""
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        start = len(self.story)
        build()
        inside = self.story[start:]
        del self.story[start:]
        # a row for each paragraph, so that a long box goes on over the next page
        box = Table([[f] for f in inside], colWidths=[(210 - 2 * MARGIN_MM) * mm], hAlign="LEFT")
        colour = self.colors.HexColor(BOX_COLOURS.get(code, "#eeeeee"))
        box.setStyle(
            TableStyle(
                [("BACKGROUND", (0, 0), (-1, -1), colour), ("BOX", (0, 0), (-1, -1), 0.8, self.colors.black)]
            )
        )
        self.story.append(box)

    # -- the report, part by part ------------------------------------------------------------------

    def build(self) -> list[Any]:
        v, t = self.view, self.t
        label = v["person"]["label"]
        self.para("backstride: report for a clinician", "title")
        if label:
            self.para(f"<b>Report for {t(label)}</b>")
        if v["person"].get("details"):  # what a clinic matches its record by (report.person_details)
            self.para(" · ".join(t(line) for line in v["person"]["details"]))
        self.para(
            t(
                f"Made on {v['generated']} by backstride {v['package_version']} "
                f"(knowledge base {v['knowledge_version']})."
            )
        )
        for warning in v.get("later_warnings") or ():  # a later check's warning sign comes first
            self.box(warning["code"], bound(self.warning_now, warning))
        note_at = len(self.story)  # the note on characters not drawn goes here, once all is written
        # a short line first, as the page; who did what only in a clinic (staff accounts), in small print
        self.para(f"<b>This is not a diagnosis.</b> {t(REPORT_NOT_A_DIAGNOSIS)}")
        if v["who_gave_it"]:
            self.para(t(v["who_gave_it"]), "hint")
        help_now = v["help_now"]
        self.para(
            f'<font color="#b00020"><b>{t(help_now["heading"])}</b></font> {t(help_now["text"])}'
            + self.hint(_sources(help_now["sources"]))
        )
        self.check()
        self.diary()
        self.everyday()
        self.walks()
        self.references()
        self.para(
            f"<b>This is not a diagnosis.</b> backstride cannot examine anyone. Made by backstride "
            f"{t(v['package_version'])}, open source (Apache-2.0)."
        )
        note = t.note()
        if note is not None:
            from reportlab.platypus import Paragraph

            self.story.insert(note_at, Paragraph(f"<b>Note:</b> {escape(note)}", self.styles["body"]))
        return self.story

    def check(self) -> None:
        v, t = self.view, self.t
        self.para("The latest check", "h2")
        check = v["check"]
        if v.get("unreadable_check"):  # made with other questions: which one, and why it is not shown
            self.para(t(v["unreadable_check"]["said"]))
            return
        if not check:
            self.para("No check yet. The person has not answered any questions.")
            return
        n = check["answered"]
        by = check["answered_by"]
        questions = f"{n} question{'' if n == 1 else 's'}"
        text = f"Check {check['assessment_id']}, from {check['checked_when']}: {questions} answered, {by}."
        text += f" {check['started_by']}"  # who started it (migration 0016)
        if v["n_checks"] > 1:
            which = (
                "the one asked for"
                if v["chosen"]
                else ("the newest finished one" if check["finished"] else "the newest, and none is finished")
            )
            text += f" There are {v['n_checks']} checks in all; this is {which}."
        walk = check.get("check_walk") or {}  # the walk the check used, and one it left out
        text += "".join(f" {walk[key]}" for key in ("deleted", "used", "note") if walk.get(key))
        self.para(t(text))
        self.how_soon(check)
        if check.get("examination"):
            self.examination(check["examination"])
        self.flags(check["red_flags"], "Warning signs in the answers")
        if check.get("changes"):
            self.changes(check["changes"])
        self.flags(check["reasons_for_review"], "Why a clinician should check")
        self.causes(check)
        # "the article" is named where the report first says it (as report.html)
        named = says_the_article(*(n["note"] for n in check.get("evidence_notes") or ()))
        if check.get("evidence_notes"):
            self.para("Advice the person was given", "h3")
            if named:
                self.para(self.t(the_article_words("report")))
            self.table(
                "Each piece of advice and how strong the evidence for it is",
                ["Advice", "Evidence", "What studies say"],
                (
                    [
                        t(n["title"]) + self.hint(n.get("because") or ""),
                        f"<b>{t(n['grade'])}</b>",
                        t(n["note"]) + self.hint(_sources(n["sources"])),
                    ]
                    for n in check["evidence_notes"]
                ),
                [45, 32, 97],
            )
        later = (check.get("plan") or {}).get("later") or []
        if later:  # as report.html: the article's advice an urgent plan left for later
            self.para("Advice from the article left for later", "h3")
            if not named:
                self.para(self.t(the_article_words("report")))
            for group in later:
                self.para(t(group["reason"]))
                self.bullets(t(f"{i['title']} (evidence: {i['grade']})") for i in group["items"])
        if check.get("answers"):
            self.para("The answers", "h3")
            self.table(
                "Each answer, in the order given",
                ["Question", "Answer"],
                ([t(a["finding"]), t(a["answer"])] for a in check["answers"]),
                [130, 44],
            )
        self.para(
            t(
                f"Worked out with knowledge base {check['knowledge_version'] or 'unknown'} "
                f"and backstride {check['package_version']}."
            ),
            "hint",
        )

    def how_soon(self, check: dict[str, Any]) -> None:
        """As ``_how_soon.html``: while warning signs are unasked and none fired, "not finished" comes
        first and the banner is only a partial result; signs answered "don't know" are never passed over."""
        banner, not_finished, uncertain = check["banner"], check["not_finished"], check["uncertain"]
        if not_finished and not not_finished["raised"]:
            self.box("urgent", lambda: self.not_finished(not_finished))
            self.box("partial", lambda: self.partial(banner))
        else:
            self.box(banner["code"], lambda: self.banner(banner))
            if not_finished:
                self.box("urgent", lambda: self.not_finished(not_finished))
        for box in (uncertain, check.get("unasked")):  # "don't know", then questions not asked
            if box:
                self.box("urgent", bound(self.uncertain, box))

    def banner(self, banner: dict[str, Any]) -> None:
        t = self.t
        self.para(f"<b>How soon: {t(banner['level'])}</b>")
        self.para(t(banner["heading"]), "h3")
        self.para(
            f"<b>What to do now:</b> {t(banner['action'])}" + self.hint(_sources(banner.get("sources") or ()))
        )
        for group in banner.get("reason_groups") or ():  # "Why:", then "Also:"
            self.para(t(group["heading"]))
            self.bullets(t(r["message"]) + self.hint(_sources(r["sources"])) for r in group["reasons"])
        if banner["code"] == "emergency":
            self.para("Do not wait to finish reading this page.")

    def warning_now(self, warning: dict[str, Any]) -> None:
        """As ``_warning_now.html``: what a later check's answers already mean."""
        t = self.t
        self.para(f"<b>How soon: {t(warning['level'])}</b>")
        self.para(t(warning["heading"]), "h3")
        if warning.get("intro"):
            self.para(t(warning["intro"]))
        self.para(f"<b>What to do now:</b> {t(warning['action'])}" + self.hint(_sources(warning["sources"])))
        if warning.get("reasons"):
            self.para("Why:")
            self.bullets(t(r["message"]) + self.hint(_sources(r["sources"])) for r in warning["reasons"])

    def partial(self, banner: dict[str, Any]) -> None:
        self.para("<b>Partial result</b>")
        self.para(self.t(banner.get("partial_heading") or "From your answers so far only"), "h3")
        self.para(
            "We have not checked all the warning signs yet, so this can change. With the answers so far: "
            + self.t(banner["action"])
            + self.hint(_sources(banner.get("sources") or ()))
        )

    def not_finished(self, block: dict[str, Any]) -> None:
        t = self.t
        if not block["raised"]:
            self.para("<b>How soon: not known yet</b>")
        self.para(t(block.get("heading") or "Not finished"), "h3")
        self.para(f"<b>{t(block['text'])}</b>")
        for group in block["groups"]:
            self.para(f"<b>{t(group['advice'])}</b>")  # always: a rule's sentence may not say where to go
            if group["items"]:  # short items under the advice; a rule's own sentences after them
                self.bullets(t(_sentence(item)) for item in group["items"])
            for sentence in group.get("sentences") or ():
                self.para(t(sentence))
            self.para(t(_sources(group["sources"])), "hint")

    def uncertain(self, block: dict[str, Any]) -> None:
        t = self.t
        self.para(t(block["heading"]), "h3")
        self.para(f"<b>{t(block['text'])}</b>")
        for group in block["groups"]:
            self.para(f"<b>{t(group['advice'])}</b>" + self.hint(_sources(group.get("sources") or ())))
            if group["items"]:  # short items in the list; a rule's own sentences after it
                self.bullets(
                    t(_sentence(item["text"])) + self.hint(_sources(item.get("sources") or ()))
                    for item in group["items"]
                )
            for sentence in group.get("sentences") or ():
                self.para(t(sentence["text"]) + self.hint(_sources(sentence.get("sources") or ())))

    def examination(self, exam: dict[str, Any]) -> None:
        t = self.t
        self.para(t(exam["text"]), "h3")
        self.para(t(exam["detail"]))
        self.bullets(
            t(_first_upper(item["text"]) + ".") + self.hint(_sources(item.get("sources") or ()))
            for item in exam["items"]
        )
        self.para(f"<b>{t(exam['advice'])}</b>" + self.hint(_sources(exam.get("advice_sources") or ())))

    def changes(self, block: dict[str, Any]) -> None:
        """As ``_changes.html``: what changed since the check before, new warning signs first and loud."""
        t = self.t
        self.para(t(block["heading"]), "h3")
        if block.get("first"):
            self.para(f"<b>{t(block['first'])}</b>")
        for sign in block["new_signs"]:

            def loud(sign: dict[str, Any] = sign) -> None:
                self.para(f"<b>{t(sign['text'])}</b>")
                if sign["because"]:
                    self.para(t(f"From these answers: {'; '.join(sign['because'])}."))
                self.para(t(_sources(sign["sources"])))

            self.box(sign["level"], loud)
        because = block.get("headline_because") or []
        self.para(
            t(block["headline"])
            + (self.hint(f"From these answers: {'; '.join(because)}.") if because else "")
            + self.hint(_sources(block.get("headline_sources") or ()))
        )
        if block.get("mode_note"):
            self.para(f"<b>{t(block['mode_note'])}</b>")
        self.bullets(
            t(c["text"])
            + (
                self.hint(f"From these answers: {'; '.join(c['because'])}.")
                if c["because"] and c["kind"] != "answer"
                else ""
            )
            + self.hint(_sources(c["sources"]))
            for c in block["others"]
        )
        if block.get("nothing_changed"):
            self.para(t(block["nothing_changed"]))
        self.para(t(block["notice"]), "hint")

    def flags(self, flags: list[dict[str, Any]], title: str) -> None:
        if not flags:
            return
        t = self.t
        self.para(title, "h3")
        self.bullets(
            f"<b>{t(f['message'])}</b>"
            + (self.hint(f"{f['because']}: {'; '.join(f['findings'])}.") if f.get("findings") else "")
            + self.hint(_sources(f.get("sources") or ()))
            for f in flags
        )

    def causes(self, check: dict[str, Any]) -> None:
        t = self.t
        self.para("Likely causes", "h3")
        self.para(
            "Chances worked out from the answers with published likelihood ratios. They are not a diagnosis."
        )

        def trail(c: dict[str, Any]) -> str:
            steps = [
                f"{s['finding']} ({str(s['note']).rstrip('.')}; odds x{s['lr']})"
                if s.get("floor")
                else f"{s['finding']}: LR {s['lr']}{' (an expert estimate)' if s.get('judgement') else ''}"
                for s in c["trail"]
            ]
            text = "; ".join(steps) + "." if steps else "No answer changed it."
            return t(text) + self.hint(_sources(c.get("evidence") or ()))

        self.table(
            "The most likely causes, and each answer that changed the chance",
            ["Cause", "Chance", "Answers behind it (likelihood ratio)"],
            (
                [
                    f"<b>{t(c['name'])}</b>"
                    + (self.hint(f"(starting chance {c['prior']})") if c.get("prior") else ""),
                    t(c["percent_text"]),
                    trail(c),
                ]
                for c in check["conditions_top"]
            ),
            [48, 16, 110],
        )
        if check.get("conditions_rest"):
            rest = ", ".join(f"{c['name']} ({c['percent_text']})" for c in check["conditions_rest"])
            self.para(t(f"Also considered, less likely: {rest}."), "hint")
        if check.get("cannot_exclude"):
            self.para("Still to rule out", "h3")
            self.bullets(
                f"<b>{t(m['name'])} ({t(m['percent_text'])}).</b> {t(m['text'])}"
                + (f" What settles it: {t(m['what_settles_it'])}" if m.get("what_settles_it") else "")
                + self.hint(_sources(m.get("sources") or ()))
                for m in check["cannot_exclude"]
            )

    def diary(self) -> None:
        v, t = self.view, self.t
        diary = v["diary"]
        self.para(f"Pain and walking over the last {v['weeks']} weeks", "h2")
        if not diary["n_entries"]:
            self.para(t(f"No diary entries {'yet' if not diary['n_all'] else 'since ' + v['since']}."))
        else:
            n = diary["n_entries"]
            text = f"{n} diary entr{'y' if n == 1 else 'ies'}, from {diary['first']} to {diary['last']}"
            if diary["n_all"] > n:
                text += f" ({diary['n_all']} in all; every one is in the exports)"
            self.para(t(text + ". Pain is rated from 0 (none) to 10 (worst imaginable)."))
            self.bullets(t(trend["explanation"]) for trend in diary["trends"])
            self.table(
                diary["weekly_caption"],
                ["Week of", "Entries", "Pain (0-10)", "Time walked before the pain starts"],
                ([t(w["week"]), t(w["n_entries"]), t(w["pain"]), t(w["minutes"])] for w in diary["weekly"]),
                [40, 25, 30, 50],
            )
        for chart in diary["charts"]:
            self.para(t(chart["heading"]), "h3")
            self.para(t(chart["caption"]), "caption")
            lines = drawn([s for s in chart["series"] if s.points])  # worked out once for both
            self.story.append(_chart_drawing(chart, self.t, lines))
            for note in lines[1]:  # how its points differ from the values (charts.drawn)
                self.para(t(note), "caption")
        self.steps(diary.get("steps"))
        if diary["notes"]:
            self.para("What the person wrote", "h3")
            shown = " (the newest 20)" if len(diary["notes"]) == 20 else ""
            self.table(
                f"Diary notes, newest first{shown}",
                ["Day", "Pain (0-10)", "Note"],
                ([t(n["day"]), t(n["pain"]), t(n["text"])] for n in diary["notes"]),
                [28, 22, 124],
            )

    def steps(self, steps: dict[str, Any] | None) -> None:
        """As the HTML report: the relief steps tried and what seems to help; left out when none."""
        if not steps:
            return
        t = self.t
        self.para("What the person tried", "h3")
        self.para(t(steps["intro"]))
        self.table(
            steps["caption"],
            ["Step", "Days tried"],
            ([f"<b>{t(r['name'])}</b>", t(r["days"])] for r in steps["rows"]),
            [110, 40],
        )
        self.para("What seems to help", "h3")
        if not steps["helps"]:
            self.para(t(steps["too_few"]))
            return
        self.para(t(steps["helps_intro"]))
        self.bullets(t(words) for words in steps["helps"])
        self.para(t(steps["cannot_show"]))

    def everyday(self) -> None:
        """As the HTML report: left out when the person has no day of everyday walking."""
        e, t = self.view.get("everyday"), self.t
        if not e:
            return
        self.para("Everyday walking, from the phone", "h2")
        self.para(t(e["intro"]))
        if not e["in_periods"]:
            self.para(t(e["none_in_periods"]))
            return
        self.table(
            "The median (middle value) of the days in each period, and how many days it rests on. "
            "A dash (—): not measured then.",
            ["Measure", *(p["heading"] for p in e["periods"])],
            ([f"<b>{t(r['name'])}</b>", *(t(c) for c in r["cells"])] for r in e["rows"]),
            [47, 42, 42, 43],
        )
        if e["speed"]:
            self.para(t(e["speed"]))
        self.para("What each measure means", "h3")
        self.bullets(f"<b>{t(r['name'])}:</b> {t(r['meaning'])}" for r in e["rows"])
        self.para(t(e["caveat"]), "hint")

    def walks(self) -> None:
        v, t = self.view, self.t
        self.para("Walks measured with a sensor", "h2")
        walks = v["walks"]
        if not walks:
            self.para("No walks yet.")
            return
        self.para(
            "From a sensor or phone worn at the lower back. "
            "One sensor measures step length and pelvic motion only roughly."
        )
        caption = (
            f"The last {len(walks)} of {v['n_walks']} walks sent, the last one sent first "
            "(every one is in the exports)"
            if v["n_walks"] > len(walks)
            else "Every walk, the last one sent first"
        )
        keys = (
            "walked",
            "walking",
            "steps",
            "speed",
            "cadence",
            "stride",
            "asymmetry",
            "first_symptom",
            "factors",
            "sent_by_short",
        )
        self.table(
            caption,
            [
                "Walked on",
                "Walking",
                "Steps",
                "Speed",
                "Steps per minute",
                "Stride",
                "Step time difference",
                "Until first symptom",
                "Gait factors found",
                "Sent by",
            ],
            ([t(w[k]) for k in keys] for w in walks),
            [22, 15, 11, 15, 14, 14, 18, 18, 30, 17],
        )
        walk = v["latest_walk"]
        self.para(t(f"The latest walk, from {walk['when']}"), "h3")
        self.para(
            t(
                f"File {walk['filename']} ({walk['format']}); body height {walk['height']}; "
                f"backstride {walk['package_version']}. {walk['sent_by']}"
            ),
            "hint",
        )
        if walk.get("placement_warning"):  # as report.html: before any number
            self.para(f"<b>{t(walk['placement_warning'])}</b>")
        self.bullets(f"<b>{t(f['value'])}</b> {t(f['label'])}" for f in walk["facts"])
        rows = [[t(f"Pelvis: {label}, range per stride"), t(value)] for label, value in walk["pelvis"]]
        rows += [
            ["Trunk lean while walking, against standing", t(walk["trunk_lean"])],
            ["Peak jolt at foot strike", t(walk["impact"])],
        ]
        self.table("Pelvis and trunk during the walk", ["Measure", "Value"], rows, [120, 30])
        tolerance = walk["tolerance"]
        if tolerance.get("measured"):
            self.table(
                f"Walking tolerance (self-paced walking test) in this walk. {_sources(tolerance['sources'])}",
                ["What", "Time", "Distance"],
                ([t(r["label"]), t(r["time"]), t(r["distance"])] for r in tolerance["rows"]),
                [80, 30, 40],
            )
            for row in tolerance["rows"]:
                if row.get("note"):
                    self.para(t(f"{row['label']}: {row['note']}."))
        if walk.get("factors"):
            self.table(
                "Gait factors of the walk",
                ["Factor", "Found?", "Value", "Evidence", "What it means"],
                (
                    [
                        f"<b>{t(f['name'])}</b>",
                        t(f["status"]),
                        t(f["value"]),
                        t(f["grade"] or "—"),
                        t(f["explanation"])
                        + (self.hint("; ".join(f["quality"]).strip(".") + ".") if f.get("quality") else "")
                        + self.hint(_sources(f.get("sources") or ())),
                    ]
                    for f in walk["factors"]
                ),
                [32, 17, 18, 35, 72],
            )

    def references(self) -> None:
        t = self.t
        self.para("Sources", "h2")
        refs = self.view["references"]
        if not refs:
            self.para("Nothing above cites a source yet.")
            return
        self.para("Every source cited above, by its key in the backstride evidence notes.")
        self.bullets(
            f"<b>{t(r['key'])}</b>: {t(r['citation'])}" + self.hint(r.get("url") or "") for r in refs
        )


def _sentence(text: str) -> str:
    return text if text[-1:] in ".?!" else f"{text}."


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chart_drawing(chart: dict[str, Any], text: _Text, lines: Any = None) -> Any:
    """One chart of the diary as a line chart: the same lines as the page's (``series`` as
    ``charts.drawn`` draws them: a day once, many values as means of a period; ``lines``: that, when
    worked out already), days along the bottom."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    from backstride.web.charts import line_runs

    series, _notes, gap_days = lines or drawn([s for s in chart["series"] if s.points])
    width, height = 440, 150
    drawing = Drawing(width, height + 14)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 28, width - 170, height - 30
    # a line per run of a series: none across weeks without a value (``charts.GAP_DAYS``), as on the page
    runs = [
        (i, run)
        for i, s in enumerate(series)
        for run in line_runs(s.points, [(d.toordinal(), float(y)) for d, y in s.points], gap_days)
    ]
    plot.data = [run for _, run in runs]
    days = [x for line in plot.data for x, _ in line]
    values = [y for line in plot.data for _, y in line]
    first, last = min(days), max(days)
    if first == last:  # one day: a little room either side
        first, last = first - 1, last + 1
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = first, last
    plot.xValueAxis.valueSteps = sorted({first, (first + last) // 2, last})
    plot.xValueAxis.labelTextFormat = lambda x: day_words(date.fromordinal(int(x)))
    top = 10.0 if chart["id"] == "pain-chart" else max(max(values) * 1.15, 1.0)
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    for j, (i, _) in enumerate(runs):
        colour = colors.HexColor(CHART_COLOURS[i % len(CHART_COLOURS)])
        plot.lines[j].strokeColor = colour
        plot.lines[j].strokeWidth = 1.5
        plot.lines[j].symbol = makeMarker("FilledCircle", size=4, fillColor=colour, strokeColor=colour)
    drawing.add(plot)
    drawing.add(String(0, height + 4, text.plain(chart["headers"][1]), fontName=FONT, fontSize=8))
    legend = Legend()
    legend.x, legend.y = width - 120, height - 10
    legend.fontName, legend.fontSize = FONT, 8
    legend.colorNamePairs = [
        (colors.HexColor(CHART_COLOURS[i % len(CHART_COLOURS)]), text.plain(s.label))
        for i, s in enumerate(series)
    ]
    drawing.add(legend)
    return drawing


FOOTER_MM = 125  # the footer's words end before the page number


def _footer(label: str | None, text: _Text) -> Callable[[Any, int, int], None]:
    """Each page's foot: "Not a diagnosis", whose report (a long label cut short with "…", as the
    title shows it whole), "Page N of M"."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = "Not a diagnosis. backstride report for a clinician"
    if label:
        shown = text.plain(label)
        while stringWidth(f"{words}: {shown}", FONT, 8) > FOOTER_MM * mm and len(shown) > 1:
            shown = shown[:-2] + "…"
        words += f": {shown}"

    def draw(canvas: Any, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setStrokeGray(0.6)
        canvas.line(MARGIN_MM * mm, 14 * mm, canvas._pagesize[0] - MARGIN_MM * mm, 14 * mm)
        canvas.drawString(MARGIN_MM * mm, 10 * mm, words)
        canvas.drawRightString(canvas._pagesize[0] - MARGIN_MM * mm, 10 * mm, f"Page {page} of {pages}")
        canvas.restoreState()

    return draw


def _canvas_with(footer: Callable[[Any, int, int], None]) -> type:
    """A canvas that holds each page until the end, so every footer can say how many pages there are."""
    from reportlab.pdfgen.canvas import Canvas

    class PagedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                footer(self, number, len(self._held))
                super().showPage()
            super().save()

    return PagedCanvas


def build_pdf(view: dict[str, Any]) -> bytes:
    """The PDF of a report's view (``report_view``), A4."""
    with _DRAWING:
        return _build(view)


def _build(view: dict[str, Any]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    builder = _Builder(view)
    story = builder.build()
    label = view["person"]["label"]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=22 * mm,
        title=f"Report for {label}" if label else "Report for a clinician",
        author="backstride",
        subject="Not a diagnosis",
        creator=f"backstride {view['package_version']}",
    )
    doc.build(story, canvasmaker=_canvas_with(_footer(label, builder.t)))
    return out.getvalue()


def render_report_pdf(
    records: Records,
    *,
    assessment_id: int | None = None,
    weeks: int = DEFAULT_WEEKS,
) -> bytes:
    """The report of ``records`` (see ``web.report.render_report``) as a PDF."""
    return build_pdf(report_view(records, assessment_id=assessment_id, weeks=weeks))


__all__ = ["MISSING_MARK", "build_pdf", "render_report_pdf"]
