"""
The plugin contract: the checks every partner plugin passes in its own tests.

A plugin's test suite subclasses :class:`PluginContract` and names its module::

    from clss_housing.testing.plugin_contract import PluginContract

    class TestContract(PluginContract):
        entry_point_name = "uls"

        def plugin_module(self):
            import clss_housing_uls.plugin
            return clss_housing_uls.plugin

pytest then runs every ``test_*`` method below against that plugin alone,
registered on a fresh :class:`~clss_housing.plugins.PluginHost` with the
built-ins (no other installed plugin).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from clss_housing.casebook import Casebook
from clss_housing.deadlines import case_deadlines
from clss_housing.deadlines.rules import Rule
from clss_housing.documents import FORMATS, render_letter
from clss_housing.documents.partners import PartnerProfile
from clss_housing.documents.redaction import RedactionPolicy
from clss_housing.ledger.entries import ConsentGiven
from clss_housing.money import Money
from clss_housing.plugins import PROJECT, PluginEnvironment, PluginHost, PluginLetter
from clss_housing.testing.samples import SAMPLE_LETTERHEAD, build_sample_cases


__all__ = ["SAMPLE_AS_OF", "PluginContract", "sample_case"]

#: The date letters are rendered and rules computed at.
SAMPLE_AS_OF = date(2026, 3, 2)


def sample_case(book: Casebook) -> str:
    """Open the documents engine's French arrears sample case in ``book``; return its id."""
    return build_sample_cases(book)["arrears"]


class PluginContract:
    """
    The shared contract; subclass it, set :attr:`entry_point_name`, implement :meth:`plugin_module`.

    Each check uses only the public hooks, so it holds whatever the plugin's insides.
    """

    #: The name of the plugin's entry point in the ``clss_housing`` group.
    entry_point_name: ClassVar[str] = ""

    def plugin_module(self) -> object:
        """
        Return the plugin object: the entry point's module, or a fresh instance of its class.

        (A plugin whose entry point names a class gets one instance per host.)
        """
        raise NotImplementedError

    # -- fixtures made by hand (no pytest import needed at import time) -----------------------

    def host(self) -> PluginHost:
        """A fresh host with the built-ins and this plugin only."""
        assert self.entry_point_name, "set entry_point_name"
        h = PluginHost(load_entry_points=False, extra=[(self.entry_point_name,
                                                        self.plugin_module())])
        return h

    def env(self) -> PluginEnvironment:
        """The environment of the built-ins and this plugin only."""
        return PluginEnvironment.from_host(self.host())

    def _failures(self, h: PluginHost) -> list[Any]:
        return [f for f in h.failures if f.plugin == self.entry_point_name]

    # -- the checks ---------------------------------------------------------------------------

    def test_registers_without_failure(self) -> None:
        """It registers under its entry-point name and implements at least one known hook."""
        h = self.host()
        names = {i.name: i for i in h.plugins()}
        assert self._failures(h) == []
        assert self.entry_point_name in names
        assert names[self.entry_point_name].hooks
        assert all(hook.startswith(PROJECT) for hook in names[self.entry_point_name].hooks)

    def test_profiles_are_valid_and_unique(self) -> None:
        """Its partner profiles are PartnerProfile objects with unique ids not taken by others."""
        h = self.host()
        found = h.collect(
            "clss_housing_partners", lambda p: isinstance(p, PartnerProfile), "PartnerProfile"
        )
        ids = [p.id for name, p in found if name == self.entry_point_name]
        assert self._failures(h) == []
        assert len(set(ids)) == len(ids)
        for _, profile in found:
            assert profile.name_fr.strip()
            assert profile.name_nl.strip()

    def test_letters_render_in_every_language_and_format(self) -> None:
        """Each of its letters is in the environment's catalogue and renders in fr and nl."""
        env = self.env()
        assert self._failures(env.host) == []
        letters = [
            item for name, item in env.host.collect(
                "clss_housing_letters", lambda _: True, "letter"
            ) if name == self.entry_point_name
        ]
        book = Casebook.open("memory:", plugins=env)
        case = sample_case(book)
        for item in letters:
            assert isinstance(item, PluginLetter)
            spec = item.spec
            assert env.catalogue.letter(spec.id) is spec
            if spec.consent_partner and not spec.consent_partner.startswith("@"):
                # A letter sharing data with a partner renders only under the tenant's
                # consent (the refusal without it is the plugin's own test).
                book.record(case, ConsentGiven(date=date(2026, 1, 2),
                                               partner=spec.consent_partner,
                                               scope=spec.consent_scope or "general"))
            view = book.load(case)
            assert {"fr", "nl"} <= set(spec.languages)
            values = self.demo_values(spec.id, env)
            for lang in ("fr", "nl"):
                for fmt in FORMATS:
                    data = render_letter(view, spec.id, lang=lang, fmt=fmt, values=values,
                                         as_of=SAMPLE_AS_OF, letterhead=SAMPLE_LETTERHEAD,
                                         catalogue=env.catalogue, rules=env.rules)
                    assert data

    def demo_values(
        self, letter_id: str, env: PluginEnvironment | None = None
    ) -> dict[str, str]:
        """Explicit facts for ``letter_id`` in the render check (override to give more)."""
        spec = (env or self.env()).catalogue.letter(letter_id)
        demo = {"date": "2026-02-15", "amount": "250", "int": "2", "text": "Exemple"}
        return {n: demo[spec.fact(n).type] for n in (*spec.required, *spec.optional)}

    def test_rules_are_documented_and_appear_in_deadlines(self) -> None:
        """Its rules have a basis, a validity date and a confidence, and are the rules in force."""
        env = self.env()
        mine = [r for name, r in env.host.collect(
            "clss_housing_deadline_rules", lambda r: isinstance(r, Rule), "Rule"
        ) if name == self.entry_point_name]
        for rule in mine:
            assert rule.basis.fr
            assert rule.basis.nl
            assert isinstance(rule.valid_from, date)
            assert rule.confidence in ("high", "medium", "low")
            assert rule in env.rules.rules
        assert self._failures(env.host) == []
        book = Casebook.open("memory:", plugins=env)
        view = book.load(sample_case(book))
        found = case_deadlines(view, SAMPLE_AS_OF, rules=env.rules, settings=env.settings)
        assert isinstance(found, list)

    def test_redaction_never_shows_health_without_consent(self) -> None:
        """Its redaction policy is the one applied, and hides health notes without consent."""
        env = self.env()
        h = env.host
        partners = {p.id for _, p in h.collect(
            "clss_housing_partners", lambda p: isinstance(p, PartnerProfile), "PartnerProfile"
        )} | {"cpas", "ssm", "ul-schaerbeek", "other"}
        book = Casebook.open("memory:", plugins=env)
        case = book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                              address="Rue Exemple 1, 1030 Schaerbeek",
                              rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))
        view = book.load(case)
        for partner in sorted(partners):
            found = h.first("clss_housing_redaction_policy",
                            lambda p: isinstance(p, RedactionPolicy), "RedactionPolicy",
                            partner=partner)
            if found is None or found[0] != self.entry_point_name:
                continue
            assert env.redaction_policy(partner) == found[1]
            shown = found[1].visible_categories(view, partner, SAMPLE_AS_OF)
            assert shown is not None, "a partner policy must name the categories it shows"
            assert "health" not in shown
        assert self._failures(h) == []

    def test_reactions_do_not_raise(self) -> None:
        """Its reactions to appended entries run on the sample cases without a failure."""
        env = self.env()
        book = Casebook.open("memory:", plugins=env)
        sample_case(book)
        assert self._failures(env.host) == []
