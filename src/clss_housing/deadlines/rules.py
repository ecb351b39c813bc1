"""
Deadline rules as data, the settings of the uncertain facts, and rule packs.

A :class:`Rule` says: *when this entry exists (and that one does not), this
deadline falls on that date, counted this way, on this legal basis*.  Rules
hold no code: they name a counting method from a small closed set
(:data:`METHODS`) that :mod:`clss_housing.deadlines.engine` implements with the
:class:`~clss_housing.deadlines.calendar.JudicialCalendar`.

Facts the legal sources do not settle (listed with
:class:`DeadlineSettings`) live in
:class:`DeadlineSettings`, whose defaults are documented; a rule refers to a
setting by name (``amount_setting``, ``shift_setting``…), so changing a setting
never means editing a rule.

A :class:`RulePack` is an ordered set of rules with unique ids; plugins add or
override rules with :meth:`RulePack.with_rules` (a rule with an existing id
replaces the built-in one)::

    >>> from clss_housing.deadlines import RULES
    >>> RULES.rule("appeal").basis.fr
    'Code judiciaire art. 1051, 52, 54, 50 al. 2, 53'
    >>> import attrs
    >>> stricter = attrs.evolve(RULES.rule("appeal"), confidence="medium")
    >>> RULES.with_rules([stricter]).rule("appeal").confidence
    'medium'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, Final, Literal, TypeAlias, get_args

import attrs

from clss_housing.deadlines.calendar import DeliveryMethod, JudicialCalendar, MonthDay, MonthEnd
from clss_housing.errors import NotFoundError, ValidationError
from clss_housing.ledger.entries import ENTRY_TYPES


__all__ = [
    "CONFIDENCES",
    "LANGUAGES",
    "METHODS",
    "REGIMES",
    "REGIONS",
    "TRACKS",
    "Anchor",
    "Condition",
    "Confidence",
    "Counting",
    "DeadlineSettings",
    "Method",
    "Regime",
    "Region",
    "Rule",
    "RulePack",
    "Rules",
    "Text",
    "Track",
]

Method: TypeAlias = Literal[
    "months",
    "days",
    "working_days",
    "notice_period",
    "fixed_date",
    "instalments",
    "retroactivity",
    "indexation",
    "deemed_receipt",
    "informational",
]
"""How a rule counts (see :class:`Counting`)."""

Track: TypeAlias = Literal["pre_procedure", "hearing", "rehousing", "lease_negotiation"]
"""The workflow track a deadline belongs to."""

Region: TypeAlias = Literal["BE", "BXL"]
"""Where a rule applies: federal (``BE``) or Brussels-Capital (``BXL``)."""

Regime: TypeAlias = Literal[
    "federal", "federal_pre_2023", "brussels", "brussels_2018", "brussels_2023", "brussels_2024"
]
"""Which body of law a rule applies (the ``regime`` of a deadline).

- ``federal``: the Code judiciaire or the old Civil Code (federal law);
- ``federal_pre_2023``: the federal eviction rules (Code judiciaire arts 1344bis-1344octies,
  law of 30 November 1998) that governed Brussels before the ordinance of 22 June 2023;
- ``brussels``: Brussels-Capital law, instrument not stated (the default of a ``BXL`` rule
  that names no regime, e.g. a plugin's);
- ``brussels_2018``: the Brussels lease law (ordinance of 27 July 2017, from 1 January 2018);
- ``brussels_2023``: the Brussels eviction rules (ordinance of 22 June 2023);
- ``brussels_2024``: the Brussels lease reform (ordinance of 4 April 2024, from 1 November 2024).
"""

Confidence: TypeAlias = Literal["high", "medium", "low"]
"""How sure the sources are: high = the text of the law or an official page, medium =
secondary sources that agree, low = inference to be checked by a lawyer."""

METHODS: Final = get_args(Method)
TRACKS: Final = get_args(Track)
REGIONS: Final = get_args(Region)
CONFIDENCES: Final = get_args(Confidence)
REGIMES: Final = get_args(Regime)
LANGUAGES: Final = ("fr", "nl", "en")

_RULE_ID: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _check_plain_date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject anything but a plain ``date`` (not a datetime)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(attribute.name, value, "must be a date (YYYY-MM-DD)")


def _one_of(choices: tuple[object, ...]) -> Any:
    """Validator: the value is one of *choices* (raises :class:`ValidationError`)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices or isinstance(value, bool) != isinstance(choices[0], bool):
            raise ValidationError(
                attribute.name, value, f"must be one of {', '.join(map(str, choices))}"
            )

    return check


def _is(kind: type) -> Any:
    """Validator: the value is a *kind* (exactly ``bool`` for bool; raises ValidationError)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        ok = type(value) is bool if kind is bool else isinstance(value, kind)
        if not ok:
            raise ValidationError(attribute.name, value, f"must be a {kind.__name__}")

    return check


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    """Convert entry kinds to a tuple."""
    return tuple(value)


def _objects(value: Iterable[object]) -> tuple[object, ...]:
    """Convert condition values to a tuple."""
    return tuple(value)


def _conditions(value: Iterable[Condition]) -> tuple[Condition, ...]:
    """Convert conditions to a tuple."""
    return tuple(value)


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    """Convert rules to a tuple."""
    return tuple(value)


def _check_positive_int(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject a count that is not a whole number ≥ 0 (bool excluded)."""
    if type(value) is not int or value < 0:
        raise ValidationError(attribute.name, value, "must be a whole number ≥ 0")


# -- settings -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeadlineSettings:
    """
    The facts the sources leave open, with the defaults the Brussels pack uses.

    Every point the legal sources leave open that changes a date is here, so a
    partner (or a lawyer's review) can change it without touching the rules.
    Instances are immutable and hashable; the engine caches per instance.

    .. versionadded:: 0.1.0

    Attributes:
        saturday_is_working_day: Whether Saturday counts as a working day in the
            15-working-day bailiff notice and in art. 53bis postal delays
            (not verified in the sources read; Belgian procedural usage says no).
            Default ``False``.
        month_end: C.j. art. 54 when the trigger's day is missing in the target
            month (31 Jan + 1 month): ``"last_day"`` (28/29 Feb, default) or
            ``"next_month_first"`` (1 Mar).  No source read settles it.
        extra_holidays: More days treated as legal holidays.
        moratorium_start: First day of the winter moratorium, ``(11, 1)``
            (CBL art. 233duodecies).
        moratorium_end: Last day of the winter moratorium, ``(3, 15)``.
        eviction_reform_in_force: Entry into force of the ordinance of 22 June
            2023 (Brussels eviction rules and the moratorium): 2023-09-01 by
            default (Brulocalis, https://brulocalis.brussels/fr/outils/faq/faq-logement-justice-de-proximite);
            other sources say 2023-08-31 (Monard Law, https://monardlaw.be/en/stories/informed/brussel-implementeert-algemeen-wintermoratorium-en-verstrengt-regels-voor-uithuiszettingen/).
        waiting_period_months: Length of the waiting period after the formal
            notice (CBL art. 233quater): 1 month.
        civil_delays_art53: Whether the C.j. art. 53 weekend/holiday shift also
            applies to the non-procedural delays (waiting period after the formal
            notice, guarantee return).  C.j. art. 48 limits arts 52-54 to procedural
            acts; whether they reach these delays is not verified; default
            ``False``: the date is the plain art. 54 date.
        notice_date_is_posting_date: Whether a recorded formal notice date is the
            day it was posted, so that delays run from its deemed receipt
            (C.j. art. 53bis) rather than from that date.  Default ``False``: the
            Brussels waiting period runs from the sending (Legalex,
            https://www.avocats-legalex-bruxelles.be/2023/08/31/bail-de-residence-principale-de-nouvelles-regles/).
        notice_delivery: How a posted notice was sent, for art. 53bis
            (``"registered"`` by default: third working day after posting).
        hearing_min_days: Minimum days between an eviction request and the
            hearing (Brussels: 40).
        appeal_on_default_judgments: Whether the appeal deadline is also shown
            for judgments given by default.  Since 2017 opposition is only open
            when appeal is not (C.j. art. 1047); whether a JP judgment can be
            appealed depends on a value threshold the engine does not know, so
            both are shown by default (``True``).
        opposition_court_holidays: Whether the art. 50 al. 2 extension to
            15 September applies to opposition as well as appeal (default
            ``True``; the sources read only describe the appeal case).
        eviction_delay_months: Months after service before an eviction may take
            place (CBL art. 233undecies; federal C.j. art. 1344quater): 1.
        bailiff_notice_working_days: Working days' notice of the eviction date
            (Brussels: 15; federal: 5).
        guarantee_return_months: Months to return the rental guarantee after the
            keys (CBL art. 248): 2.
        indexation_retroactive_months: Months before the month of the request an
            indexation may reach back (old Civil Code art. 1728bis): 3.
        execution_art47: Whether the first possible eviction day moves off a
            Saturday, Sunday or legal holiday (C.j. art. 47: no execution on those
            days without the judge's leave).  Default ``True``; ``False`` keeps
            the plain date (the bailiff may ask the judge's leave).
        former_bailiff_notice_working_days: Working days' notice of the eviction
            date under the federal rules before the Brussels reform (C.j. art.
            1344quater): 5.
        cpas_information_days: Days after an eviction petition by which a
            ``cpas_informed`` entry is expected before ``cpas_not_informed`` is
            reported (C.j. art. 1344ter: the clerk writes to the CPAS after four
            days; the law sets no outer limit, 15 is a working margin).
        cpas_objection_allowed: Whether the tenant may object to the CPAS being
            informed (C.j. art. 1344ter; whether this survives in the Brussels
            2023 regime is not verified).  Default ``True``: a recorded
            ``cpas_objection`` means no ``cpas_not_informed`` irregularity.

    """

    saturday_is_working_day: bool = attrs.field(default=False, validator=_is(bool))
    month_end: MonthEnd = attrs.field(default="last_day", validator=_one_of(get_args(MonthEnd)))
    extra_holidays: frozenset[date] = attrs.field(default=frozenset(), converter=frozenset)
    moratorium_start: MonthDay = (11, 1)
    moratorium_end: MonthDay = (3, 15)
    eviction_reform_in_force: date = attrs.field(
        default=date(2023, 9, 1), validator=_check_plain_date
    )
    waiting_period_months: int = attrs.field(default=1, validator=_check_positive_int)
    civil_delays_art53: bool = attrs.field(default=False, validator=_is(bool))
    notice_date_is_posting_date: bool = attrs.field(default=False, validator=_is(bool))
    notice_delivery: DeliveryMethod = attrs.field(
        default="registered", validator=_one_of(get_args(DeliveryMethod))
    )
    hearing_min_days: int = attrs.field(default=40, validator=_check_positive_int)
    appeal_on_default_judgments: bool = attrs.field(default=True, validator=_is(bool))
    opposition_court_holidays: bool = attrs.field(default=True, validator=_is(bool))
    eviction_delay_months: int = attrs.field(default=1, validator=_check_positive_int)
    bailiff_notice_working_days: int = attrs.field(default=15, validator=_check_positive_int)
    guarantee_return_months: int = attrs.field(default=2, validator=_check_positive_int)
    indexation_retroactive_months: int = attrs.field(default=3, validator=_check_positive_int)
    execution_art47: bool = attrs.field(default=True, validator=_is(bool))
    former_bailiff_notice_working_days: int = attrs.field(
        default=5, validator=_check_positive_int
    )
    cpas_information_days: int = attrs.field(default=15, validator=_check_positive_int)
    cpas_objection_allowed: bool = attrs.field(default=True, validator=_is(bool))

    def __attrs_post_init__(self) -> None:
        """Build the calendar now, so that a bad moratorium date fails here."""
        _calendar_for(self)

    @property
    def calendar(self) -> JudicialCalendar:
        """The judicial calendar these settings describe (built once per settings)."""
        return _calendar_for(self)


@functools.lru_cache(maxsize=64)
def _calendar_for(settings: DeadlineSettings) -> JudicialCalendar:
    """Build (once) the calendar of *settings*; the moratorium starts with the reform."""
    return JudicialCalendar(
        saturday_is_working_day=settings.saturday_is_working_day,
        extra_holidays=settings.extra_holidays,
        month_end=settings.month_end,
        moratorium_start=settings.moratorium_start,
        moratorium_end=settings.moratorium_end,
        moratorium_valid_from=settings.eviction_reform_in_force,
    )


_SETTING_TYPES: Final = {
    a.name: type(a.default) for a in attrs.fields(DeadlineSettings)
}


def _check_setting(kind: type, *, optional: bool = True) -> Any:
    """Validator: the value names a :class:`DeadlineSettings` field of type *kind*."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if _SETTING_TYPES.get(value) is not kind:  # type: ignore[call-overload]
            names = sorted(n for n, t in _SETTING_TYPES.items() if t is kind)
            reason = f"must name a {kind.__name__} setting: {', '.join(names)}"
            raise ValidationError(attribute.name, value, reason)

    return check


# -- small records --------------------------------------------------------------------------------


@attrs.frozen
class Text:
    """
    A text in the three languages of the project (French, Dutch, English).

    .. versionadded:: 0.1.0
    """

    fr: str = attrs.field(validator=_is(str))
    nl: str = attrs.field(validator=_is(str))
    en: str = attrs.field(validator=_is(str))

    def get(self, lang: str) -> str:
        """
        Return the text in *lang* (``fr``, ``nl`` or ``en``).

        Raises:
            ValidationError: *lang* is not one of the three.

        """
        if lang == "fr":
            return self.fr
        if lang == "nl":
            return self.nl
        if lang == "en":
            return self.en
        raise ValidationError("lang", lang, f"must be one of {', '.join(LANGUAGES)}")


@attrs.frozen(kw_only=True, cache_hash=True)
class Counting:
    """
    How a rule turns its start date into the deadline date.

    Methods (all implemented with the judicial calendar):

    - ``months``: C.j. art. 54, *de quantième à veille de quantième*;
    - ``days``: C.j. art. 52, every calendar day counts, the start day not;
    - ``working_days``: the *n*-th working day after the start (C.j. art. 52 and
      the calendar's working days);
    - ``notice_period``: CBL lease notice, from the 1st of the next month for
      *n* months, the date being its last day;
    - ``fixed_date``: the start date itself (a date set by the court or a bailiff);
    - ``instalments``: each instalment of the payment plan not yet covered;
    - ``retroactivity``: the first day of the *n*-th month before the start's month;
    - ``indexation``: the later of the lease's first anniversary and the
      ``retroactivity`` date (old Civil Code art. 1728bis, see
      :func:`~clss_housing.deadlines.indexation.indexation_earliest_effect`);
    - ``deemed_receipt``: C.j. art. 53bis, the day a posted notification counts as
      received (the method of :attr:`DeadlineSettings.notice_delivery`);
    - ``informational``: no date (the rule documents a rate or a principle).

    Modifiers, applied in this order: ``court_holidays`` (C.j. art. 50 al. 2,
    appeal-type delays starting and ending in July–August end on 15 September),
    ``shift`` (C.j. art. 53, a last day on a Saturday, Sunday or legal holiday
    moves to the next working day), ``day_after`` (the date is the first day
    *after* the period), ``moratorium`` (a date inside the Brussels winter
    moratorium moves to the day after it, CBL art. 233duodecies).

    ``amount`` is *n*; ``amount_setting`` names a :class:`DeadlineSettings` int
    that replaces it, ``amount_field`` an int field of the trigger entry that
    replaces both.  ``shift_setting`` / ``court_holidays_setting`` name bool
    settings replacing ``shift`` / ``court_holidays``.

    .. versionadded:: 0.1.0
    """

    method: Method = attrs.field(validator=_one_of(METHODS))
    amount: int = attrs.field(default=0, validator=_check_positive_int)
    shift: bool = attrs.field(default=False, validator=_is(bool))
    court_holidays: bool = attrs.field(default=False, validator=_is(bool))
    day_after: bool = attrs.field(default=False, validator=_is(bool))
    moratorium: bool = attrs.field(default=False, validator=_is(bool))
    amount_setting: str | None = attrs.field(default=None, validator=_check_setting(int))
    amount_field: str | None = None
    shift_setting: str | None = attrs.field(default=None, validator=_check_setting(bool))
    court_holidays_setting: str | None = attrs.field(
        default=None, validator=_check_setting(bool)
    )
    execution_setting: str | None = attrs.field(default=None, validator=_check_setting(bool))

    def describe(self) -> str:
        """Describe the counting in English, for the rules table (e.g. ``1 month (art. 54)``)."""
        n: object = self.amount
        if self.amount_field:
            n = f"<{self.amount_field}>"
        elif self.amount_setting:
            n = f"{self.amount} ({self.amount_setting})"
        base = {
            "months": f"{n} month(s) from the day after, C.j. arts 52, 54",
            "days": f"{n} day(s), C.j. art. 52",
            "working_days": f"{n} working day(s)",
            "notice_period": f"{n} month(s) from the 1st of the next month",
            "fixed_date": "the date recorded",
            "instalments": "each instalment not yet covered",
            "retroactivity": f"1st day of the month {n} month(s) before the month of the start",
            "indexation": f"later of the lease anniversary and the 1st day of the month {n} "
            "month(s) before the month of the request",
            "deemed_receipt": "deemed receipt, C.j. art. 53bis",
            "informational": "no date (information)",
        }[self.method]
        parts = [base]
        if self.court_holidays or self.court_holidays_setting:
            cond = self.court_holidays_setting
            parts.append("art. 50 al. 2 (15 Sept)" + (f" if {cond}" if cond else ""))
        if self.shift or self.shift_setting:
            extra = f" if {self.shift_setting}" if self.shift_setting and not self.shift else ""
            parts.append(f"art. 53 shift{extra}")
        if self.day_after:
            parts.append("first day after")
        if self.moratorium:
            parts.append("out of the winter moratorium")
        if self.execution_setting:
            parts.append(f"art. 47 next execution day if {self.execution_setting}")
        return "; ".join(parts)


@attrs.frozen
class Condition:
    """
    A condition on a field of the trigger entry: ``entry.<field>`` is one of ``values``.

    With ``unless_setting`` (a bool of :class:`DeadlineSettings`), the condition
    is waived while that setting is true: the appeal rule requires a
    contradictory judgment *unless* ``appeal_on_default_judgments``.

    .. versionadded:: 0.1.0
    """

    field: str = attrs.field(validator=_is(str))
    values: tuple[object, ...] = attrs.field(converter=_objects)
    unless_setting: str | None = attrs.field(default=None, validator=_check_setting(bool))

    def holds(self, entry: object, settings: DeadlineSettings) -> bool:
        """Tell whether *entry* meets the condition under *settings*."""
        if self.unless_setting is not None and getattr(settings, self.unless_setting):
            return True
        return getattr(entry, self.field, None) in self.values


@attrs.frozen(kw_only=True)
class Anchor:
    """
    Where a rule's start date comes from.

    By default the trigger entry's own ``date``.  With ``kinds``, the first
    entry of those kinds recorded after the trigger (and before the next
    trigger of the same rule): the appeal period starts at the *service* of the
    judgment that triggers it.  ``field`` names the date field to read
    (``hearing_date``, ``eviction_date``…).  When the entry or the date is
    absent the deadline reads ``"cannot be computed: <missing>"``.  With
    ``posted_setting`` (a bool setting) true, the date is a posting date and
    delays run from its deemed receipt (C.j. art. 53bis).

    .. versionadded:: 0.1.0
    """

    kinds: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    field: str = "date"
    missing: str = "date missing"
    posted_setting: str | None = attrs.field(default=None, validator=_check_setting(bool))


# -- the rule ------------------------------------------------------------------------------------


def _check_rule_id(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _RULE_ID.match(value):
        raise ValidationError(attribute.name, value, "must be a lower-case id such as 'appeal'")


def _check_kinds(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    assert isinstance(value, tuple)
    for kind in value:
        if kind not in ENTRY_TYPES:
            raise ValidationError(attribute.name, kind, "is not a known entry kind")


def _check_triggers(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_kinds(instance, attribute, value)
    if not value:
        raise ValidationError(attribute.name, value, "must name at least one entry kind")


def _has_field(kind: str, name: str) -> bool:
    return name in attrs.fields_dict(ENTRY_TYPES[kind])


@attrs.frozen(kw_only=True)
class Rule:
    """
    One deadline rule: trigger, counting, legal basis, validity and confidence.

    .. versionadded:: 0.1.0

    Attributes:
        id: Stable id (the ``rule`` of the CLI's JSON), e.g. ``"appeal"``.
        title: Short name of the deadline, per language.
        description: What the date means, per language.
        track: Workflow track the deadline belongs to.
        triggers: Entry kinds that start the rule.
        counting: How the date is counted (:class:`Counting`).
        basis: Article(s) and instrument, per language
            (``"Code judiciaire art. 1051…"`` / ``"Gerechtelijk Wetboek art. 1051…"``).
        valid_from: First date the rule applies (compared with the start date,
            or with the lease start when ``valid_by == "lease_start"``).
        region: ``"BE"`` (federal) or ``"BXL"`` (Brussels-Capital).
        confidence: ``"high"``, ``"medium"`` or ``"low"`` (:data:`Confidence`).
        note: What the rule leaves out or what is uncertain.
        unless: Entry kinds that cancel the deadline when recorded after the trigger.
        when: Conditions on the trigger entry's fields.
        anchor: Where the start date comes from (:class:`Anchor`).
        scope: ``"each"`` trigger gives a deadline, or only the ``"latest"``.
        valid_from_setting: A date setting replacing ``valid_from``.
        valid_by: ``"start"`` (default) or ``"lease_start"`` (the case's lease start,
            when known) for the validity check.
        enabled_setting: A bool setting that must be true for the rule to run.
        orphan_missing: If set, an anchor entry recorded with no trigger before it
            (a judgment served but no judgment recorded) gives a deadline that
            "cannot be computed: <orphan_missing>".
        domain_ref: The rule's stable reference number (``"R6"``), shown in the
            rules reference.
        regime: The body of law applied (:data:`Regime`); by default ``federal`` for a
            ``BE`` rule and ``brussels`` for a ``BXL`` one.
        valid_from_source: Where :attr:`valid_from` comes from (instrument and
            entry into force, with a source).
        former: The rule with the same id that applied before :attr:`valid_from`
            (the federal eviction rules before the Brussels reform); used when the
            start date is before this rule's validity.

    """

    id: str = attrs.field(validator=_check_rule_id)
    title: Text = attrs.field(validator=_is(Text))
    description: Text = attrs.field(validator=_is(Text))
    track: Track = attrs.field(validator=_one_of(TRACKS))
    triggers: tuple[str, ...] = attrs.field(converter=_strings, validator=_check_triggers)
    counting: Counting = attrs.field(validator=_is(Counting))
    basis: Text = attrs.field(validator=_is(Text))
    valid_from: date = attrs.field(validator=_check_plain_date)
    region: Region = attrs.field(validator=_one_of(REGIONS))
    confidence: Confidence = attrs.field(validator=_one_of(CONFIDENCES))
    note: str = ""
    unless: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_check_kinds)
    when: tuple[Condition, ...] = attrs.field(default=(), converter=_conditions)
    anchor: Anchor = attrs.field(factory=Anchor, validator=_is(Anchor))
    scope: Literal["each", "latest"] = attrs.field(
        default="each", validator=_one_of(("each", "latest"))
    )
    valid_from_setting: str | None = attrs.field(default=None, validator=_check_setting(date))
    valid_by: Literal["start", "lease_start"] = attrs.field(
        default="start", validator=_one_of(("start", "lease_start"))
    )
    enabled_setting: str | None = attrs.field(default=None, validator=_check_setting(bool))
    orphan_missing: str | None = None
    domain_ref: str = ""
    regime: Regime = attrs.field(
        default=attrs.Factory(
            lambda self: "federal" if self.region == "BE" else "brussels", takes_self=True
        ),
        validator=_one_of(REGIMES),
    )
    valid_from_source: str = ""
    former: Rule | None = None

    def __attrs_post_init__(self) -> None:
        """Check that the fields named by the rule exist on the entry kinds it reads."""
        if self.former is not None:
            if not isinstance(self.former, Rule) or self.former.id != self.id:
                raise ValidationError("former", self.former, f"must be a Rule with id {self.id}")
            if self.former.valid_from >= self.valid_from:
                raise ValidationError("former", self.former.id, "must be valid before this rule")
        _check_kinds(self, attrs.fields(Rule).triggers, self.anchor.kinds)
        for condition in self.when:
            for kind in self.triggers:
                if not _has_field(kind, condition.field):
                    raise ValidationError("when", condition.field, f"is not a field of {kind}")
        for kind in self.anchor.kinds or self.triggers:
            if not _has_field(kind, self.anchor.field):
                raise ValidationError("anchor", self.anchor.field, f"is not a field of {kind}")
        if self.counting.amount_field is not None:
            for kind in self.triggers:
                if not _has_field(kind, self.counting.amount_field):
                    reason = f"is not a field of {kind}"
                    raise ValidationError("amount_field", self.counting.amount_field, reason)

    def effective_valid_from(self, settings: DeadlineSettings) -> date:
        """Return :attr:`valid_from`, or the date setting that replaces it."""
        if self.valid_from_setting is None:
            return self.valid_from
        value = getattr(settings, self.valid_from_setting)
        assert isinstance(value, date)
        return value

    def enabled(self, settings: DeadlineSettings) -> bool:
        """Tell whether the rule runs under *settings* (see :attr:`enabled_setting`)."""
        return self.enabled_setting is None or bool(getattr(settings, self.enabled_setting))


# -- packs ---------------------------------------------------------------------------------------


def _check_unique(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    assert isinstance(value, tuple)
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, Rule):
            raise ValidationError("rules", type(item).__name__, "must be a Rule")
        if item.id in seen:
            raise ValidationError("rules", item.id, "is a duplicate rule id")
        seen.add(item.id)


@attrs.frozen
class RulePack:
    """
    An ordered set of rules with unique ids.

    The order is the display order (after the date).  :meth:`with_rules` gives
    a new pack where rules with an existing id replace the built-in ones in
    place and new ids are appended: this is how plugins extend the pack.

    .. versionadded:: 0.1.0
    """

    name: str
    rules: tuple[Rule, ...] = attrs.field(converter=_rules, validator=_check_unique)
    _by_id: dict[str, Rule] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _cache: dict[str, object] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        """Index the rules by id (once)."""
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})
        object.__setattr__(self, "_cache", {})

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in pack order."""
        return tuple(self._by_id)

    def rule(self, rule_id: str) -> Rule:
        """
        Return the rule with id *rule_id*.

        Raises:
            NotFoundError: no rule has that id.

        """
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise NotFoundError("rule", rule_id) from None

    def get(self, rule_id: str) -> Rule | None:
        """Return the rule with id *rule_id*, or ``None``."""
        return self._by_id.get(rule_id)

    def with_rules(self, extra: Iterable[Rule], *, name: str | None = None) -> RulePack:
        """
        Return a pack with *extra* rules: same id replaces, new id is appended.

        Raises:
            ValidationError: *extra* holds two rules with the same id, or a non-rule.

        """
        extra = tuple(extra)
        _check_unique(None, None, extra)  # type: ignore[arg-type]
        replace = {r.id: r for r in extra}
        merged = [replace.pop(r.id, r) for r in self.rules]
        merged.extend(r for r in extra if r.id in replace)
        return RulePack(name or self.name, tuple(merged))

    def without(self, *rule_ids: str) -> RulePack:
        """Return a pack without the rules named (unknown ids are ignored)."""
        return RulePack(self.name, tuple(r for r in self.rules if r.id not in rule_ids))

    def cached(self, key: str, build: Any) -> Any:
        """Return ``build()`` computed once per pack under *key* (for the engine's index)."""
        found = self._cache.get(key)
        if found is None:
            found = build()
            self._cache[key] = found
        return found


#: What the engines accept as "the rules in force": a :class:`RulePack` (compiled once
#: and cached on the pack; what ``book.env.rules`` is) or any sequence of rules.
Rules: TypeAlias = "RulePack | Sequence[Rule]"
