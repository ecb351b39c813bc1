"""The command line in French, Dutch and English; "did you mean"; one date parser everywhere."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.cli import cli
from clss_housing.cli.i18n import resolve_language
from clss_housing.cli.messages import ENGLISH
from clss_housing.cli.parsing import fold, parse_case_id, parse_choice
from clss_housing.errors import ValidationError
from clss_housing.limits import read_date

from .conftest import Run


LOCALE = Path(__file__).resolve().parents[2] / "src" / "clss_housing" / "locale"


class TestLanguageChoice:
    """--ui-lang, then CLSS_HOUSING_LANG, then the locale, then English."""

    def test_option_first(self) -> None:
        """The option wins over the environment."""
        assert "nl" == resolve_language("nl", {"CLSS_HOUSING_LANG": "fr", "LANG": "fr_BE"})

    def test_variable_then_locale(self) -> None:
        """CLSS_HOUSING_LANG wins over the locale; the locale over English."""
        assert "fr" == resolve_language(None, {"CLSS_HOUSING_LANG": "FR", "LANG": "nl_BE.UTF-8"})
        assert "nl" == resolve_language(None, {"LANG": "nl_BE.UTF-8"})
        assert "fr" == resolve_language(None, {"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE"})

    def test_unknown_is_english(self) -> None:
        """An unknown language or the C locale gives English."""
        assert "en" == resolve_language(None, {"CLSS_HOUSING_LANG": "de", "LANG": "C.UTF-8"})
        assert "en" == resolve_language(None, {})


class TestThreeLanguages:
    """A command run in each language: messages, headers, state labels; JSON untouched."""

    @pytest.mark.parametrize(
        ("args", "env", "expected"),
        [
            (("--ui-lang", "fr"), {}, "Erreur : --db: pas de registre"),
            (("--ui-lang", "nl"), {}, "Fout: --db: geen register"),
            (("--ui-lang", "en"), {"CLSS_HOUSING_LANG": "fr"}, "Error: --db: no ledger"),
            ((), {"CLSS_HOUSING_LANG": "nl"}, "Fout: --db: geen register"),
            ((), {"LANG": "fr_BE.UTF-8"}, "Erreur : --db: pas de registre"),
        ],
    )
    def test_error(
        self, tmp_path: Path, args: tuple[str, ...], env: dict[str, str], expected: str
    ) -> None:
        """A refusal is explained in the interface language."""
        missing = f"sqlite:///{tmp_path / 'none.db'}"
        result = CliRunner(env=env).invoke(cli, [*args, "--db", missing, "case", "list"])
        assert 1 == result.exit_code
        assert result.stderr.startswith(expected), result.stderr

    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("fr", ("Locataire", "Arriérés", "Justice de paix", "Procédures")),
            ("nl", ("Huurder", "Achterstal", "Vredegerecht", "Procedures")),
            ("en", ("Tenant", "Arrears", "Justice of the peace", "Tracks")),
        ],
    )
    def test_tables(
        self, run: Run, open_case: Callable[..., str], lang: str, words: tuple[str, ...]
    ) -> None:
        """Headers, track and state labels follow --ui-lang; raw state ids do not show."""
        case = open_case()
        listed = run("--ui-lang", lang, "case", "list")
        shown = run("--ui-lang", lang, "case", "show", case, "--as-of", "2026-02-01")
        assert 0 == listed.exit_code == shown.exit_code, listed.output + shown.output
        assert words[0] in listed.stdout
        assert words[1] in listed.stdout
        assert words[2] in listed.stdout
        assert words[3] in shown.stdout
        assert "not_started" not in shown.stdout

    def test_json_never_translated(self, run: Run, open_case: Callable[..., str]) -> None:
        """The JSON document is the same in every language."""
        case = open_case()
        docs = [
            json.loads(run("--ui-lang", lang, "case", "show", case, "--json",
                           "--as-of", "2026-02-01").stdout)
            for lang in ("en", "fr", "nl")
        ]
        assert docs[0] == docs[1] == docs[2]
        assert "not_started" == docs[1]["tracks"]["hearing"]

    @pytest.mark.parametrize(
        ("lang", "words"),
        [("fr", ("Utilisation", "Commandes", "Ouvrir un dossier")),
         ("nl", ("Gebruik", "Opdrachten", "Een dossier openen"))],
    )
    def test_help(self, lang: str, words: tuple[str, ...]) -> None:
        """Help texts and headings are translated."""
        result = CliRunner().invoke(cli, ["--ui-lang", lang, "case", "--help"])
        assert 0 == result.exit_code
        for word in words:
            assert word in result.stdout

    def test_ui_lang_leaves_document_lang(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path
    ) -> None:
        """--ui-lang nl with a document --lang fr: the message is Dutch, the letter French."""
        case = open_case()
        out = tmp_path / "l2.txt"
        result = run("--ui-lang", "nl", "letter", "render", "L2", "--case", case, "--lang", "fr",
                     "--format", "txt", "--out", str(out))
        assert 0 == result.exit_code, result.output
        assert result.stdout.startswith("Brief L2 van dossier")
        assert "CPAS" in out.read_text(encoding="utf-8")


class TestDidYouMean:
    """Close names are suggested for kinds, letters, case ids and choices."""

    def test_kind(self, run: Run, open_case: Callable[..., str]) -> None:
        """A misspelt kind."""
        case = open_case()
        result = run("case", "record", case, "paymnet", "--amount", "10")
        assert 1 == result.exit_code
        assert "Did you mean: payment?" in result.stderr

    def test_letter(self, run: Run, open_case: Callable[..., str], tmp_path: Path) -> None:
        """A letter id in the wrong case or misspelt."""
        case = open_case()
        result = run("--ui-lang", "fr", "letter", "render", "LL2", "--case", case, "--lang", "fr",
                     "--out", str(tmp_path / "x.txt"), "--format", "txt")
        assert 1 == result.exit_code
        assert re.search(r"Vouliez-vous dire : .*\bL2\b", result.stderr), result.stderr
        lower = run("letter", "render", "l2", "--case", case, "--lang", "fr",
                    "--out", str(tmp_path / "x.txt"), "--format", "txt")
        assert 0 == lower.exit_code, lower.output

    def test_case_id(self, run: Run, open_case: Callable[..., str]) -> None:
        """A case id with one character wrong."""
        case = open_case()
        wrong = case[:-1] + ("X" if case[-1] != "X" else "Y")
        result = run("case", "show", wrong)
        assert 1 == result.exit_code
        assert f"Did you mean: {case}?" in result.stderr

    def test_unrelated_case_id_of_the_same_year(
        self, run: Run, open_case: Callable[..., str]
    ) -> None:
        """Sharing the year is no slip: an unrelated id gets no suggestion."""
        case = open_case()
        other = case[:5] + "".join("Z" if c != "Z" else "Y" for c in case[5:])
        result = run("case", "show", other)
        assert 1 == result.exit_code
        assert "Did you mean" not in result.stderr

    def test_partner_once(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path
    ) -> None:
        """A misspelt partner gets one suggestion, not two."""
        case = open_case()
        result = run("summary", case, "--for", "cpaz", "--format", "md",
                     "--out", str(tmp_path / "s.md"))
        assert 1 == result.exit_code
        assert 1 == result.stderr.lower().count("did you mean")
        assert "cpas" in result.stderr

    def test_choice(self) -> None:
        """A misspelt choice value."""
        with pytest.raises(ValidationError, match="Did you mean: fonds_logement"):
            parse_choice("fond_logement", ("cpas", "fonds_logement", "other"), "source")

    def test_click_option(self, run: Run) -> None:
        """Click's own suggestion for an option."""
        result = run("case", "list", "--jsn")
        assert 2 == result.exit_code
        assert "--json" in result.stderr


class TestNormalised:
    """Case, accents and date forms."""

    def test_choice_case_and_accents(self) -> None:
        """CPAS is cpas; Fonds-Logement is fonds_logement."""
        choices = ("cpas", "fonds_logement", "other")
        assert "cpas" == parse_choice(" CPAS ", choices, "source")
        assert "fonds_logement" == parse_choice("Fonds-Logement", choices, "source")
        assert "fonds_logement" == fold("FÖNDS LOGEMENT")

    def test_lower_case_id(self, run: Run, open_case: Callable[..., str]) -> None:
        """A generated case id typed in lower case is the same case."""
        case = open_case()
        assert case.lower() != case
        assert case == parse_case_id(case.lower())
        result = run("case", "record", case.lower(), "aid_paid", "--amount", "100",
                     "--set", "source=CPAS", "--date", "01/02/2026")
        assert 0 == result.exit_code, result.output
        history = json.loads(run("case", "history", case, "--json").stdout)
        assert "cpas" == history[-1]["source"]
        assert "2026-02-01" == history[-1]["date"]

    @given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
           st.sampled_from(["/", ".", "-"]))
    def test_read_date_forms(self, day: date, sep: str) -> None:
        """ISO and day-first forms of the same date read back as that date."""
        assert day == read_date(day.isoformat())
        assert day == read_date(f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year:04d}")
        assert day == read_date(f" {day.day}{sep}{day.month}{sep}{day.year:04d} ")

    @given(st.text(alphabet=string.digits + "/-. ", max_size=12))
    def test_read_date_refuses_or_returns_a_date(self, text: str) -> None:
        """Any text is either a date in one of the forms or ``None``, never an exception."""
        value = read_date(text)
        assert value is None or isinstance(value, date)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


class TestCatalogues:
    """The committed catalogues: compiled, in step with their sources, faithful placeholders."""

    @pytest.mark.parametrize("lang", ["fr", "nl"])
    def test_mo_matches_po(self, lang: str) -> None:
        """The .mo shipped holds exactly the .po's translated, non-fuzzy messages."""
        folder = LOCALE / lang / "LC_MESSAGES"
        with (folder / "clss_housing.po").open("rb") as src:
            po = read_po(src, locale=lang)
        with (folder / "clss_housing.mo").open("rb") as src:
            mo = read_mo(src)
        wanted = {(m.context, m.id): m.string for m in po if m.id and m.string and not m.fuzzy}
        found = {(m.context, m.id): m.string for m in mo if m.id}
        assert wanted == found, "run: nox -s i18n_compile"

    @pytest.mark.parametrize("lang", ["fr", "nl"])
    def test_placeholders(self, lang: str) -> None:
        """A translation uses exactly the placeholders of the English message."""
        with (LOCALE / lang / "LC_MESSAGES" / "clss_housing.po").open("rb") as src:
            po = read_po(src, locale=lang)
        for m in po:
            if m.id and m.string:
                assert _placeholders(str(m.id)) == _placeholders(str(m.string)), m.context
                if m.context:
                    assert m.context in ENGLISH, f"{m.context} is no longer a message id"
