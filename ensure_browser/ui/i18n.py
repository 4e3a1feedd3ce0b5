"""Translations: pick the user's language and install the app's and Qt's own QTranslators.

The app's messages live in ``resources/i18n/ensure_browser_<lang>.qm``, built from the ``.ts`` files
beside them by ``make translations`` (packaging/translations.py). Two kinds of call reach them:

* ``self.tr("...")`` in a QObject subclass: pyside6-lupdate files it under the class's name, and
  PySide asks that name (then its base classes') at run time;
* the storage schema's kind labels, given by the core in English: :func:`schema_label` (the
  pipeline gives lupdate every label the schema has);
* sentences the core composes (a :class:`~ensure_browser.core.texts.Text`: an error's message, a health
  finding, a policy's explanation): :func:`tr_text` translates the template, then formats the
  arguments into it; :func:`error_text` does so for an exception's message;
* a module's ``tr("...")`` helper: pyside6-lupdate files every bare ``tr("...")`` under the EMPTY
  context, so every helper translates in :data:`CONTEXT` (``""``) - the context lupdate extracts is
  the one asked at run time (tests/ui/test_translations.py keeps it so).

The language: ``$ENSURE_BROWSER_LANG`` (``de``, ``de_AT``, ``en`` for none, or the pseudo-locale
``en_XA`` that tests use), else the system's UI languages in order (QLocale.system()).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ensure_browser.core.texts import QT_TR_NOOP, Plural, Text  # PySide's QT_TR_NOOP returns object to type checkers
from ensure_browser.resources import resource_path

log = logging.getLogger(__name__)

__all__ = ["CONTEXT", "LANG_ENV", "PLURAL", "PSEUDO_LOCALE", "QT_TR_NOOP", "SCHEMA_CONTEXT", "error_text",
           "install_translators", "remove_translators", "requested_language", "schema_label", "tr", "tr_text",
           "ui_locale"]

CONTEXT = ""  # the context of every module-level tr() helper: the one lupdate gives bare tr() calls
CATALOG = "ensure_browser"  # resources/i18n/ensure_browser_<lang>.qm
LANG_ENV = "ENSURE_BROWSER_LANG"
PLURAL = "plural"  # the disambiguation of the core's plural templates (a Plural's ``other``)
SCHEMA_CONTEXT = "Schema"  # the storage schema's kind labels ("Material"), given by the core in English
PSEUDO_LOCALE = "en_XA"  # accented, bracketed and longer English: finds strings that escape tr()

_installed: list[QTranslator] = []
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)  # the app's own language
_locale = ENGLISH


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def tr_text(text: object) -> str:
    """A text from the core in the user's language: a :class:`Text`'s template translated, then its
    arguments formatted into it (each translated first when it is a Text itself; other arguments are
    substituted as they are, never read as templates). A plain string comes back as it is; a
    translation whose placeholders do not fit its arguments gives the English sentence."""
    if not isinstance(text, Text):
        return str(text)
    template = tr(text.template) if not isinstance(text, Plural) else _plural(text)
    if not text.args:
        return template
    try:
        return template.format(*(tr_text(arg) if isinstance(arg, Text) else arg for arg in text.args))
    except (IndexError, KeyError, ValueError, AttributeError):
        log.warning("the translation of %r does not fit its arguments", text.template)
        return str(text)


def _plural(text: Plural) -> str:
    """A Plural's template in the user's language's form for its count (Qt's plural forms); the core's
    English choice where the catalog has no translation (Qt would give the plural for 1 too)."""
    translated = tr(text.other, PLURAL, text.number)
    return text.template if translated == text.other else translated


def error_text(exc: BaseException) -> str:
    """An exception's message for people (a core error's ``message``), translated; else its text, else
    its type's name."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return tr_text(message)
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):  # a ValueError given a Text (PolicyError ...)
        return tr_text(exc.args[0])
    return str(exc) or type(exc).__name__


def schema_label(text: str) -> str:
    """A kind label of the storage schema (core.schema), translated (the pipeline extracts them all)."""
    return QCoreApplication.translate(SCHEMA_CONTEXT, text)


def ui_locale() -> QLocale:
    """The locale of the language the translators were installed for (English when none was):
    ui/formats.py writes numbers and dates with it."""
    return _locale


def requested_language() -> str | None:
    """The language asked for with $ENSURE_BROWSER_LANG, or None to follow the system."""
    value = os.environ.get(LANG_ENV, "").strip()
    return value.replace("-", "_") or None


def _load_catalog(translator: QTranslator, language: str | None) -> bool:
    folder = resource_path("i18n")
    if folder is None:
        log.warning("no translations folder in the package")
        return False
    if language is not None:
        # By file name first (Qt drops suffixes: de_AT -> de), so en_XA finds the pseudo-locale.
        return translator.load(f"{CATALOG}_{language}", str(folder))
    return translator.load(QLocale.system(), CATALOG, "_", str(folder))


def install_translators(app: QCoreApplication | None = None) -> str | None:
    """Install the app's translator and Qt's own (qtbase) for the chosen language.

    Returns the language of the catalog loaded, or None when the app stays in English. Calling it
    again replaces the translators installed before (tests switch languages).
    """
    global _locale
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translators needs a QCoreApplication")
    remove_translators(app)
    language = requested_language()
    ours = QTranslator(app)
    if not _load_catalog(ours, language):
        log.info("no translation for %s: English", language or QLocale.system().uiLanguages())
        return None
    app.installTranslator(ours)
    _installed.append(ours)
    loaded = ours.language() or language or QLocale.system().name()
    # The catalog's language in the region asked for (de_AT), else the system's when it speaks it.
    system = QLocale.system()
    _locale = QLocale(language) if language else system if system.name().startswith(loaded) else QLocale(loaded)
    QLocale.setDefault(_locale)  # Qt's own numbers (%Ln in tr(), spin boxes) as ui/formats.py writes them
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    locale = QLocale(loaded)
    if qt.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    else:
        log.info("no Qt translation for %s in %s", loaded, qt_dir)
    log.info("language: %s", loaded)
    return loaded


def remove_translators(app: QCoreApplication | None = None) -> None:
    global _locale
    _locale = ENGLISH
    QLocale.setDefault(ENGLISH)  # an English window writes English numbers, whatever the system's locale
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
