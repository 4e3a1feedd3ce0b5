"""The demo data set: every pattern of the storage schema with real, openable content.

:func:`build_samples` returns :class:`~ensure_browser.demo.seed.SampleObject` items for
:func:`ensure_browser.demo.seed.seed`: multi-page PDFs written with ``QPdfWriter``, thumbnails and
OCR page images rendered from them by the caller's :data:`PageRenderer` (the GUI passes its QtPdf
renderer: the demo sits below the ui layer), OCR JSON matching the text on the pages, meeting
recordings and chunks (from ``resources/media``), MLflow runs with a real pickle, and an unfinished
temporary upload. One meeting lacks ``chunk_3`` on purpose (a gap to spot in the browser).

Needs a ``QGuiApplication`` (fonts and PDF rendering); may run in a worker thread. Identifiers come
from a seeded random generator, so the data set is the same on every run (except the PDFs' creation
dates).
"""

from __future__ import annotations

import json
import logging
import mimetypes
import pickle
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from ensure_browser.core.schema.classify import content_type_for, key_for
from ensure_browser.core.schema.table import DEFAULT_NAMES
from ensure_browser.demo.seed import SampleObject

log = logging.getLogger(__name__)

SEED = 20240311
THUMB_WIDTH = 320
OCR_PAGE_WIDTH = 600
PDF_RESOLUTION = 72  # device units are PDF points: A4 is 595 x 842
MARGIN = 56.0

A4_WIDTH, A4_HEIGHT = 595, 842  # points
LOW_CONFIDENCE = 0.8  # OCR pages below this mean confidence are listed in the quality report
BINARY = "application/octet-stream"

PageRenderer = Callable[[bytes, int, int], bytes]
"""(PDF, page index, width in pixels) -> that page as a PNG."""


# -- documents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    pages: tuple[Page, ...]
    filename: str


@dataclass(frozen=True)
class TextBlock:
    """A block of text on a page; ``bbox`` = (x0, y0, x1, y1) as fractions of the page size."""

    text: str
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class WrittenPdf:
    data: bytes
    pages: tuple[tuple[TextBlock, ...], ...]  # the text blocks of every page

    def page_text(self, index: int) -> str:
        return "\n".join(block.text for block in self.pages[index])


def _doc(filename: str, title: str, subtitle: str, *pages: tuple[str, tuple[str, ...]]) -> Document:
    return Document(title, subtitle, tuple(Page(h, p) for h, p in pages), filename)


MATERIALS: dict[str, tuple[Document, ...]] = {
    "math-7a": (
        _doc("Fractions - worksheet 3.pdf", "Fractions – Worksheet 3", "Mathematics 7A · Unit 4",
             ("Adding fractions", (
                 "Fractions with the same denominator are added by adding the numerators: "
                 "2/7 + 3/7 = 5/7. The denominator tells the size of the parts and stays the same.",
                 "With different denominators, first find a common denominator. The least common "
                 "multiple of 4 and 6 is 12, so 1/4 + 1/6 = 3/12 + 2/12 = 5/12.",
                 "Exercise 1. Compute 3/8 + 1/8, 2/5 + 1/3 and 5/6 + 3/4. Simplify each result.")),
             ("Subtracting fractions", (
                 "Subtraction works the same way: 7/9 - 4/9 = 3/9 = 1/3. Always simplify by "
                 "dividing numerator and denominator by their greatest common divisor.",
                 "Exercise 2. A recipe needs 3/4 of a cup of milk. You have 2/3 of a cup. "
                 "How much more milk do you need?")),
             ("Word problems", (
                 "Exercise 3. Mia read 1/3 of a book on Monday and 2/5 of it on Tuesday. "
                 "Which part of the book is left to read?",
                 "Exercise 4. A pizza is cut into 12 slices. Tom eats 1/4 of the pizza and Ana "
                 "eats 1/6 of it. How many slices are left?"))),
        _doc("Linear equations - notes.pdf", "Linear Equations", "Mathematics 7A · Unit 5",
             ("Solving one-step equations", (
                 "An equation is a balance: whatever you do to one side, do to the other. "
                 "To solve x + 7 = 12, subtract 7 from both sides: x = 5.",
                 "To solve 4x = 28, divide both sides by 4: x = 7. Check by substituting the "
                 "solution back into the equation.")),
             ("Two-step equations", (
                 "Undo addition or subtraction first, then multiplication or division. "
                 "3x - 5 = 16 gives 3x = 21, so x = 7.",
                 "Exercise. Solve 2x + 9 = 25, 5x - 3 = 32 and x/4 + 2 = 6.")),
             ("Equations from stories", (
                 "Tickets cost 6 euros each plus a booking fee of 4 euros. Lena paid 34 euros. "
                 "The equation 6t + 4 = 34 tells how many tickets she bought: t = 5.",))),
    ),
    "bio-8b": (
        _doc("Zellbiologie – Übersicht.pdf", "Zellbiologie – Übersicht", "Biologie 8B · Kapitel 2",
             ("Die Zelle", (
                 "Alle Lebewesen bestehen aus Zellen. Die Zelle ist die kleinste Einheit, die "
                 "alle Merkmale des Lebendigen zeigt: Stoffwechsel, Wachstum und Fortpflanzung.",
                 "Pflanzenzellen besitzen eine Zellwand, Chloroplasten und eine große Vakuole. "
                 "Tierzellen haben keine Zellwand.")),
             ("Zellorganellen", (
                 "Der Zellkern enthält die Erbinformation (DNA). Mitochondrien sind die "
                 "Kraftwerke der Zelle: Hier wird Energie aus Glukose gewonnen.",
                 "Ribosomen bauen Proteine. Das endoplasmatische Retikulum und der Golgi-Apparat "
                 "verarbeiten und transportieren Stoffe innerhalb der Zelle.")),
             ("Mikroskopieren", (
                 "Übung: Zwiebelhautzellen unter dem Mikroskop. Zeichne drei Zellen und "
                 "beschrifte Zellwand, Zellkern und Zellplasma.",))),
        _doc("Photosynthesis lab.pdf", "Photosynthesis Lab", "Biology 8B · Practical 3",
             ("Aim and materials", (
                 "Aim: show that green plants produce oxygen in light. Materials: pondweed "
                 "(Elodea), a beaker, a funnel, a test tube, a lamp and a ruler.",
                 "Safety: the lamp gets hot. Keep water away from the electrical socket.")),
             ("Method and results", (
                 "Place the lamp 10 cm, 20 cm and 30 cm from the beaker. Count the bubbles "
                 "released per minute at each distance and record them in a table.",
                 "Conclusion: the closer the lamp, the more bubbles. Light intensity limits the "
                 "rate of photosynthesis."))),
    ),
    "history-9c": (
        _doc("The French Revolution.pdf", "The French Revolution", "History 9C · Topic 3",
             ("Causes", (
                 "By 1789 France was nearly bankrupt after costly wars. The Third Estate paid "
                 "most taxes but had little political power.",
                 "Ideas of the Enlightenment, such as popular sovereignty and equal rights, "
                 "spread through pamphlets, salons and newspapers.")),
             ("1789", (
                 "On 17 June the Third Estate declared itself the National Assembly. On 14 July "
                 "crowds stormed the Bastille in Paris.",
                 "In August the Assembly adopted the Declaration of the Rights of Man and of the "
                 "Citizen.")),
             ("The Republic and the Terror", (
                 "In 1792 the monarchy was abolished. During the Terror (1793-1794) the Committee "
                 "of Public Safety executed thousands of suspected enemies of the Revolution.",)),
             ("Consequences", (
                 "The Revolution ended feudal privileges and spread the idea of citizenship. "
                 "In 1799 Napoleon Bonaparte seized power.",
                 "Task: explain two long-term consequences of the Revolution for Europe."))),
        _doc("Timeline 1914-1918.pdf", "Timeline of the First World War", "History 9C · Topic 5",
             ("1914-1916", (
                 "28 June 1914: assassination of Archduke Franz Ferdinand in Sarajevo. "
                 "August 1914: war is declared; the Western Front settles into trenches.",
                 "1916: the battles of Verdun and the Somme cost more than a million lives.")),
             ("1917-1918", (
                 "April 1917: the United States enter the war. November 1917: revolution in "
                 "Russia.",
                 "11 November 1918: the armistice ends the fighting on the Western Front."))),
    ),
}

STUDENT_NOTES: dict[str, tuple[Document, ...]] = {
    "student-1001": (
        _doc("My fractions notes.pdf", "My notes: fractions", "Anna K. · 7A",
             ("Common denominators", (
                 "Find the LCM of the denominators, then rewrite both fractions. 1/4 + 1/6 = 5/12.",)),
             ("Things I mix up", (
                 "Never add the denominators! 1/2 + 1/3 is 5/6, not 2/5.",))),
    ),
    "student-1002": (
        _doc("Zellen Zusammenfassung.pdf", "Zusammenfassung: Zellen", "Jonas M. · 8B",
             ("Pflanze vs. Tier", ("Zellwand, Chloroplasten, Vakuole: nur bei Pflanzenzellen.",)),
             ("Organellen", ("Mitochondrien = Energie. Ribosomen = Proteine. Kern = DNA.",))),
        _doc("Lab report draft.pdf", "Photosynthesis lab – draft", "Jonas M. · 8B",
             ("Results", ("10 cm: 31 bubbles/min, 20 cm: 14 bubbles/min, 30 cm: 6 bubbles/min.",)),
             ("Discussion", ("More light means more oxygen, up to a limit.",))),
    ),
    "student-1003": (
        _doc("Revolution essay plan.pdf", "Essay plan: the French Revolution", "Sofia R. · 9C",
             ("Introduction", ("Thesis: the Revolution changed who holds power in a state.",)),
             ("Arguments", ("1. End of privileges. 2. Rights of citizens. 3. Nationalism.",))),
    ),
}

OCR_FILENAMES = ("Fractions - worksheet 3.pdf", "The French Revolution.pdf")


class _PageCanvas:
    """Draws wrapped text on one PDF page and records where each block landed."""

    def __init__(self, painter: QPainter, width: float, height: float) -> None:
        self.painter = painter
        self.width = width
        self.height = height
        self.blocks: list[TextBlock] = []

    def text(self, text: str, font: QFont, y: float, color: str = "#1b1b1b", record: bool = True) -> float:
        """Draw ``text`` from ``y`` down; returns the bottom of what was drawn."""
        self.painter.setFont(font)
        self.painter.setPen(QColor(color))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        area = QRectF(MARGIN, y, self.width - 2 * MARGIN, self.height - y - MARGIN)
        rect = self.painter.drawText(area, flags, text)
        if record:
            w, h = self.width, self.height
            x0, y0, x1, y1 = (round(v, 4) for v in (rect.left() / w, rect.top() / h, rect.right() / w,
                                                    rect.bottom() / h))
            self.blocks.append(TextBlock(text, (x0, y0, x1, y1)))
        return rect.bottom()


def write_pdf(doc: Document) -> WrittenPdf:
    """A real A4 PDF of ``doc`` (one ``Page`` per PDF page) and the text blocks on every page."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(doc.title)
    writer.setCreator("ensure-browser demo data")
    width, height = float(writer.width()), float(writer.height())
    pages: list[tuple[TextBlock, ...]] = []
    painter = QPainter(writer)
    try:
        for index, page in enumerate(doc.pages):
            if index:
                writer.newPage()
            canvas = _PageCanvas(painter, width, height)
            canvas.text(f"Ensure Study · {doc.subtitle}", _font(8), 28, "#6b6b6b", record=False)
            painter.setPen(QPen(QColor("#2e86c1"), 1.5))
            painter.drawLine(int(MARGIN), 44, int(width - MARGIN), 44)
            y = 64.0
            if index == 0:
                y = canvas.text(doc.title, _font(22, bold=True), y, "#1a5276") + 18
            y = canvas.text(page.heading, _font(15, bold=True), y) + 10
            for paragraph in page.paragraphs:
                y = canvas.text(paragraph, _font(11), y) + 10
            footer = f"Page {index + 1} of {len(doc.pages)}"
            canvas.text(footer, _font(8), height - 40, "#6b6b6b", record=False)
            pages.append(tuple(canvas.blocks))
    finally:
        painter.end()
    return WrittenPdf(bytes(buffer.data().data()), tuple(pages))


def _font(points: int, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


# -- the data set ---------------------------------------------------------------------------------------


class _Ids:
    """Deterministic identifiers: the same data set on every run."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def hex32(self) -> str:
        return uuid.UUID(int=self._rng.getrandbits(128), version=4).hex

    def uniform(self, low: float, high: float) -> float:
        return self._rng.uniform(low, high)


def media(name: str) -> bytes:
    """A bundled sample media file from ``ensure_browser/resources/media``."""
    return (resources.files("ensure_browser") / "resources" / "media" / name).read_bytes()


def sample(kind: str, data: bytes, metadata: Mapping[str, str] | None = None, content_type: str | None = None,
           **ids: object) -> SampleObject:
    """A sample object of schema ``kind`` at the key :func:`key_for` builds from ``ids``.

    The content type is the schema's for that kind, else guessed from the key.
    """
    bucket, key = key_for(kind, DEFAULT_NAMES, **ids)
    role = DEFAULT_NAMES.role_of(bucket)
    assert role is not None
    ctype = content_type or content_type_for(kind) or mimetypes.guess_type(key)[0] or BINARY
    return SampleObject(role, key, data, ctype, dict(metadata or {}))


def _ocr_objects(ids: _Ids, document_id: str, pdf: WrittenPdf, render_page: PageRenderer) -> Iterator[SampleObject]:
    confidences: list[float] = []
    height = round(OCR_PAGE_WIDTH * A4_HEIGHT / A4_WIDTH)
    for index in range(len(pdf.pages)):
        number = index + 1
        png = render_page(pdf.data, index, OCR_PAGE_WIDTH)
        yield sample("ocr_page_image", png, document_id=document_id, page=number)
        # The last page of a longer document "scanned" badly: it shows up in the quality report.
        base = ids.uniform(0.62, 0.74) if number == len(pdf.pages) and number > 2 else ids.uniform(0.9, 0.98)
        blocks: list[dict[str, object]] = []
        for block in pdf.pages[index]:
            x0, y0, x1, y1 = block.bbox
            blocks.append({
                "text": block.text,
                "bbox": [round(x0 * OCR_PAGE_WIDTH), round(y0 * height), round(x1 * OCR_PAGE_WIDTH),
                         round(y1 * height)],
                "confidence": round(min(0.99, base + ids.uniform(-0.03, 0.03)), 3),
            })
        confidence = round(sum(float(str(b["confidence"])) for b in blocks) / len(blocks), 3)
        confidences.append(confidence)
        page_json = {"page": number, "width": OCR_PAGE_WIDTH, "height": height, "language": "auto",
                     "text": pdf.page_text(index), "confidence": confidence, "blocks": blocks}
        yield sample("ocr_page_json", _json(page_json), document_id=document_id, page=number)
    report = {
        "document_id": document_id,
        "pages": len(pdf.pages),
        "mean_confidence": round(sum(confidences) / len(confidences), 3),
        "low_confidence_pages": [i + 1 for i, c in enumerate(confidences) if c < LOW_CONFIDENCE],
        "engine": "tesseract 5.3.0",
        "status": "ok",
    }
    yield sample("ocr_quality_report", _json(report), document_id=document_id)


def _json(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


MEETINGS = (
    ("math-7a-2024-03-11", 6, ()),
    ("bio-8b-2024-03-12", 6, (3,)),  # chunk_3 is missing: the gap
)
EXAM_SESSIONS = ("history-9c-midterm-2024",)


def _recordings() -> Iterator[SampleObject]:
    for meeting_id, count, missing in MEETINGS:
        yield sample("meeting_raw", media("recording.webm"), meeting_id=meeting_id)
        for index in range(count):
            if index not in missing:
                yield sample("meeting_chunk", media(f"chunk_{index}.webm"), meeting_id=meeting_id,
                             chunk_index=index)
        yield sample("meeting_audio", media("audio.mp3"), meeting_id=meeting_id)
    for session_id in EXAM_SESSIONS:
        yield sample("exam_recording", media("proctor_recording.webm"), exam_session_id=session_id)


def _mlflow(ids: _Ids) -> Iterator[SampleObject]:
    experiment_id = "1"
    runs = (
        ("logistic_regression", {"C": 1.0, "penalty": "l2"}, {"accuracy": 0.874, "f1": 0.861, "loss": 0.312}),
        ("gradient_boosting", {"n_estimators": 120, "max_depth": 3},
         {"accuracy": 0.903, "f1": 0.897, "loss": 0.254}),
    )
    for model_type, params, metrics in runs:
        run_id = ids.hex32()
        model = {
            "model_type": model_type,
            "params": params,
            "features": ["time_on_task", "quiz_score", "attendance", "late_submissions"],
            "weights": [round(ids.uniform(-1, 1), 4) for _ in range(4)],
            "classes": ["at_risk", "on_track"],
            "trained_at": "2024-03-10T18:00:00Z",
        }
        yield sample("mlflow_model_file", pickle.dumps(model, protocol=4), path="model.pkl",
                     experiment_id=experiment_id, run_id=run_id)
        yield sample("mlflow_model_file", b"mlflow==2.11.1\nscikit-learn==1.4.1\nnumpy==1.26.4\npandas==2.2.1\n",
                     content_type="text/plain", path="requirements.txt", experiment_id=experiment_id,
                     run_id=run_id)
        yield sample("mlflow_artifact", _json(metrics), path="metrics.json", experiment_id=experiment_id,
                     run_id=run_id)


def build_samples(
    progress: Callable[[str], None] | None = None, *, render_page: PageRenderer, with_anomalies: bool = False
) -> list[SampleObject]:
    """The demo data set; ``progress`` receives a line per step, ``render_page`` draws thumbnails and
    OCR page images.

    ``with_anomalies`` adds a material without a thumbnail and a thumbnail without a material
    (for testing consistency checks); the demo itself stays clean apart from the chunk gap.
    """
    started = time.monotonic()
    ids = _Ids(SEED)
    say = progress or (lambda _text: None)
    objects: list[SampleObject] = []
    say("Writing classroom materials…")
    for classroom_id, docs in MATERIALS.items():
        for doc in docs:
            document_id = ids.uuid4()
            pdf = write_pdf(doc)
            objects.append(sample("material", pdf.data, {"original-filename": doc.filename},
                                  classroom_id=classroom_id, document_id=document_id))
            objects.append(sample("thumbnail", render_page(pdf.data, 0, THUMB_WIDTH),
                                  classroom_id=classroom_id, document_id=document_id))
            if doc.filename in OCR_FILENAMES:
                objects.extend(_ocr_objects(ids, document_id, pdf, render_page))
    say("Writing student notes…")
    for student_id, docs in STUDENT_NOTES.items():
        for doc in docs:
            objects.append(sample("student_note", write_pdf(doc).data, {"original-filename": doc.filename},
                                  student_id=student_id, note_id=ids.uuid4()))
    # An upload that never finished: the first half of a material in the temporary area.
    partial = objects[0].data[: len(objects[0].data) // 2]
    objects.append(sample("temp_upload", partial, content_type=BINARY, upload_id=ids.uuid4(), path="part-0001"))
    if with_anomalies:
        objects.extend(_anomalies(ids, render_page))
    say("Adding recordings and model runs…")
    objects.extend(_recordings())
    objects.extend(_mlflow(ids))
    log.info("built %d demo objects (%d bytes) in %.2f s", len(objects),
             sum(len(o.data) for o in objects), time.monotonic() - started)
    return objects


def _anomalies(ids: _Ids, render_page: PageRenderer) -> Iterator[SampleObject]:
    doc = _doc("Unthumbnailed handout.pdf", "Handout", "Mathematics 7A", ("Notes", ("No thumbnail yet.",)))
    pdf = write_pdf(doc)
    yield sample("material", pdf.data, {"original-filename": doc.filename}, classroom_id="math-7a",
                 document_id=ids.uuid4())
    yield sample("thumbnail", render_page(pdf.data, 0, THUMB_WIDTH), classroom_id="math-7a",
                 document_id=ids.uuid4())
