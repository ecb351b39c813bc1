"""
How a deadline's date was reached, in words a worker understands (fr, nl, en).

The engine records each step of a computation as a :class:`Step` (the period
counted, a move off a weekend, the winter moratorium…);
:func:`explain` turns the steps into one sentence in the case's language, e.g.
``"1 month from 1 October (the day after 30 September) ends on Saturday
31 October (Code judiciaire arts 52, 54); moved from Saturday 31 October to
Monday 2 November (Code judiciaire art. 53)"``.

Example::

    >>> from datetime import date
    >>> explain([Step("art53", date(2026, 10, 31), date(2026, 11, 2))], "en")
    'moved from Saturday 31 October 2026 to Monday 2 November 2026 (Judicial Code art. 53)'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs


__all__ = ["STEP_KINDS", "Step", "explain", "long_date"]

_WEEKDAYS: Final = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: Final = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

#: Templates per step kind: ``{a}`` is the date before the step, ``{b}`` after, ``{n}`` a count.
_TEXT: Final = {
    "months": {
        "fr": "{n} mois à partir du {a} (lendemain de l'acte, Code judiciaire art. 52) : "
              "fin le {b} (de quantième à veille de quantième, art. 54)",
        "nl": "{n} maand(en) vanaf {a} (dag na de akte, Gerechtelijk Wetboek art. 52): "
              "einde op {b} (van de zoveelste tot de dag vóór de zoveelste, art. 54)",
        "en": "{n} month(s) from {a} (the day after the act, Judicial Code art. 52) "
              "end on {b} (day number to the eve of that day number, art. 54)",
    },
    "days": {
        "fr": "{n} jours après le {a} (Code judiciaire art. 52) : fin le {b}",
        "nl": "{n} dagen na {a} (Gerechtelijk Wetboek art. 52): einde op {b}",
        "en": "{n} days after {a} (Judicial Code art. 52) end on {b}",
    },
    "working_days": {
        "fr": "{n}e jour ouvrable après le {a} : {b}",
        "nl": "{n}e werkdag na {a}: {b}",
        "en": "{n}th working day after {a}: {b}",
    },
    "court_holidays": {
        "fr": "prolongé du {a} au {b} (vacances judiciaires, Code judiciaire art. 50)",
        "nl": "verlengd van {a} tot {b} (gerechtelijk verlof, Gerechtelijk Wetboek art. 50)",
        "en": "extended from {a} to {b} (judicial holidays, Judicial Code art. 50)",
    },
    "art53": {
        "fr": "reporté du {a} au {b} (Code judiciaire art. 53)",
        "nl": "verschoven van {a} naar {b} (Gerechtelijk Wetboek art. 53)",
        "en": "moved from {a} to {b} (Judicial Code art. 53)",
    },
    "day_after": {
        "fr": "premier jour possible : le lendemain, {b}",
        "nl": "eerste mogelijke dag: de dag erna, {b}",
        "en": "first possible day: the day after, {b}",
    },
    "moratorium": {
        "fr": "repoussé après la trêve hivernale au {b} (Code bruxellois du Logement "
              "art. 233duodecies)",
        "nl": "verschoven tot na het wintermoratorium, naar {b} (Brusselse Huisvestingscode "
              "art. 233duodecies)",
        "en": "pushed past the winter moratorium to {b} (Brussels Housing Code "
              "art. 233duodecies)",
    },
    "art47": {
        "fr": "reporté du {a} au {b} : pas d'exécution un samedi, dimanche ou jour férié "
              "légal sans permission du juge (Code judiciaire art. 47)",
        "nl": "verschoven van {a} naar {b}: geen tenuitvoerlegging op zaterdag, zondag of "
              "wettelijke feestdag zonder verlof van de rechter (Gerechtelijk Wetboek art. 47)",
        "en": "moved from {a} to {b}: no execution on a Saturday, Sunday or legal holiday "
              "without the judge's leave (Judicial Code art. 47)",
    },
    "deemed_receipt": {
        "fr": "lettre postée le {a}, réputée reçue le {b} (Code judiciaire art. 53bis)",
        "nl": "brief gepost op {a}, geacht ontvangen op {b} (Gerechtelijk Wetboek art. 53bis)",
        "en": "letter posted on {a}, deemed received on {b} (Judicial Code art. 53bis)",
    },
    "notice_period": {
        "fr": "préavis de {n} mois à partir du 1er du mois suivant la réception ({a}) : "
              "fin le {b}",
        "nl": "opzegging van {n} maand(en) vanaf de 1e van de maand na ontvangst ({a}): "
              "einde op {b}",
        "en": "{n} month(s) of notice from the 1st of the month after receipt ({a}): "
              "ends on {b}",
    },
    "fixed_date": {
        "fr": "date enregistrée : {b}",
        "nl": "geregistreerde datum: {b}",
        "en": "date recorded: {b}",
    },
    "instalment": {
        "fr": "échéance convenue : {b}",
        "nl": "overeengekomen vervaldag: {b}",
        "en": "due date agreed: {b}",
    },
    "retroactivity": {
        "fr": "au plus {n} mois avant le mois de la demande du {a} : {b}",
        "nl": "ten hoogste {n} maanden vóór de maand van het verzoek van {a}: {b}",
        "en": "at most {n} months before the month of the request of {a}: {b}",
    },
    "anniversary": {
        "fr": "pas avant l'anniversaire du bail, le {b} (ancien Code civil art. 1728bis)",
        "nl": "niet vóór de verjaardag van de huur, {b} (oud Burgerlijk Wetboek art. 1728bis)",
        "en": "not before the lease's anniversary, {b} (old Civil Code art. 1728bis)",
    },
    "lease_start_unknown": {
        "fr": "date de début du bail inconnue : la limite de l'anniversaire n'a pas pu être "
              "vérifiée",
        "nl": "begindatum van de huur onbekend: de grens van de verjaardag kon niet worden "
              "nagegaan",
        "en": "lease start unknown: the anniversary limit could not be checked",
    },
}

#: The step kinds :func:`explain` knows.
STEP_KINDS: Final = tuple(_TEXT)


@attrs.frozen
class Step:
    """
    One step of a deadline's computation.

    Attributes:
        kind: One of :data:`STEP_KINDS`.
        before: The date before the step (the start for a period).
        after: The date after the step.
        count: The count of a period (months, days, working days), else 0.

    """

    kind: str
    before: date | None
    after: date
    count: int = 0


def long_date(d: date, lang: str) -> str:
    """Return *d* written out with its weekday (``"Saturday 31 October 2026"``)."""
    lang = lang if lang in _MONTHS else "en"
    weekday = _WEEKDAYS[lang][d.weekday()]
    month = _MONTHS[lang][d.month - 1]
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    return f"{weekday} {day} {month} {d.year}"


def explain(steps: Iterable[Step], lang: str) -> str:
    """Return the steps as one sentence in *lang* (``fr``, ``nl``, else English)."""
    lang = lang if lang in _MONTHS else "en"
    parts = []
    for step in steps:
        template = _TEXT[step.kind][lang]
        a = "" if step.before is None else long_date(step.before, lang)
        parts.append(template.format(a=a, b=long_date(step.after, lang), n=step.count))
    return "; ".join(parts)
