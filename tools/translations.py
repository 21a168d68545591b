"""The translation catalogs: collect the messages from the code, bring each language's .po
file up to date, and compile the .mo files the app reads.

    uv run --group i18n python tools/translations.py          # after changing messages
    uv run --group i18n python tools/translations.py --check  # what CI checks, changing nothing

Then translate the new and changed entries in src/bedtime/locale/<language>/LC_MESSAGES/
bedtime.po (a changed English text comes back marked fuzzy, with the old translation as a
starting point), and run it again to compile. A new language is one more .po file:
`python tools/translations.py --new de`.

The messages are those of Bedtime's own code and of argparse ("usage:", "options:"), which
asks gettext for its texts through the same catalog.
"""

import argparse
import gettext
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "bedtime"
LOCALE_DIR = SOURCES / "locale"
DOMAIN = "bedtime"
# bedtime.core.wording.plural(count, singular, several): the two forms are its 2nd and 3rd;
# N_ marks a label that is translated where it is shown.
KEYWORDS = {**DEFAULT_KEYWORDS, "plural": (2, 3), "N_": None}
COMMENT_TAGS = ["Translators:"]


def template() -> Catalog:
    """Every message the code asks the catalog for, in the order the files give them."""
    catalog = Catalog(project="Bedtime", domain=DOMAIN, fuzzy=False)
    found = [
        (path, *rest)
        for path, *rest in extract_from_dir(
            SOURCES, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS
        )
    ]
    found += [
        (f"argparse/{Path(argparse.__file__).name}", *rest)
        for rest in extract_from_file(
            "python", argparse.__file__, keywords=KEYWORDS, comment_tags=COMMENT_TAGS
        )
    ]
    for path, line, message, comments, context in found:
        catalog.add(message, None, [(str(path), line)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def updated(language: str, messages: Catalog) -> Catalog:
    catalog = read(language)
    catalog.update(messages, update_header_comment=False)
    return catalog


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # Without line numbers: moving code must not make the catalog out of date.
    write_po(out, catalog, ignore_obsolete=True, width=100, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def messages_of_mo(data: bytes) -> dict[object, str]:
    """What gettext reads from a compiled catalog: message (or (message, form)) → text."""
    return dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    parser.add_argument("--new", metavar="LANGUAGE", help="start a catalog for LANGUAGE")
    args = parser.parse_args(argv)
    messages = template()
    if args.new:
        path = po_path(args.new)
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Catalog(locale=args.new, domain=DOMAIN, project="Bedtime", fuzzy=False)
        fresh.update(messages)
        path.write_bytes(po_text(fresh))
    stale = []
    for language in languages():
        mo_file = po_path(language).with_suffix(".mo")
        if args.check:
            source = read(language)
            if keys(source) != keys(messages):
                stale.append(str(po_path(language)))
            compiled = mo_bytes(source)
            if not mo_file.exists() or messages_of_mo(compiled) != messages_of_mo(
                mo_file.read_bytes()
            ):
                stale.append(str(mo_file))
            continue
        catalog = updated(language, messages)
        po, mo = po_text(catalog), mo_bytes(catalog)
        po_path(language).write_bytes(po)
        mo_file.write_bytes(mo)
        untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not m.string)]
        print(f"{language}: {len(catalog)} messages, {len(untranslated)} to translate")
    if stale:
        print("Out of date (run tools/translations.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
