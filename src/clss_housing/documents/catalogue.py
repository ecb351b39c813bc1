"""The catalogue of standard letters, in French and Dutch (requirements: ``docs/letters/``).

Each :class:`LetterSpec` says who the letter is for, why, on which legal basis
(named as the law names itself in each language), whether it goes by
registered post, and which facts it needs.  A fact is typed (``date``,
``amount``, ``int``, ``text``) and either *supplied by the case* when the
ledger records it (the tenant, the arrears, the date of the formal notice…) or
*explicit only* (the landlord's postal address, the court's name…), given with
``--set NAME=VALUE``.

    >>> letter("L3").legal_basis("nl")
    ('Gerechtelijk Wetboek, art. 731',)
    >>> [f["name"] for f in letter("L3").to_json()["needs"]]
    ['landlord_address', 'court']

Plugins add letters through :class:`~clss_housing.plugins.PluginLetter` (their templates run in
Jinja's sandbox, see :mod:`clss_housing.documents.render`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias

import attrs

from clss_housing.documents.formatting import LANGS, legal_ref
from clss_housing.errors import NotFoundError, ValidationError


__all__ = [
    "FACTS",
    "Fact",
    "FactType",
    "LegalRef",
    "LetterCatalogue",
    "LetterSpec",
    "core_letters",
    "letter",
    "letter_ids",
    "list_letters",
]

FactType: TypeAlias = Literal["date", "amount", "int", "text"]


@attrs.frozen
class Fact:
    """
    One fact a letter may need.

    Attributes:
        name: the name used in templates, ``--set NAME=VALUE`` and batch columns.
        type: ``date``, ``amount``, ``int`` or ``text``.
        from_case: the case supplies it when the ledger records it.
        help: what it is, in English, for ``letter list`` and error messages.
    """

    name: str
    type: FactType
    from_case: bool
    help: str = ""


def _f(name: str, type_: FactType, from_case: bool, help_: str) -> tuple[str, Fact]:
    return name, Fact(name, type_, from_case, help_)


#: Every fact the built-in letters use, by name.
FACTS: Final[Mapping[str, Fact]] = MappingProxyType(dict([
    # from the case
    _f("tenant", "text", True, "the tenant's name(s)"),
    _f("tenant_address", "text", True, "the rented dwelling's address"),
    _f("landlord", "text", True, "the landlord's name"),
    _f("rent", "amount", True, "monthly rent"),
    _f("charges", "amount", True, "monthly charges"),
    _f("lease_start", "date", True, "the lease's start date"),
    _f("case_id", "text", True, "the case id"),
    _f("arrears", "amount", True, "arrears at the letter's date"),
    _f("notice_date", "date", True, "date of the landlord's formal notice"),
    _f("notice_amount", "amount", True, "amount the formal notice claims"),
    _f("instalment", "amount", True, "monthly instalment of the payment plan"),
    _f("first_due", "date", True, "date of the plan's first instalment"),
    _f("instalment_count", "int", True, "number of instalments"),
    _f("hearing_date", "date", True, "date of the hearing before the justice of the peace"),
    _f("judgment_date", "date", True, "date of the judgment"),
    _f("service_date", "date", True, "date the judgment was served"),
    _f("eviction_date", "date", True, "eviction date announced by the bailiff"),
    _f("keys_returned_date", "date", True, "date the keys were handed back"),
    _f("indexation_request_date", "date", True, "date of the landlord's indexation request"),
    _f("indexation_from", "date", True, "month the indexed rent is claimed from"),
    _f("indexed_rent", "amount", True, "indexed rent the landlord asks"),
    _f("landlord_notice_date", "date", True, "date of the landlord's notice to end the lease"),
    _f("landlord_notice_months", "int", True, "months of notice the landlord gave"),
    _f("pre_court_deadline", "date", True, "end of the month after the formal notice"),
    _f("appeal_deadline", "date", True, "end of the appeal period"),
    _f("earliest_eviction", "date", True, "first day an eviction may take place"),
    _f("guarantee_deadline", "date", True, "last day to return the rental guarantee"),
    _f("referral_partner", "text", True, "partner id of the last referral"),
    # explicit only
    _f("landlord_address", "text", False, "the landlord's postal address"),
    _f("phone", "text", False, "the tenant's phone number"),
    _f("email", "text", False, "the tenant's e-mail address"),
    _f("contested_amount", "amount", False, "part of the claim the tenant contests"),
    _f("contest_reason", "text", False, "why that part is contested"),
    _f("cpas_address", "text", False, "the CPAS's postal address"),
    _f("household", "text", False, "who lives in the household"),
    _f("monthly_income", "amount", False, "the household's monthly income"),
    _f("aid_requested", "text", False, "the aid asked of the CPAS"),
    _f("court", "text", False, "the justice of the peace (canton)"),
    _f("court_address", "text", False, "the court's postal address"),
    _f("roll_number", "text", False, "the case's roll number (R.G.)"),
    _f("circumstances", "text", False, "circumstances of particular gravity"),
    _f("extra_delay_months", "int", False, "extra months asked before any eviction"),
    _f("bailiff", "text", False, "the bailiff's name or office"),
    _f("bailiff_address", "text", False, "the bailiff's postal address"),
    _f("bailiff_reference", "text", False, "the bailiff's file reference"),
    _f("rehousing_date", "date", False, "date the new housing is available"),
    _f("rehousing_details", "text", False, "the rehousing solution (landlord, address…)"),
    _f("notice_months", "int", False, "length of the tenant's notice in months (checked: "
                                      "3, or 1 after the landlord's notice)"),
    _f("lease_type", "text", False, "type of main-residence lease: nine_year, long or short"),
    _f("grounds", "text", False, "further grounds for contesting"),
    _f("defects", "text", False, "the defects to repair"),
    _f("repair_days", "int", False, "days given to carry out the repairs"),
    _f("guarantee_amount", "amount", False, "amount of the rental guarantee"),
    _f("bank", "text", False, "bank holding the guarantee"),
    _f("guarantee_account", "text", False, "account or contract number of the guarantee"),
    _f("sisp", "text", False, "the reference social-housing company (SISP)"),
    _f("sisp_address", "text", False, "the SISP's postal address"),
    _f("application_number", "text", False, "number of the social-housing application"),
    _f("new_address", "text", False, "address of the new dwelling"),
    _f("new_rent", "amount", False, "rent of the new dwelling"),
    _f("new_lease_start", "date", False, "start of the new lease"),
    _f("partner_name", "text", False, "the partner service referred to"),
    _f("partner_address", "text", False, "the partner's postal address"),
    _f("worker_name", "text", False, "the worker who writes"),
    _f("organisation", "text", False, "the worker's organisation (or the letterhead's)"),
    _f("reason", "text", False, "why the household is referred"),
    _f("notice_ground", "text", False, "ground of the landlord's notice: end_of_term, "
                                       "personal_occupation, works or no_reason"),
    _f("proxy_name", "text", False, "the person the tenant gives a proxy to"),
    _f("proxy_relation", "text", False, "the proxy holder's tie to the tenant: spouse, "
                                        "legal_cohabitant, relative or in_law"),
    _f("proxy_address", "text", False, "the proxy holder's address"),
    _f("lease_end", "date", False, "the day the lease (or the notice) ends"),
    _f("extension_months", "int", False, "months of extension asked"),
    _f("departure_date", "date", False, "the day the tenant leaves and hands back the keys"),
    _f("landlord_share", "amount", False, "part of the guarantee released to the landlord"),
    _f("repair_notice_date", "date", False, "date of the tenant's formal notice to repair"),
    _f("charges_period", "text", False, "period of the charges statement asked for"),
    _f("ais", "text", False, "the social rental agency (AIS / SVK)"),
    _f("ais_address", "text", False, "the social rental agency's postal address"),
    _f("fonds_address", "text", False, "the Fonds du Logement's postal address"),
]))


@attrs.frozen
class LegalRef:
    """A law (key of :data:`~clss_housing.documents.formatting.LAWS`) and articles."""

    law: str
    articles: str = ""

    def text(self, lang: str) -> str:
        """The reference as the law is named in ``lang``."""
        return legal_ref(self.law, self.articles, lang)


Sender: TypeAlias = Literal["tenant", "worker"]


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _facts(value: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(value)


@attrs.frozen
class LetterSpec:
    """
    A letter of the catalogue.

    Attributes:
        id: stable id (``L1``, ``referral``…).
        title, addressee, purpose: per language.
        basis: the legal references.
        registered: to be sent by registered post (recommandé / aangetekend).
        required: facts without which the letter is not produced.
        optional: facts used when known.
        sender: who signs: the tenant, or the worker (partner letterhead).
        confidence: how sure the legal references are: ``high`` (read in the text of the
            law or an official page), ``medium`` (secondary sources agree), ``low``
            (inference, to be checked by a lawyer).
        languages: languages with a template.
        domain_ref: the letter's stable catalogue number (``L1``…``L18``).
        own_facts: facts this letter defines besides the catalogue's
            :data:`FACTS` (a plugin letter's own, e.g. the signing households);
            a name of :data:`FACTS` cannot be redefined.
        proposes_plan: the letter proposes a payment plan; it is computed from the
            acknowledged arrears and must start after the letter's date.
        consent_partner: the letter shares personal data with a partner: it is produced
            only under the tenant's consent in force for that partner at the letter's
            date (``@referral_partner``: the partner named by that fact).
        consent_scope: a consent of this scope is required (empty: any scope); each
            section of a built-in referral is printed only under its own scope.
    """

    id: str
    title: Mapping[str, str]
    addressee: Mapping[str, str]
    purpose: Mapping[str, str]
    basis: tuple[LegalRef, ...]
    registered: bool
    required: tuple[str, ...] = attrs.field(converter=_tuple)
    optional: tuple[str, ...] = attrs.field(converter=_tuple, default=())
    sender: Sender = "tenant"
    confidence: str = "medium"
    languages: tuple[str, ...] = LANGS
    domain_ref: str = ""
    own_facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    proposes_plan: bool = False
    consent_partner: str = ""
    consent_scope: str = ""

    def __attrs_post_init__(self) -> None:
        for fact in self.own_facts:
            if fact.name in FACTS:
                raise ValidationError("fact", fact.name,
                                      f"is a catalogue fact; letter {self.id} cannot redefine it")
            if fact.from_case:
                raise ValidationError("fact", fact.name,
                                      "a letter's own fact is given, not read from a case")
        mine = {f.name for f in self.own_facts}
        for name in (*self.required, *self.optional):
            if name not in FACTS and name not in mine:
                raise ValidationError("fact", name, f"is not a known fact (letter {self.id})")

    def fact(self, name: str) -> Fact:
        """
        The fact ``name`` as this letter uses it.

        Raises:
            KeyError: the letter knows no such fact.
        """
        for fact in self.own_facts:
            if fact.name == name:
                return fact
        return FACTS[name]

    def facts(self) -> tuple[Fact, ...]:
        """Every fact the letter uses, required first."""
        return tuple(self.fact(n) for n in (*self.required, *self.optional))

    @property
    def needs(self) -> tuple[Fact, ...]:
        """Required facts a case cannot supply: they must be given explicitly."""
        return tuple(f for f in map(self.fact, self.required) if not f.from_case)

    def legal_basis(self, lang: str) -> tuple[str, ...]:
        """The legal references as each law is named in ``lang``."""
        return tuple(ref.text(lang) for ref in self.basis)

    def to_json(self, lang: str = "fr") -> dict[str, Any]:
        """
        The ``letter list --json`` form.

        ``title``/``addressee`` in ``lang`` (both languages under ``titles``/``addressees``);
        ``needs``: required facts a case cannot supply, as ``{"name", "type"}``;
        ``from_case``: facts the case supplies when recorded (needed if it does not);
        ``optional``: facts used when given.
        """

        def fact_json(f: Fact) -> dict[str, str]:
            return {"name": f.name, "type": f.type}

        return {
            "id": self.id,
            "title": self.title[lang],
            "addressee": self.addressee[lang],
            "languages": list(self.languages),
            "needs": [fact_json(f) for f in self.needs],
            "from_case": [
                {**fact_json(self.fact(n)), "required": n in self.required}
                for n in (*self.required, *self.optional) if self.fact(n).from_case
            ],
            "optional": [
                fact_json(self.fact(n)) for n in self.optional if not self.fact(n).from_case
            ],
            "registered": self.registered,
            "basis": list(self.legal_basis(lang)),
            "titles": dict(self.title),
            "addressees": dict(self.addressee),
        }


def _spec(
    id_: str, title: tuple[str, str], addressee: tuple[str, str], purpose: tuple[str, str],
    basis: tuple[LegalRef, ...], registered: bool, required: Iterable[str],
    optional: Iterable[str] = (), **kw: Any,
) -> LetterSpec:
    return LetterSpec(
        id=id_,
        title={"fr": title[0], "nl": title[1]},
        addressee={"fr": addressee[0], "nl": addressee[1]},
        purpose={"fr": purpose[0], "nl": purpose[1]},
        basis=basis,
        registered=registered,
        required=required,
        optional=optional,
        domain_ref=kw.pop("domain_ref", id_),
        **kw,
    )


_TENANT: Final = ("tenant", "tenant_address")
_CONTACT: Final = ("phone", "email")
_LANDLORD: Final = ("landlord", "landlord_address")

_BUILTIN: Final[tuple[LetterSpec, ...]] = (
    _spec(
        "L1",
        ("Réponse à la mise en demeure et proposition de plan d'apurement",
         "Antwoord op de ingebrekestelling en voorstel van afbetalingsplan"),
        ("Bailleur", "Verhuurder"),
        ("Répondre dans le délai d'un mois à la mise en demeure, reconnaître ou contester "
         "les montants et proposer un plan d'apurement.",
         "Binnen de termijn van een maand antwoorden op de ingebrekestelling, de bedragen "
         "erkennen of betwisten en een afbetalingsplan voorstellen."),
        (LegalRef("cbl", "233quater"), LegalRef("cc")),
        True,
        (*_TENANT, *_LANDLORD, "notice_date", "arrears", "instalment", "first_due"),
        ("notice_amount", "instalment_count", "pre_court_deadline", "contested_amount",
         "contest_reason", "case_id", *_CONTACT),
        proposes_plan=True,
    ),
    _spec(
        "L2",
        ("Demande d'aide sociale au CPAS", "Aanvraag om maatschappelijke dienstverlening aan "
                                          "het OCMW"),
        ("CPAS de la commune", "OCMW van de gemeente"),
        ("Demander une aide pour les arriérés de loyer, une guidance budgétaire, la garantie "
         "locative ou une prime d'installation.",
         "Steun vragen voor de huurachterstal, budgetbegeleiding, de huurwaarborg of een "
         "installatiepremie."),
        (LegalRef("cpas", "1, 57 et 58"),),
        False,
        (*_TENANT, "rent", "arrears"),
        ("charges", "landlord", "notice_date", "hearing_date", "household", "monthly_income",
         "aid_requested", "cpas_address", "case_id", *_CONTACT),
    ),
    _spec(
        "L3",
        ("Demande de conciliation devant le juge de paix", "Verzoek tot minnelijke schikking "
                                                           "voor de vrederechter"),
        ("Greffe de la justice de paix", "Griffie van het vredegerecht"),
        ("Demander une conciliation gratuite avec le bailleur avant toute procédure.",
         "Een kosteloze verzoening met de verhuurder vragen vóór elke procedure."),
        (LegalRef("cj", "731"),),
        False,
        (*_TENANT, *_LANDLORD, "court", "arrears"),
        ("court_address", "notice_date", "instalment", "first_due", "instalment_count",
         "case_id", *_CONTACT),
        confidence="high",
        proposes_plan=True,
    ),
    _spec(
        "L5",
        ("Demande de termes et délais et d'un délai d'expulsion plus long",
         "Verzoek om afbetalingstermijnen en een langere termijn vóór uithuiszetting"),
        ("Juge de paix", "Vrederechter"),
        ("Note écrite pour l'audience : demander des termes et délais de paiement, un délai "
         "plus long avant toute expulsion et, le cas échéant, contester la mise en demeure.",
         "Schriftelijke nota voor de zitting: afbetalingstermijnen vragen, een langere termijn "
         "vóór een uithuiszetting en zo nodig de ingebrekestelling betwisten."),
        (LegalRef("old_cc", "1244"), LegalRef("cbl", "233quater et 233undecies")),
        False,
        (*_TENANT, "landlord", "court", "hearing_date", "arrears", "instalment", "first_due"),
        ("court_address", "roll_number", "instalment_count", "notice_date", "circumstances",
         "extra_delay_months", "case_id", *_CONTACT),
        proposes_plan=True,
    ),
    _spec(
        "L6",
        ("Information à l'huissier : solution de relogement et demande de report",
         "Informatie aan de gerechtsdeurwaarder: herhuisvesting en verzoek om uitstel"),
        ("Huissier de justice", "Gerechtsdeurwaarder"),
        ("Informer l'huissier d'une solution de relogement et demander le report de "
         "l'expulsion jusqu'à la date d'emménagement.",
         "De gerechtsdeurwaarder op de hoogte brengen van een herhuisvesting en uitstel van de "
         "uithuiszetting vragen tot de verhuisdatum."),
        (LegalRef("cbl", "233undecies et 233duodecies"),),
        True,
        (*_TENANT, "landlord", "bailiff", "eviction_date", "rehousing_date"),
        ("bailiff_address", "bailiff_reference", "rehousing_details", "judgment_date",
         "case_id", *_CONTACT),
    ),
    _spec(
        "L7",
        ("Rappel de la trêve hivernale", "Herinnering aan het wintermoratorium"),
        ("Huissier de justice (copie au bailleur)", "Gerechtsdeurwaarder (kopie aan de "
                                                    "verhuurder)"),
        ("Rappeler qu'aucune expulsion ne peut être exécutée du 1er novembre au 15 mars.",
         "Eraan herinneren dat geen uithuiszetting mag worden uitgevoerd van 1 november tot "
         "15 maart."),
        (LegalRef("cbl", "233duodecies"),),
        True,
        (*_TENANT, "landlord", "bailiff", "eviction_date"),
        ("bailiff_address", "bailiff_reference", "judgment_date", "case_id", *_CONTACT),
        confidence="high",
    ),
    _spec(
        "L9",
        ("Congé donné par le locataire", "Opzegging door de huurder"),
        ("Bailleur", "Verhuurder"),
        ("Mettre fin au bail (préavis de trois mois) ou, après un congé du bailleur, donner un "
         "contre-préavis d'un mois.",
         "De huurovereenkomst opzeggen (opzegging van drie maanden) of, na een opzegging door "
         "de verhuurder, een tegenopzegging van een maand geven."),
        (LegalRef("cbl", "237 et 238"),),
        True,
        (*_TENANT, *_LANDLORD, "rent", "lease_type"),
        ("notice_months", "landlord_notice_date", "lease_start", "case_id", *_CONTACT),
        confidence="medium",
    ),
    _spec(
        "L10",
        ("Mise en demeure d'enregistrer le bail", "Ingebrekestelling om de huurovereenkomst "
                                                  "te laten registreren"),
        ("Bailleur", "Verhuurder"),
        ("Mettre le bailleur en demeure de faire enregistrer le bail dans le mois ; à défaut, "
         "le locataire peut partir sans préavis ni indemnité.",
         "De verhuurder in gebreke stellen om de huurovereenkomst binnen een maand te laten "
         "registreren; anders mag de huurder vertrekken zonder opzegging of vergoeding."),
        (LegalRef("cbl", "227 et 228/3"),),
        True,
        (*_TENANT, *_LANDLORD, "lease_start"),
        ("case_id", *_CONTACT),
    ),
    _spec(
        "L11",
        ("Contestation de l'indexation du loyer", "Betwisting van de indexering van de huur"),
        ("Bailleur", "Verhuurder"),
        ("Contester une indexation irrégulière (bail non enregistré, certificat PEB non "
         "communiqué, formule erronée, rétroactivité de plus de trois mois) et demander le "
         "certificat PEB.",
         "Een onregelmatige indexering betwisten (huurovereenkomst niet geregistreerd, "
         "EPB-certificaat niet bezorgd, verkeerde formule, meer dan drie maanden "
         "terugwerkende kracht) en het EPB-certificaat opvragen."),
        (LegalRef("old_cc", "1728bis"), LegalRef("cbl", "224/2")),
        True,
        (*_TENANT, *_LANDLORD, "rent", "indexation_request_date", "indexation_from"),
        ("indexed_rent", "lease_start", "grounds", "case_id", *_CONTACT),
    ),
    _spec(
        "L12",
        ("Mise en demeure d'effectuer des réparations", "Ingebrekestelling om herstellingen "
                                                        "uit te voeren"),
        ("Bailleur (puis DIRL, Bruxelles Logement)", "Verhuurder (daarna GDHI, Brussel "
                                                     "Huisvesting)"),
        ("Mettre le bailleur en demeure d'effectuer les réparations qui lui incombent, avant "
         "une plainte à la Direction de l'Inspection régionale du Logement.",
         "De verhuurder in gebreke stellen om de herstellingen uit te voeren die hem "
         "toekomen, vóór een klacht bij de Gewestelijke Directie Huisvestingsinspectie."),
        (LegalRef("cbl"),),
        True,
        (*_TENANT, *_LANDLORD, "defects"),
        ("repair_days", "case_id", *_CONTACT),
        confidence="low",
    ),
    _spec(
        "L13",
        ("Demande de restitution de la garantie locative", "Verzoek tot teruggave van de "
                                                           "huurwaarborg"),
        ("Bailleur (copie à la banque)", "Verhuurder (kopie aan de bank)"),
        ("Réclamer la restitution de la garantie dans les deux mois de la remise des clés "
         "(à défaut, 10 % du loyer par mois de retard commencé) et l'accord de libération "
         "destiné à la banque.",
         "De teruggave van de waarborg vragen binnen twee maanden na de teruggave van de "
         "sleutels (anders 10 % van de huur per begonnen maand vertraging) en het akkoord "
         "tot vrijgave voor de bank."),
        (LegalRef("cbl", "248 et 249"),),
        True,
        (*_TENANT, *_LANDLORD, "rent", "keys_returned_date", "guarantee_amount"),
        ("guarantee_deadline", "bank", "guarantee_account", "new_address", "case_id",
         *_CONTACT),
    ),
    _spec(
        "L14",
        ("Lettre d'accompagnement d'une demande de logement social",
         "Begeleidende brief bij een aanvraag voor een sociale woning"),
        ("Société immobilière de service public de référence", "Openbare "
                                                               "vastgoedmaatschappij van "
                                                               "referentie"),
        ("Accompagner l'envoi (ou la mise à jour) du formulaire unique d'inscription et "
         "signaler l'urgence de la situation.",
         "Het enig inschrijvingsformulier (of de bijwerking ervan) bezorgen en de "
         "dringendheid van de toestand melden."),
        (LegalRef("social_housing"),),
        True,
        (*_TENANT, "sisp"),
        ("sisp_address", "application_number", "household", "hearing_date", "eviction_date",
         "judgment_date", "case_id", *_CONTACT),
    ),
    _spec(
        "L16",
        ("Demande de prêt de garantie locative (Fonds du Logement / BRUGAL)",
         "Aanvraag van een huurwaarborglening (Woningfonds / BRUGAL)"),
        ("Fonds du Logement de la Région de Bruxelles-Capitale", "Woningfonds van het Brussels "
                                                                "Hoofdstedelijk Gewest"),
        ("Demander un prêt sans intérêt pour constituer la garantie locative d'un nouveau "
         "logement, ou l'intervention du fonds BRUGAL.",
         "Een renteloze lening vragen om de huurwaarborg van een nieuwe woning samen te "
         "stellen, of de tussenkomst van het Brussels Huurwaarborgfonds (BRUGAL)."),
        (LegalRef("fonds"), LegalRef("brugal")),
        False,
        (*_TENANT, "guarantee_amount"),
        ("new_address", "new_rent", "new_lease_start", "household", "monthly_income",
         "case_id", *_CONTACT),
    ),
    _spec(
        "L18",
        ("Rappel du délai d'appel", "Herinnering aan de termijn voor hoger beroep"),
        ("Locataire", "Huurder"),
        ("Rappeler au locataire la date limite pour faire appel du jugement signifié, que "
         "l'appel ne suspend pas l'exécution et où trouver un avocat.",
         "De huurder herinneren aan de uiterste datum om hoger beroep in te stellen tegen het "
         "betekende vonnis, eraan herinneren dat hoger beroep de uitvoering niet schorst en "
         "waar een advocaat te vinden is."),
        (LegalRef("cj", "1051 et 1397"),),
        False,
        (*_TENANT, "judgment_date", "service_date", "appeal_deadline", "worker_name",
         "organisation"),
        ("landlord", "court", "case_id", *_CONTACT),
        sender="worker",
    ),
    _spec(
        "L19",
        ("Procuration pour l'audience devant le juge de paix",
         "Volmacht voor de zitting voor de vrederechter"),
        ("Juge de paix (remise par le mandataire)", "Vrederechter (voorgelegd door de "
                                                    "gevolmachtigde)"),
        ("Donner à un proche une procuration écrite pour représenter le locataire à "
         "l'audience.",
         "Een naaste een schriftelijke volmacht geven om de huurder op de zitting te "
         "vertegenwoordigen."),
        (LegalRef("cj", "728"),),
        False,
        (*_TENANT, "landlord", "court", "hearing_date", "proxy_name", "proxy_relation"),
        ("proxy_address", "roll_number", "case_id"),
        domain_ref="",
    ),
    _spec(
        "L20",
        ("Convention de plan d'apurement", "Overeenkomst over een afbetalingsplan"),
        ("Bailleur et locataire (à signer par les deux)", "Verhuurder en huurder (door beiden "
                                                          "te ondertekenen)"),
        ("Acter l'accord des parties sur la dette reconnue et son remboursement, à signer en "
         "deux exemplaires.",
         "Het akkoord van de partijen over de erkende schuld en de terugbetaling ervan "
         "vastleggen, te ondertekenen in twee exemplaren."),
        (LegalRef("cc"),),
        False,
        (*_TENANT, *_LANDLORD, "arrears", "instalment", "first_due"),
        ("instalment_count", "contested_amount", "case_id"),
        proposes_plan=True,
        domain_ref="",
    ),
    _spec(
        "L21",
        ("Demande de désignation d'un avocat (aide juridique de deuxième ligne)",
         "Aanvraag tot aanstelling van een pro-Deoadvocaat (juridische tweedelijnsbijstand)"),
        ("Bureau d'aide juridique du barreau de Bruxelles", "Bureau voor Juridische Bijstand "
                                                            "van de balie te Brussel"),
        ("Demander au bureau d'aide juridique la désignation d'un avocat gratuit ou "
         "partiellement gratuit, en signalant l'urgence (audience, délai d'appel).",
         "Het bureau voor juridische bijstand vragen een kosteloze of gedeeltelijk kosteloze "
         "advocaat aan te stellen, met vermelding van de dringendheid (zitting, termijn voor "
         "hoger beroep)."),
        (LegalRef("cj"),),
        False,
        (*_TENANT, "reason"),
        ("landlord", "hearing_date", "appeal_deadline", "household", "monthly_income",
         "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L22",
        ("Réponse au congé donné par le bailleur", "Antwoord op de opzegging door de "
                                                  "verhuurder"),
        ("Bailleur", "Verhuurder"),
        ("Répondre au congé du bailleur : date de fin selon la loi, irrégularités (préavis "
         "trop court, motif non admis), renseignements à fournir pour une occupation "
         "personnelle, indemnité due, droit au contre-préavis.",
         "Antwoorden op de opzegging door de verhuurder: einddatum volgens de wet, "
         "onregelmatigheden (te korte termijn, niet toegelaten reden), inlichtingen bij "
         "betrekking door de verhuurder zelf, verschuldigde vergoeding, recht op "
         "tegenopzegging."),
        (LegalRef("cbl", "237 et 238"),),
        True,
        (*_TENANT, *_LANDLORD, "rent", "landlord_notice_date", "landlord_notice_months",
         "lease_type", "notice_ground"),
        ("lease_start", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L23",
        ("Demande de prorogation du bail pour circonstances exceptionnelles",
         "Verzoek om verlenging van de huurovereenkomst wegens buitengewone omstandigheden"),
        ("Bailleur", "Verhuurder"),
        ("Demander au bailleur, au plus tard un mois avant la fin du bail, de le proroger en "
         "raison de circonstances exceptionnelles ; à défaut d'accord, le juge de paix peut "
         "l'accorder.",
         "De verhuurder uiterlijk een maand vóór het einde van de huur om verlenging vragen "
         "wegens buitengewone omstandigheden; zonder akkoord kan de vrederechter ze "
         "toestaan."),
        (LegalRef("cbl"),),
        True,
        (*_TENANT, *_LANDLORD, "lease_end", "circumstances"),
        ("extension_months", "case_id", *_CONTACT),
        confidence="medium",
        domain_ref="",
    ),
    _spec(
        "L24",
        ("Demande d'allocation loyer", "Aanvraag van een huurtoelage"),
        ("Bruxelles Logement — Direction Allocations Loyer et Logements inoccupés",
         "Brussel Huisvesting — Directie Huurtoelagen en Leegstaande Woningen"),
        ("Accompagner le formulaire de demande d'allocation loyer d'un ménage inscrit sur la "
         "liste d'attente du logement social.",
         "Het aanvraagformulier voor een huurtoelage bezorgen van een gezin dat op de "
         "wachtlijst voor een sociale woning staat."),
        (LegalRef("rent_allowance"),),
        True,
        (*_TENANT, "rent", "application_number"),
        ("sisp", "household", "monthly_income", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L25",
        ("Départ volontaire et remise des clés", "Vrijwillig vertrek en teruggave van de "
                                                 "sleutels"),
        ("Bailleur", "Verhuurder"),
        ("Annoncer la date du départ, proposer la remise des clés contre reçu et l'état des "
         "lieux de sortie contradictoire.",
         "De vertrekdatum meedelen, de teruggave van de sleutels tegen ontvangstbewijs en een "
         "tegensprekelijke plaatsbeschrijving bij uittrede voorstellen."),
        (LegalRef("cbl"),),
        True,
        (*_TENANT, *_LANDLORD, "departure_date"),
        ("new_address", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L26",
        ("Plainte pour non-conformité du logement (DIRL)", "Klacht wegens niet-conformiteit "
                                                           "van de woning (DGHI)"),
        ("Bruxelles Logement — Direction de l'Inspection régionale du Logement",
         "Brussel Huisvesting — Directie Gewestelijke Huisvestingsinspectie"),
        ("Porter plainte auprès de l'inspection régionale du logement pour un logement qui ne "
         "respecte pas les exigences minimales de sécurité, de salubrité et d'équipement.",
         "Klacht indienen bij de gewestelijke huisvestingsinspectie over een woning die niet "
         "voldoet aan de minimale vereisten inzake veiligheid, gezondheid en uitrusting."),
        (LegalRef("cbl"),),
        False,
        (*_TENANT, *_LANDLORD, "defects"),
        ("repair_notice_date", "rent", "lease_start", "case_id", *_CONTACT),
        confidence="medium",
        domain_ref="",
    ),
    _spec(
        "L27",
        ("Accord de libération de la garantie locative", "Akkoord tot vrijgave van de "
                                                         "huurwaarborg"),
        ("Banque dépositaire de la garantie (signé par le bailleur et le locataire)",
         "Bank die de waarborg bewaart (ondertekend door verhuurder en huurder)"),
        ("Donner à la banque l'accord écrit des deux parties, établi après la fin du bail, "
         "pour libérer la garantie et dire à qui la verser.",
         "De bank het schriftelijk akkoord van beide partijen bezorgen, opgemaakt na het "
         "einde van de huur, om de waarborg vrij te geven en te zeggen aan wie."),
        (LegalRef("cbl", "248"),),
        False,
        (*_TENANT, *_LANDLORD, "keys_returned_date", "guarantee_amount", "bank",
         "guarantee_account"),
        ("landlord_share", "new_address", "case_id"),
        domain_ref="",
    ),
    _spec(
        "L28",
        ("Demande de location d'un logement du Fonds du Logement",
         "Aanvraag om een woning van het Woningfonds te huren"),
        ("Fonds du Logement de la Région de Bruxelles-Capitale — aide locative",
         "Woningfonds van het Brussels Hoofdstedelijk Gewest — huurhulp"),
        ("Accompagner le formulaire « Demande de location pour un logement » du Fonds du "
         "Logement, avec les documents demandés.",
         "Het formulier om een woning van het Woningfonds te huren bezorgen, met de gevraagde "
         "stukken."),
        (LegalRef("fonds_rental"),),
        False,
        (*_TENANT, "household"),
        ("monthly_income", "fonds_address", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L29",
        ("Demande d'inscription auprès d'une agence immobilière sociale",
         "Aanvraag tot inschrijving bij een sociaal verhuurkantoor"),
        ("Agence immobilière sociale (AIS)", "Sociaal verhuurkantoor (SVK)"),
        ("Demander l'inscription du ménage comme candidat locataire d'une AIS, avec les "
         "documents que l'agence demande.",
         "De inschrijving van het gezin als kandidaat-huurder bij een SVK vragen, met de "
         "stukken die het kantoor vraagt."),
        (LegalRef("cbl"),),
        False,
        (*_TENANT, "ais", "household"),
        ("ais_address", "monthly_income", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L30",
        ("Première inscription comme candidat locataire d'un logement social",
         "Eerste inschrijving als kandidaat-huurder voor een sociale woning"),
        ("Société immobilière de service public (SISP) choisie comme société de référence",
         "Openbare vastgoedmaatschappij (OVM) gekozen als referentiemaatschappij"),
        ("Envoyer le formulaire unique d'inscription signé et ses annexes à une seule SISP, "
         "par recommandé, et en demander la confirmation.",
         "Het ondertekende enig inschrijvingsformulier met de bijlagen aangetekend aan één "
         "OVM bezorgen en om bevestiging vragen."),
        (LegalRef("social_housing"),),
        True,
        (*_TENANT, "sisp", "household"),
        ("sisp_address", "case_id", *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "L31",
        ("Demande du décompte des charges et de ses justificatifs",
         "Verzoek om de afrekening van de lasten en de bewijsstukken"),
        ("Bailleur", "Verhuurder"),
        ("Demander le décompte détaillé des frais et charges réels et les documents qui les "
         "établissent.",
         "De gedetailleerde afrekening van de werkelijke kosten en lasten en de stukken die "
         "ze staven opvragen."),
        (LegalRef("cbl"),),
        True,
        (*_TENANT, *_LANDLORD, "charges"),
        ("charges_period", "case_id", *_CONTACT),
        confidence="medium",
        domain_ref="",
    ),
    _spec(
        "L32",
        ("Demande d'hébergement d'urgence au CPAS", "Aanvraag van een noodwoning aan het "
                                                    "OCMW"),
        ("CPAS de la commune", "OCMW van de gemeente"),
        ("Demander au CPAS un logement d'urgence ou de transit pour un ménage qui perd son "
         "logement, avec accusé de réception de la demande.",
         "Het OCMW om een nood- of transitwoning vragen voor een gezin dat zijn woning "
         "verliest, met ontvangstbewijs van de aanvraag."),
        (LegalRef("cpas", "1, 57 et 58"),),
        False,
        (*_TENANT, "reason"),
        ("cpas_address", "eviction_date", "household", "monthly_income", "case_id",
         *_CONTACT),
        domain_ref="",
    ),
    _spec(
        "referral",
        ("Orientation vers un partenaire", "Doorverwijzing naar een partner"),
        ("Service partenaire", "Partnerdienst"),
        ("Orienter le ménage vers un service partenaire, avec son accord, en ne partageant que "
         "ce qui est utile.",
         "Het gezin met zijn akkoord doorverwijzen naar een partnerdienst en enkel delen wat "
         "nodig is."),
        (LegalRef("cp", "458"),),
        False,
        (*_TENANT, "partner_name", "worker_name", "organisation", "referral_partner"),
        ("partner_address", "reason", "arrears", "rent", "hearing_date", "eviction_date",
         "case_id", *_CONTACT),
        sender="worker",
        domain_ref="",
        consent_partner="@referral_partner",
    ),
)

def core_letters() -> tuple[LetterSpec, ...]:
    """The core letters, in catalogue order (without any plugin's)."""
    return _BUILTIN


def _frozen(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class LetterCatalogue:
    """
    The letters one environment can write: their specs and the plugins' templates.

    Built-in letters use the package's template files; a plugin letter brings
    its template text per language (run in Jinja's sandbox).  The core
    catalogue is :meth:`core`; :class:`~clss_housing.plugins.PluginEnvironment`
    builds the one with the installed plugins' letters.

    Attributes:
        specs: every letter by id, in catalogue order.
        templates: template texts by ``(letter id, language)`` for letters that
            do not use the package's files.
    """

    specs: Mapping[str, LetterSpec] = attrs.field(converter=_frozen)
    templates: Mapping[tuple[str, str], str] = attrs.field(factory=dict, converter=_frozen)

    @classmethod
    def core(cls) -> LetterCatalogue:
        """The core letters only."""
        return _CORE

    def letter(self, letter_id: str) -> LetterSpec:
        """
        The letter with id ``letter_id``.

        Raises:
            NotFoundError: no letter has that id.
        """
        try:
            return self.specs[letter_id]
        except KeyError:
            raise NotFoundError("letter", letter_id) from None

    def all(self) -> tuple[LetterSpec, ...]:
        """Every letter, in catalogue order (core first, then plugins')."""
        return tuple(self.specs.values())

    def ids(self) -> list[str]:
        """The ids of every letter."""
        return list(self.specs)

    def with_letter(self, spec: LetterSpec, templates: Mapping[str, str]) -> LetterCatalogue:
        """A catalogue with ``spec`` added (or replacing the letter of the same id)."""
        specs = dict(self.specs)
        specs[spec.id] = spec
        texts = {k: v for k, v in self.templates.items() if k[0] != spec.id}
        texts.update({(spec.id, lang): text for lang, text in templates.items()})
        return LetterCatalogue(specs, texts)


_CORE: Final = LetterCatalogue({spec.id: spec for spec in _BUILTIN})


def list_letters() -> list[LetterSpec]:
    """Every core letter, in catalogue order."""
    return list(_CORE.all())


def letter_ids() -> list[str]:
    """The ids of every core letter."""
    return _CORE.ids()


def letter(letter_id: str) -> LetterSpec:
    """
    The core letter with id ``letter_id``.

    Raises:
        NotFoundError: no letter has that id.
    """
    return _CORE.letter(letter_id)
