"""
Areas of Brussels: the postcode found in an address, kept as a non-personal attribute.

The activity report groups households by neighbourhood without ever reading
an address: a case's area is recorded once, as an ``area_recorded`` ledger
entry (postcode and, when the worker knows it, a neighbourhood id such as
``colignon`` or ``brabant``), which is not personal data and so survives an
erasure.  :func:`area_of_address` derives that entry's postcode from the
address typed at opening.

A postcode alone cannot tell the CLSS neighbourhoods of Schaerbeek apart
(Brabant and Colignon are both in 1030), and no verified street list of
their perimeters was available: the neighbourhood is recorded by the worker
(``case record CASE area_recorded --set postcode=1030 --set
neighbourhood=colignon``), otherwise the report groups by postcode.

    >>> area_of_address("Rue Josaphat 112, boîte 3, 1030 Schaerbeek")
    ('1030', 'Schaerbeek')
    >>> area_of_address("somewhere") is None
    True
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Final


__all__ = ["BRUSSELS_POSTCODES", "area_of_address"]

#: Postcodes of the Brussels-Capital Region's municipalities (main postcode areas).
BRUSSELS_POSTCODES: Final = MappingProxyType({
    "1000": "Bruxelles / Brussel", "1020": "Laeken / Laken", "1030": "Schaerbeek",
    "1040": "Etterbeek", "1050": "Ixelles / Elsene", "1060": "Saint-Gilles / Sint-Gillis",
    "1070": "Anderlecht", "1080": "Molenbeek-Saint-Jean / Sint-Jans-Molenbeek",
    "1081": "Koekelberg", "1082": "Berchem-Sainte-Agathe / Sint-Agatha-Berchem",
    "1083": "Ganshoren", "1090": "Jette", "1120": "Neder-Over-Heembeek",
    "1130": "Haren", "1140": "Evere", "1150": "Woluwe-Saint-Pierre / Sint-Pieters-Woluwe",
    "1160": "Auderghem / Oudergem", "1170": "Watermael-Boitsfort / Watermaal-Bosvoorde",
    "1180": "Uccle / Ukkel", "1190": "Forest / Vorst",
    "1200": "Woluwe-Saint-Lambert / Sint-Lambrechts-Woluwe",
    "1210": "Saint-Josse-ten-Noode / Sint-Joost-ten-Node",
})
_POSTCODE: Final = re.compile(r"(?<![0-9])([1-9][0-9]{3})(?![0-9])")


def area_of_address(address: str) -> tuple[str, str] | None:
    """
    The Brussels postcode of ``address`` and its municipality, or ``None``.

    The last Brussels postcode in the text wins (a house number never has the
    form of a Brussels postcode followed by the municipality… but may look
    like one, so a Brussels postcode is required).
    """
    found = [m.group(1) for m in _POSTCODE.finditer(address) if m.group(1) in BRUSSELS_POSTCODES]
    if not found:
        return None
    code = found[-1]
    return code, BRUSSELS_POSTCODES[code]
