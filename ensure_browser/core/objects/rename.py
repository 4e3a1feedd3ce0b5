"""Renaming a material or a student note: its display name is metadata, its key stays.

Materials and notes are stored under generated ids (``materials/<document id>.pdf``); the name people
see is the object's ``original-filename`` metadata, written by the upload. A rename rewrites that
metadata with a server-side copy of the object onto its own key (``Storage.copy``): the bytes, the
content type and every other metadata entry stay as they are, and the copy happens only while the
object still has the ETag the user saw (else :class:`~ensure_browser.core.s3.copying.SourceChanged`,
and nothing changes).

Every other kind is named by the ids in its key (chunks by number, OCR pages by document and page,
MLflow files by experiment and run): the platform finds them by those keys, so they are not
renamable, and :func:`rename_check` says why in words a menu can show. A new name is checked by
:func:`clean_name`: not empty, no path separator, no control or invisible formatting character,
no reserved Windows device name, at most :data:`MAX_NAME_BYTES` bytes; the key's extension is kept.
No Qt here.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from ensure_browser.core.s3.copying import CopyResult
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, label_of
from ensure_browser.core.schema.table import UNRECOGNIZED, BucketNames
from ensure_browser.core.texts import QT_TR_NOOP
from ensure_browser.core.transfers.download_names import NAMED_KINDS, ORIGINAL_NAME_META

log = logging.getLogger(__name__)

MAX_NAME_BYTES = 255  # a file name on every common file system; also what a download can take
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}  # Windows device names: a download called so could not be saved there
_CONTROL = frozenset({"Cc", "Zl", "Zp", "Cs"})  # control characters, line/paragraph separators, surrogates
_FORMAT = "Cf"  # bidi overrides, zero-width characters ...: a name could show another extension than it has

# Why the kinds named by their ids cannot be renamed (short for a menu, then the full reason).
_WHY: dict[str, tuple[str, str]] = {  # (a menu's short reason, a tooltip's), translated by the GUI
    "meeting_chunk": (QT_TR_NOOP("chunks are named by number"),
        QT_TR_NOOP("Recording chunks are named by their number (chunk_N.webm): the platform joins "
                   "them in that order, so a chunk cannot be renamed.")),
    "meeting_raw": (QT_TR_NOOP("named by the platform"),
        QT_TR_NOOP("A meeting's raw recording has the fixed name recording.webm; the platform finds "
                   "it by it, so it cannot be renamed.")),
    "meeting_audio": (QT_TR_NOOP("named by the platform"),
        QT_TR_NOOP("A meeting's processed audio has the fixed name audio.mp3; the platform finds it "
                   "by it, so it cannot be renamed.")),
    "exam_recording": (QT_TR_NOOP("named by the platform"),
        QT_TR_NOOP("An exam recording has the fixed name proctor_recording.webm; the platform finds "
                   "it by it, so it cannot be renamed.")),
    "thumbnail": (QT_TR_NOOP("named after its material"),
        QT_TR_NOOP("A thumbnail is named after its material's document id, so it cannot be renamed; "
                   "rename the material instead.")),
    "ocr_page_image": (QT_TR_NOOP("OCR pages are named by id and page"),
        QT_TR_NOOP("OCR page images are named by their document id and page number; the platform "
                   "finds them by those, so they cannot be renamed.")),
    "ocr_page_json": (QT_TR_NOOP("OCR pages are named by id and page"),
        QT_TR_NOOP("OCR page texts are named by their document id and page number; the platform finds "
                   "them by those, so they cannot be renamed.")),
    "ocr_quality_report": (QT_TR_NOOP("named by the platform"),
        QT_TR_NOOP("An OCR quality report has the fixed name report.json; the platform finds it by "
                   "it, so it cannot be renamed.")),
    "mlflow_model_file": (QT_TR_NOOP("MLflow files are named by run"),
        QT_TR_NOOP("MLflow model files are named by their experiment and run ids; MLflow finds them "
                   "by those, so they cannot be renamed.")),
    "mlflow_artifact": (QT_TR_NOOP("MLflow files are named by run"),
        QT_TR_NOOP("MLflow artifacts are named by their experiment and run ids; MLflow finds them by "
                   "those, so they cannot be renamed.")),
    "temp_upload": (QT_TR_NOOP("temporary upload"),
        QT_TR_NOOP("Temporary uploads are named by their upload id; they cannot be renamed.")),
}


class InvalidName(ValueError):
    """A new name that cannot be used; the message says why, for people."""

    expected = True  # a refusal reported to people, not a crash (see ui/workers.py)


@dataclass(frozen=True)
class RenameCheck:
    """Whether an object can be renamed: ``short`` fits a menu entry, ``reason`` a tooltip.

    ``reason`` may hold ``{0}``, filled with ``args`` (the kind's label): :attr:`why` is the English
    sentence; the GUI translates ``short`` and ``reason`` first (they are marked for the pipeline).
    """

    allowed: bool
    short: str = ""
    reason: str = ""
    args: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        return self.reason.format(*self.args)


@dataclass(frozen=True)
class CleanName:
    """A name ready to store; ``note`` says what was changed on the way (empty: nothing)."""

    name: str
    note: str = ""


def rename_check(bucket: str, key: str | None, is_container: bool, names: BucketNames | None) -> RenameCheck:
    """Can ``key`` be renamed? Only materials and student notes can (their name is metadata)."""
    if is_container or not key or key.endswith("/"):
        return RenameCheck(False, QT_TR_NOOP("folders cannot be renamed"),
                           QT_TR_NOOP("A folder is a part of the keys of the objects in it (here the id of a "
                                      "classroom, a student, a meeting or a run): renaming it would move every "
                                      "object, so it cannot be renamed."))
    cls = classify(bucket, key, names)
    if cls is not None and cls.kind in NAMED_KINDS:
        return RenameCheck(True)
    if cls is not None and cls.kind in _WHY:
        short, reason = _WHY[cls.kind]
        return RenameCheck(False, short, reason)
    if cls is not None and cls.kind != UNRECOGNIZED:
        label = label_of(cls.kind)
        return RenameCheck(False, QT_TR_NOOP("named by its ids"),
                           QT_TR_NOOP("{0} objects are named by the ids in their key; the platform finds them by "
                                      "it, so they cannot be renamed."), (label,))
    return RenameCheck(False, QT_TR_NOOP("no display name"),
                       QT_TR_NOOP("Only materials and student notes have a display name to change; this object's "
                                  "name is its key, and a new key would be a move, not a rename."))


def current_name(metadata: dict[str, str], key: str) -> str:
    """The display name of an object: its ``original-filename``, else its key's last segment."""
    return metadata.get(ORIGINAL_NAME_META, "").strip() or key.rsplit("/", 1)[-1]


def clean_name(text: str, key: str) -> CleanName:
    """``text`` as a display name for ``key``, or :class:`InvalidName` saying why it cannot be one.

    Spaces and dots around it are dropped; a name without the key's extension gets it (a PDF stays
    a ``.pdf``); composed (NFC) form. Refused: empty, ``/`` or ``\\``, control characters, invisible
    formatting characters, a Windows device name (``CON``, ``COM1`` ...), over 255 bytes.
    """
    name = unicodedata.normalize("NFC", text).strip().rstrip(" .").lstrip(" ")
    if not name.strip(". "):
        raise InvalidName("The name must not be empty.")
    if "/" in name or "\\" in name:
        raise InvalidName("A name cannot contain / or \\: it names a file, not a folder path.")
    for ch in name:
        category = unicodedata.category(ch)
        if category in _CONTROL:
            raise InvalidName(f"The name contains a control character (U+{ord(ch):04X}); type the name without it.")
        if category == _FORMAT:
            raise InvalidName(f"The name contains an invisible formatting character (U+{ord(ch):04X}), which "
                              "can make a name show another extension than it has.")
    if name.startswith("."):
        raise InvalidName("A name cannot start with a dot (such files are hidden on Linux and macOS).")
    note = ""
    last = key.rsplit("/", 1)[-1]
    stem, dot, ext = last.rpartition(".")
    if dot and stem and not name.casefold().endswith((dot + ext).casefold()):
        name += dot + ext
        note = f"{dot + ext} was added: the file stays a {ext.upper()} document."
    device = name.split(".", 1)[0].rstrip(" ").upper()
    if device in _RESERVED:
        raise InvalidName(f"{name.split('.', 1)[0]} is a reserved device name on Windows; a file called so "
                          "could not be saved there. Choose another name.")
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise InvalidName(f"The name is {size} bytes long (UTF-8); at most {MAX_NAME_BYTES} bytes are allowed.")
    return CleanName(name, note)


def rename(storage: Storage, bucket: str, key: str, seen_etag: str, new_name: str,
           names: BucketNames | None) -> tuple[CopyResult, CleanName]:
    """Give the material or note at ``key`` the display name ``new_name``, only while it has
    ``seen_etag`` (else SourceChanged): a copy onto its own key, content type and other metadata
    kept. Refuses (:class:`InvalidName`) what cannot be renamed and names that cannot be used.
    Network: call from a worker."""
    check = rename_check(bucket, key, False, names)
    if not check.allowed:
        raise InvalidName(check.why)
    clean = clean_name(new_name, key)
    result = storage.copy(bucket, key, bucket, key, source_etag=seen_etag,
                          metadata={ORIGINAL_NAME_META: clean.name})
    log.info("renamed s3://%s/%s to %r", bucket, key, clean.name)
    return result, clean
