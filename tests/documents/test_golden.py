"""Golden text snapshots of every letter and of the sample summaries.

The expected texts live in ``tests/documents/golden/``.  After a deliberate
change of a template, the catalogue or the formatting, regenerate them and
review the diff before committing::

    UPDATE_GOLDEN=1 PYTHONPATH=src pytest tests/documents/test_golden.py

The letters use the sample households of :mod:`clss_housing.testing.samples`
at :data:`~clss_housing.testing.samples.SAMPLE_DATE`; dates quoted from the
deadline engine are part of the snapshots, so a change of a deadline rule
shows up here too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clss_housing.documents.catalogue import letter_ids
from clss_housing.documents.render import render_letter
from clss_housing.documents.summary import render_summary
from clss_housing.plugins import PluginEnvironment
from clss_housing.testing.samples import SAMPLE_CASE, SAMPLE_DATE, sample_values
from clss_housing.view import CaseView


GOLDEN = Path(__file__).parent / "golden"
#: The installed partner plugins, as the command line has them (partner names in summaries).
ENV = PluginEnvironment.installed()
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

LETTERS = [(letter_id, lang) for letter_id in letter_ids() if letter_id in SAMPLE_CASE
           for lang in ("fr", "nl")]
#: The partner plugins' letters that have sample facts (rendered with the plugins' catalogue).
PLUGIN_LETTERS = [(letter_id, lang) for letter_id in ENV.catalogue.ids()
                  if letter_id not in letter_ids() and letter_id in SAMPLE_CASE
                  for lang in ("fr", "nl")]
SUMMARIES = [("arrears", "lead"), ("arrears", "cpas"), ("eviction", "lead"),
             ("lease", "ul-schaerbeek")]


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {name}; run with UPDATE_GOLDEN=1 to create it")
    assert path.read_text(encoding="utf-8") == actual


class TestGolden:
    @pytest.mark.parametrize(("letter_id", "lang"), LETTERS)
    def test_letter(self, views: dict[str, CaseView], letter_id: str, lang: str) -> None:
        """It renders the sample letter exactly as the reviewed snapshot."""
        text = render_letter(views[SAMPLE_CASE[letter_id]], letter_id, lang=lang, fmt="txt",
                             values=sample_values(letter_id, lang), as_of=SAMPLE_DATE).decode()
        check(f"{letter_id}.{lang}.txt", text)

    @pytest.mark.parametrize(("letter_id", "lang"), PLUGIN_LETTERS)
    def test_plugin_letter(self, views: dict[str, CaseView], letter_id: str, lang: str) -> None:
        """It renders the partner plugin's sample letter exactly as the reviewed snapshot."""
        text = render_letter(views[SAMPLE_CASE[letter_id]], letter_id, lang=lang, fmt="txt",
                             values=sample_values(letter_id, lang), as_of=SAMPLE_DATE,
                             catalogue=ENV.catalogue, rules=ENV.rules.rules,
                             partners=ENV.partners).decode()
        check(f"{letter_id}.{lang}.txt", text)

    @pytest.mark.parametrize(("case", "partner"), SUMMARIES)
    def test_summary(self, views: dict[str, CaseView], case: str, partner: str) -> None:
        """It renders the sample summary exactly as the reviewed snapshot."""
        text = render_summary(views[case], partner, fmt="md", as_of=SAMPLE_DATE,
                              partners=ENV.partners, policy=ENV.redaction_policy(partner),
                              rules=ENV.rules, settings=ENV.settings,
                              workflow=ENV.workflow).decode()
        check(f"summary-{case}-{partner}.md", text)
