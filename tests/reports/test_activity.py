"""The anonymised activity report: hand counts, suppression, no leak, erasure-proof."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zipfile import ZipFile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.errors import ValidationError
from clss_housing.ledger import entries as e
from clss_housing.ledger.entries import CaseOpened
from clss_housing.money import Money
from clss_housing.plugins import PluginEnvironment
from clss_housing.reports import (
    REPORT_FORMATS,
    THRESHOLD,
    ActivityReport,
    Cell,
    ReportTable,
    activity_report,
    area_of_address,
    case_views,
    render_report,
    suppress,
)
from clss_housing.reports.activity import PREVIOUS, SUPPRESSED, TOTAL
from clss_housing.store.memory import MemoryStore
from clss_housing.view import CaseView
from tests.strategies import case_histories, encode_history


START, END = date(2026, 1, 1), date(2026, 6, 30)
NOTE = "Confidentiel : dettes de jeu et suivi psychiatrique"


def _open(book: Casebook, cid: str, lang: str, opened: date, postcode: str) -> None:
    book.open_case(case_id=cid, tenant=f"Tenant {cid} Zénobie", landlord=f"Landlord {cid} Quirin",
                   address=f"Rue Secrète {cid}, {postcode} Schaerbeek", rent=Money(70000),
                   lang=lang, date=opened)


def build_casebook(url: str = "memory:") -> Casebook:
    """Six eviction cases (five cancelled), five payment-plan cases, two older quiet cases."""
    book = Casebook.open(url, plugins=PluginEnvironment.core())
    for i in range(6):
        cid = f"ev-{i}"
        _open(book, cid, "nl", date(2026, 1, 10), "1030")
        items: list[e.Entry] = [
            e.RentDue(date=date(2026, 1, 1), amount=Money(70000)),
            e.NoticeReceived(date=date(2026, 1, 15)),
            e.PetitionFiled(date=date(2026, 2, 20)),
            e.HearingScheduled(date=date(2026, 2, 25), hearing_date=date(2026, 4, 10)),
            e.Judgment(date=date(2026, 4, 10), outcome="eviction"),
            e.Note(date=date(2026, 4, 11), text=NOTE, note_category="health"),
        ]
        if i < 5:
            items.append(e.EvictionCancelled(date=date(2026, 5, 2)))
        book.record_many(cid, items)
        book.record(cid, e.AreaRecorded(date=date(2026, 1, 10), postcode="1030",
                                        neighbourhood="colignon"))
    for i in range(5):
        cid = f"plan-{i}"
        _open(book, cid, "fr", date(2026, 2, 1), "1210")
        book.record_many(cid, [
            e.RentDue(date=date(2026, 1, 5), amount=Money(20000)),
            e.Referral(date=date(2026, 2, 2), partner="cpas"),
            e.PaymentPlanAgreed(date=date(2026, 2, 10), instalment=Money(10000),
                                first_due=date(2026, 3, 1), count=2),
            e.Payment(date=date(2026, 3, 1), amount=Money(10000), reference="Zénobie ref"),
            e.Payment(date=date(2026, 4, 1), amount=Money(10000)),
        ])
    for i in range(2):
        _open(book, f"old-{i}", "fr", date(2025, 3, 1), "1000")
    return book


def _report(book: Casebook, by: str | None = None) -> ActivityReport:
    return activity_report(case_views(book.store), START, END, by=by, partners=["cpas"],
                           workflow=book.env.workflow)


def _shown(report: ActivityReport, table: str, row: str, column: str = TOTAL) -> str:
    found = next(t for t in report.tables if t.id == table)
    return found.cell(row, column).shown


class TestHandCounts:
    def test_period_figures(self) -> None:
        """Each figure equals the count made by hand from the casebook above."""
        report = _report(build_casebook())
        expected = {
            ("households", "households_followed"): "13",
            ("households", "cases_new"): "11",
            ("households", "cases_closed"): "5",
            ("households", "lang_fr"): "7",
            ("households", "lang_nl"): "6",
            ("stages", "stage_notice"): "6",
            ("stages", "stage_petition"): "6",
            ("stages", "stage_hearing"): "6",
            ("stages", "stage_judgment_eviction"): "6",
            ("stages", "stage_judgment_dismissed"): SUPPRESSED,
            ("stages", "stage_eviction_cancelled"): "5",
            ("stages", "stage_eviction_carried_out"): SUPPRESSED,
            ("evictions_avoided", "eviction_avoided"): "5",
            ("payment_plans", "plans_agreed"): "5",
            ("payment_plans", "plans_honoured"): "5",
            ("payment_plans", "plans_defaulted"): SUPPRESSED,
            ("arrears", "arrears_intake_households"): "11",
            ("arrears", "arrears_intake_sum"): "5200.00",
            ("arrears", "arrears_intake_median"): "700.00",
            ("arrears", "arrears_settled_households"): "5",
            ("arrears", "arrears_settled_sum"): "1000.00",
            ("arrears", "arrears_settled_median"): "200.00",
            ("aid", "aid_cpas_sum"): SUPPRESSED,
            ("referrals", "referral_cpas"): "5",
        }
        actual = {key: _shown(report, *key) for key in expected}
        assert expected == actual
        assert SUPPRESSED == _shown(report, "households", "households_followed", PREVIOUS)

    def test_by_quarter_complementary(self) -> None:
        """All 11 new cases fall in Q1: Q2 (0) is hidden, so Q1 is hidden too."""
        report = _report(build_casebook(), by="quarter")
        assert report.groups == ("2026-Q1", "2026-Q2")
        assert SUPPRESSED == _shown(report, "households", "cases_new", "2026-Q1")
        assert SUPPRESSED == _shown(report, "households", "cases_new", "2026-Q2")
        assert "11" == _shown(report, "households", "cases_new")
        assert "13" == _shown(report, "households", "households_followed", "2026-Q1")

    def test_by_neighbourhood_and_partner(self) -> None:
        by_area = _report(build_casebook(), by="neighbourhood")
        assert ("colignon", "none") == by_area.groups
        assert "6" == _shown(by_area, "households", "households_followed", "colignon")
        assert "7" == _shown(by_area, "households", "households_followed", "none")
        by_partner = _report(build_casebook(), by="partner")
        assert ("cpas", "none") == by_partner.groups
        assert "5" == _shown(by_partner, "households", "households_followed", "cpas")
        assert "8" == _shown(by_partner, "households", "households_followed", "none")
        # 5 plans with cpas, 0 with none: the 0 is hidden, so the 5 is hidden beside it.
        assert SUPPRESSED == _shown(by_partner, "payment_plans", "plans_agreed", "cpas")
        assert "5" == _shown(by_partner, "payment_plans", "plans_agreed")

    def test_bad_input_refused(self) -> None:
        book = build_casebook()
        with pytest.raises(ValidationError, match="to"):
            activity_report(book.views(), END, START)
        with pytest.raises(ValidationError, match="by"):
            activity_report(book.views(), START, END, by="street")

    def test_streams_a_generator(self) -> None:
        """The report takes an iterator of views and never needs them twice."""
        book = build_casebook()
        seen: list[str] = []

        def once() -> Iterator[CaseView]:
            for view in book.views():
                seen.append(view.case_id)
                yield view

        _ = activity_report(once(), START, END)
        assert len(seen) == len(set(seen)) == 13


class TestAnonymity:
    def _outputs(self, book: Casebook) -> dict[str, bytes]:
        out = {}
        for by in (None, "month", "partner", "neighbourhood"):
            report = _report(book, by)
            for fmt in REPORT_FORMATS:
                for lang in ("fr", "nl", "en"):
                    out[f"{by}-{fmt}-{lang}"] = render_report(report, fmt, lang)
        return out

    def test_no_personal_string_in_any_byte(self) -> None:
        book = build_casebook()
        secrets = ["Zénobie", "Quirin", "Secrète", "Tenant", "Landlord", NOTE, "psychiatrique",
                   "ev-0", "plan-0", "old-0"]
        for name, data in self._outputs(book).items():
            texts = [data]
            if name.split("-")[1] == "xlsx":
                with ZipFile(io.BytesIO(data)) as z:
                    texts = [z.read(n) for n in z.namelist()]
            for blob in texts:
                for secret in secrets:
                    assert secret.encode() not in blob, (name, secret)

    def test_erasure_leaves_every_output_unchanged(self, tmp_path: Path) -> None:
        book = build_casebook(f"sqlite:///{tmp_path / 'r.db'}")
        before = self._outputs(book)
        for cid in book.case_ids():
            book.erase_personal_data(cid)
        after = self._outputs(book)
        assert before == after

    def test_xlsx_has_one_sheet_per_table(self) -> None:
        from openpyxl import load_workbook

        report = _report(build_casebook())
        book = load_workbook(io.BytesIO(render_report(report, "xlsx", "en")))
        assert len(book.sheetnames) == 1 + len(report.tables)


_COUNTS = st.integers(0, 40)


@st.composite
def tables(draw: st.DrawFn) -> tuple[ReportTable, list[str]]:
    groups = [f"g{i}" for i in range(draw(st.integers(1, 5)))]
    rows = [f"r{i}" for i in range(draw(st.integers(1, 4)))]
    columns = (*groups, TOTAL, PREVIOUS)
    cells = {}
    for row in rows:
        parts = [draw(_COUNTS) for _ in groups]
        for g, n in zip(groups, parts, strict=True):
            cells[(row, g)] = Cell("count", n, n)
        cells[(row, TOTAL)] = Cell("count", sum(parts), sum(parts))
        p = draw(_COUNTS)
        cells[(row, PREVIOUS)] = Cell("count", p, p)
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if len(rows) >= 3:
        # r0 = r1 + r2 in every column
        for column in columns:
            a, b = cells[("r1", column)].n, cells[("r2", column)].n
            cells[("r0", column)] = Cell("count", a + b, a + b)
        sums = (("r0", ("r1", "r2")),)
    return ReportTable("t", tuple(rows), columns, cells, sums), groups


class TestSuppressionProperties:
    @given(tables())
    def test_no_shown_cell_below_threshold(self, drawn: tuple[ReportTable, list[str]]) -> None:
        table, groups = drawn
        for cell in suppress(table, groups).cells.values():
            assert cell.hidden or cell.n >= THRESHOLD

    @given(tables())
    def test_subtraction_never_reveals_a_hidden_cell(
        self, drawn: tuple[ReportTable, list[str]]
    ) -> None:
        """No row (or declared sum) has exactly one hidden part beside a shown total."""
        table, groups = drawn
        done = suppress(table, groups)
        if len(groups) > 1:
            for row in done.rows:
                if not done.cell(row, TOTAL).hidden:
                    assert sum(done.cell(row, g).hidden for g in groups) != 1
        for total, parts in done.sums:
            for column in done.columns:
                if not done.cell(total, column).hidden:
                    assert sum(done.cell(p, column).hidden for p in parts) != 1

    @given(tables())
    def test_shown_values_are_the_true_ones(self, drawn: tuple[ReportTable, list[str]]) -> None:
        table, groups = drawn
        done = suppress(table, groups)
        for key, cell in done.cells.items():
            if not cell.hidden:
                assert cell.value == table.cells[key].value


def test_area_of_address() -> None:
    assert ("1030", "Schaerbeek") == area_of_address("Rue Josaphat 112, boîte 3, 1030 Schaerbeek")
    assert area_of_address("Rue 4000, Liège") is None


class TestAnyCasebook:
    @settings(max_examples=25, deadline=None)
    @given(st.lists(case_histories(max_size=12), min_size=0, max_size=14),
           st.sampled_from([None, "month", "quarter", "partner", "neighbourhood"]))
    def test_real_reports_hide_small_cells(
        self, histories: list[tuple[CaseOpened, list[e.Entry]]], by: str | None
    ) -> None:
        """On any casebook: no shown cell stands for fewer than 5 households, none alone."""
        store = MemoryStore()
        for index, (opened, entries) in enumerate(histories):
            rows, personal = encode_history(f"c-{index}", [opened, *entries])
            store.append(f"c-{index}", 0, rows, personal)
        report = activity_report(case_views(store), date(2025, 1, 1), date(2026, 12, 31),
                                 by=by, partners=["cpas"])
        for table in report.tables:
            for cell in table.cells.values():
                assert cell.hidden or cell.n >= THRESHOLD
            if len(report.groups) > 1:
                for row in table.rows:
                    if not table.cell(row, TOTAL).hidden:
                        assert sum(table.cell(row, g).hidden for g in report.groups) != 1
        text = render_report(report, "csv", "en").decode()
        for index in range(len(histories)):
            assert f"c-{index}," not in text
