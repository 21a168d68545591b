"""Qt's own words (OK, Cancel, Apply, the names of keys in shortcuts) and its number and
date widgets in the language Bedtime speaks, from the translations PySide6 ships."""

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import language


def speak(app: QCoreApplication) -> None:
    """Qt in the language chosen (bedtime.language.use came first). English is Qt's own, and
    Qt's locale then stays the system's, as before a language could be chosen."""
    code = language.current()
    if code == language.SOURCE:
        return
    locale = QLocale(code)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
