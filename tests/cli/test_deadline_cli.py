"""Irregularities, explanations and settings on the command line (issue 8 §3-§5)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run


def petition_case(run: Run, open_case: Callable[..., str], *, cpas: bool = False) -> str:
    """A case whose petition (20 Jul) came before the waiting period ended (1 Aug)."""
    case_id = open_case()
    for args in (
        ("notice_received", "--date", "2026-07-01"),
        ("petition_filed", "--date", "2026-07-20"),
        *((("cpas_informed", "--date", "2026-07-24"),) if cpas else ()),
    ):
        result = run("case", "record", case_id, *args)
        assert 0 == result.exit_code, result.output
    return case_id


def test_show_json_irregularities(run: Run, open_case: Callable[..., str]) -> None:
    """case show --json lists the irregularities in force at --as-of."""
    case_id = petition_case(run, open_case, cpas=True)
    result = run("case", "show", case_id, "--as-of", "2026-07-21", "--json")
    document = json.loads(result.stdout)
    assert [{
        "code": "petition_before_waiting_period_end",
        "message": (
            "Requête déposée le 2026-07-20 avant la fin du délai d'attente après la mise en "
            "demeure du 2026-07-01 (2026-08-01) : une action n'était possible qu'à partir du "
            "2026-08-02."
        ),
        "basis": "Code bruxellois du Logement art. 233quater (ordonnance du 22 juin 2023)",
        "sequence": 3,
        "date": "2026-07-20",
    }] == document["irregularities"]
    before = run("case", "show", case_id, "--as-of", "2026-07-19", "--json")
    assert [] == json.loads(before.stdout)["irregularities"]


def test_show_text_irregularities_and_explanations(
    run: Run, open_case: Callable[..., str]
) -> None:
    """case show prints the irregularities and how each date was reached, in French."""
    case_id = petition_case(run, open_case, cpas=True)
    text = run("case", "show", case_id, "--as-of", "2026-07-21").stdout
    assert "Irregularities" in text
    assert "! #3 Requête déposée le 2026-07-20" in text
    assert ("1 mois à partir du jeudi 2 juillet 2026 (lendemain de l'acte, Code judiciaire "
            "art. 52) : fin le samedi 1er août 2026") in text


def test_deadline_json_keys(run: Run, open_case: Callable[..., str]) -> None:
    """Each deadline has valid_from, confidence, regime and explanation."""
    case_id = petition_case(run, open_case, cpas=True)
    document = json.loads(run("case", "show", case_id, "--as-of", "2026-07-21", "--json").stdout)
    (waiting,) = [d for d in document["deadlines"] if d["rule"] == "pre_court_waiting_period"]
    assert {
        "valid_from": "2023-09-01", "confidence": "medium", "regime": "brussels_2023",
    } == {k: waiting[k] for k in ("valid_from", "confidence", "regime")}
    assert waiting["explanation"].startswith("1 mois à partir du jeudi 2 juillet 2026")


def test_record_warns_with_basis(run: Run, open_case: Callable[..., str]) -> None:
    """case record warns on stderr when its entry creates an irregularity, and exits 0."""
    case_id = open_case()
    assert 0 == run("case", "record", case_id, "notice_received", "--date", "2026-07-01").exit_code
    result = run("case", "record", case_id, "petition_filed", "--date", "2026-07-20")
    assert 0 == result.exit_code
    assert "Warning: irregularity petition_before_waiting_period_end" in result.stderr
    assert "233quater" in result.stderr
    assert "Recorded petition_filed" in result.stdout
    again = run("case", "record", case_id, "note", "--set", "text=x", "--date", "2026-07-21")
    assert "petition_before_waiting_period_end" not in again.stderr  # not new: not repeated


def test_list_marks_irregular_cases(run: Run, open_case: Callable[..., str]) -> None:
    """case list marks a case with irregularities (JSON: the codes)."""
    irregular = petition_case(run, open_case, cpas=True)
    regular = open_case(tenant="Other")
    items = {i["id"]: i for i in json.loads(run("case", "list", "--json").stdout)}
    assert ["petition_before_waiting_period_end"] == items[irregular]["irregularities"]
    assert [] == items[regular]["irregularities"]
    text = run("case", "list").stdout
    assert "!1" in text
    assert "1 case(s) with irregularities" in text


def test_deadlines_mark_and_recent_passed(run: Run, open_case: Callable[..., str]) -> None:
    """deadlines shows recently passed ones (marked) and marks irregular cases."""
    case_id = petition_case(run, open_case, cpas=True)
    found: list[dict[str, Any]] = json.loads(
        run("deadlines", "--as-of", "2026-08-20", "--within", "10", "--json").stdout
    )
    (waiting,) = [d for d in found if d["rule"] == "pre_court_waiting_period"]
    assert ("2026-08-01", "passed") == (waiting["date"], waiting["status"])
    assert ["petition_before_waiting_period_end"] == waiting["case_irregularities"]
    text = run("deadlines", "--as-of", "2026-08-20", "--within", "10").stdout
    assert "passed 19 d ago" in text
    assert case_id in text
    old = json.loads(run("deadlines", "--as-of", "2026-09-01", "--within", "1", "--json").stdout)
    assert [] == [d for d in old if d["rule"] == "pre_court_waiting_period"]  # 31 days ago


def test_rules_settings_from_file(
    run: Run, open_case: Callable[..., str], tmp_path: Path
) -> None:
    """rules --settings prints each setting, its origin and the rules it changes."""
    config = tmp_path / "union.toml"
    config.write_text('[deadlines]\nmonth_end = "next_month_first"\n', encoding="utf-8")
    result = run("--config", str(config), "rules", "--settings", "--json")
    assert 0 == result.exit_code, result.output
    document = json.loads(result.stdout)
    rows = {r["name"]: r for r in document["settings"]}
    assert str(config) == document["file"]
    assert ("next_month_first", f"{config}: [deadlines] month_end") == (
        rows["month_end"]["value"], rows["month_end"]["origin"]
    )
    assert "default" == rows["execution_art47"]["origin"]
    assert "appeal" in rows["month_end"]["changes"]
    text = run("--config", str(config), "rules", "--settings").stdout
    assert f"file: {config}" in text


def test_settings_change_dates(
    run: Run, open_case: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A setting in CLSS_HOUSING_CONFIG changes the dates shown."""
    case_id = open_case()
    run("case", "record", case_id, "notice_received", "--date", "2026-01-31")
    config = tmp_path / "art53.toml"
    config.write_text("[deadlines]\ncivil_delays_art53 = true\n", encoding="utf-8")

    def waiting() -> str:
        document = json.loads(run("case", "show", case_id, "--as-of", "2026-02-01",
                                  "--json").stdout)
        return str(document["deadlines"][0]["date"])

    assert "2026-02-28" == waiting()
    monkeypatch.setenv("CLSS_HOUSING_CONFIG", str(config))
    assert "2026-03-02" == waiting()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[deadlines]\nmonth_end = "first"\n',
         "[deadlines] month_end: 'first' must be one of last_day, next_month_first"),
        ("[deadlines]\ncpas_information_days = -1\n", "must be a whole number ≥ 0"),
    ],
)
def test_bad_settings_refused(
    run: Run, open_case: Callable[..., str], tmp_path: Path, snapshot: Callable[[], Any],
    content: str, message: str,
) -> None:
    """A bad settings file is refused (exit 1) naming file and key; nothing is written."""
    case_id = open_case()
    config = tmp_path / "bad.toml"
    config.write_text(content, encoding="utf-8")
    before = snapshot()
    result = run("--config", str(config), "case", "record", case_id, "notice_received",
                 "--date", "2026-01-05")
    assert 1 == result.exit_code
    assert message in result.stderr
    assert str(config) in result.stderr
    assert before == snapshot()
    assert 1 == run("--config", str(config), "rules", "--settings").exit_code


class TestCalendarUpdates:
    """``deadlines --ics --remind``: an adjourned hearing updates its event."""

    def test_adjourned_hearing_same_uid_higher_sequence(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path
    ) -> None:
        """Exported before and after the adjournment: one UID, SEQUENCE grows, new date."""
        case = open_case()
        for args in (
            ("petition_filed", "--date", "2026-05-01", "--set", "eviction=non"),
            ("hearing_scheduled", "--date", "2026-05-10", "--set", "hearing_date=2026-06-16"),
        ):
            assert 0 == run("case", "record", case, *args).exit_code
        before = tmp_path / "before.ics"
        after = tmp_path / "after.ics"
        window = ("deadlines", "--within", "120", "--case", case)
        assert 0 == run(*window, "--as-of", "2026-05-11", "--ics", str(before),
                        "--remind", "2").exit_code
        assert 0 == run("case", "record", case, "hearing_adjourned", "--date", "2026-06-16",
                        "--set", "hearing_date=15/09/2026").exit_code
        assert 0 == run(*window, "--as-of", "2026-06-17", "--ics", str(after),
                        "--remind", "2").exit_code

        def hearing(path: Path) -> dict[str, str]:
            blocks = path.read_bytes().decode("utf-8").split("BEGIN:VEVENT")[1:]
            (block,) = [b for b in blocks if f"UID:{case}-hearing@" in b]
            return dict(
                line.split(":", 1) for line in block.split("\r\n") if ":" in line
            )

        old, new = hearing(before), hearing(after)
        assert old["UID"] == new["UID"]
        assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
        assert ("20260616", "20260915") == (old["DTSTART;VALUE=DATE"], new["DTSTART;VALUE=DATE"])
        assert "-P2D" == new["TRIGGER"]

    def test_remind_refused(self, run: Run, open_case: Callable[..., str], tmp_path: Path) -> None:
        """A negative reminder is refused (exit 1) and writes nothing."""
        open_case()
        out = tmp_path / "x.ics"
        result = run("deadlines", "--ics", str(out), "--remind", "-3")
        assert 1 == result.exit_code
        assert "remind" in result.stderr
        assert not out.exists()
