"""Qt's own words (OK, Cancel, Apply, the names of keys in shortcuts) and its number and
date widgets in the language Bedtime speaks, from the translations PySide6 ships."""

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import language


def speak(app: QCoreApplication) -> QTranslator | None:
    """Qt in the language chosen (bedtime.language.use came first); the translator installed,
    if Qt has one for it. English is Qt's own, and Qt's locale then stays the system's, as
    before a language could be chosen."""
    code = language.current()
    if code == language.SOURCE:
        return None
    locale = QLocale(code)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(locale, "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator
