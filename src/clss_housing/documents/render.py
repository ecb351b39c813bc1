"""Rendering letters: one Jinja template per letter and language, four formats.

A letter template (``templates/letters/L1.fr.j2``…) extends the language's
layout and renders *markup* (see :mod:`clss_housing.documents.markup`).  Every
value it prints goes through the environment's ``finalize``: dates, amounts
and decimals are formatted by Babel in the letter's language, and the result
is swapped for a token.  The markup is parsed (cached), then written as
text, Markdown, HTML or DOCX, each writer escaping the values for its format.

Templates are compiled once and cached.  Built-in templates run in a plain
:class:`jinja2.Environment`; templates from plugins or users
(:class:`TemplateSource` with ``origin`` ``"plugin"`` or ``"user"``) run in
Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`.

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> book = Casebook.open("memory:")
    >>> case = book.open_case(tenant="Aïcha & Co", landlord="B", address="Rue X 1, 1030 "
    ...     "Schaerbeek", rent=Money.parse("800"), date=date(2026, 1, 1))
    >>> text = render_letter(book.load(case), "L16", lang="fr", fmt="txt",
    ...     values={"guarantee_amount": "1600"}, as_of=date(2026, 2, 2)).decode()
    >>> "Schaerbeek, le 2 février 2026" in text and "600,00" in text
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias

import attrs
import jinja2
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from clss_housing.deadlines.rules import Rules
from clss_housing.documents.catalogue import LetterCatalogue, LetterSpec
from clss_housing.documents.docx import docx_document, skeleton
from clss_housing.documents.facts import Facts, collect_facts
from clss_housing.documents.formatting import (
    check_lang,
    format_date,
    format_decimal,
    format_money,
    format_value,
)
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.markup import TOKEN_CLOSE, TOKEN_OPEN, Section, parse, token
from clss_housing.documents.partners import PartnerProfile
from clss_housing.documents.paths import safe_filename, write_atomic
from clss_housing.documents.writers import write_html, write_md, write_txt
from clss_housing.errors import MissingFactsError, PluginError, ValidationError
from clss_housing.money import Money
from clss_housing.view import CaseView


__all__ = [
    "FORMATS",
    "TEMPLATE_DIR",
    "Format",
    "TemplateSource",
    "check_format",
    "check_template",
    "clear_caches",
    "compiled_template",
    "default_filename",
    "letter_sections",
    "prepare_letter",
    "render_facts",
    "render_letter",
    "render_markup",
    "template_source",
    "write_document",
    "write_letter",
]

Format: TypeAlias = Literal["txt", "md", "html", "docx"]
#: The formats every letter renders in.
FORMATS: Final = ("docx", "txt", "html", "md")
#: Where the built-in templates live.
TEMPLATE_DIR: Final = Path(__file__).parent / "templates"

Origin: TypeAlias = Literal["builtin", "plugin", "user"]


def clear_caches() -> None:
    """
    Forget every memoised rendering (parsed markup, text outputs, plain values).

    The caches are bounded, but they hold personal data of the last documents
    rendered; call this after erasing a person's data in a long-running process.
    """
    _plain.cache_clear()
    _text_output.cache_clear()
    parse.cache_clear()


def check_format(fmt: str) -> Format:
    """Return ``fmt`` when it is a known format, else raise :class:`ValidationError`."""
    if fmt not in FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(FORMATS)}")
    return fmt  # type: ignore[return-value]


@attrs.frozen
class TemplateSource:
    """
    Where a template comes from, and so how far it is trusted.

    Attributes:
        name: the template's name (a path under ``templates/`` for built-in ones).
        text: the template's source for plugins' and users' templates.
        origin: ``builtin`` (shipped with clss-housing, plain Jinja), ``plugin`` or
            ``user`` (run in Jinja's sandbox: no access to Python internals).
    """

    name: str
    text: str | None = None
    origin: Origin = "builtin"

    def __attrs_post_init__(self) -> None:
        if self.origin not in ("builtin", "plugin", "user"):
            raise ValidationError("origin", self.origin, "must be builtin, plugin or user")
        if self.origin != "builtin" and self.text is None:
            raise ValidationError("template", self.name, "a plugin or user template needs text")
        if self.text is not None and (TOKEN_OPEN in self.text or TOKEN_CLOSE in self.text):
            raise ValidationError("template", self.name, "contains reserved characters "
                                                         "U+E000/U+E001")

    @property
    def sandboxed(self) -> bool:
        """The template runs in Jinja's sandbox (every non-built-in template does)."""
        return self.origin != "builtin"


# -- the environments -----------------------------------------------------------------------------


class _State:
    """What one render collects: the printed values (formatted), in order."""

    __slots__ = ("lang", "values")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.values: list[str] = []


_STATE: ContextVar[_State | None] = ContextVar("clss_documents_render", default=None)


class _FactUndefinedError(UndefinedError):
    """A template printed a value that is not known."""

    def __init__(self, fact: str) -> None:
        self.fact = fact
        super().__init__(f"{fact!r} is undefined")


class _Absent(jinja2.Undefined):
    """An unknown fact: false in ``{% if %}``, empty in loops, an error when printed."""

    __slots__ = ()

    def __str__(self) -> str:
        raise _FactUndefinedError(self._undefined_name or "value")


#: Values made only of these characters (starting with a letter, digit or €, no newline)
#: can mean nothing to the markup parser or to any writer's syntax once the writer has
#: escaped the template's text: they are printed in place.  Any other value is swapped
#: for a token and escaped by the writer of each format.
_PLAIN: Final = re.compile(
    "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u20ac]"
    "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u20ac .,:;'\u2019/()%\u00a0\u202f-]*"
)
_NUMBERED: Final = re.compile(r"\d+[.)]")  # "12." would start a Markdown list


@lru_cache(maxsize=1024)
def _plain(text: str) -> bool:
    return (_PLAIN.fullmatch(text) is not None and text[-1] not in " \u00a0\u202f"
            and _NUMBERED.match(text) is None)


_TOKENS: Final = [token(i) for i in range(512)]


def _finalize(value: object) -> object:
    # Not ``pass_context``: Jinja then folds constant expressions at compile time with no
    # render under way, and they become template text, which they are.
    state = _STATE.get()
    if state is None:  # rendered outside render_markup: print as it is
        return value
    if type(value) is str:
        text = value
    elif isinstance(value, jinja2.Undefined):
        raise _FactUndefinedError(value._undefined_name or "value")
    elif value is None:
        raise _FactUndefinedError("value")
    else:
        text = format_value(value, state.lang)
    if not text or _plain(text):
        return text
    values = state.values
    values.append(text)
    index = len(values) - 1
    return _TOKENS[index] if index < 512 else token(index)


def _lang() -> str:
    state = _STATE.get()
    return state.lang if state is not None else "fr"


def _filter_money(value: Money) -> str:
    return format_money(value, _lang())


def _filter_date(value: date, style: str = "long") -> str:
    return format_date(value, _lang(), style)


def _filter_numdate(value: date) -> str:
    return format_date(value, _lang(), "numeric")


def _filter_decimal(value: Any) -> str:
    return format_decimal(Decimal(value), _lang())


_OPTIONS: Final[dict[str, Any]] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "undefined": _Absent,
    "finalize": _finalize,
    "auto_reload": False,
    "cache_size": 1000,
    # Values are never pasted into the output by Jinja: each is swapped for a token and
    # escaped by the writer of the format (html.escape, XML escaping, Markdown escapes).
    "autoescape": False,
}

def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(money=_filter_money, date=_filter_date, numdate=_filter_numdate,
                       decimal=_filter_decimal)
    return env


@lru_cache(maxsize=1)
def _builtin_env() -> jinja2.Environment:
    return _configure(jinja2.Environment(  # noqa: S701 - escaping is done by the writers
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), **_OPTIONS,
    ))


@lru_cache(maxsize=1)
def _sandbox_env() -> jinja2.Environment:
    # Sandboxed templates may extend the package's base templates, nothing else.
    loader = jinja2.FileSystemLoader(TEMPLATE_DIR)
    return _configure(ImmutableSandboxedEnvironment(loader=loader, **_OPTIONS))


@lru_cache(maxsize=512)
def _compile(source: TemplateSource) -> jinja2.Template:
    if source.origin == "builtin":
        return _builtin_env().get_template(source.name)
    env = _sandbox_env()
    assert source.text is not None
    try:
        return env.from_string(source.text)
    except jinja2.TemplateSyntaxError as error:
        raise PluginError(source.name, f"template syntax error line {error.lineno}: "
                                       f"{error.message}") from None


def check_template(source: TemplateSource) -> None:
    """
    Compile ``source`` once, to refuse a template that is not valid Jinja before it is used.

    Raises:
        PluginError: a syntax error, naming the template and the line.
    """
    _compile(source)


def template_source(
    letter_id: str, lang: str, catalogue: LetterCatalogue | None = None
) -> TemplateSource:
    """
    The template of a letter in a language.

    A plugin letter's text from ``catalogue`` (sandboxed), else the package's file.
    """
    text = (catalogue or LetterCatalogue.core()).templates.get((letter_id, lang))
    if text is not None:
        return TemplateSource(f"plugin:{letter_id}.{lang}", text, "plugin")
    return TemplateSource(f"letters/{letter_id}.{lang}.j2")


def compiled_template(
    letter_id: str, lang: str, catalogue: LetterCatalogue | None = None
) -> jinja2.Template:
    """
    The compiled template of a letter (as used by :func:`render_letter`).

    Rendered directly with ``template.render(prepare_letter(...).context)`` it prints
    values unformatted and untokenised: the "bare Jinja" baseline of the benchmarks.
    """
    return _compile(template_source(letter_id, lang, catalogue))


_QUOTED: Final = re.compile(r"'([^']+)'")


def render_markup(
    source: TemplateSource, context: Mapping[str, Any], *, lang: str, document: str
) -> tuple[str, list[str]]:
    """
    Render a template to markup and the list of values it printed (formatted, unescaped).

    Raises:
        MissingFactsError: the template printed a value that is not known.
        PluginError: a sandboxed template did something the sandbox forbids, or is invalid.
    """
    template = _compile(source)
    state = _State(lang)
    reset = _STATE.set(state)
    try:
        markup = template.render(context)
    except _FactUndefinedError as error:
        raise MissingFactsError(document, [error.fact]) from None
    except UndefinedError as error:
        found = _QUOTED.findall(str(error))
        raise MissingFactsError(document, [found[-1] if found else "value"]) from None
    except SecurityError as error:
        raise PluginError(source.name, f"refused by the template sandbox: {error}") from None
    except jinja2.TemplateError as error:
        if not source.sandboxed:
            raise
        raise PluginError(source.name, f"template error: {error}") from None
    finally:
        _STATE.reset(reset)
    return markup, state.values


# -- letters ---------------------------------------------------------------------------------------


def prepare_letter(
    view: CaseView | None,
    letter_id: str,
    *,
    lang: str,
    values: Mapping[str, object] | None = None,
    as_of: date | None = None,
    letterhead: Letterhead | None = None,
    strict: bool = True,
    catalogue: LetterCatalogue | None = None,
    rules: Rules | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> Facts:
    """
    Collect and check the facts of a letter, before anything is rendered.

    Returns:
        The facts (see :attr:`~clss_housing.documents.facts.Facts.ignored` for ``--set``
        values the ledger overrides).

    Raises:
        NotFoundError: unknown letter.
        ValidationError: bad language, or a value that cannot be parsed or names no fact.
        MissingFactsError: naming every required fact still unknown.
    """
    spec = (catalogue or LetterCatalogue.core()).letter(letter_id)
    check_lang(lang, spec.languages)
    facts = collect_facts(spec, view, values, as_of=as_of or date.today(), lang=lang,
                          letterhead=letterhead, strict=strict, rules=rules,
                          partners=partners)
    facts.check()
    return facts


def letter_sections(
    facts: Facts,
    *,
    template: TemplateSource | None = None,
    catalogue: LetterCatalogue | None = None,
) -> tuple[tuple[Section, ...], list[str]]:
    """Render the letter's template for ``facts``: parsed sections and printed values."""
    lang = facts.context["lang"]
    source = template or template_source(facts.letter, lang, catalogue)
    markup, printed = render_markup(source, facts.context, lang=lang, document=facts.letter)
    return parse(markup), printed


def write_document(
    fmt: str,
    sections: Sequence[Section],
    values: Sequence[str],
    *,
    lang: str,
    title: str,
    doc_id: str,
    letterhead: Letterhead | None = None,
    images: Mapping[str, tuple[bytes, int, int]] | None = None,
    image_urls: Mapping[str, str] | None = None,
) -> bytes:
    """Write parsed sections in ``fmt`` (text formats as UTF-8)."""
    if fmt == "txt":
        return write_txt(sections, values).encode("utf-8")
    if fmt == "md":
        return write_md(sections, values).encode("utf-8")
    if fmt == "html":
        return write_html(sections, values, lang=lang, title=title,
                          images=image_urls).encode("utf-8")
    if fmt == "docx":
        skel = skeleton(doc_id, lang, title, letterhead, image=bool(images))
        return docx_document(skel, sections, values, images=images)
    check_format(fmt)
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=64)
def _text_output(fmt: str, markup: str, values: tuple[str, ...], lang: str, title: str) -> bytes:
    """A text format is a pure function of the markup and the values: memoised."""
    return write_document(fmt, parse(markup), values, lang=lang, title=title, doc_id="")


def render_facts(
    facts: Facts,
    *,
    fmt: str,
    letterhead: Letterhead | None = None,
    template: TemplateSource | None = None,
    catalogue: LetterCatalogue | None = None,
) -> bytes:
    """Render a prepared letter (see :func:`prepare_letter`) in ``fmt``."""
    check_format(fmt)
    spec: LetterSpec = facts.context["letter"]
    lang = facts.context["lang"]
    source = template or template_source(facts.letter, lang, catalogue)
    markup, printed = render_markup(source, facts.context, lang=lang, document=facts.letter)
    if fmt != "docx":
        return _text_output(fmt, markup, tuple(printed), lang, spec.title[lang])
    return write_document(fmt, parse(markup), printed, lang=lang, title=spec.title[lang],
                          doc_id=spec.id, letterhead=letterhead)


def render_letter(
    view: CaseView | None,
    letter_id: str,
    *,
    lang: str,
    fmt: str,
    values: Mapping[str, object] | None = None,
    as_of: date | None = None,
    letterhead: Letterhead | None = None,
    template: TemplateSource | None = None,
    catalogue: LetterCatalogue | None = None,
    rules: Rules | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> bytes:
    """
    Render one letter of a case.

    Args:
        view: the case (``None``: every fact comes from ``values``).
        letter_id: a catalogue id (``L1``…``L16``, ``referral``, plugins' ids).
        lang: ``fr`` or ``nl``.
        fmt: ``txt``, ``md``, ``html`` (UTF-8 bytes) or ``docx``.
        values: explicit facts (``--set``); never override what the ledger records.
        as_of: the letter's date (today by default); later entries are left out.
        letterhead: the sending partner's letterhead.
        template: use this template instead of the catalogue's.
        catalogue: the letters to choose from (the core letters by default;
            ``PluginEnvironment.catalogue`` for the plugins' letters too).
        rules: the deadline rules dates come from (the Brussels pack by default;
            ``PluginEnvironment.rules`` with the plugins' rules).
        partners: the partner profiles by id (``PluginEnvironment.partners``): a consent
            recorded under a partner's alias counts for it.

    Returns:
        The document's bytes.

    Raises:
        NotFoundError: unknown letter.
        ValidationError: bad language, format or explicit value.
        MissingFactsError: every missing fact named; nothing is rendered.
    """
    check_format(fmt)
    facts = prepare_letter(view, letter_id, lang=lang, values=values, as_of=as_of,
                           letterhead=letterhead, catalogue=catalogue, rules=rules,
                           partners=partners)
    return render_facts(facts, fmt=fmt, letterhead=letterhead, template=template,
                        catalogue=catalogue)


def default_filename(letter_id: str, case_id: str | None, lang: str, fmt: str) -> str:
    """``L1-2026-7KQ3FM-fr.docx``: a safe file name for a letter."""
    parts = [letter_id, *([case_id] if case_id else []), lang]
    return safe_filename("-".join(parts) + f".{fmt}")


def write_letter(
    view: CaseView | None,
    letter_id: str,
    *,
    lang: str,
    out: Path,
    fmt: str | None = None,
    values: Mapping[str, object] | None = None,
    as_of: date | None = None,
    letterhead: Letterhead | None = None,
    template: TemplateSource | None = None,
    catalogue: LetterCatalogue | None = None,
    rules: Rules | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> Path:
    """
    Render a letter and write it to ``out`` (a file, or a folder to put it in).

    The letter is rendered completely before anything is written, and written
    atomically: on any error no file is created.

    Args:
        view: the case (``None``: every fact comes from ``values``).
        letter_id: the letter.
        lang: ``fr`` or ``nl``.
        out: the file to write, or an existing folder (the name is then
            :func:`default_filename`).
        fmt: the format; by default from ``out``'s suffix.
        values: explicit facts (never override the ledger).
        as_of: the letter's date (today by default).
        letterhead: the sending partner's letterhead.
        template: use this template instead of the catalogue's.
        catalogue: the letters to choose from (see :func:`render_letter`).
        rules: the deadline rules (see :func:`render_letter`).
        partners: the partner profiles (see :func:`render_letter`).

    Returns:
        The path written.

    Raises:
        ValidationError: no format given or guessable, or the folder does not exist.
        MissingFactsError: see :func:`render_letter`.
    """
    out = Path(out)
    if fmt is None:
        fmt = out.suffix.lstrip(".").lower()
        if out.is_dir() or fmt not in FORMATS:
            raise ValidationError("format", fmt or None, f"give one of: {', '.join(FORMATS)}")
    data = render_letter(view, letter_id, lang=lang, fmt=fmt, values=values, as_of=as_of,
                         letterhead=letterhead, template=template, catalogue=catalogue,
                         rules=rules, partners=partners)
    target = out
    if out.is_dir():
        target = out / default_filename(letter_id, view.case_id if view else None, lang, fmt)
    return write_atomic(target, data)
