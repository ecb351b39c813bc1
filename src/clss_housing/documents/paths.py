"""Safe output file names and atomic writes.

Names of written documents often come from data (a member's name in a batch
row, a case id).  :func:`safe_filename` turns any text into one file name —
no folder separators, no control characters, no ``..``, no Windows device
names, at most 180 bytes — and :func:`safe_join` refuses any path that would
end up outside the chosen folder (through a symbolic link, for instance)::

    >>> safe_filename("../../etc/passwd")
    '_.._etc_passwd'
    >>> safe_filename("L1 – Aïcha <El Idrissi>.docx")
    'L1 – Aïcha _El Idrissi_.docx'
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Final

from clss_housing.errors import ValidationError


__all__ = ["safe_filename", "safe_join", "write_atomic"]

_BAD: Final = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u2028\u2029]')
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_MAX_BYTES: Final = 180


def safe_filename(name: str, *, default: str = "document", max_bytes: int = _MAX_BYTES) -> str:
    """
    Turn ``name`` into a safe file name (one path component, kept readable).

    Letters of any script stay; invisible format characters (bidi overrides that
    would make a name read backwards) go; separators and characters Windows refuses become
    ``_``; leading dots and spaces go; the name is cut to ``max_bytes`` bytes of
    UTF-8 keeping its extension.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cs", "Co", "Cn", "Cf"))
    text = _BAD.sub("_", text).strip().lstrip(". ").rstrip(". ")
    if not text:
        text = default
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 8:
        stem, ext = text, ""
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    budget = max(1, max_bytes - len(suffix.encode("utf-8")))
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", "ignore").rstrip(". ") or default
    return stem + suffix


def safe_join(folder: Path, name: str) -> Path:
    """
    ``folder / safe_filename(name)``, refused if it resolves outside ``folder``.

    Raises:
        ValidationError: the path would leave ``folder`` (a symbolic link, for instance).
    """
    base = Path(folder).resolve()
    target = base / safe_filename(name)
    if not target.resolve().is_relative_to(base):
        raise ValidationError("out", None, "a document would be written outside the output folder")
    return target


def write_atomic(path: Path, data: bytes) -> Path:
    """
    Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees half a document; on failure nothing is left behind.

    Raises:
        ValidationError: the folder does not exist.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError("out", None, "the folder to write to does not exist")
    fd, temp = tempfile.mkstemp(prefix=".clss-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
