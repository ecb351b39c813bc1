"""
Reports across a casebook, anonymised for funders and partners.

- :mod:`clss_housing.reports.activity`: the activity report
  (:func:`activity_report`) and its suppression of small cells;
- :mod:`clss_housing.reports.writers`: Markdown, CSV, HTML (inline SVG) and
  XLSX (:func:`render_report`);
- :mod:`clss_housing.reports.areas`: the postcode of an address, kept as a
  non-personal ``area_recorded`` entry.
"""

from __future__ import annotations

from clss_housing.reports.activity import (
    GROUPINGS,
    THRESHOLD,
    ActivityReport,
    Cell,
    ReportTable,
    activity_report,
    case_views,
    suppress,
)
from clss_housing.reports.areas import BRUSSELS_POSTCODES, area_of_address
from clss_housing.reports.writers import REPORT_FORMATS, REPORT_LANGS, render_report


__all__ = [
    "BRUSSELS_POSTCODES",
    "GROUPINGS",
    "REPORT_FORMATS",
    "REPORT_LANGS",
    "THRESHOLD",
    "ActivityReport",
    "Cell",
    "ReportTable",
    "activity_report",
    "area_of_address",
    "case_views",
    "render_report",
    "suppress",
]
