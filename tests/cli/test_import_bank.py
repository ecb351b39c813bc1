"""``clss-housing import payments`` with bank exports: presets, --counterparty, --mapping."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result


Run = Callable[..., Result]
OpenCase = Callable[..., str]
Snapshot = Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]

BANKS = Path(__file__).parent.parent / "data" / "bank_exports"
LANDLORD = "BE68 5390 0754 7034"


def payments(run: Run, case_id: str) -> list[tuple[str, str]]:
    result = run("case", "history", case_id, "--json")
    assert 0 == result.exit_code, result.output
    return [(e["date"], e["amount"]) for e in json.loads(result.stdout)[1:]]


def test_a_bnp_paribas_fortis_export_gives_the_rent_payments(
    run: Run, open_case: OpenCase
) -> None:
    """It recognises the export, imports the three rents and says what it left aside."""
    case_id = open_case()
    result = run("import", "payments", case_id, str(BANKS / "bnp-paribas-fortis-fr.csv"),
                 "--counterparty", LANDLORD)
    assert 0 == result.exit_code, result.output
    assert result.stderr.startswith(
        "Recognised a BNP Paribas Fortis export (FR): 3 payments to the counterparty, "
        "2 other transactions not imported.\n")
    assert "line 6: skipped, the bank refused this transaction" in result.stderr
    assert [("2026-01-03", "750.00"), ("2026-02-03", "750.00"),
            ("2026-03-04", "1500.00")] == payments(run, case_id)


def test_without_counterparty_nothing_is_imported(
    run: Run, open_case: OpenCase, snapshot: Snapshot
) -> None:
    """A bank export without --counterparty is refused with exit 1; the ledger is unchanged."""
    case_id = open_case()
    before = snapshot()
    result = run("import", "payments", case_id, str(BANKS / "belfius-nl.csv"))
    assert 1 == result.exit_code
    assert "--counterparty" in result.stderr
    assert "Belfius export of 6 transactions" in result.stderr
    assert before == snapshot()


def test_importing_the_same_export_again_adds_nothing(run: Run, open_case: OpenCase) -> None:
    """The second import lists the three rents as already in the case and records nothing."""
    case_id = open_case()
    args = ("import", "payments", case_id, str(BANKS / "kbc-nl.csv"), "--counterparty", "immo")
    assert 0 == run(*args).exit_code
    again = run(*args, "--json")
    assert 0 == again.exit_code, again.output
    doc = json.loads(again.stdout)
    assert (0, [2, 4, 7], "kbc-nl", 2) == (
        doc["appended"], doc["duplicates"], doc["bank"], doc["other_transactions"])
    assert 3 == len(payments(run, case_id))


def test_a_mapping_reads_another_layout(run: Run, open_case: OpenCase, tmp_path: Path) -> None:
    """--mapping names the date and amount columns of a file the presets do not know."""
    case_id = open_case()
    sample = tmp_path / "releve.csv"
    sample.write_text("Jour;Somme;Texte\n02/03/2026;700,00;loyer\n", encoding="utf-8")
    result = run("import", "payments", case_id, str(sample), "--mapping", "date=Jour",
                 "--mapping", "amount=Somme", "--mapping", "reference=Texte")
    assert 0 == result.exit_code, result.output
    assert [("2026-03-02", "700.00")] == payments(run, case_id)


def test_a_bad_mapping_is_a_refusal_not_a_crash(
    run: Run, open_case: OpenCase, snapshot: Snapshot
) -> None:
    """A --mapping naming an unknown column exits 1 and names the option."""
    case_id = open_case()
    before = snapshot()
    result = run("import", "payments", case_id, str(BANKS / "ing-fr.csv"), "--mapping", "x=y")
    assert 1 == result.exit_code
    assert "--mapping" in result.stderr
    assert before == snapshot()
