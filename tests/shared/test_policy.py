"""The sharing policy against a hand-written model, and through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.errors import ValidationError
from clss_housing.ledger.actor import Actor
from clss_housing.ledger.codec import Recorded
from clss_housing.ledger.entries import (
    CaseOpened,
    ConsentGiven,
    ConsentWithdrawn,
    Entry,
    Note,
    Referral,
    ReferralAccepted,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.sharing.policy import entry_category, sight, visible_history
from clss_housing.view import CaseView
from tests.cli.conftest import Run


PARTNERS = ("cpas", "ssm", "uls")
SCOPES = ("health", "finance", "housing", "general", "legal")
START = date(2026, 1, 1)


def _event() -> st.SearchStrategy[tuple[Entry, str]]:
    day = st.integers(0, 30).map(lambda n: START + timedelta(days=n))
    partner = st.sampled_from(PARTNERS)
    scope = st.sampled_from(SCOPES)
    entry = st.one_of(
        st.builds(lambda d, p, s: ConsentGiven(date=d, partner=p, scope=s), day, partner, scope),
        st.builds(lambda d, p, s: ConsentWithdrawn(date=d, partner=p, scope=s), day, partner,
                  scope),
        st.builds(lambda d, p: Referral(date=d, partner=p), day, partner),
        st.builds(lambda d, p: ReferralAccepted(date=d, partner=p), day, partner),
        st.builds(lambda d, s: Note(date=d, text="x", note_category=s), day, scope),
        st.builds(lambda d: RentDue(date=d, amount=Money(100)), day),
    )
    return st.tuples(entry, st.sampled_from((*PARTNERS, "local")))


def _view(opener: str, events: list[tuple[Entry, str]]) -> CaseView:
    moment = datetime(2026, 2, 1, tzinfo=UTC)
    opening = CaseOpened(date=START, tenant="T", landlord="L", address="A", rent=Money(1))
    records = [Recorded("C-1", 1, moment, opening, "h1", "h0", Actor("u", opener))]
    for n, (entry, by) in enumerate(events, start=2):
        records.append(Recorded("C-1", n, moment, entry, f"h{n}", f"h{n - 1}", Actor("u", by)))
    return CaseView("C-1", tuple(records))


def model(view: CaseView, partner: str, on: date) -> tuple[bool, set[int]]:
    """The rules of the issue, written plainly and separately from the policy module."""
    involved = False
    for r in view.records:
        if r.sequence == 1 and r.by is not None and r.by.partner == partner:
            involved = True
        if r.entry.date > on:
            continue
        if r.by is not None and r.by.partner == partner:
            involved = True
        if isinstance(r.entry, ReferralAccepted) and r.entry.partner == partner:
            involved = True
    if not involved:
        return False, set()
    consent: dict[str, bool] = {}
    dated = sorted(
        (r.entry.date, r.sequence, r.entry)
        for r in view.records
        if isinstance(r.entry, (ConsentGiven, ConsentWithdrawn))
        and r.entry.partner == partner and r.entry.date <= on
    )
    for _d, _s, e in dated:
        consent[e.scope] = isinstance(e, ConsentGiven)
    shown = set()
    for r in view.records:
        if r.entry.date > on:
            continue
        category = r.entry.note_category if isinstance(r.entry, Note) else type(r.entry).category
        if (r.sequence == 1 or (r.by is not None and r.by.partner == partner)
                or consent.get(category, False)):
            shown.add(r.sequence)
    return True, shown


@given(
    st.sampled_from((*PARTNERS, "local")),
    st.lists(_event(), max_size=25),
    st.sampled_from(PARTNERS),
    st.integers(-2, 35),
)
def test_policy_equals_the_model(
    opener: str, events: list[tuple[Entry, str]], partner: str, offset: int
) -> None:
    """For random ledgers and (partner, date), the policy shows exactly what the model does."""
    view = _view(opener, events)
    on = START + timedelta(days=offset)
    seen = sight(view, partner, on)
    involved, shown = model(view, partner, on)
    assert (involved, shown) == (seen.involved, set(seen.visible))
    if not involved:
        with pytest.raises(ValidationError, match="not involved"):
            seen.require_involved()


@given(st.lists(_event(), max_size=10))
def test_the_lead_sees_everything(events: list[tuple[Entry, str]]) -> None:
    """The lead (partner None) sees every entry."""
    view = _view("local", events)
    assert view.records == visible_history(view, sight(view, None, START))


def test_entry_category_of_a_note_is_its_own() -> None:
    """A note's category is its field, other entries their kind's."""
    assert "health" == entry_category(Note(date=START, text="x", note_category="health"))
    assert "finance" == entry_category(RentDue(date=START, amount=Money(1)))


class TestCli:
    def test_health_note_under_consent(self, run: Run, open_case: object) -> None:
        """Not involved: refused; referred and accepted: no note; consent: note; withdrawn: gone."""
        assert callable(open_case)
        case_id = open_case()
        ssm = ("--as", "bob@ssm-le-meridien")
        assert 0 == run("case", "record", case_id, "note", "--date", "2026-01-02",
                        "--set", "text=Suivi psy", "--set", "category=health").exit_code
        refused = run(*ssm, "case", "history", case_id)
        assert 1 == refused.exit_code
        assert "not involved" in refused.stderr
        assert "Suivi" not in refused.output
        assert 0 == run("case", "record", case_id, "referral", "--date", "2026-01-03",
                        "--set", "partner=ssm-le-meridien").exit_code
        assert 0 == run(*ssm, "case", "record", case_id, "referral_accepted",
                        "--date", "2026-01-04", "--set", "partner=ssm-le-meridien").exit_code

        def kinds() -> list[str]:
            result = run(*ssm, "case", "history", case_id, "--json")
            assert 0 == result.exit_code, result.output
            return [i["kind"] for i in json.loads(result.stdout)]

        assert "note" not in kinds()
        assert 0 == run(*ssm, "case", "show", case_id).exit_code  # balance, states: involved
        assert 0 == run("case", "record", case_id, "consent_given", "--date", "2026-01-05",
                        "--set", "partner=ssm-le-meridien", "--set", "scope=health").exit_code
        assert "note" in kinds()
        assert 0 == run("case", "record", case_id, "consent_withdrawn", "--date", "2026-01-06",
                        "--set", "partner=ssm-le-meridien", "--set", "scope=health").exit_code
        assert "note" not in kinds()
        lead = json.loads(run("case", "history", case_id, "--json").stdout)
        assert "note" in [i["kind"] for i in lead]
        audit = json.loads(run("audit", case_id, "--json").stdout)
        assert {"ssm-le-meridien", "local"} >= {a["by"]["partner"] for a in audit}
        assert any(a["by"]["user"] == "bob" for a in audit)

    def test_unknown_partner_did_you_mean(self, run: Run, open_case: object) -> None:
        """A typo in a referral is refused with the close ids; nothing is written."""
        assert callable(open_case)
        case_id = open_case()
        before = run("case", "history", case_id, "--json").stdout
        result = run("case", "record", case_id, "referral", "--set", "partner=cpsa")
        assert 1 == result.exit_code
        assert "did you mean cpas" in result.stderr
        assert before == run("case", "history", case_id, "--json").stdout
        alias = run("case", "record", case_id, "consent_given", "--set",
                    "partner=cpas-schaerbeek", "--set", "scope=finance")
        assert 0 == alias.exit_code, alias.output

    def test_referral_answers_need_a_pending_referral(self, run: Run, open_case: object) -> None:
        """Accepting without a referral, or closing one not accepted, is refused."""
        assert callable(open_case)
        case_id = open_case()
        no = run("case", "record", case_id, "referral_accepted", "--set", "partner=cpas")
        assert 1 == no.exit_code
        assert 0 == run("case", "record", case_id, "referral", "--set", "partner=cpas").exit_code
        assert 1 == run("case", "record", case_id, "referral_closed",
                        "--set", "partner=cpas").exit_code
        assert 0 == run("case", "record", case_id, "referral_declined", "--set", "partner=cpas",
                        "--set", "reason=hors zone").exit_code

    def test_partner_registry_commands(self, run: Run) -> None:
        """partner add/list/show; an alias already taken is refused."""
        added = run("partner", "add", "mm-botanique", "--name-fr", "Maison médicale",
                    "--name-nl", "Medisch huis", "--kind", "medical", "--alias", "mmb")
        assert 0 == added.exit_code, added.output
        shown = json.loads(run("partner", "show", "MMB", "--json").stdout)
        assert ("mm-botanique", "medical", "casebook") == (
            shown["id"], shown["kind"], shown["source"])
        listed = [p["id"] for p in json.loads(run("partner", "list", "--json").stdout)]
        assert {"cpas", "mm-botanique", "ssm-le-meridien", "ul-schaerbeek"} <= set(listed)
        taken = run("partner", "add", "other", "--name-fr", "A", "--name-nl", "B",
                    "--kind", "other", "--alias", "cpas")
        assert 1 == taken.exit_code
        bad_kind = run("partner", "add", "x", "--name-fr", "A", "--name-nl", "B",
                       "--kind", "hospital")
        assert 1 == bad_kind.exit_code  # a bad value is a refusal (CLI contract)


class TestInbox:
    def test_referred_to_and_status(self, run: Run, open_case: object) -> None:
        """`case list --referred-to P --status open` is P's inbox; a partner lists its own cases."""
        assert callable(open_case)
        first, second, third = open_case(), open_case(), open_case()
        assert 0 == run("case", "record", first, "referral", "--set", "partner=cpas").exit_code
        assert 0 == run("case", "record", second, "referral", "--set",
                        "partner=cpas-schaerbeek").exit_code
        assert 0 == run("case", "record", second, "referral_declined", "--set", "partner=cpas",
                        "--set", "reason=non").exit_code

        def ids(*args: str) -> set[str]:
            result = run(*args, "--json")
            assert 0 == result.exit_code, result.output
            return {i["id"] for i in json.loads(result.stdout)}

        assert {first} == ids("case", "list", "--referred-to", "cpas", "--status", "open")
        assert {first, second} == ids("case", "list", "--referred-to", "cpas")
        assert {second} == ids("case", "list", "--referred-to", "cpas", "--status", "declined")
        assert {first, second, third} == ids("case", "list")
        # The CPAS accepts the first referral: it is involved there, and only there.
        assert 0 == run("--as", "eva@cpas", "case", "record", first, "referral_accepted",
                        "--set", "partner=cpas").exit_code
        assert {first} == ids("--as", "eva@cpas", "case", "list")
        refused = run("case", "list", "--status", "open")
        assert 1 == refused.exit_code


def test_a_partner_writes_only_where_involved(run: Run, open_case: object) -> None:
    """Not involved: refused (nothing written); answering a referral to it: allowed."""
    assert callable(open_case)
    case_id = open_case()
    before = run("case", "history", case_id, "--json").stdout
    refused = run("--as", "eva@cpas", "case", "record", case_id, "rent_due", "--amount", "1")
    assert 1 == refused.exit_code
    assert "not involved" in refused.stderr
    assert before == run("case", "history", case_id, "--json").stdout
    assert 0 == run("case", "record", case_id, "referral", "--set", "partner=cpas").exit_code
    assert 0 == run("--as", "eva@cpas", "case", "record", case_id, "referral_accepted",
                    "--set", "partner=cpas").exit_code
    assert 0 == run("--as", "eva@cpas", "case", "record", case_id, "rent_due",
                    "--amount", "1").exit_code


def test_deadlines_as_a_partner_list_its_cases_only(run: Run, open_case: object) -> None:
    """`deadlines` acting as a partner leaves out the cases it is not involved in."""
    assert callable(open_case)
    mine, other = open_case(), open_case()
    for case_id in (mine, other):
        assert 0 == run("case", "record", case_id, "notice_received", "--date",
                        "2026-01-10").exit_code
    assert 0 == run("case", "record", mine, "referral", "--date", "2026-01-05",
                    "--set", "partner=cpas").exit_code
    assert 0 == run("--as", "eva@cpas", "case", "record", mine, "referral_accepted",
                    "--date", "2026-01-06", "--set", "partner=cpas").exit_code

    def cases(*args: str) -> set[str]:
        result = run(*args, "deadlines", "--as-of", "2026-01-11", "--within", "400", "--json")
        assert 0 == result.exit_code, result.output
        return {d["case"] for d in json.loads(result.stdout)}

    assert {mine, other} <= cases()
    assert {mine} == cases("--as", "eva@cpas")
