"""Frozen pydantic models of the knowledge base (one model per YAML item kind).

Every model forbids unknown keys, so a typo in the data is a validation problem, not a silent
default. Cross-references (finding codes, source keys, dispositions) are checked by the loader,
which reports every problem at once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Disposition = Literal["self_care", "routine", "urgent", "emergency"]
DISPOSITION_ORDER: tuple[str, ...] = ("self_care", "routine", "urgent", "emergency")
DISPOSITION_RANK: dict[str, int] = {d: i for i, d in enumerate(DISPOSITION_ORDER)}

#: How well a piece of advice is supported (EVIDENCE.md C.1 verdicts, in order of strength).
EvidenceGrade = Literal[
    "supported",  # randomised trials or guideline support for this use
    "supported_mechanism",  # diagnostic / mechanism data support it for a named condition
    "plausible_untested",  # plausible and low risk, but no trial for back pain
    "insufficient_evidence",  # trials exist but cannot say whether it helps
    "not_supported",  # a trial or guideline found it does not help
    "safety",  # a safety instruction (seek care), not a treatment
]

FindingValue = bool | float | int | str


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingDef(_Frozen):
    """One answer a person, clinician or gait recording can give (findings.yaml)."""

    code: str
    group: str
    kind: Literal["bool", "number", "enum"]
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    values: tuple[str, ...] = ()
    who: Literal["person", "clinician"]
    means: str
    # An examination in plain words, for a person's result ("An examination could change this"):
    # its name ("the ankle reflex"), what is done when the name needs it ("a tap on the back of
    # your ankle with a small hammer"), and the knowledge base's own term for the test, as its
    # question's text says it ("ankle reflex"; the name keeps the term's first word).
    plain_name: str | None = None
    plain_gloss: str | None = None
    term: str | None = None
    # An answer no question asks any more, kept so that answers given before still read (a stored
    # check, a backup, an answers file): it stands for the answers that replaced it, each where that
    # one is not given (``assessment.validate_findings``; 1.20.0: ``leg_signs_long_standing``).
    replaced_by: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _kind_fields(self) -> FindingDef:
        if self.kind == "number" and (self.min is None or self.max is None or self.min > self.max):
            raise ValueError("a number finding needs min <= max")
        if self.kind == "enum" and not self.values:
            raise ValueError("an enum finding needs values")
        if self.kind != "enum" and self.values:
            raise ValueError("only enum findings have values")
        return self

    @model_validator(mode="after")
    def _plain_fields(self) -> FindingDef:
        given = [self.plain_name, self.plain_gloss, self.term]
        if any(v is not None for v in given) and self.who != "clinician":
            raise ValueError("plain_name, plain_gloss and term are for examination findings (who: clinician)")
        if self.plain_name is not None and self.term is None:
            raise ValueError("a plain_name needs the term of its question's text it stands for")
        if self.plain_name is None and (self.plain_gloss is not None or self.term is not None):
            raise ValueError("plain_gloss and term need a plain_name")
        if any(v is not None and not v.strip() for v in given):
            raise ValueError("plain_name, plain_gloss and term must not be empty")
        if self.plain_name and self.term and self.term.split()[0].lower() not in self.plain_name.lower():
            raise ValueError(f"the plain_name must keep the word {self.term.split()[0]!r} of its term")
        return self

    @property
    def plain_words(self) -> str | None:
        """The examination as a person reads it: "the ankle reflex (a tap on the back of ...)"."""
        if self.plain_name is None:
            return None
        return f"{self.plain_name} ({self.plain_gloss})" if self.plain_gloss else self.plain_name


class Expr(_Frozen):
    """The closed condition language: exactly one operator per node, three-valued.

    ``present: code`` (bool finding is true), ``absent: code`` (bool finding is false),
    ``eq: [code, value]``, ``in: [code, [values]]``, ``gte: [code, n]``, ``lte: [code, n]``,
    ``unknown: code`` (the finding was not answered), ``all: [...]``, ``any: [...]``, ``not: expr``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    all_: tuple[Expr, ...] | None = Field(default=None, alias="all")
    any_: tuple[Expr, ...] | None = Field(default=None, alias="any")
    not_: Expr | None = Field(default=None, alias="not")
    present: str | None = None
    absent: str | None = None
    unknown: str | None = None
    eq: tuple[str, bool | str] | None = None
    in_: tuple[str, tuple[str, ...]] | None = Field(default=None, alias="in")
    gte: tuple[str, float] | None = None
    lte: tuple[str, float] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Expr:
        used = [name for name, value in self.__dict__.items() if value is not None]
        if len(used) != 1:
            raise ValueError(f"an expression needs exactly one operator, got {used or 'none'}")
        return self

    def codes(self) -> set[str]:
        """Every finding code the expression reads."""
        out: set[str] = set()
        for child in (self.all_ or ()) + (self.any_ or ()):
            out |= child.codes()
        if self.not_ is not None:
            out |= self.not_.codes()
        for leaf in (self.present, self.absent, self.unknown):
            if leaf is not None:
                out.add(leaf)
        for pair in (self.eq, self.in_, self.gte, self.lte):
            if pair is not None:
                out.add(pair[0])
        return out


class Source(_Frozen):
    key: str
    citation: str
    kind: str  # SR | GL | DX | COH | RCT | EXP | TRAD (EVIDENCE.md conventions)
    url: str | None = None


class LikelihoodRatio(_Frozen):
    """How much one answer multiplies the odds of a condition (the because-trail entry).

    Matches when the finding equals ``value`` (bool/enum), is one of ``values``, or lies in
    [``gte``, ``lte``] (numbers; ``lt``: below, for "under 60", so that 59.5 counts too), and
    ``requires`` (optional) is definitely true.
    """

    finding: str
    value: bool | str | None = None
    values: tuple[str, ...] = ()
    gte: float | None = None
    lte: float | None = None
    lt: float | None = None
    requires: Expr | None = None
    lr: float = Field(gt=0)
    sources: tuple[str, ...] = Field(min_length=1)
    judgement: bool = False
    note: str
    #: False: the answer counts in the ranking (which cause is likelier) but not for how soon to get
    #: help (the engine weighs the disposition without it), so a yes to it never lowers the disposition
    for_disposition: bool = True

    @model_validator(mode="after")
    def _one_matcher(self) -> LikelihoodRatio:
        ranged = self.gte is not None or self.lte is not None or self.lt is not None
        kinds = [self.value is not None, bool(self.values), ranged]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of value, values or gte/lte/lt")
        if self.lte is not None and self.lt is not None:
            raise ValueError("give lte or lt, not both")
        return self


class Mimic(_Frozen):
    """A condition that must stay visible while it cannot be excluded."""

    min_probability: float = Field(ge=0, le=1)
    # kept visible whatever its probability while this is definitely true (e.g. vascular risk factors:
    # the two can coexist in one person, so a strong nerve pattern does not rule the arteries out)
    shown_when: Expr | None = None
    settled_by: tuple[str, ...]  # finding codes whose answer settles it
    text: str
    what_settles_it: str
    sources: tuple[str, ...] = Field(min_length=1)


class ConditionDef(_Frozen):
    code: str
    name: str
    text: str  # plain language
    means: str  # technical (findings.yaml)
    serious: bool = False
    prior: float = Field(gt=0, lt=1)
    prior_sources: tuple[str, ...] = Field(min_length=1)
    prior_judgement: bool = True
    prior_note: str
    default_disposition: Disposition
    self_care_when: Expr | None = None  # drop to self-care when definitely true (e.g. mild, improving)
    sources: tuple[str, ...] = Field(min_length=1)
    likelihood_ratios: tuple[LikelihoodRatio, ...]
    mimic: Mimic | None = None
    clinician_hint: str | None = None
    # a serious cause only: the most it sets, more likely than not, while the episode is long-standing
    # and stable (the rules' ``chronic`` clauses, for the weighing of causes)
    long_standing: LongStanding | None = None


class ChronicClause(_Frozen):
    """Long-standing, stable features are not treated like new ones."""

    when: Expr
    disposition: Disposition
    note: str
    message: str  # plain language, shown instead of the rule's own when this clause sets the level


class HoldBack(_Frozen):
    """Advice the relief plan leaves out while a rule fires (at any level, its chronic one too), and
    why: the plan names the items left out and says ``reason`` (plain words), citing ``sources``."""

    advice: tuple[str, ...] = Field(min_length=1)
    reason: str
    sources: tuple[str, ...] = Field(min_length=1)


class LongStanding(_Frozen):
    """A serious cause more likely than not sets a visit today (the engine's rule); while this is
    definitely true (the episode long-standing and stable, as a rule's ``chronic`` clause) it sets at
    most ``disposition``. Unknown answers never lower it."""

    when: Expr
    disposition: Disposition
    note: str
    sources: tuple[str, ...] = Field(min_length=1)
    judgement: bool = False
    # advice the plan leaves out while this clause sets the level (a likely broken bone: the loaded
    # stretches wait for the bone check, as while its rules fire)
    holds_back: HoldBack | None = None


class RedFlagRule(_Frozen):
    code: str
    condition: str | None
    disposition: Disposition
    when: Expr
    chronic: ChronicClause | None = None
    message: str  # plain language, shown to the person
    text: str  # technical
    sources: tuple[str, ...] = Field(min_length=1)
    evidence_grade: str  # e.g. "guideline consensus"
    red_flag: bool = True  # False: an escalation rule (routine review), not a red flag
    # An escalation rule named like a red flag while its answers are not known (not asked, or
    # "don't know"), and asked for before the interview ends on a lower level (under 16).
    warn_when_unknown: bool = False
    holds_back: HoldBack | None = None  # advice the plan leaves out while this rule fires
    # When the rule fires (and is not chronic), the named condition's probability is at least this:
    # a share seen among people referred with these signs, or a stated judgement (post_test_note).
    post_test_probability: float | None = Field(default=None, gt=0, lt=1)
    post_test_sources: tuple[str, ...] = ()
    post_test_note: str | None = None
    # The rule's pattern is not brought on by walking (the aneurysm, EVIDENCE.md A.7): an emergency set
    # only by such rules says what to do now without the walk (the level's ``not_walking``).
    not_walking: bool = False

    @model_validator(mode="after")
    def _floor_needs_sources(self) -> RedFlagRule:
        if self.post_test_probability is not None and (
            not self.post_test_sources or not self.post_test_note or self.condition is None
        ):
            raise ValueError("post_test_probability needs a condition, post_test_sources and post_test_note")
        return self


class NotWalkingAction(_Frozen):
    see_clinician: str
    sources: tuple[str, ...] = Field(min_length=1)


class DispositionDef(_Frozen):
    code: Disposition
    means: str
    banner: str
    see_clinician: str
    sources: tuple[str, ...] = Field(min_length=1)
    # urgent and emergency: why the plan leaves the article's other advice for later (the plan adds
    # the keys of the rule that set the level); its held_back names each item
    holds_back: str | None = None
    # emergency: what to do now when every rule that set the level is ``not_walking`` (the aneurysm
    # pattern, EVIDENCE.md A.7): its own words and sources, never the walk's "Stop walking"
    not_walking: NotWalkingAction | None = None


class AdviceDef(_Frozen):
    code: str
    title: str
    text: str  # plain language
    section: Literal["immediate", "home", "stretch"]
    from_seed: bool
    seed_says: str | None = None
    evidence_grade: EvidenceGrade
    note: str  # the honest verdict
    sources: tuple[str, ...] = Field(min_length=1)
    timing: str | None = None
    steps: tuple[str, ...] = ()
    stop_if: str | None = None
    for_conditions: tuple[str, ...] = ()  # shown first / only when one of these leads
    only_for_conditions: bool = False
    gait_factors: tuple[str, ...] = ()
    when: Expr | None = None  # shown only when definitely true
    dispositions: tuple[Disposition, ...] = ("self_care", "routine")
    order: int = 50
    # a step a person can try themselves and tick in the diary; said after "you" ("used heat")
    diary_words: str | None = Field(default=None, min_length=1, max_length=80)
    # an emergency item for one kind of emergency only: "walking" (the spine's, "Stop walking"), or
    # "not_walking" (set only by rules whose pattern walking does not bring on: RedFlagRule.not_walking)
    for_emergency: Literal["walking", "not_walking"] | None = None


class GaitFactorDef(_Frozen):
    code: str
    text: str
    reason: str  # plain-language reason the plan cites
    sources: tuple[str, ...] = Field(min_length=1)


class HelpNowSign(_Frozen):
    """One sign of "get help now" (help_now.yaml): its words after "if you", and its sources."""

    code: str
    words: str  # the long form: the terminal's and the report's box, and the strip's fold
    short: str | None = None  # the strip's words, when it needs fewer (help_now.yaml says why)
    rules: tuple[str, ...] = Field(min_length=1)  # the emergency rules (red_flags.yaml) it stands for
    sources: tuple[str, ...] = Field(min_length=1)
    # False: said in the long form only (the terminal's and the report's box, the strip's fold), not
    # in the strip's words in view, which must not grow on a small phone; ``not_in_strip_why`` says why
    in_strip: bool = True
    not_in_strip_why: str | None = None

    @property
    def short_words(self) -> str:
        return self.short if self.short is not None else self.words


class HelpNowGroup(_Frozen):
    """Signs said in one sentence: ``lead`` + the signs' words ("Go to ... now if you" + "cannot ...")."""

    lead: str
    short_lead: str  # the strip's; a group whose short_lead is the one before's joins its sentence
    signs: tuple[HelpNowSign, ...] = Field(min_length=1)
    in_view: bool = False  # the strip shows its whole words without a tap (the cauda equina signs)


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + ", or " + items[-1]


class HelpNow(_Frozen):
    """The "get help now" signs (help_now.yaml): one list that every surface says (the terminal's
    "Not a diagnosis" box, the strip on every web page, the report's box), each in its words."""

    heading: str  # the report's box and the terminal's
    short_heading: str  # the strip's, before its short sentences
    short_why: str  # why the strip says fewer words (a surface that truly needs a shorter form)
    groups: tuple[HelpNowGroup, ...] = Field(min_length=1)
    # emergency rules of red_flags.yaml that no sign stands for, each with why (the loader checks that
    # every emergency rule is a sign's or here)
    not_listed: dict[str, str] = Field(default_factory=dict)

    @property
    def signs(self) -> tuple[HelpNowSign, ...]:
        return tuple(sign for group in self.groups for sign in group.signs)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every sign's source keys, once each, in the order the signs are said."""
        return tuple(dict.fromkeys(key for sign in self.signs for key in sign.sources))

    @property
    def strip_sources(self) -> tuple[str, ...]:
        """The source keys of the signs the strip says in view (``in_strip``), once each; the others
        are cited in the long form (``sentences``), the strip's fold."""
        return tuple(dict.fromkeys(key for sign in self.signs if sign.in_strip for key in sign.sources))

    def sentences(self, *, cite: bool = True) -> list[str]:
        """The long form, a sentence a group ("Go to an emergency department now if you cannot ...,
        ... [A15, A16, A22]."); ``cite``: each run of signs with the same sources ends with them."""
        out = []
        for group in self.groups:
            said = []
            for i, sign in enumerate(group.signs):
                following = group.signs[i + 1] if i + 1 < len(group.signs) else None
                keys = f" [{', '.join(sign.sources)}]" if cite else ""
                said.append(
                    sign.words + (keys if following is None or following.sources != sign.sources else "")
                )
            out.append(f"{group.lead} {_joined(said)}.")
        return out

    def short_sentences(self) -> list[tuple[bool, str]]:
        """The strip's short form: (in_view, sentence) a sentence, groups with the same short lead
        said as one ("Also for sudden or spreading pain ..., or sudden, bad pain and feeling faint."),
        the signs not ``in_strip`` left out (the fold says them)."""
        out: list[tuple[bool, str, list[str]]] = []
        for group in self.groups:
            words = [sign.short_words for sign in group.signs if sign.in_strip]  # the others: folded
            if not words:
                continue
            if out and out[-1][1] == group.short_lead:
                out[-1][2].extend(words)
            else:
                out.append((group.in_view, group.short_lead, words))
        return [(in_view, f"{lead} {_joined(words)}.") for in_view, lead, words in out]


class SeedStatement(_Frozen):
    id: str
    text: str
    items: tuple[str, ...] = Field(min_length=1)


__all__ = [
    "DISPOSITION_ORDER",
    "DISPOSITION_RANK",
    "AdviceDef",
    "ChronicClause",
    "ConditionDef",
    "Disposition",
    "DispositionDef",
    "EvidenceGrade",
    "Expr",
    "FindingDef",
    "FindingValue",
    "GaitFactorDef",
    "HelpNow",
    "HelpNowGroup",
    "HelpNowSign",
    "LikelihoodRatio",
    "LongStanding",
    "Mimic",
    "RedFlagRule",
    "SeedStatement",
    "Source",
]
