"""'What to do now' (the result's banner) and 'When to see a clinician' cite every source of what they say.

The text is the plan's ``see_clinician``: the level's advice, and at a routine visit the likeliest
cause's hint for the clinician ('an X-ray can confirm arthritis'), a cause that cannot be ruled out
('We cannot rule out narrowed leg arteries ... ankle-brachial index'), advice held back. The banner
(result page, report, PDF) cited only the level's sources (A9, A21), the result page's 'When to see a
clinician' none, and the terminal's the level's: each clinical statement after them stood uncited,
in 21 of the 40 dev vignettes. The FHIR export already cited them all (``see_clinician_sources``).
Found by review R4.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import SHARED
from typer.testing import CliRunner

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.web import views
from backstride.web.templating import template_env

DEV = SHARED / "data" / "vignettes" / "dev.jsonl"


def _vignette(name: str) -> dict[str, object]:
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip() and (v := json.loads(line))["id"] == name:
            return dict(v["findings"])
    raise AssertionError(name)


# dev-003: hip arthritis at a routine visit ("an X-ray can confirm arthritis": B19); dev-004: the
# outer hip, and narrowed leg arteries not ruled out ("ankle-brachial index": B6, B8, B9)
CASES = [
    ("dev-003", "an X-ray can confirm arthritis", {"B19"}),
    ("dev-004", "ankle-brachial", {"B6", "B8", "B9"}),
]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(("name", "said", "keys"), CASES)
def test_what_to_do_now_cites_the_sources_of_everything_it_says(name: str, said: str, keys: set[str]) -> None:
    findings = _vignette(name)
    kb = load_knowledge()
    context = views.result_context(kb, assess(findings).to_dict(), findings)
    banner = context["banner"]
    assert said in banner["action"]
    assert keys <= set(banner["sources"]) and {"A9", "A21"} <= set(banner["sources"])
    assert len(banner["sources"]) == len(set(banner["sources"]))  # each once
    html = _text(template_env().get_template("_banner.html").render(banner=banner))
    cited = re.search(r"What to do now: .*? Sources: ([A-E0-9, ]+)\.", html)
    assert cited is not None and keys <= set(cited.group(1).split(", ")), html
    # the result page's "When to see a clinician" says the same text: with the same sources
    assert context["plan"]["see_clinician_sources"] == banner["sources"]


def test_every_key_cited_there_is_in_the_evidence_list_once(shared_dir: Path) -> None:
    evidence = (shared_dir / "clinical" / "EVIDENCE.md").read_text(encoding="utf-8")
    known = set(re.findall(r"`\[([A-F]\d+b?)\]`", evidence))
    kb = load_knowledge()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        findings = json.loads(line)["findings"]
        banner = views.banner_context(kb, assess(findings).to_dict(), findings)
        assert set(banner["sources"]) <= known, banner["sources"]
        assert len(banner["sources"]) == len(set(banner["sources"])), banner["sources"]


def test_the_result_pages_when_to_see_a_clinician_cites_its_sources() -> None:
    findings = _vignette("dev-003")
    context = views.result_context(load_knowledge(), assess(findings).to_dict(), findings)
    source = (Path(views.__file__).parent / "templates" / "result.html").read_text(encoding="utf-8")
    block = source[source.index("{% if plan.see_clinician %}") :]
    block = block[: block.index("{% endif %}\n</section>") + len("{% endif %}")]
    html = _text(template_env().from_string(block).render(plan=context["plan"]))
    assert re.search(r"an X-ray can confirm arthritis\. Sources: A9, A21, B19\.", html), html


def test_the_terminals_when_to_see_a_clinician_cites_its_sources(tmp_path: Path) -> None:
    from backstride.cli.main import app

    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"findings": _vignette("dev-003")}), encoding="utf-8")
    done = CliRunner().invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "400"})
    assert done.exit_code == 0, done.output
    assert re.search(r"an X-ray can confirm arthritis\.\s*\[A9, A21, B19\]", done.output), done.output
