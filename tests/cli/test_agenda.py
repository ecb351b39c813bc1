"""``clss-housing agenda``: deadlines by day, what to check today, and sending it by e-mail."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.deadlines import case_deadlines
from clss_housing.documents.agenda import build_agenda, render_agenda
from clss_housing.ledger.entries import NoticeReceived
from clss_housing.money import Money
from clss_housing.plugins import PluginEnvironment

from .conftest import Run


TENANT = "Élise Dupont-Vandenbroucke"


class _Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.content
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(data)))
        return "250 Message accepted for delivery"


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    """A real SMTP server on the loopback interface, for the duration of one test."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def notice_case(run: Run, open_case: Callable[..., str]) -> str:
    """A case whose formal notice (1 Dec 2026) starts the waiting period."""
    case = open_case()
    done = run("case", "record", case, "notice_received", "--date", "2026-12-01")
    assert 0 == done.exit_code, done.output
    return case


def _config(tmp_path: Path, port: int, **extra: str) -> Path:
    lines = ["[mail]", 'host = "127.0.0.1"', f"port = {port}",
             'sender = "agenda@union.example"', *(f"{k} = {v}" for k, v in extra.items())]
    path = tmp_path / "clss-housing.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class TestAgendaContent:
    def test_deadline_is_on_the_engines_day(self, run: Run, db_url: str, notice_case: str) -> None:
        """The waiting period's end is listed on the day the deadline engine gives."""
        with Casebook.open(db_url) as book:
            view = book.load(notice_case)
            expected = next(
                d for d in case_deadlines(view, date(2026, 12, 1), rules=book.env.rules,
                                          settings=book.env.settings)
                if d.rule == "pre_court_waiting_period"
            )
        assert expected.date is not None
        done = run("agenda", "--as-of", "2026-12-01", "--within", "60", "--json")
        assert 0 == done.exit_code, done.output
        items = json.loads(done.stdout)["items"]
        found = [i for i in items if i["case"] == notice_case and i["kind"] == "deadline"]
        assert expected.date.isoformat() in {i["day"] for i in found}
        text = run("agenda", "--as-of", "2026-12-01", "--within", "60").stdout
        assert notice_case in text
        assert TENANT not in text

    def test_window_is_respected(self, run: Run, notice_case: str) -> None:
        """Nothing outside [as-of, as-of + within] is listed."""
        done = run("agenda", "--as-of", "2026-12-01", "--within", "3", "--json")
        items = json.loads(done.stdout)["items"]
        for item in items:
            if item["kind"] in ("deadline", "hearing"):
                assert "2026-12-01" <= item["day"] <= "2026-12-04"

    def test_names_only_when_asked(self, run: Run, notice_case: str) -> None:
        """Tenants' names appear with --names only."""
        shown = run("agenda", "--as-of", "2026-12-01", "--within", "60", "--names").stdout
        assert TENANT in shown

    def test_partner_filter(self, run: Run, open_case: Callable[..., str]) -> None:
        """--for keeps only the cases a referral or consent ties to that partner."""
        first, second = open_case(), open_case()
        for case in (first, second):
            assert 0 == run("case", "record", case, "notice_received",
                            "--date", "2026-12-01").exit_code
        assert 0 == run("case", "record", first, "referral", "--date", "2026-12-02",
                        "--set", "partner=cpas").exit_code
        done = run("agenda", "--as-of", "2026-12-03", "--within", "60", "--for", "CPAS",
                   "--json")
        cases = {i["case"] for i in json.loads(done.stdout)["items"]}
        assert {first} == cases

    def test_irregularity_to_check_today(self, run: Run, notice_case: str) -> None:
        """A petition filed inside the waiting period is listed to check today."""
        assert 0 == run("case", "record", notice_case, "petition_filed", "--date", "2026-12-10",
                        "--set", "eviction=true").exit_code
        done = run("agenda", "--as-of", "2026-12-11", "--json")
        items = json.loads(done.stdout)["items"]
        irregular = [i for i in items if i["kind"] == "irregularity"]
        assert irregular
        assert all(i["day"] == "2026-12-11" for i in irregular)
        assert all(i["basis"] for i in irregular)

    @pytest.mark.parametrize(("lang", "word"), [("fr", "Agenda du"), ("nl", "Agenda van"),
                                                ("en", "Agenda from")])
    @pytest.mark.parametrize("fmt", ["txt", "md", "html"])
    def test_languages_and_formats(self, run: Run, notice_case: str, lang: str, word: str,
                                   fmt: str) -> None:
        """Every language in every format."""
        done = run("agenda", "--as-of", "2026-12-01", "--within", "60", "--lang", lang,
                   "--format", fmt)
        assert 0 == done.exit_code, done.output
        assert word in done.stdout
        if fmt == "html":
            assert f'<html lang="{lang}">' in done.stdout

    def test_out_file(self, run: Run, notice_case: str, tmp_path: Path) -> None:
        """--out writes the file and says so."""
        target = tmp_path / "agenda.md"
        done = run("agenda", "--as-of", "2026-12-01", "--format", "md", "--out", str(target))
        assert 0 == done.exit_code, done.output
        assert target.read_text(encoding="utf-8").startswith("# Agenda")

    @pytest.mark.parametrize("args", [
        ["--lang", "de"], ["--within", "-1"], ["--within", "9999"], ["--as-of", "31/12/2026x"],
        ["--out", "/no/such/folder/agenda.txt"],
    ])
    def test_bad_values_exit_1(self, run: Run, notice_case: str, args: list[str]) -> None:
        """Bad values are refused with exit 1."""
        done = run("agenda", *args)
        assert 1 == done.exit_code, done.output


class TestAgendaByMail:
    def test_mail_reaches_a_real_smtp_server(
        self, run: Run, notice_case: str, db_path: Path, smtp: tuple[_Inbox, int],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The agenda is sent (text and HTML) to the address, without any tenant's name."""
        inbox, port = smtp
        monkeypatch.setenv("CLSS_HOUSING_CONFIG", str(_config(db_path.parent, port)))
        done = run("agenda", "--as-of", "2026-12-01", "--within", "60",
                   "--mail-to", "worker@union.example")
        assert 0 == done.exit_code, done.output
        assert 1 == len(inbox.messages)
        sender, rcpts, mail = inbox.messages[0]
        assert "agenda@union.example" == sender
        assert ["worker@union.example"] == rcpts
        assert "01/12/2026" in mail["Subject"]
        bodies = [_text(part) for part in mail.walk() if part.get_content_maintype() == "text"]
        assert 2 == len(bodies)
        assert all(notice_case in body for body in bodies)
        assert all(TENANT not in body for body in bodies)

    def test_config_beside_the_database(
        self, run: Run, notice_case: str, db_path: Path, smtp: tuple[_Inbox, int],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """clss-housing.toml beside the database is read without CLSS_HOUSING_CONFIG."""
        inbox, port = smtp
        monkeypatch.delenv("CLSS_HOUSING_CONFIG", raising=False)
        _config(db_path.parent, port)
        done = run("agenda", "--mail-to", "worker@union.example")
        assert 0 == done.exit_code, done.output
        assert 1 == len(inbox.messages)

    def test_refusals(self, run: Run, notice_case: str, db_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
        """No config, a bad address, names by mail, an unreachable server: exit 1, clear words."""
        monkeypatch.delenv("CLSS_HOUSING_CONFIG", raising=False)
        no_config = run("agenda", "--mail-to", "worker@union.example")
        assert 1 == no_config.exit_code
        assert "[mail]" in no_config.stderr
        config = _config(db_path.parent, _free_port())
        monkeypatch.setenv("CLSS_HOUSING_CONFIG", str(config))
        for bad in ("not-an-address", "a@b.example, c@d.example", "x@y.example\nBcc: z@z"):
            done = run("agenda", "--mail-to", bad)
            assert 1 == done.exit_code, bad
        names = run("agenda", "--mail-to", "worker@union.example", "--names")
        assert 1 == names.exit_code
        unreachable = run("agenda", "--mail-to", "worker@union.example")
        assert 1 == unreachable.exit_code
        assert "mail.host" in unreachable.stderr

    def test_bad_mail_settings_name_the_key(self, run: Run, notice_case: str, db_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
        """A wrong [mail] value is refused with the file and the key."""
        config = _config(db_path.parent, 25, starttls='"yes"')
        monkeypatch.setenv("CLSS_HOUSING_CONFIG", str(config))
        done = run("agenda", "--mail-to", "worker@union.example")
        assert 1 == done.exit_code
        assert "mail.starttls" in done.stderr


class TestAgendaProperties:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        notices=st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
                         min_size=1, max_size=5),
        start=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 6, 30)),
        within=st.integers(min_value=0, max_value=90),
    )
    def test_every_dated_deadline_in_the_window_is_listed(
        self, notices: list[date], start: date, within: int
    ) -> None:
        """The agenda's dated items are exactly the engine's deadlines inside the window."""
        env = PluginEnvironment.core()
        with Casebook.open("memory:", plugins=env) as book:
            views = []
            for notice in notices:
                case = book.open_case(tenant="T", landlord="L", address="Rue X 1, 1030 Schaerbeek",
                                      rent=Money.parse("700"), date=date(2023, 12, 1))
                book.record(case, NoticeReceived(date=notice))
                views.append(book.load(case))
            agenda = build_agenda(views, as_of=start, within=within, lang="en")
            expected = {
                (d.case, d.date, d.title)
                for view in views
                for d in case_deadlines(view, start, lang="en")
                if d.date is not None and start <= d.date <= start + timedelta(days=within)
            }
            listed = {(i.case, i.day, i.title) for i in agenda.items
                      if i.kind in ("deadline", "hearing")}
            assert expected == listed
            assert render_agenda(agenda, "txt")
