"""Tests of the stored form of entries: converter, canonical JSON, vault, hashes, upcasting."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.errors import ValidationError
from clss_housing.ledger import codec
from clss_housing.ledger.codec import (
    GENESIS_HASH,
    Recorded,
    StoredRow,
    canonical_json,
    chain_hash,
    decode_row,
    encode_entry,
    format_recorded_at,
    index_vault,
    schema_version,
    structure,
    unstructure,
    verify_rows,
)
from clss_housing.ledger.entries import (
    ENTRY_TYPES,
    ERASED,
    CaseOpened,
    Entry,
    Judgment,
    Note,
    Payment,
    RehousingApplication,
    RentDue,
    entry_fields,
)
from clss_housing.money import Money
from tests.strategies import ENTRY_STRATEGIES, any_entry, case_ids, moments


D = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=UTC)
PREV = "a" * 64
KINDS = sorted(ENTRY_TYPES)


def personal_values(entry: Entry) -> dict[str, str]:
    """The non-empty personal values of ``entry`` by field name."""
    return {
        s.name: getattr(entry, s.name)
        for s in entry_fields(type(entry))
        if s.personal and getattr(entry, s.name)
    }


def erased(entry: Entry) -> Entry:
    """``entry`` as it reads once its personal values are erased."""
    changes: dict[str, Any] = dict.fromkeys(personal_values(entry), ERASED)
    return attrs.evolve(entry, **changes)


class TestRoundTrip:
    """Every kind comes back from storage exactly as it went in."""

    @pytest.mark.parametrize("kind", KINDS)
    @settings(max_examples=15, deadline=None)
    @given(data=st.data())
    def test_encode_decode(self, kind: str, data: st.DataObject) -> None:
        """It decodes each stored row and its vault to the same recorded entry."""
        entry = data.draw(ENTRY_STRATEGIES[ENTRY_TYPES[kind]])
        case_id = data.draw(case_ids())
        sequence = data.draw(st.integers(1, 10_000))
        moment = data.draw(moments())
        row, vault, recorded = encode_entry(case_id, sequence, entry, PREV, moment)
        decoded = decode_row(row, index_vault(vault))
        assert entry == decoded.entry
        assert recorded == decoded
        assert Recorded(case_id, sequence, moment, entry, row.hash, PREV) == decoded

    @settings(max_examples=100, deadline=None)
    @given(any_entry())
    def test_structure_unstructure(self, entry: Entry) -> None:
        """It rebuilds an entry from its unstructured payload, which survives JSON."""
        payload = unstructure(entry)
        assert entry == structure(entry.kind, payload)
        assert entry == structure(entry.kind, json.loads(canonical_json(payload)))

    @settings(max_examples=100, deadline=None)
    @given(any_entry(), moments())
    def test_canonical_json_is_stable(self, entry: Entry, moment: datetime) -> None:
        """It stores canonical JSON, identical on every encoding but for the vault digests."""
        row1, vault1, _ = encode_entry("C-1", 1, entry, GENESIS_HASH, moment)
        row2, vault2, _ = encode_entry("C-1", 1, entry, GENESIS_HASH, moment)
        assert row1.payload == canonical_json(json.loads(row1.payload))
        if vault1:
            assert row1.payload != row2.payload  # fresh random salts
            strip = {r.key: {"pii": "x"} for r in vault1}
            assert {**json.loads(row1.payload), **strip} == {**json.loads(row2.payload), **strip}
            assert [r.value for r in vault1] == [r.value for r in vault2]
        else:
            assert row1 == row2

    @settings(max_examples=100, deadline=None)
    @given(any_entry(), moments())
    def test_decode_after_erasure(self, entry: Entry, moment: datetime) -> None:
        """It reads erased personal fields as ERASED and every other field unchanged."""
        row, _vault, _ = encode_entry("C-1", 3, entry, PREV, moment)
        assert erased(entry) == decode_row(row, {}).entry

    @settings(max_examples=100, deadline=None)
    @given(any_entry())
    def test_personal_values_kept_out_of_payload(self, entry: Entry) -> None:
        """It replaces each personal value in the payload by a digest and keeps it in the vault."""
        row, vault, _ = encode_entry("C-1", 1, entry, GENESIS_HASH, AT)
        payload = json.loads(row.payload)
        keys = {s.name: s.key for s in entry_fields(type(entry))}
        values = personal_values(entry)
        assert {keys[name] for name in values} == {r.key for r in vault}
        for name, value in values.items():
            assert ["pii"] == list(payload[keys[name]])
            assert value == {r.key: r.value for r in vault}[keys[name]]
        assert all(r.case_id == "C-1" and r.sequence == 1 for r in vault)
        assert all(len(bytes.fromhex(r.salt)) == 16 for r in vault)


class TestStoredForm:
    """What a payload looks like on disk."""

    def test_canonical_json(self) -> None:
        """It sorts keys, drops spaces and keeps non-ASCII characters."""
        assert '{"a":"é 😀","b":[1,2]}' == canonical_json({"b": [1, 2], "a": "é 😀"})

    def test_stable_keys_and_types(self) -> None:
        """It stores amounts as cents, dates as ISO text and fields under their stable keys."""
        row, _, _ = encode_entry(
            "C-1", 2, RehousingApplication(date=D, channel="ais"), PREV, AT
        )
        assert {"date": "2026-03-02", "with": "ais"} == json.loads(row.payload)
        row, _, _ = encode_entry("C-1", 2, RentDue(date=D, amount=Money(75000)), PREV, AT)
        assert '{"amount":75000,"date":"2026-03-02"}' == row.payload
        note = unstructure(Note(date=D, text="x", note_category="health"))
        assert "health" == note["category"]

    def test_row_columns(self) -> None:
        """It fills every column and hashes them with the previous hash."""
        entry = Judgment(date=D, outcome="eviction", default=True)
        row, vault, recorded = encode_entry("C-1", 7, entry, PREV, AT)
        assert ("C-1", 7, "judgment", schema_version("judgment"), PREV) == (
            row.case_id, row.sequence, row.kind, row.schema, row.prev_hash,
        )
        assert "2026-03-02T09:30:00.123456+00:00" == row.recorded_at
        assert [] == vault
        assert row.hash == chain_hash(
            PREV, "C-1", 7, "judgment", schema_version("judgment"), row.recorded_at, row.payload
        )
        assert 64 == len(row.hash)
        assert (row.hash, PREV, AT) == (recorded.hash, recorded.prev_hash, recorded.recorded_at)

    def test_empty_personal_value_stays(self) -> None:
        """It keeps an empty optional personal value in the payload (nothing to protect)."""
        row, vault, _ = encode_entry("C-1", 2, Payment(date=D, amount=Money(1)), PREV, AT)
        assert [] == vault
        assert "" == json.loads(row.payload)["reference"]
        assert "" == decode_row(row, {}).entry.reference  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        "moment",
        [
            datetime(2026, 3, 2, 10, 30, 0, 123456, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=UTC),
        ],
    )
    def test_recorded_at_in_utc(self, moment: datetime) -> None:
        """It writes moments in UTC with microseconds whatever their time zone."""
        assert "2026-03-02T09:30:00.123456+00:00" == format_recorded_at(moment)

    def test_chain_of_encoded_rows_verifies(self) -> None:
        """It links each row to the previous one so that the whole chain verifies."""
        prev = GENESIS_HASH
        rows = []
        for sequence in range(1, 5):
            row, _, _ = encode_entry(
                "C-1", sequence, RentDue(date=D, amount=Money(sequence)), prev, AT
            )
            rows.append(row)
            prev = row.hash
        assert None is verify_rows("C-1", rows)
        assert len({r.hash for r in rows}) == 4


class TestDecodeRefuses:
    """Rows that cannot be read give a ValidationError, never a crash."""

    def row(self, **changes: Any) -> StoredRow:
        """A valid rent_due row with ``changes`` applied."""
        row, _, _ = encode_entry("C-1", 2, RentDue(date=D, amount=Money(100)), PREV, AT)
        return attrs.evolve(row, **changes)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"kind": "tea_party"}, "kind"),
            ({"payload": '{"amount":"100","date":"2026-03-02"}'}, "amount"),
            ({"payload": '{"amount":1.5,"date":"2026-03-02"}'}, "amount"),
            ({"payload": '{"amount":100,"date":"2026-03-02T10:00"}'}, "date"),
            ({"payload": '{"amount":100,"date":"02/03/2026"}'}, "date"),
            ({"payload": '{"amount":100,"date":20260302}'}, "date"),
            ({"payload": '{"amount":-100,"date":"2026-03-02"}'}, "amount"),
            ({"payload": '{"amount":100,"date":"2026-03-02","extra":1}'}, "rent_due"),
            ({"payload": '{"date":"2026-03-02"}'}, "rent_due"),
        ],
    )
    def test_bad_payload(self, changes: dict[str, Any], field: str) -> None:
        """It refuses a payload that does not make a valid entry, naming the field."""
        with pytest.raises(ValidationError) as info:
            decode_row(self.row(**changes), {})
        assert field == info.value.field

    def test_newer_schema(self) -> None:
        """It refuses a row written by a newer version of the library."""
        with pytest.raises(ValidationError) as info:
            decode_row(self.row(schema=schema_version("judgment") + 1), {})
        assert "schema" == info.value.field
        assert schema_version("judgment") + 1 == info.value.value

    @pytest.mark.parametrize("schema", [0, -5, "1"])
    def test_older_schema_without_upcaster(self, schema: Any) -> None:
        """It refuses an older or malformed schema it has no upcaster for."""
        with pytest.raises(ValidationError) as info:
            decode_row(self.row(schema=schema), {})
        assert "schema" == info.value.field


class TestUpcasters:
    """Old payloads are brought to the current schema when read."""

    def test_fake_upcaster_for_an_older_schema(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """It runs the registered upcaster on a row of an older schema (and only then)."""
        old = schema_version("judgment") - 1
        calls: list[dict[str, Any]] = []

        def add_default(payload: dict[str, Any]) -> dict[str, Any]:
            calls.append(dict(payload))
            payload = dict(payload)
            payload["default"] = payload.pop("by_default", False)
            return payload

        monkeypatch.setattr(codec, "UPCASTERS", {("judgment", old): add_default})
        current, _, _ = encode_entry(
            "C-1", 2, Judgment(date=D, outcome="eviction", default=True), PREV, AT
        )
        stored = attrs.evolve(
            current,
            schema=old,
            payload='{"by_default":true,"date":"2026-03-02","outcome":"eviction"}',
        )
        assert Judgment(date=D, outcome="eviction", default=True) == decode_row(stored, {}).entry
        assert 1 == len(calls)
        assert Judgment(date=D, outcome="eviction", default=True) == decode_row(current, {}).entry
        assert 1 == len(calls)

    def test_upcasters_chain(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """It applies one upcaster per version, in order, up to the kind's current schema."""
        monkeypatch.setattr(RentDue, "schema", 3)
        steps: list[int] = []

        def step(version: int, rename: tuple[str, str]) -> Any:
            def upcaster(payload: dict[str, Any]) -> dict[str, Any]:
                steps.append(version)
                payload = dict(payload)
                payload[rename[1]] = payload.pop(rename[0])
                return payload

            return upcaster

        monkeypatch.setattr(codec, "UPCASTERS", {
            ("rent_due", 1): step(1, ("sum", "total")),
            ("rent_due", 2): step(2, ("total", "amount")),
        })
        row = StoredRow(
            "C-1", 2, "rent_due", 1, format_recorded_at(AT), '{"date":"2026-03-02","sum":900}',
            PREV, "0" * 64,
        )
        assert RentDue(date=D, amount=Money(900)) == decode_row(row, {}).entry
        assert [1, 2] == steps
        row3, _, _ = encode_entry("C-1", 3, RentDue(date=D, amount=Money(5)), PREV, AT)
        assert 3 == row3.schema
        # Versions are per kind: a judgment is still written at its own version.
        row_j, _, _ = encode_entry("C-1", 4, Judgment(date=D, outcome="eviction"), PREV, AT)
        assert 1 == row_j.schema

    def test_upcasters_restored(self) -> None:
        """It leaves no fake upcaster or schema behind after the tests above."""
        assert 1 == schema_version("rent_due")
        assert 1 == schema_version("judgment")
        assert {} == dict(codec.UPCASTERS)
        with pytest.raises(TypeError):
            codec.UPCASTERS[("rent_due", 1)] = dict  # type: ignore[index]


class TestOpeningCharges:
    """The opening entry's optional charges."""

    def test_charges_none_round_trips(self) -> None:
        """It stores an opening built without charges and reads it back with zero charges."""
        entry = CaseOpened(
            date=D, tenant="T", landlord="L", address="A", rent=Money(1),
            charges=None,  # type: ignore[arg-type]
        )
        row, vault, _ = encode_entry("C-1", 1, entry, GENESIS_HASH, AT)
        assert Money(0) == decode_row(row, index_vault(vault)).entry.charges  # type: ignore[attr-defined]
