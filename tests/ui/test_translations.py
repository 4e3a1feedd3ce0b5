"""The translation pipeline (packaging/translations.py, `make translations`) and the shipped catalogs.

Nobody can add a string and forget the pipeline: the shipped .ts files must hold exactly the
messages pyside6-lupdate finds in the code and each .qm must be what pyside6-lrelease makes of its
.ts. The calls themselves must be ones lupdate can extract, in the context asked at run time.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ensure_browser.ui import i18n

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "ensure_browser" / "ui"
COMPLETE = ("de",)  # languages every message of which must be translated


def _pipeline():  # packaging/ is no package: load the script as a module
    spec = importlib.util.spec_from_file_location("translations_pipeline", REPO / "packaging" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pipeline = _pipeline()
FIX = ("\nRun `make translations` (packaging/translations.py) and commit ensure_browser/resources/i18n/; "
       "then translate the new messages (README, Translations).")


def test_shipped_catalogs_are_up_to_date_with_the_code() -> None:
    problems = pipeline.stale()
    assert not problems, "\n".join(problems) + FIX


def _ui_modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(UI.rglob("*.py"))]


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _built(node: ast.expr) -> bool:
    """A text built at run time (f-string, concatenation, formatting): lupdate cannot extract it."""
    return isinstance(node, ast.JoinedStr | ast.BinOp | ast.Call) and not (  # a marked literal, a look-up
        isinstance(node, ast.Call) and _name(node.func) in {"QT_TR_NOOP", "QT_TRANSLATE_NOOP", "get"})


def test_tr_calls_are_extractable_and_in_the_run_time_context() -> None:
    """tr() gets a literal (or a QT_TR_NOOP-marked one), and module helpers translate in the context lupdate uses."""
    wrong: list[str] = []
    for path, tree in _ui_modules():
        where = path.relative_to(REPO)
        in_fstrings = {sub for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for sub in ast.walk(f)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            if name == "tr" and node in in_fstrings:
                wrong.append(f"{where}:{node.lineno}: pyside6-lupdate does not see a tr() inside an f-string: "
                             f"call it before and put its result in")
            if name == "tr" and _built(node.args[0]):
                wrong.append(f"{where}:{node.lineno}: tr() of a text built at run time - translate the "
                             f"literal with {{0}} placeholders and .format() the result")
            if name == "translate" and isinstance(node.func, ast.Attribute) and len(node.args) >= 2:
                context, text = node.args[0], node.args[1]
                literal_text = isinstance(text, ast.Constant) and isinstance(text.value, str)
                if literal_text:
                    continue  # lupdate files it under its literal context: the one asked at run time
                # Texts known only at run time: the module helpers' context, or the schema's kind
                # labels, which the pipeline adds under their own context.
                known = (i18n.CONTEXT, i18n.SCHEMA_CONTEXT)
                if not (isinstance(context, ast.Constant) and context.value in known) and not (
                        isinstance(context, ast.Name) and context.id in {"CONTEXT", "SCHEMA_CONTEXT"}):
                    wrong.append(f"{where}:{node.lineno}: a tr() helper must translate in the context "
                                 f"{i18n.CONTEXT!r}, where pyside6-lupdate files bare tr() calls (or import "
                                 f"tr from ensure_browser.ui.i18n)")
    assert not wrong, "\n".join(wrong)


_PLACEHOLDER = re.compile(r"\{\d*(?::[^{}]*)?\}|%n|%L?\d")
_MNEMONIC = re.compile(r"&(?!&|[a-zA-Z]+;|#\d+;)(?=\S)")


def _translations(message) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [translation.text or ""]


@pytest.mark.parametrize("ts", pipeline.ts_files(), ids=lambda p: p.stem)
def test_translations_keep_placeholders_and_mnemonics(ts: Path) -> None:
    language = ts.stem.split("_", 2)[-1]
    wrong: list[str] = []
    for (_context, source, _comment, numerus), message in pipeline.messages(ts).items():
        if message.find("translation").get("type") == "unfinished":
            if language in COMPLETE:
                wrong.append(f"unfinished: {source!r}")
            continue
        for text in _translations(message):
            if not text.strip():
                wrong.append(f"empty translation of {source!r}")
                continue
            want, got = Counter(_PLACEHOLDER.findall(source)), Counter(_PLACEHOLDER.findall(text))
            if numerus:  # a plural form may say "one" in words instead of %n
                want.pop("%n", None)
                got.pop("%n", None)
            if want != got:
                wrong.append(f"placeholders {dict(want)} became {dict(got)}: {source!r} -> {text!r}")
            if len(_MNEMONIC.findall(source)) != len(_MNEMONIC.findall(text)):
                wrong.append(f"the & mnemonic is lost or doubled: {source!r} -> {text!r}")
            if source.endswith("…") != text.endswith("…"):
                wrong.append(f"the ellipsis (a dialog follows) must stay: {source!r} -> {text!r}")
    assert not wrong, f"{ts.name}:\n" + "\n".join(wrong)


def test_pseudo_translation_keeps_what_code_needs() -> None:
    text = "&Open {0} of %n at <b>{1}</b> &amp; more…"
    out = pipeline.pseudo(text)
    assert out.startswith(pipeline.PSEUDO_OPEN) and out.endswith(pipeline.PSEUDO_CLOSE)
    for kept in ("&O", "{0}", "%n", "<b>", "{1}", "</b>", "&amp;"):
        assert kept in out
    assert "Open" not in out and "more" not in out
    assert out.count("·") >= 0.3 * len("Openofatmore")  # ~30 % longer: finds labels that truncate


@pytest.fixture
def language(qapp: QApplication, monkeypatch: pytest.MonkeyPatch):
    def use(value: str | None) -> str | None:
        if value is None:
            monkeypatch.delenv(i18n.LANG_ENV, raising=False)
        else:
            monkeypatch.setenv(i18n.LANG_ENV, value)
        return i18n.install_translators(qapp)

    yield use
    i18n.remove_translators(qapp)


def test_the_chosen_language_is_loaded_with_qts_own(language) -> None:
    assert language("de_AT") == "de"  # falls back to the language without the country
    assert i18n.tr("Name") == "Name"  # same word in German
    assert QCoreApplication.translate("", "Refresh") != "Refresh"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's qtbase_de.qm
    assert language("en") is None
    assert QCoreApplication.translate("", "Refresh") == "Refresh"
    assert language(pipeline.PSEUDO) == pipeline.PSEUDO
    assert QCoreApplication.translate("", "Refresh").startswith(pipeline.PSEUDO_OPEN)


# Calls that put their first argument in front of the user.
_SHOWN = frozenset({
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip", "setTitle", "addAction",
    "addItem", "setAccessibleName", "setAccessibleDescription", "show_status", "show_error", "setTabText",
    "addTab", "setHtml", "setWhatsThis", "setLabelText", "setHorizontalHeaderLabels", "QLabel", "QPushButton",
    "QAction", "QCheckBox", "QGroupBox", "QMenu", "QToolButton", "QRadioButton", "QDockWidget",
})


def _english(node: ast.expr) -> bool:
    """A literal (or the literal parts of an f-string) with words in it, HTML tags left aside."""
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(isinstance(p, ast.Constant) and isinstance(p.value, str)
               and re.search(r"[A-Za-z]{2,}", re.sub(r"<[^<>]*>", "", p.value)) for p in parts)


def test_no_text_reaches_the_user_without_tr() -> None:
    """English put straight into a label, button, action, tooltip ...: it would escape the translations."""
    wrong = []
    for path, tree in _ui_modules():
        if path.name in {"selftest.py"}:  # prints to a terminal, for developers
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _name(node.func) in _SHOWN and _english(node.args[0]):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert not wrong, "texts shown without tr():\n" + "\n".join(wrong)
