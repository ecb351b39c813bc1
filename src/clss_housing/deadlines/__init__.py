"""
Deadline computation for Belgian (Brussels) housing procedures.

- :mod:`clss_housing.deadlines.calendar`: the judicial calendar — Belgian legal
  holidays, working days, and the counting rules of the Code judiciaire /
  Gerechtelijk Wetboek (arts 50, 52, 53, 53bis and 54), plus the Brussels winter
  moratorium on evictions (Code bruxellois du Logement, art. 233duodecies);
- :mod:`clss_housing.deadlines.rules`: rules as data (:class:`Rule`,
  :class:`RulePack`) and the uncertain facts (:class:`DeadlineSettings`);
- :mod:`clss_housing.deadlines.brussels`: the Brussels rule pack (:data:`RULES`);
- :mod:`clss_housing.deadlines.engine`: :func:`case_deadlines`,
  :func:`casebook_deadlines`;
- :mod:`clss_housing.deadlines.irregularities`: :func:`case_irregularities`;
- :mod:`clss_housing.deadlines.indexation`: :func:`indexation_earliest_effect`
  (both limits of old Civil Code art. 1728bis);
- :mod:`clss_housing.deadlines.explain`: how a date was reached, in words;
- :mod:`clss_housing.deadlines.ics`: the iCalendar export (:func:`to_ics`).

Example::

    >>> from datetime import date
    >>> deadline_date(rule("earliest_eviction"), date(2026, 10, 10))  # served in autumn
    datetime.date(2027, 3, 16)
"""

from __future__ import annotations

from clss_housing.deadlines.brussels import (
    LEGAL_INTEREST_BASIS,
    LEGAL_INTEREST_RATES,
    RULES,
    brussels_rules,
    legal_interest_rate,
)
from clss_housing.deadlines.calendar import (
    DeliveryMethod,
    JudicialCalendar,
    MonthDay,
    MonthEnd,
    belgian_legal_holidays,
)
from clss_housing.deadlines.engine import (
    DEFAULT_SETTINGS,
    Deadline,
    case_deadlines,
    casebook_deadlines,
    deadline_date,
    deemed_receipt,
    rule,
    rules_table,
    window_deadlines,
)
from clss_housing.deadlines.explain import Step, explain
from clss_housing.deadlines.ics import escape_text, fold_line, ics_uid, to_ics, write_ics
from clss_housing.deadlines.indexation import (
    first_anniversary,
    indexation_earliest_effect,
    retroactivity_limit,
)
from clss_housing.deadlines.irregularities import (
    IRREGULARITY_CODES,
    Irregularity,
    case_irregularities,
    casebook_irregularities,
)
from clss_housing.deadlines.rules import (
    Anchor,
    Condition,
    Counting,
    DeadlineSettings,
    Rule,
    RulePack,
    Text,
)


__all__ = [
    "DEFAULT_SETTINGS",
    "IRREGULARITY_CODES",
    "LEGAL_INTEREST_BASIS",
    "LEGAL_INTEREST_RATES",
    "RULES",
    "Anchor",
    "Condition",
    "Counting",
    "Deadline",
    "DeadlineSettings",
    "DeliveryMethod",
    "Irregularity",
    "JudicialCalendar",
    "MonthDay",
    "MonthEnd",
    "Rule",
    "RulePack",
    "Step",
    "Text",
    "belgian_legal_holidays",
    "brussels_rules",
    "case_deadlines",
    "case_irregularities",
    "casebook_deadlines",
    "casebook_irregularities",
    "deadline_date",
    "deemed_receipt",
    "escape_text",
    "explain",
    "first_anniversary",
    "fold_line",
    "ics_uid",
    "indexation_earliest_effect",
    "legal_interest_rate",
    "retroactivity_limit",
    "rule",
    "rules_table",
    "to_ics",
    "window_deadlines",
    "write_ics",
]
