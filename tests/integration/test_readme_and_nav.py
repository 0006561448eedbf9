"""What a new user read and missed: the README's --db and report wording, and the Data page in the
menu at the top of every page (it was only in the footer)."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def test_the_readme_says_how_to_give_a_sqlite_file_and_what_the_report_is() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "--db sqlite:////path/file.sqlite3" in readme and "--db /path/file.sqlite3" in readme
    assert "for PostgreSQL, `--no-browser`" not in readme  # read as if --db were only for PostgreSQL
    assert "one printable page" not in readme  # the PDF runs to several pages
    assert "says which database it uses" in readme


def test_the_menu_at_the_top_has_the_data_page(api) -> None:
    home = api.get("/").text
    menu = re.search(r'<nav class="site-nav".*?</nav>', home, re.S)
    assert menu is not None and '<a href="/data">Data</a>' in menu.group(0)
    data = re.search(r'<nav class="site-nav".*?</nav>', api.get("/data").text, re.S)
    assert data is not None and '<a href="/data" aria-current="page">Data</a>' in data.group(0)


def test_the_readme_says_how_long_the_tests_take_and_why_browser_tests_skip() -> None:
    # a new user (helper U) ran the README's second command and waited about 11 minutes with no word
    # of how long it takes, and saw the browser tests skipped for want of axe-core (npm ci)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    # measured in a clean-clone CI run on 2026-11-27: 18 min 49 s (it was about 11 minutes before)
    assert "about 20 minutes" in readme and "pytest tests/unit" in readme
    assert "`npm ci`" in readme and "docs/web-pages.md" in readme


def test_the_sharing_docs_name_the_csv_tables_that_say_not_a_diagnosis() -> None:
    # docs/sharing.md said every export says "not a diagnosis"; the diary, bouts and everyday CSV
    # tables have no notice column, by design (services.tables: only conclusions carry it); a new
    # user (helper U) looked for it there
    from backstride.services.tables import TABLES

    sharing = " ".join((REPO_ROOT / "docs" / "sharing.md").read_text(encoding="utf-8").split())
    assert "every one of them says so" not in sharing
    with_notice = sorted(name for name, (_, columns) in TABLES.items() if "notice" in columns)
    without = sorted(name for name, (_, columns) in TABLES.items() if "notice" not in columns)
    assert with_notice == ["checks", "walks"] and without == ["bouts", "diary", "everyday"]
    assert "CSV tables that hold backstride's conclusions (`walks`, `checks`) say so" in sharing
    assert "the `diary`, `bouts` and `everyday` tables hold only what was typed or measured" in sharing
