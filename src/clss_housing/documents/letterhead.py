"""A partner's letterhead: printed at the top of letters and summaries.

A plugin's partner profile provides one; the DOCX puts it in the page header
(with the logo when given), the text formats print it as the first lines.

    >>> head = Letterhead(name="Union des Locataires de Schaerbeek",
    ...                   lines=("Rue Royale Sainte-Marie 6", "1030 Schaerbeek"))
    >>> head.city
    'Schaerbeek'
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from clss_housing.errors import ValidationError


__all__ = ["Letterhead"]

_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_CITY: Final = re.compile(r"(?<!\d)\d{4}\s+(.+)$")


def _lines(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(line for line in value.splitlines() if line.strip())
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


def _check_logo(instance: object, attribute: attrs.Attribute[bytes | None], value: object) -> None:
    if value is not None and (not isinstance(value, bytes) or not value.startswith(_PNG_MAGIC)):
        raise ValidationError("logo_png", None, "must be the bytes of a PNG image")


@attrs.frozen(cache_hash=True)
class Letterhead:
    """
    The sending organisation's identity.

    Attributes:
        name: the organisation's name.
        lines: postal address lines.
        phone, email, website: contact details (empty when unknown).
        place: the place written before the date; defaults to the city of the last line.
        logo_png: PNG bytes of the logo, or ``None``.
    """

    name: str
    lines: tuple[str, ...] = attrs.field(default=(), converter=_lines)
    phone: str = ""
    email: str = ""
    website: str = ""
    place: str = ""
    logo_png: bytes | None = attrs.field(default=None, validator=_check_logo, repr=False)

    @property
    def city(self) -> str:
        """The place printed before the date (``place``, else the city in the address)."""
        if self.place:
            return self.place
        for line in reversed(self.lines):
            match = _CITY.search(line.strip())
            if match:
                return match.group(1).strip()
        return ""

    @property
    def contact(self) -> str:
        """Phone, e-mail and website on one line."""
        return " · ".join(part for part in (self.phone, self.email, self.website) if part)

    def text_lines(self) -> tuple[str, ...]:
        """The lines printed at the top of a text letter: name, address, contact."""
        contact = self.contact
        return (self.name, *self.lines, *((contact,) if contact else ()))
