"""The translation catalogs: every message the code asks for is in them, translated, and
compiled into the .mo files the app reads."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tools import translations

LANGUAGES = translations.languages()
# {name} of str.format and %(name)s / %s of argparse: a translation keeps every one.
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def test_there_is_a_dutch_catalog() -> None:
    assert "nl" in LANGUAGES


def test_the_catalogs_are_up_to_date_with_the_code_and_compiled() -> None:
    done = subprocess.run(
        [sys.executable, str(translations.ROOT / "tools" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = translations.read(language)
    missing = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    wrong = []
    for m in translations.read(language):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        wrong += [(ids[0], s) for s in strings if sorted(set(PLACEHOLDER.findall(s))) != wanted]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mnemonic_ampersand_stays_where_the_english_has_one(language: str) -> None:
    lost = [
        m.id
        for m in translations.read(language)
        if isinstance(m.id, str) and re.search(r"&\w", m.id) and not re.search(r"&\w", m.string)
    ]
    assert lost == []


def test_the_compiled_catalogs_sit_inside_the_package() -> None:
    # The wheel takes src/bedtime as it is, .mo files included; an editable run reads them there.
    for language in LANGUAGES:
        mo = Path(translations.LOCALE_DIR, language, "LC_MESSAGES", "bedtime.mo")
        assert mo.is_file()
        assert mo.is_relative_to(translations.SOURCES)
