"""Letters and case summaries in French and Dutch: text, HTML, Markdown and DOCX.

* :mod:`~clss_housing.documents.catalogue` — the letters (L1…L16, ``referral``),
  what each needs, :func:`list_letters`, :func:`letter`;
* :mod:`~clss_housing.documents.facts` — facts from the case's ledger plus
  explicit values; missing facts found before rendering;
* :mod:`~clss_housing.documents.render` — :func:`render_letter`,
  :func:`write_letter` (one template per letter and language, four formats);
* :mod:`~clss_housing.documents.docx` — DOCX from a cached python-docx skeleton;
* :mod:`~clss_housing.documents.batch` — :func:`render_batch` for collectives
  (CSV or XLSX, one letter per member, a combined DOCX for printing);
* :mod:`~clss_housing.documents.summary` — :func:`render_summary`, case summaries
  redacted by the tenant's recorded consent (:mod:`~clss_housing.documents.redaction`);
* :mod:`~clss_housing.documents.formatting` — Babel dates and amounts, legal names.

Example::

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.money import Money
    >>> book = Casebook.open("memory:")
    >>> case = book.open_case(tenant="Jan Peeters", landlord="M. Janssens",
    ...     address="Koningsstraat 200, 1210 Sint-Joost-ten-Node",
    ...     rent=Money.parse("780"), lang="nl", date=date(2026, 1, 1))
    >>> data = render_letter(book.load(case), "L16", lang="nl", fmt="docx",
    ...     values={"guarantee_amount": "1560"}, as_of=date(2026, 2, 1))
    >>> data[:2]
    b'PK'
"""

from __future__ import annotations

from clss_housing.documents.batch import BatchReport, InvalidRow, render_batch
from clss_housing.documents.catalogue import (
    FACTS,
    Fact,
    LegalRef,
    LetterCatalogue,
    LetterSpec,
    letter,
    letter_ids,
    list_letters,
)
from clss_housing.documents.facts import Facts, collect_facts
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.paths import safe_filename, safe_join
from clss_housing.documents.redaction import (
    LEAD,
    ConsentPolicy,
    Redacted,
    RedactionPolicy,
    consents_in_force,
    redact,
)
from clss_housing.documents.render import (
    FORMATS,
    TemplateSource,
    clear_caches,
    prepare_letter,
    render_facts,
    render_letter,
    write_letter,
)
from clss_housing.documents.summary import (
    SUMMARY_FORMATS,
    render_summary,
    summary_chart,
    write_summary,
)


__all__ = [
    "FACTS",
    "FORMATS",
    "LEAD",
    "SUMMARY_FORMATS",
    "BatchReport",
    "ConsentPolicy",
    "Fact",
    "Facts",
    "InvalidRow",
    "LegalRef",
    "LetterCatalogue",
    "LetterSpec",
    "Letterhead",
    "Redacted",
    "RedactionPolicy",
    "TemplateSource",
    "clear_caches",
    "collect_facts",
    "consents_in_force",
    "letter",
    "letter_ids",
    "list_letters",
    "prepare_letter",
    "redact",
    "render_batch",
    "render_facts",
    "render_letter",
    "render_summary",
    "safe_filename",
    "safe_join",
    "summary_chart",
    "write_letter",
    "write_summary",
]
