"""Local names: a downloaded object's file name, safe on Linux, macOS and Windows, kept inside its folder."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.texts import QT_TR_NOOP, Text

LOCAL_NAME_BYTES = 200  # leaves room for " (12)" and ".part.etag" within 255 bytes

_WINDOWS_INVALID = set('<>:"/\\|?*')
_WINDOWS_INVALID_TO_UNDERSCORE = str.maketrans(dict.fromkeys(_WINDOWS_INVALID, "_"))
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}  # as Microsoft's "Naming Files, Paths, and Namespaces" lists them (COM0 and LPT0 included)


# Control characters (C0, DEL, C1), line and paragraph separators, lone surrogates: replaced.
_REPLACED_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
# Format characters (bidi embeddings, overrides and isolates, zero-width characters, soft hyphen,
# BOM, tags ...): dropped. ``report.pdf\u202egpj.exe`` would show as ``report.pdfexe.jpg``.
_DROPPED_CATEGORY = "Cf"


def _visible_char(ch: str) -> str:
    """``ch`` as a file name shows it: "" for a format character, "_" for a control or forbidden one."""
    category = unicodedata.category(ch)
    if category == _DROPPED_CATEGORY:
        return ""
    if category in _REPLACED_CATEGORIES or ch in _WINDOWS_INVALID:
        return "_"
    return ch


def safe_local_name(name: str, max_bytes: int = LOCAL_NAME_BYTES) -> str:
    """One file-name component safe on Linux, macOS and Windows, shown as it is named.

    Format characters (Unicode category Cf: bidi overrides and isolates, zero-width characters ...)
    are dropped, so a name cannot show another extension than it has; control characters, line
    separators and characters Windows forbids become ``_``; ``.``/``..``/empty become ``_``;
    trailing dots and spaces are dropped; reserved device names (``CON``, ``COM1`` ...) get a ``_``
    prefix; the name is cut to ``max_bytes`` UTF-8 bytes, keeping the extension.
    """
    if name.isascii() and name.isprintable():  # the common case: only the characters Windows forbids
        cleaned = name.translate(_WINDOWS_INVALID_TO_UNDERSCORE)
    else:
        cleaned = unicodedata.normalize("NFC", "".join(_visible_char(ch) for ch in name))
    cleaned = cleaned.rstrip(" .")
    if cleaned.strip(" ") in ("", ".", ".."):
        cleaned = "_"
    stem = cleaned.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        cleaned = "_" + cleaned
    if len(cleaned.encode("utf-8")) > max_bytes:
        stem, dot, ext = cleaned.rpartition(".")
        if not dot or len(ext.encode("utf-8")) > 16 or not stem:
            stem, ext, dot = cleaned, "", ""
        budget = max_bytes - len((dot + ext).encode("utf-8"))
        cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .") or "_"
        cleaned = cut + dot + ext
    return cleaned


class Destination:
    """A download's destination folder, resolved once: the paths below it, proven to stay inside.

    Proving a path costs one ``resolve`` per distinct folder (cached), not two per file: the path
    must be lexically below the folder (no ``..`` segment), and its folder, with every symbolic link
    followed, inside the resolved destination. A link inside the destination that points out of it
    is refused for everything below it; the file's own name is never resolved (a link or anything
    else there makes the name taken, see ``FreeNames``, and a download never writes through one).
    """

    def __init__(self, dest_dir: Path) -> None:
        self.dest_dir = Path(dest_dir)
        self._base = self.dest_dir.absolute().parts
        self.root = self.dest_dir.resolve()
        self._folders: dict[Path, bool] = {}

    def path_for(self, parts: Sequence[str]) -> Path:
        """The destination joined with the sanitised ``parts``; :class:`LocalFileError` on escape."""
        safe = [safe_local_name(p) for p in parts if p != ""] or ["_"]
        path = self.dest_dir.joinpath(*safe)
        self.ensure_inside(path)
        return path

    def ensure_inside(self, path: Path) -> None:
        """Prove that ``path`` stays inside the destination, links followed; :class:`LocalFileError` if not."""
        path = Path(path)
        parts = path.absolute().parts
        below = parts[len(self._base):]
        if not (parts[: len(self._base)] == self._base and below and ".." not in below
                and self._folder_inside(path.parent)):
            raise LocalFileError(Text(QT_TR_NOOP(
                "{0} would be written outside {1}; it was not downloaded."), path.name, self.dest_dir))

    def _folder_inside(self, folder: Path) -> bool:
        known = self._folders.get(folder)
        if known is None:
            known = self._folders[folder] = folder.resolve().is_relative_to(self.root)
        return known


def local_path_for(dest_dir: Path, parts: Sequence[str]) -> Path:
    """``dest_dir`` joined with the sanitised ``parts``; raises :class:`LocalFileError` on escape.
    Many paths of one destination: :meth:`Destination.path_for` (it resolves the folder once)."""
    return Destination(dest_dir).path_for(parts)


def ensure_inside(dest_dir: Path, path: Path) -> None:
    """Prove (after resolving links) that ``path`` stays inside ``dest_dir`` (see :class:`Destination`)."""
    Destination(dest_dir).ensure_inside(path)


def numbered_name(name: str, n: int) -> str:
    """``report.pdf`` -> ``report (n).pdf``; ``archive.tar.gz`` -> ``archive (n).tar.gz``."""
    stem, dot, ext = name.partition(".") if not name.startswith(".") else (name, "", "")
    if dot and len(ext) > 12:  # a dot inside the name, not an extension
        stem, dot, ext = name.rpartition(".")
    return f"{stem} ({n}){dot}{ext}"


def key_parts_below(key: str, base: str) -> list[str]:
    """Segments of ``key`` below the prefix ``base`` (empty segments dropped)."""
    rest = key[len(base):] if key.startswith(base) else key
    return [seg for seg in rest.split("/") if seg != ""]

