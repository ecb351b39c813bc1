r"""Batch letters for collectives: one letter per member, from a CSV or XLSX file.

Each row is a member.  Columns are facts (the column name is the fact name by
default, compared without case; ``mapping`` renames columns), and a ``case``
column may name a case whose ledger supplies the facts it records.  Rows
without a case carry every fact themselves (``tenant``, ``tenant_address``,
``landlord``…).

:func:`render_batch` writes one document per valid row (file names safe and
unique, inside the chosen folder), a combined DOCX with every letter for
printing (a page break between letters), and reports every invalid row with
its line number and the reason — the header is line 1, as in a spreadsheet.
Rows are streamed: neither the rows nor the documents are kept in memory, and
the combined DOCX is assembled from a temporary file, so memory stays flat for
thousands of members.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "members.csv").write_text(
    ...     "tenant;tenant_address;guarantee_amount\n"
    ...     "Aïcha;Rue X 1, 1030 Schaerbeek;1600\n"
    ...     "Jan;Koningsstraat 2, 1210 Sint-Joost-ten-Node;\n", encoding="utf-8")
    >>> report = render_batch("L16", folder / "members.csv", lang="fr", fmt="txt",
    ...                       out_dir=folder / "out")
    >>> len(report.written), [(r.line, r.missing) for r in report.invalid]
    (1, [(3, ('guarantee_amount',))])
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Final

import attrs

from clss_housing.deadlines.rules import Rules
from clss_housing.documents.catalogue import LetterCatalogue
from clss_housing.documents.docx import body_xml, skeleton, write_combined
from clss_housing.documents.facts import collect_facts
from clss_housing.documents.formatting import check_lang
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.partners import PartnerProfile
from clss_housing.documents.paths import safe_filename, safe_join
from clss_housing.documents.render import check_format, letter_sections, write_document
from clss_housing.errors import ClssHousingError, ValidationError


__all__ = [
    "HOUSEHOLDS_FACT",
    "BatchReport",
    "InvalidRow",
    "Progress",
    "read_rows",
    "render_batch",
    "render_joint",
]

log = logging.getLogger(__name__)

#: ``progress(done, total)``: rows handled so far and the number of rows (``None`` if unknown).
Progress = Callable[[int, int | None], None]

_CASE_COLUMN: Final = "case"
_LANG_COLUMN: Final = "lang"


@attrs.frozen
class InvalidRow:
    """
    A row that gave no letter.

    Attributes:
        line: its line in the file (the header is line 1).
        reason: why, without personal data.
        missing: the facts it lacked, when that is the reason.
    """

    line: int
    reason: str
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``{"line", "reason", "missing"}``."""
        return {"line": self.line, "reason": self.reason, "missing": list(self.missing)}


@attrs.frozen
class BatchReport:
    """
    What a batch wrote and refused.

    Attributes:
        letter, lang, fmt: the letter, its language and format.
        out_dir: the folder written to.
        rows: data rows read (blank rows not counted).
        written: one document per valid row, in file order.
        combined: the combined DOCX for printing, or ``None`` when no row was valid
            (the one of ``lang`` when rows chose several languages).
        invalid: the invalid rows, in file order.
        combined_by_lang: one combined DOCX per language the rows used.
    """

    letter: str
    lang: str
    fmt: str
    out_dir: Path
    rows: int
    written: tuple[Path, ...]
    combined: Path | None
    invalid: tuple[InvalidRow, ...]
    combined_by_lang: Mapping[str, Path] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Every row gave a letter."""
        return not self.invalid

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready report (paths as strings)."""
        return {
            "letter": self.letter, "lang": self.lang, "format": self.fmt,
            "out_dir": str(self.out_dir), "rows": self.rows,
            "written": [str(p) for p in self.written],
            "combined": str(self.combined) if self.combined else None,
            "combined_by_lang": {k: str(v) for k, v in self.combined_by_lang.items()},
            "invalid": [row.to_json() for row in self.invalid],
        }


# -- reading rows ----------------------------------------------------------------------------------


def _column(name: object) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
    delimiter = max((";", ",", "\t"), key=sample.count)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            start = 1
            try:
                for row in reader:
                    yield start, row
                    start = reader.line_num + 1
            except csv.Error as error:
                raise ValidationError(
                    "file", None,
                    f"line {start}: is not valid CSV ({error}); check for a missing closing "
                    "quote (\")",
                ) from None

    # A first pass checks the whole file (quotes, field sizes) before any letter is written.
    total = sum(1 for _, row in rows() if any(cell.strip() for cell in row)) - 1
    return rows(), max(total, 0)


#: Limits on an .xlsx file (a zip archive): its size unpacked and how much it may expand.
_XLSX_MAX_UNPACKED = 200_000_000
_XLSX_MAX_RATIO = 200


def _check_xlsx(path: Path) -> None:
    """Refuse a workbook that is not a zip archive or would unpack to too much (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError("file", None, "is not a readable .xlsx workbook") from None
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > _XLSX_MAX_UNPACKED or unpacked > _XLSX_MAX_RATIO * packed + 1_000_000:
        raise ValidationError(
            "file", None,
            "unpacks to far more than its size (over "
            f"{_XLSX_MAX_UNPACKED // 1_000_000} MB or {_XLSX_MAX_RATIO} times); refused",
        )


def _xlsx_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int | None]:
    # lazy: openpyxl is only needed for XLSX member sheets.
    import openpyxl

    _check_xlsx(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book.active
        total = (sheet.max_row - 1) if sheet is not None and sheet.max_row else None
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise ValidationError("file", None, "is not a readable .xlsx workbook") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            if sheet is None:
                return
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield line, list(row)
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 - damage found while streaming the sheet
            raise ValidationError("file", None, "is not a readable .xlsx workbook") from None
        finally:
            book.close()

    return rows(), total


def read_rows(
    path: Path, mapping: Mapping[str, str] | None = None
) -> tuple[Iterator[tuple[int, dict[str, Any]]], int | None]:
    """
    Stream the data rows of a CSV (``;``, ``,`` or tab; UTF-8, BOM or not) or XLSX file.

    Returns:
        ``(rows, total)``: an iterator of ``(line, {column: value})`` with column names
        lowered (and renamed by ``mapping``), blank rows skipped; and the number of
        data rows when cheap to know.

    Raises:
        ValidationError: the file cannot be read, has no header, or is not CSV/XLSX.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            raw, total = _xlsx_rows(path)
        elif suffix in (".csv", ".txt", ".tsv"):
            raw, total = _csv_rows(path)
        else:
            raise ValidationError("file", suffix or None, "must be a .csv or .xlsx file")
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        if isinstance(error, ValidationError):
            raise
        raise ValidationError("file", None, f"cannot be read ({type(error).__name__})") from None
    renames = {_column(k): _column(v) for k, v in (mapping or {}).items()}

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        header: list[str] | None = None
        for line, row in raw:
            if header is None:
                header = [renames.get(_column(c), _column(c)) for c in row]
                if not any(header):
                    raise ValidationError("file", None, "has no header row")
                named = [name for name in header if name]
                for name in named:
                    if named.count(name) > 1:
                        shown = name if len(name) <= 40 and name.isprintable() else None
                        raise ValidationError("header", shown, "names a column twice")
                continue
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                continue
            yield line, {name: cell for name, cell in zip(header, row, strict=False) if name}
        if header is None:
            raise ValidationError("file", None, "is empty; expected a header row and data rows")

    return rows(), total


# -- the batch -------------------------------------------------------------------------------------


def render_batch(
    letter_id: str,
    rows_source: Path,
    *,
    lang: str,
    fmt: str = "docx",
    out_dir: Path,
    casebook: Any | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    values: Mapping[str, object] | None = None,
    as_of: date | None = None,
    letterhead: Letterhead | None = None,
    combined: bool = True,
    catalogue: LetterCatalogue | None = None,
    rules: Rules | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> BatchReport:
    """
    Render one letter per member row of a CSV or XLSX file.

    Args:
        letter_id: the letter.
        rows_source: the CSV or XLSX file (first sheet), header on line 1.
        lang: ``fr`` or ``nl``: the language of rows without a ``lang`` column
            value (a row's ``lang``, ``fr`` or ``nl`` in any case, wins).
        fmt: format of the per-member documents (``docx``, ``txt``, ``html``, ``md``).
        out_dir: the folder to write to (created if needed); nothing is written outside it.
        casebook: a :class:`~clss_housing.casebook.Casebook` for rows with a ``case`` column.
        mapping: ``{column: fact}`` for columns not named like the fact.
        progress: called after each row with ``(done, total)``.
        values: facts common to every row (a row's own value wins).
        as_of: the letters' date (today by default).
        letterhead: the sending partner's letterhead.
        combined: also write ``<letter>-<lang>-combined.docx`` with every letter.
        catalogue: the letters to choose from (the core letters by default).
        rules: the deadline rules in force (the Brussels pack by default).
        partners: the partner profiles by id (consents recorded under an alias count).

    Returns:
        The report: documents written, the combined DOCX, invalid rows.

    Raises:
        NotFoundError: unknown letter.
        ValidationError: bad language or format, or an unreadable file.
    """
    spec = (catalogue or LetterCatalogue.core()).letter(letter_id)
    check_lang(lang, spec.languages)
    check_format(fmt)
    as_of = as_of or date.today()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, total = read_rows(Path(rows_source), mapping)
    known = set(spec.required) | set(spec.optional)
    written: list[Path] = []
    invalid: list[InvalidRow] = []
    used: set[str] = set()
    count = 0
    # one combined DOCX per language the rows use: its skeleton and its bodies so far
    bodies: dict[str, Any] = {}
    done_in: dict[str, int] = {}
    try:
        for line, row in rows:
            count += 1
            try:
                row_lang = _row_lang(row.get(_LANG_COLUMN), lang, spec.languages)
                view = None
                case_id = row.get(_CASE_COLUMN)
                if case_id not in (None, ""):
                    if casebook is None:
                        raise ValidationError("case", None, "a case column needs a casebook")
                    view = casebook.load(str(case_id).strip())
                given = {**(values or {}),
                         **{k: v for k, v in row.items() if k in known and v not in (None, "")}}
                facts = collect_facts(spec, view, given, as_of=as_of, lang=row_lang,
                                      letterhead=letterhead, strict=False, rules=rules,
                                      partners=partners)
                if facts.missing:
                    invalid.append(InvalidRow(
                        line, f"missing facts: {', '.join(facts.missing)}", facts.missing))
                    continue
                sections, printed = letter_sections(facts, catalogue=catalogue)
                data = write_document(fmt, sections, printed, lang=row_lang,
                                      title=spec.title[row_lang], doc_id=spec.id,
                                      letterhead=letterhead)
                target = _unique(out_dir, line, spec.id, facts.values.get("tenant"), fmt, used)
                target.write_bytes(data)
                written.append(target)
                if combined:
                    if row_lang not in bodies:
                        bodies[row_lang] = tempfile.TemporaryFile(  # noqa: SIM115 - finally
                            "w+", encoding="utf-8")
                    done_in[row_lang] = done_in.get(row_lang, 0) + 1
                    bodies[row_lang].write(
                        body_xml(sections, printed, page_break=done_in[row_lang] > 1))
            except ClssHousingError as error:
                invalid.append(InvalidRow(line, str(error), tuple(getattr(error, "missing", ()))))
            finally:
                if progress is not None:
                    progress(count, total)
        if count == 0:
            raise ValidationError("file", None, "has no data rows; no letter was written")
        by_lang: dict[str, Path] = {}
        for code, handle in sorted(bodies.items()):
            handle.seek(0)
            skel = skeleton(spec.id, code, spec.title[code], letterhead)
            path = safe_join(out_dir, f"{spec.id}-{code}-combined.docx")
            _write_streamed(path, partial(_combine, skel, handle))
            by_lang[code] = path
    finally:
        for handle in bodies.values():
            handle.close()
    if invalid:
        log.info("batch %s: %d of %d rows invalid", spec.id, len(invalid), count)
    main = by_lang.get(lang) or next(iter(by_lang.values()), None)
    return BatchReport(spec.id, lang, fmt, out_dir, count, tuple(written), main,
                       tuple(invalid), by_lang)


def _combine(skel: Any, bodies: Any, out: io.BufferedWriter) -> None:
    write_combined(skel, bodies, out)


def _row_lang(value: object, default: str, allowed: tuple[str, ...]) -> str:
    """The language of one row: its ``lang`` cell (any case, ``FR``, `` nl ``) or ``default``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    code = str(value).strip().lower()
    if code not in allowed:
        shown = code if len(code) <= 8 and code.isalpha() else None
        raise ValidationError("lang", shown, f"must be one of: {', '.join(allowed)}")
    return code


def _unique(out_dir: Path, line: int, letter_id: str, tenant: object, fmt: str,
            used: set[str]) -> Path:
    who = safe_filename(str(tenant), default="", max_bytes=60) if tenant else ""
    stem = f"{letter_id}-{line:05d}" + (f"-{who}" if who else "")
    name = safe_filename(f"{stem}.{fmt}")
    serial = 1
    while name.casefold() in used:
        serial += 1
        name = safe_filename(f"{stem}-{serial}.{fmt}")
    used.add(name.casefold())
    return safe_join(out_dir, name)


def _write_streamed(path: Path, write: Callable[[io.BufferedWriter], None]) -> None:
    fd, temp = tempfile.mkstemp(prefix=".clss-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -- a joint letter --------------------------------------------------------------------------------

#: The fact a joint letter lists its signatory households in.
HOUSEHOLDS_FACT: Final = "households"
_ADDRESS_COLUMNS: Final = ("tenant_address", "apartment", "address")


def render_joint(
    letter_id: str,
    rows_source: Path,
    *,
    lang: str,
    fmt: str = "docx",
    out_dir: Path,
    mapping: Mapping[str, str] | None = None,
    values: Mapping[str, object] | None = None,
    as_of: date | None = None,
    letterhead: Letterhead | None = None,
    catalogue: LetterCatalogue | None = None,
    rules: Rules | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> BatchReport:
    """
    Render ONE letter signed by every household of the sheet (``uls-joint``…).

    Each row is a signatory household: its ``tenant`` (the household's name,
    required) and, when the sheet has one, its ``tenant_address``,
    ``apartment`` or ``address``.  They are listed, in file order, as the
    letter's ``households`` fact; the other facts come from ``values``
    (``--set``).  A row without a name is invalid and then no letter is
    written: a household is never left off a letter it was meant to sign.

    Returns:
        The report: ``written`` holds the one letter (empty when refused),
        ``combined`` is ``None``.

    Raises:
        NotFoundError: unknown letter.
        ValidationError: the letter takes no ``households`` fact, a bad
            language or format, an unreadable file or one without data rows.
    """
    spec = (catalogue or LetterCatalogue.core()).letter(letter_id)
    if HOUSEHOLDS_FACT not in (*spec.required, *spec.optional):
        raise ValidationError(
            "letter", spec.id,
            "takes no households fact, so it cannot be a joint letter (see uls-joint)",
        )
    check_lang(lang, spec.languages)
    check_format(fmt)
    as_of = as_of or date.today()
    rows, _total = read_rows(Path(rows_source), mapping)
    signatories: list[str] = []
    invalid: list[InvalidRow] = []
    count = 0
    for line, row in rows:
        count += 1
        name = row.get("tenant")
        if name is None or not str(name).strip():
            invalid.append(InvalidRow(line, "tenant: the household's name is missing",
                                      ("tenant",)))
            continue
        where = next((str(row[c]).strip() for c in _ADDRESS_COLUMNS
                      if row.get(c) not in (None, "") and str(row[c]).strip()), "")
        signatories.append(f"- {str(name).strip()}" + (f", {where}" if where else ""))
    if count == 0:
        raise ValidationError("file", None, "has no data rows; no letter was written")
    written: tuple[Path, ...] = ()
    if not invalid:
        given = {**(values or {}), HOUSEHOLDS_FACT: "\n".join(signatories)}
        facts = collect_facts(spec, None, given, as_of=as_of, lang=lang, letterhead=letterhead,
                              strict=False, rules=rules, partners=partners)
        if facts.missing:
            invalid.append(InvalidRow(0, f"missing facts: {', '.join(facts.missing)}",
                                      facts.missing))
        else:
            sections, printed = letter_sections(facts, catalogue=catalogue)
            data = write_document(fmt, sections, printed, lang=lang, title=spec.title[lang],
                                  doc_id=spec.id, letterhead=letterhead)
            out_dir = Path(out_dir)
            out_dir.mkdir(parents=True, exist_ok=True)
            target = safe_join(out_dir, safe_filename(f"{spec.id}-{lang}-joint.{fmt}"))
            target.write_bytes(data)
            written = (target,)
    return BatchReport(spec.id, lang, fmt, Path(out_dir), count, written, None, tuple(invalid))
