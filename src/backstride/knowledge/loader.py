"""Load the YAML knowledge base, validate it, check every cross-reference, report all problems.

Problems read ``file: path.to.field: message`` so a clinician reviewing a data change can find the
line. ``validate_knowledge`` returns the list (empty when valid); ``load_knowledge`` raises
:class:`~backstride.core.errors.KnowledgeError` with every problem, or returns the cached
:class:`KnowledgeBase`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from backstride.core.errors import KnowledgeError, UnknownCodeError
from backstride.knowledge._yaml import load_yaml
from backstride.knowledge.expr import Compiled, compile_expr
from backstride.knowledge.models import (
    DISPOSITION_ORDER,
    DISPOSITION_RANK,
    AdviceDef,
    ConditionDef,
    DispositionDef,
    Expr,
    FindingDef,
    GaitFactorDef,
    HelpNow,
    HoldBack,
    LikelihoodRatio,
    RedFlagRule,
    SeedStatement,
    Source,
)

DATA_DIR = Path(__file__).with_name("data")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
M = TypeVar("M", bound=BaseModel)

KnowledgeItem = FindingDef | ConditionDef | RedFlagRule | AdviceDef | DispositionDef | GaitFactorDef | Source


@dataclass(frozen=True, slots=True)
class CompiledLR:
    """One likelihood ratio ready for the engine: condition index, matcher and log LR."""

    condition_index: int
    definition: LikelihoodRatio
    log_lr: float
    requires: Compiled | None

    def matches(self, value: object) -> bool:
        d = self.definition
        if d.value is not None:
            return value == d.value and type(value) is type(d.value)
        if d.values:
            return value in d.values
        number = float(value)  # type: ignore[arg-type]
        return (
            (d.gte is None or number >= d.gte)
            and (d.lte is None or number <= d.lte)
            and (d.lt is None or number < d.lt)
        )


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated, immutable knowledge base (plus indexes the engine precomputes)."""

    version: str
    vocabulary_version: int
    findings: Mapping[str, FindingDef]
    conditions: Mapping[str, ConditionDef]
    red_flag_rules: Mapping[str, RedFlagRule]
    dispositions: Mapping[str, DispositionDef]
    advice: Mapping[str, AdviceDef]
    sources: Mapping[str, Source]
    gait_factors: Mapping[str, GaitFactorDef]
    seed_statements: tuple[SeedStatement, ...]
    help_now: HelpNow  # the "get help now" signs every surface says (help_now.yaml)
    # precomputed for speed
    condition_codes: tuple[str, ...] = field(default=())
    log_prior_odds: tuple[float, ...] = field(default=())
    lr_index: Mapping[str, tuple[CompiledLR, ...]] = field(default_factory=dict)
    # the same entries split for speed: (code, value) -> entries for bool/enum, code -> number ranges
    lr_exact: Mapping[tuple[str, object], tuple[CompiledLR, ...]] = field(default_factory=dict)
    lr_range: Mapping[str, tuple[CompiledLR, ...]] = field(default_factory=dict)
    rule_checks: tuple[tuple[RedFlagRule, Compiled, Compiled | None], ...] = field(default=())
    self_care_checks: Mapping[str, Compiled] = field(default_factory=dict)
    # serious condition -> its compiled ``long_standing`` clause (the most it sets when that holds)
    long_standing_checks: Mapping[str, Compiled] = field(default_factory=dict)
    advice_checks: Mapping[str, Compiled] = field(default_factory=dict)
    mimic_checks: Mapping[str, Compiled] = field(default_factory=dict)

    def _tables(self) -> tuple[Mapping[str, KnowledgeItem], ...]:
        return (
            self.conditions,
            self.red_flag_rules,
            self.advice,
            self.findings,
            self.dispositions,
            self.gait_factors,
            self.sources,
        )

    def lookup(self, code: str) -> KnowledgeItem:
        """The condition, rule, advice item, finding, disposition, gait factor or source named ``code``."""
        for table in self._tables():
            item = table.get(code)
            if item is not None:
                return item
        raise UnknownCodeError(
            f"unknown code {code!r}: expected a condition, red-flag rule, advice item, finding, "
            "disposition, gait factor or source key of the knowledge base"
        )

    def all_codes(self) -> set[str]:
        """Every code of every table (they are unique across tables)."""
        return {code for table in self._tables() for code in table}


# --------------------------------------------------------------------------------------------------
# reading


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return load_yaml(fh)
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}")
    return None


def _loc(parts: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in parts)


def _parse_table(
    file: str, raw: Any, key: str, model: type[M], problems: list[str], *, code_field: str = "code"
) -> dict[str, M]:
    """Validate ``raw[key]`` (a mapping of code -> fields) into models, collecting problems."""
    out: dict[str, M] = {}
    if not isinstance(raw, dict) or not isinstance(raw.get(key), dict):
        problems.append(f"{file}: {key}: expected a mapping of code -> fields")
        return out
    for code, fields in raw[key].items():
        if not isinstance(fields, dict):
            problems.append(f"{file}: {key}.{code}: expected a mapping of fields")
            continue
        try:
            out[str(code)] = model.model_validate({code_field: code, **fields})
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in (key, code, *err["loc"]))
                problems.append(f"{file}: {where}: {err['msg']}")
    return out


# --------------------------------------------------------------------------------------------------
# cross-reference checks


def _true_when_unknown(expr: Expr, negated: bool = False) -> bool:
    """Whether ``unknown:`` appears where it makes ``expr`` true (under an even number of ``not``)."""
    if expr.unknown is not None and not negated:
        return True
    if expr.not_ is not None and _true_when_unknown(expr.not_, not negated):
        return True
    return any(_true_when_unknown(child, negated) for child in (expr.all_ or ()) + (expr.any_ or ()))


class _Checker:
    def __init__(self, findings: Mapping[str, FindingDef], sources: Mapping[str, Source]) -> None:
        self.findings = findings
        self.sources = sources
        self.problems: list[str] = []

    def sources_exist(self, where: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in self.sources:
                self.problems.append(f"{where}: unknown source key {key!r} (add it to sources.yaml)")

    def expr(self, where: str, expr: Expr) -> None:
        for child in (expr.all_ or ()) + (expr.any_ or ()):
            self.expr(where, child)
        if expr.not_ is not None:
            self.expr(where, expr.not_)
        for op, code in (("present", expr.present), ("absent", expr.absent)):
            if code is not None and self._finding(where, code) and self.findings[code].kind != "bool":
                self.problems.append(f"{where}: {op}: {code!r} is a {self.findings[code].kind} finding")
        if expr.unknown is not None:
            self._finding(where, expr.unknown)
        if expr.eq is not None:
            code, value = expr.eq
            if self._finding(where, code):
                self._value(where, code, value)
        if expr.in_ is not None:
            code, values = expr.in_
            if self._finding(where, code):
                for value in values:
                    self._value(where, code, value)
        for op, pair in (("gte", expr.gte), ("lte", expr.lte)):
            if pair is not None and self._finding(where, pair[0]) and self.findings[pair[0]].kind != "number":
                self.problems.append(f"{where}: {op}: {pair[0]!r} is not a number finding")

    def lowers(self, where: str, expr: Expr) -> None:
        """A clause that lowers the level (a rule's ``chronic``, a cause's ``long_standing``) holds only
        when definitely true; ``unknown: code`` outside an odd number of ``not`` would make it true on
        an answer not given, and an unknown answer never lowers the level."""
        if _true_when_unknown(expr):
            self.problems.append(f"{where}: an unknown answer must never lower the level (unknown: here)")

    def holds_back(self, where: str, hold: HoldBack, advice: Mapping[str, AdviceDef]) -> None:
        """A rule's or a long-standing clause's ``holds_back``: known advice, never a safety item."""
        self.sources_exist(f"{where}.sources", hold.sources)
        for item in hold.advice:
            if item not in advice:
                self.problems.append(f"{where}.advice: unknown advice item {item!r}")
            elif advice[item].evidence_grade == "safety":
                self.problems.append(f"{where}.advice: safety advice is never left out")

    def lr(self, where: str, lr: LikelihoodRatio) -> None:
        self.sources_exist(f"{where}.sources", lr.sources)
        if lr.requires is not None:
            self.expr(f"{where}.requires", lr.requires)
        if not self._finding(f"{where}.finding", lr.finding):
            return
        kind = self.findings[lr.finding].kind
        if lr.value is not None:
            self._value(f"{where}.value", lr.finding, lr.value)
        for value in lr.values:
            self._value(f"{where}.values", lr.finding, value)
        if (lr.gte is not None or lr.lte is not None or lr.lt is not None) and kind != "number":
            self.problems.append(f"{where}: gte/lte/lt on {lr.finding!r}, which is a {kind} finding")

    def _finding(self, where: str, code: str) -> bool:
        if code not in self.findings:
            self.problems.append(f"{where}: unknown finding code {code!r}")
            return False
        return True

    def _value(self, where: str, code: str, value: object) -> None:
        f = self.findings[code]
        if f.kind == "bool" and not isinstance(value, bool):
            self.problems.append(
                f"{where}: {code!r} is a bool finding; expected true or false, got {value!r}"
            )
        elif f.kind == "enum" and value not in f.values:
            self.problems.append(f"{where}: {code!r} expects one of {list(f.values)}, got {value!r}")
        elif f.kind == "number":
            self.problems.append(f"{where}: {code!r} is a number finding; use gte/lte")


# An examination's plain words are short: a name and a gloss a person reads in one line.
MAX_PLAIN_NAME_CHARS = 60
MAX_PLAIN_GLOSS_CHARS = 100


def _raising_exams(
    findings: Mapping[str, FindingDef],
    conditions: Mapping[str, ConditionDef],
    rules: Mapping[str, RedFlagRule],
) -> dict[str, list[str]]:
    """Clinician-only findings that can raise a disposition, each with why: a rule above self-care
    reads it, or an answer to it points (likelihood ratio above 1) to a cause not cared for at home."""
    out: dict[str, list[str]] = {}
    for code, r in rules.items():
        if r.disposition != "self_care":
            for f in sorted(r.when.codes()):
                if f in findings and findings[f].who == "clinician":
                    out.setdefault(f, []).append(f"rule {code}")
    for code, c in conditions.items():
        if c.default_disposition != "self_care":
            for lr in c.likelihood_ratios:
                f = lr.finding
                if lr.lr > 1 and f in findings and findings[f].who == "clinician":
                    out.setdefault(f, []).append(f"condition {code}")
    return {f: list(dict.fromkeys(why)) for f, why in out.items()}


def _plain_exam_problems(
    findings: Mapping[str, FindingDef],
    conditions: Mapping[str, ConditionDef],
    rules: Mapping[str, RedFlagRule],
) -> list[str]:
    """An examination a result may name ("An examination could change this") has short plain words."""
    problems = []
    for code, why in sorted(_raising_exams(findings, conditions, rules).items()):
        if findings[code].plain_name is None:
            problems.append(
                f"findings.yaml: findings.{code}.plain_name: missing; an examination that can raise a "
                f"disposition ({', '.join(why)}) needs a plain name for the person's result"
            )
    for code, f in findings.items():
        where = f"findings.yaml: findings.{code}"
        for name, text, limit in (
            ("plain_name", f.plain_name, MAX_PLAIN_NAME_CHARS),
            ("plain_gloss", f.plain_gloss, MAX_PLAIN_GLOSS_CHARS),
        ):
            if text is not None and len(text) > limit:
                problems.append(f"{where}.{name}: too long for plain words (at most {limit} characters)")
            if text is not None and text.rstrip().endswith("."):
                problems.append(f"{where}.{name}: no full stop at the end: it is shown inside a sentence")
    return problems


def _replaced_problems(
    findings: Mapping[str, FindingDef],
    conditions: Mapping[str, ConditionDef],
    rules: Mapping[str, RedFlagRule],
) -> list[str]:
    """A finding kept only for answers given before (``replaced_by``) stands for findings of its own
    kind that are not replaced themselves, and nothing reads it: the answers that replaced it are read."""
    problems = []
    replaced = {code for code, f in findings.items() if f.replaced_by}
    for code in sorted(replaced):
        f = findings[code]
        where = f"findings.yaml: findings.{code}.replaced_by"
        for new in f.replaced_by:
            if new not in findings:
                problems.append(f"{where}: unknown finding code {new!r}")
            elif new in replaced or findings[new].kind != f.kind:
                problems.append(f"{where}: {new!r} must be a {f.kind} finding that is not replaced itself")
    read: dict[str, str] = {}
    for code, r in rules.items():
        for expr in (r.when, r.chronic.when if r.chronic else None):
            for c in expr.codes() if expr is not None else ():
                read.setdefault(c, f"red_flags.yaml: rules.{code}")
    for code, cond in conditions.items():
        for lr in cond.likelihood_ratios:
            read.setdefault(lr.finding, f"conditions.yaml: conditions.{code}")
    for code in sorted(replaced & read.keys()):
        problems.append(
            f"{read[code]}: reads {code!r}, which is replaced: read {', '.join(findings[code].replaced_by)}"
        )
    return problems


def _parse_help_now(raw: Any, problems: list[str]) -> HelpNow | None:
    if not isinstance(raw, dict):
        problems.append("help_now.yaml: expected a mapping (heading, short_heading, short_why, groups)")
        return None
    try:
        return HelpNow.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(f"help_now.yaml: {_loc(err['loc'])}: {err['msg']}")
    return None


def _help_now_problems(help_now: HelpNow, rules: Mapping[str, RedFlagRule], check: _Checker) -> None:
    """Each sign of "get help now" stands for emergency rules that exist, cites known sources, and has
    a code of its own; the first group, said in the strip without a tap, is in view and said whole."""
    codes = [sign.code for sign in help_now.signs]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        check.problems.append(f"help_now.yaml: groups: duplicate code {code!r}")
    if not help_now.groups[0].in_view:
        check.problems.append("help_now.yaml: groups.0.in_view: the first signs are said without a tap")
    for g, group in enumerate(help_now.groups):
        for i, sign in enumerate(group.signs):
            where = f"help_now.yaml: groups.{g}.signs.{i}"
            check.sources_exist(f"{where}.sources", sign.sources)
            if group.in_view and sign.short is not None:
                check.problems.append(f"{where}.short: a sign in view is said whole")
            if group.in_view and not sign.in_strip:
                check.problems.append(f"{where}.in_strip: a sign in view is said in the strip")
            if not sign.in_strip and not (sign.not_in_strip_why or "").strip():
                check.problems.append(f"{where}.not_in_strip_why: a sign left out of the strip says why")
            if sign.in_strip and sign.not_in_strip_why is not None:
                check.problems.append(f"{where}.not_in_strip_why: the sign is in the strip (in_strip)")
            for code in sign.rules:
                if code not in rules:
                    check.problems.append(f"{where}.rules: unknown red-flag rule {code!r}")
                elif rules[code].disposition != "emergency":
                    check.problems.append(
                        f"{where}.rules: {code!r} is not an emergency (get help now lists them)"
                    )
    named = {code for sign in help_now.signs for code in sign.rules}
    for code, why in help_now.not_listed.items():
        if code not in rules or rules[code].disposition != "emergency":
            check.problems.append(
                f"help_now.yaml: not_listed.{code}: not an emergency rule of red_flags.yaml"
            )
        elif code in named:
            check.problems.append(f"help_now.yaml: not_listed.{code}: a sign stands for it")
        elif not why.strip():
            check.problems.append(f"help_now.yaml: not_listed.{code}: say why it is not listed")
    for code in sorted(rules):
        if rules[code].disposition == "emergency" and code not in named and code not in help_now.not_listed:
            check.problems.append(
                f"help_now.yaml: emergency rule {code!r} is named by no sign; add a sign for it, or put it "
                "in not_listed with why"
            )


def _build(data_dir: Path) -> tuple[KnowledgeBase | None, list[str]]:
    problems: list[str] = []
    raw = {
        name: _read_yaml(data_dir / f"{name}.yaml", problems)
        for name in (
            "knowledge",
            "findings",
            "sources",
            "conditions",
            "red_flags",
            "dispositions",
            "advice",
            "gait_factors",
            "seed_coverage",
            "help_now",
        )
    }
    meta = raw["knowledge"] or {}
    version = str(meta.get("version", ""))
    if not _SEMVER.match(version):
        problems.append(f"knowledge.yaml: version: expected a semantic version like 1.2.0, got {version!r}")

    findings = _parse_table("findings.yaml", raw["findings"], "findings", FindingDef, problems)
    sources = _parse_table("sources.yaml", raw["sources"], "sources", Source, problems, code_field="key")
    conditions = _parse_table("conditions.yaml", raw["conditions"], "conditions", ConditionDef, problems)
    rules = _parse_table("red_flags.yaml", raw["red_flags"], "rules", RedFlagRule, problems)
    dispositions = _parse_table(
        "dispositions.yaml", raw["dispositions"], "dispositions", DispositionDef, problems
    )
    advice = _parse_table("advice.yaml", raw["advice"], "advice", AdviceDef, problems)
    gait_factors = _parse_table(
        "gait_factors.yaml", raw["gait_factors"], "gait_factors", GaitFactorDef, problems
    )
    statements: list[SeedStatement] = []
    seed_raw = raw["seed_coverage"]
    if not isinstance(seed_raw, dict) or not isinstance(seed_raw.get("statements"), list):
        problems.append("seed_coverage.yaml: statements: expected a list")
    else:
        for i, item in enumerate(seed_raw["statements"]):
            try:
                statements.append(SeedStatement.model_validate(item))
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(f"seed_coverage.yaml: statements.{i}.{_loc(err['loc'])}: {err['msg']}")

    help_now = _parse_help_now(raw["help_now"], problems)

    check = _Checker(findings, sources)
    for code, c in conditions.items():
        where = f"conditions.yaml: conditions.{code}"
        check.sources_exist(f"{where}.sources", c.sources)
        check.sources_exist(f"{where}.prior_sources", c.prior_sources)
        if c.self_care_when is not None:
            check.expr(f"{where}.self_care_when", c.self_care_when)
        if c.long_standing is not None:
            check.expr(f"{where}.long_standing.when", c.long_standing.when)
            check.lowers(f"{where}.long_standing.when", c.long_standing.when)
            check.sources_exist(f"{where}.long_standing.sources", c.long_standing.sources)
            if c.long_standing.holds_back is not None:
                check.holds_back(f"{where}.long_standing.holds_back", c.long_standing.holds_back, advice)
            if not c.serious:
                check.problems.append(
                    f"{where}.long_standing: only a serious condition sets a level of its own"
                )
            elif DISPOSITION_RANK[c.long_standing.disposition] >= DISPOSITION_RANK[c.default_disposition]:
                check.problems.append(
                    f"{where}.long_standing.disposition: must be below the condition's own "
                    f"({c.default_disposition!r}), or the clause lowers nothing"
                )
        for i, lr in enumerate(c.likelihood_ratios):
            check.lr(f"{where}.likelihood_ratios.{i}", lr)
        if c.mimic is not None:
            check.sources_exist(f"{where}.mimic.sources", c.mimic.sources)
            if c.mimic.shown_when is not None:
                check.expr(f"{where}.mimic.shown_when", c.mimic.shown_when)
            for f in c.mimic.settled_by:
                if f not in findings:
                    check.problems.append(f"{where}.mimic.settled_by: unknown finding code {f!r}")
    for code, r in rules.items():
        where = f"red_flags.yaml: rules.{code}"
        check.sources_exist(f"{where}.sources", r.sources)
        check.sources_exist(f"{where}.post_test_sources", r.post_test_sources)
        check.expr(f"{where}.when", r.when)
        if r.condition is not None and r.condition not in conditions:
            check.problems.append(f"{where}.condition: unknown condition {r.condition!r}")
        if r.holds_back is not None:
            check.holds_back(f"{where}.holds_back", r.holds_back, advice)
        if r.chronic is not None:
            check.expr(f"{where}.chronic.when", r.chronic.when)
            check.lowers(f"{where}.chronic.when", r.chronic.when)
            if DISPOSITION_ORDER.index(r.chronic.disposition) > DISPOSITION_ORDER.index(r.disposition):
                check.problems.append(f"{where}.chronic.disposition: must not be above the rule's own")
    for code in DISPOSITION_ORDER:
        if code not in dispositions:
            check.problems.append(f"dispositions.yaml: dispositions.{code}: missing")
    for code, d in dispositions.items():
        check.sources_exist(f"dispositions.yaml: dispositions.{code}.sources", d.sources)
        if d.not_walking is not None:
            where = f"dispositions.yaml: dispositions.{code}.not_walking"
            check.sources_exist(f"{where}.sources", d.not_walking.sources)
            if code != "emergency":
                check.problems.append(f"{where}: only the emergency level has one")
    for code, a in advice.items():
        where = f"advice.yaml: advice.{code}"
        check.sources_exist(f"{where}.sources", a.sources)
        if a.when is not None:
            check.expr(f"{where}.when", a.when)
        for cond in a.for_conditions:
            if cond not in conditions:
                check.problems.append(f"{where}.for_conditions: unknown condition {cond!r}")
        for factor in a.gait_factors:
            if factor not in gait_factors:
                check.problems.append(f"{where}.gait_factors: unknown gait factor {factor!r}")
        if a.section == "stretch" and (not a.steps or not a.stop_if):
            check.problems.append(f"{where}: a stretch needs numbered steps and stop_if")
        if a.diary_words is not None and a.evidence_grade == "safety":
            check.problems.append(f"{where}.diary_words: a safety item is not a step to tick in the diary")
    for code, gf in gait_factors.items():
        check.sources_exist(f"gait_factors.yaml: gait_factors.{code}.sources", gf.sources)
    if help_now is not None:
        _help_now_problems(help_now, rules, check)
    check.problems.extend(_plain_exam_problems(findings, conditions, rules))
    check.problems.extend(_replaced_problems(findings, conditions, rules))
    problems.extend(check.problems)

    # codes are unique across every table so `backstride explain CODE` is unambiguous
    seen: dict[str, str] = {}
    for file, table in (
        ("conditions.yaml", conditions),
        ("red_flags.yaml", rules),
        ("advice.yaml", advice),
        ("findings.yaml", findings),
        ("dispositions.yaml", dispositions),
        ("gait_factors.yaml", gait_factors),
        ("sources.yaml", sources),
    ):
        for code in table:
            if code in seen:
                problems.append(f"{file}: {code}: code already used in {seen[code]}")
            seen[code] = file
    ids: set[str] = set()
    for i, st in enumerate(statements):
        if st.id in ids:
            problems.append(f"seed_coverage.yaml: statements.{i}.id: duplicate id {st.id!r}")
        ids.add(st.id)
        for item in st.items:
            if item not in seen:
                problems.append(f"seed_coverage.yaml: statements.{i}.items: unknown knowledge item {item!r}")

    if problems or help_now is None:
        return None, problems

    codes = tuple(conditions)
    index: dict[str, list[CompiledLR]] = {}
    for ci, code in enumerate(codes):
        for lr in conditions[code].likelihood_ratios:
            req = compile_expr(lr.requires) if lr.requires is not None else None
            index.setdefault(lr.finding, []).append(CompiledLR(ci, lr, math.log(lr.lr), req))
    exact: dict[tuple[str, object], list[CompiledLR]] = {}
    ranges: dict[str, list[CompiledLR]] = {}
    for finding, entries in index.items():
        for e in entries:
            lr_def = e.definition
            if lr_def.value is not None:
                exact.setdefault((finding, lr_def.value), []).append(e)
            elif lr_def.values:
                for v in lr_def.values:
                    exact.setdefault((finding, v), []).append(e)
            else:
                ranges.setdefault(finding, []).append(e)
    kb = KnowledgeBase(
        version=version,
        vocabulary_version=int(raw["findings"].get("vocabulary_version", 0)),
        findings=MappingProxyType(findings),
        conditions=MappingProxyType(conditions),
        red_flag_rules=MappingProxyType(rules),
        dispositions=MappingProxyType(dispositions),
        advice=MappingProxyType(advice),
        sources=MappingProxyType(sources),
        gait_factors=MappingProxyType(gait_factors),
        seed_statements=tuple(statements),
        help_now=help_now,
        condition_codes=codes,
        log_prior_odds=tuple(math.log(conditions[c].prior / (1 - conditions[c].prior)) for c in codes),
        lr_index=MappingProxyType({k: tuple(v) for k, v in index.items()}),
        lr_exact=MappingProxyType({k: tuple(v) for k, v in exact.items()}),
        lr_range=MappingProxyType({k: tuple(v) for k, v in ranges.items()}),
        rule_checks=tuple(
            (r, compile_expr(r.when), compile_expr(r.chronic.when) if r.chronic else None)
            for r in rules.values()
        ),
        self_care_checks=MappingProxyType(
            {c: compile_expr(d.self_care_when) for c, d in conditions.items() if d.self_care_when}
        ),
        long_standing_checks=MappingProxyType(
            {c: compile_expr(d.long_standing.when) for c, d in conditions.items() if d.long_standing}
        ),
        advice_checks=MappingProxyType({c: compile_expr(a.when) for c, a in advice.items() if a.when}),
        mimic_checks=MappingProxyType(
            {
                c: compile_expr(d.mimic.shown_when)
                for c, d in conditions.items()
                if d.mimic is not None and d.mimic.shown_when is not None
            }
        ),
    )
    return kb, []


def validate_knowledge(data_dir: Path | None = None) -> list[str]:
    """Every problem in the knowledge base at ``data_dir`` (default: the packaged one); [] when valid."""
    return _build(Path(data_dir) if data_dir is not None else DATA_DIR)[1]


@functools.lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> KnowledgeBase:
    kb, problems = _build(data_dir)
    if kb is None:
        raise KnowledgeError(problems)
    return kb


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """The validated knowledge base (cached); raises KnowledgeError listing every problem."""
    return _load_cached(Path(data_dir) if data_dir is not None else DATA_DIR)


__all__ = ["DATA_DIR", "CompiledLR", "KnowledgeBase", "KnowledgeItem", "load_knowledge", "validate_knowledge"]
