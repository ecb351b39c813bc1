"""The legal terms of the letters, one glossary per language.

Every letter template names a legal term through ``term`` (``{{ term.cbl }}``,
``{{ term.judge_of_peace }}``…) rather than writing it out, so that a term is
written the same way in every letter and translated once: the terms live in
``documents/templates/glossary.{fr,nl}.json``, and a test checks that both
languages have the same keys, none empty.

    >>> glossary("nl")["judge_of_peace"]
    'vrederechter'
    >>> glossary("fr")["cbl"]
    'Code bruxellois du Logement'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from clss_housing.documents.formatting import LANGS, check_lang
from clss_housing.errors import ValidationError


__all__ = ["glossary", "glossary_keys"]


@lru_cache(maxsize=len(LANGS))
def glossary(lang: str) -> Mapping[str, str]:
    """
    The legal terms in ``lang`` (``fr`` or ``nl``), by key, read-only.

    Raises:
        ValidationError: ``lang`` has no letters, or its glossary has an empty term.
    """
    check_lang(lang)
    text = resources.files("clss_housing.documents").joinpath(
        "templates", f"glossary.{lang}.json"
    ).read_text(encoding="utf-8")
    data = json.loads(text)
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"glossary.{lang}", key, "must be a non-empty term")
    return MappingProxyType(dict(data))


def glossary_keys() -> dict[str, frozenset[str]]:
    """The keys of each language's glossary (for the check that they are the same)."""
    return {lang: frozenset(glossary(lang)) for lang in LANGS}
