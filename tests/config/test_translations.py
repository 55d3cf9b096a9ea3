"""Every string a person sees exists in Italian: no empty or fuzzy entries in the catalogue."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import ponte

CATALOGUE = Path(ponte.__file__).parent / "locale" / "it" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]


def test_italian_catalogue_has_no_untranslated_entries() -> None:
    untranslated = [
        entry for entry in _entries() if re.search(r'^msgstr(\[\d\])? ""\n(?!")', entry + "\n", re.MULTILINE)
    ]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g.:\n" + "\n---\n".join(untranslated[:5])


def test_italian_catalogue_has_no_fuzzy_entries() -> None:
    fuzzy = [entry for entry in _entries() if "#, fuzzy" in entry]
    assert not fuzzy, "\n---\n".join(fuzzy[:5])


def test_compiled_catalogue_matches_the_source() -> None:
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "Run `uv run ponte manage compilemessages`."
    with compiled.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    in_mo = {key if isinstance(key, str) else key[0] for key in catalog} - {""}
    in_po = [entry for entry in _entries() if entry.strip() and not entry.lstrip().startswith("#~")]
    assert len(in_mo) == len(in_po), "The .mo file is stale: run `uv run ponte manage compilemessages`."
