"""The Qt Linguist pipeline: ``make translations`` (this script) regenerates every .ts and .qm.

    python packaging/translations.py            # lupdate -> .ts (kept in git) -> lrelease -> .qm
    python packaging/translations.py --add fr   # start ensure_browser_fr.ts, then the same
    python packaging/translations.py --check    # exit 1 (saying what) when a .ts or .qm is stale

1. ``pyside6-lupdate`` reads every module under ensure_browser/ui/ and updates each
   ``ensure_browser/resources/i18n/ensure_browser_<lang>.ts`` (translations kept, messages gone from
   the code dropped, no source locations: line numbers would make every merge conflict);
2. the pseudo-locale ``en_XA`` is written from the same messages (each text accented, bracketed
   ``⟦…⟧`` and about a third longer; placeholders, ``%n``, ``&`` mnemonics and HTML kept);
3. ``pyside6-lrelease`` compiles each .ts to the .qm shipped in the package (package-data
   ``resources/**/*``, and the PyInstaller bundle's ``collect_data_files``).
"""

from __future__ import annotations

import argparse
import filecmp
import math
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "ensure_browser" / "ui"
CORE = ROOT / "ensure_browser" / "core"
I18N = ROOT / "ensure_browser" / "resources" / "i18n"
CATALOG = "ensure_browser"
PSEUDO = "en_XA"
BIN = Path(sys.executable).parent

Key = tuple[str, str, str, bool]  # context, source, disambiguation comment, numerus


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this virtualenv (make venv)")
    return found


def sources() -> list[Path]:
    """The GUI's modules, and the core's that mark texts with QT_TR_NOOP (ensure_browser/core/texts.py)."""
    core = [p for p in sorted(CORE.rglob("*.py"))
            if p.name != "texts.py" and re.search(r"QT_TR_(N_)?NOOP\(", p.read_text("utf-8"))]
    return sorted(SOURCES.rglob("*.py")) + core


def ts_files(folder: Path = I18N) -> list[Path]:
    return sorted(p for p in folder.glob(f"{CATALOG}_*.ts") if p.stem != f"{CATALOG}_{PSEUDO}")


def _run(*cmd: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")


def schema_messages(folder: Path) -> Path:
    """A source file for lupdate with the storage schema's kind labels: the core gives them in English
    and ui/trees/domain_sources.py translates them in the "Schema" context."""
    sys.path.insert(0, str(ROOT))
    from ensure_browser.core.schema.tree import kind_labels
    from ensure_browser.ui.i18n import SCHEMA_CONTEXT

    path = folder / "schema_labels.py"
    path.write_text("".join(f"QT_TRANSLATE_NOOP({SCHEMA_CONTEXT!r}, {label!r})\n" for label in kind_labels()),
                    encoding="utf-8")
    return path


def plural_messages(folder: Path) -> Path:
    """A source file for lupdate with the core's plural templates (``QT_TR_N_NOOP("...")``, which lupdate
    does not know) as the numerus messages (disambiguation PLURAL) ui/i18n.py ``tr_text`` asks for with a count."""
    import ast

    sys.path.insert(0, str(ROOT))
    from ensure_browser.ui.i18n import PLURAL

    found: list[str] = []
    for path in sources():
        if not path.is_relative_to(CORE) or "QT_TR_N_NOOP(" not in path.read_text("utf-8"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QT_TR_N_NOOP"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append(node.args[0].value)
    path = folder / "core_plurals.py"
    path.write_text("".join(f"tr({text!r}, {PLURAL!r}, 2)\n" for text in found), encoding="utf-8")
    return path


def lupdate(ts: Path) -> None:
    """Create or update ``ts`` from the sources (translations of unchanged messages kept)."""
    with tempfile.TemporaryDirectory() as tmp:
        extra = [str(schema_messages(Path(tmp))), str(plural_messages(Path(tmp)))]
        _run(tool("pyside6-lupdate"), *map(str, sources()), *extra, "-locations", "none", "-no-obsolete",
             "-ts", str(ts))


def lrelease(ts: Path, qm: Path) -> None:
    _run(tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm))


def messages(ts: Path) -> dict[Key, ET.Element]:
    """The live messages of a .ts file (obsolete and vanished ones left out), by key."""
    found: dict[Key, ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in {"obsolete", "vanished"}:
                continue
            key = (name, message.findtext("source") or "", message.findtext("comment") or "",
                   message.get("numerus") == "yes")
            found[key] = message
    return found


# The pseudo-locale ----------------------------------------------------------------------------------

_ACCENTED = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ", strict=True))
# Kept as they are: {0}-style and %1/%n placeholders, HTML tags and entities, "&&", and the letter
# after a mnemonic "&" (so Alt+letter stays the same).
_KEEP = re.compile(r"\{[^{}]*\}|%(?:n|L?\d+)|<[^<>]+>|&[a-zA-Z]+;|&#\d+;|&&|&.")
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    """``text`` accented, bracketed and ~30 % longer (to find strings that escape tr() and tight labels)."""
    out: list[str] = []
    pos = 0
    letters = 0
    for match in _KEEP.finditer(text):
        chunk = text[pos:match.start()]
        out.append("".join(_ACCENTED.get(c, c) for c in chunk))
        letters += sum(c.isalpha() for c in chunk)
        out.append(match.group())
        pos = match.end()
    chunk = text[pos:]
    out.append("".join(_ACCENTED.get(c, c) for c in chunk))
    letters += sum(c.isalpha() for c in chunk)
    padding = "·" * math.ceil(letters * 0.35)
    # Multi-line texts get the brackets on each line, so every visible line shows it is translated.
    return "\n".join(f"{PSEUDO_OPEN}{line}{padding}{PSEUDO_CLOSE}" if line.strip() else line
                     for line in "".join(out).split("\n"))


def write_pseudo(template: Path, out: Path) -> None:
    tree = ET.parse(template)
    root = tree.getroot()
    root.set("language", PSEUDO)
    root.attrib.pop("sourcelanguage", None)
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.clear()
        translation.text = None
        for form in list(translation):
            translation.remove(form)
        if message.get("numerus") == "yes":
            for _ in range(2):
                ET.SubElement(translation, "numerusform").text = pseudo(source)
        else:
            translation.text = pseudo(source)
    tree.write(out, encoding="utf-8", xml_declaration=True)


# The pipeline ---------------------------------------------------------------------------------------

def build(folder: Path, languages: list[str]) -> None:
    """Update ``folder``'s .ts files (and those of ``languages``), then write the pseudo-locale and every .qm."""
    folder.mkdir(parents=True, exist_ok=True)
    for language in languages:
        ts = folder / f"{CATALOG}_{language}.ts"
        if not ts.exists():
            ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                          f'<TS version="2.1" language="{language}" sourcelanguage="en"></TS>\n', encoding="utf-8")
    for ts in ts_files(folder):
        lupdate(ts)
        lrelease(ts, ts.with_suffix(".qm"))
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / f"{CATALOG}.ts"
        lupdate(template)
        pseudo_ts = Path(tmp) / f"{CATALOG}_{PSEUDO}.ts"
        write_pseudo(template, pseudo_ts)
        lrelease(pseudo_ts, folder / f"{CATALOG}_{PSEUDO}.qm")


def stale(folder: Path = I18N) -> list[str]:
    """What ``make translations`` would change in ``folder``, in words (empty when nothing)."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        for ts in ts_files(folder):
            shutil.copy(ts, fresh / ts.name)
        build(fresh, [])
        for ts in ts_files(folder):
            old, new = messages(ts), messages(fresh / ts.name)
            added = sorted(k[1] for k in new.keys() - old.keys())
            gone = sorted(k[1] for k in old.keys() - new.keys())
            if added or gone:
                problems.append(f"{ts.name}: {len(added)} message(s) in the code but not in the file "
                                f"{added[:5]}, {len(gone)} no longer in the code {gone[:5]}")
        expected = [p.with_suffix(".qm").name for p in ts_files(folder)] + [f"{CATALOG}_{PSEUDO}.qm"]
        for name in expected:
            shipped = folder / name
            if not shipped.exists():
                problems.append(f"{name} is missing")
            elif not filecmp.cmp(shipped, fresh / name, shallow=False):
                problems.append(f"{name} is out of date with its .ts / the code")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", metavar="LANG", action="append", default=[],
                        help="start a translation for LANG (de, fr, pt_BR ...)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when something is stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("Run `make translations` and commit ensure_browser/resources/i18n/.")
        return 1 if problems else 0
    build(I18N, args.add)
    for ts in ts_files():
        total = messages(ts)
        unfinished = sum(1 for m in total.values() if (m.find("translation") is not None
                                                       and m.find("translation").get("type") == "unfinished"))
        print(f"{ts.name}: {len(total)} messages, {unfinished} unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
