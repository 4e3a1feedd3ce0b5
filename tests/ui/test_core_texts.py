"""Sentences the core composes in English reach the window translated (core.texts.Text + i18n.tr_text).

With the German catalog loaded: a storage error from the real server in the banner, a health finding
row, a policy explanation, a retention drift line, and a search result's "Where" cell come out in
German; in the pseudo-locale none of them keeps English outside ⟦…⟧ (server strings
apart). The core still gives English (what the command line prints), and an argument is only ever
substituted: a key that looks like a template or markup stays as it is.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from ensure_browser.core.errors import NoSuchBucket, translate
from ensure_browser.core.health.scan import scan
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.retention.compare import drift
from ensure_browser.core.retention.expected import RetentionSettings, expected_rules, temp_prefixes
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.query import _hit
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.ui import i18n
from ensure_browser.ui.health.findings import FindingsModel
from ensure_browser.ui.main_window import Connection
from ensure_browser.ui.policies.widgets import bullets, item
from ensure_browser.ui.search.results import ResultsModel
from tests.support.pseudo import check
from tests.support.servers import S3Server

MISSING = "no-such-bucket-core-texts"


@pytest.fixture
def buckets(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=make_bucket("docs"), recordings=make_bucket("rec"), ocr=make_bucket("ocr"),
                       mlflow=make_bucket("mlflow"))


def test_a_storage_error_from_the_server_is_translated_in_the_banner(
        qtbot: QtBot, language: str, s3_server: S3Server, buckets: BucketNames, tmp_path: Path) -> None:
    from ensure_browser.ui.application import build_main_window

    storage = s3_server.storage()
    with pytest.raises(NoSuchBucket) as caught:  # the real server's NoSuchBucket
        next(storage.list_level(MISSING, page_size=1), None)
    english = f"The bucket '{MISSING}' does not exist on {s3_server.endpoint}."
    assert caught.value.message == english and str(caught.value) == english  # what the command line prints
    check(language, i18n.error_text(caught.value), f"Der Bucket '{MISSING}' existiert auf {s3_server.endpoint} nicht.",
          (MISSING, s3_server.endpoint))

    window = build_main_window(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    names = BucketNames(documents=MISSING, recordings=buckets.recordings, ocr=buckets.ocr, mlflow=buckets.mlflow)
    with qtbot.waitSignal(window.connected, timeout=20_000):  # a profile naming a bucket that is not there
        window.connect_to(Connection("Test", s3_server.settings(), names))
    assert window.banner.isVisible()
    check(language, window.banner.label.text(), f"Der Bucket {MISSING} existiert nicht.", (MISSING,))

    wrong = replace(s3_server.settings(), secret_key="not-the-secret")
    with qtbot.waitSignal(window.connectionFailed, timeout=20_000):  # the server rejects the signature
        window.connect_to(Connection("Test", wrong, buckets))
    check(language, window.banner.label.text(),
          f"Verbindung zu Test nicht möglich: Der geheime Schlüssel zum Zugriffsschlüssel '{wrong.access_key}' "
          "ist falsch (der Server hat die Signatur abgelehnt).", ("Test", wrong.access_key))


def test_a_health_finding_row_is_translated(language: str, admin_storage: Storage, buckets: BucketNames) -> None:
    material = key_for("material", buckets, classroom_id="c-1", document_id="d-7")
    admin_storage.upload_bytes(*material, b"%PDF-1.4\n", content_type="application/pdf")  # without its thumbnail
    report = scan(admin_storage, buckets, buckets=[buckets.documents])
    finding = next(f for f in report.findings if f.rule == "material_without_thumbnail")
    assert finding.message == "Material d-7 in classroom c-1 has no thumbnail."  # the command line's report
    model = FindingsModel()
    model.set_findings([finding])
    cell = model.data(model.index(0, 2))
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    check(language, cell, "Klasse c-1, Dokument d-7", ("c-1", "d-7"))
    check(language, model.data(model.index(0, 1)), "Material ohne Vorschaubild")  # the rule's title
    check(language, tip, "Material d-7 in Klasse c-1 hat kein Vorschaubild.", ("d-7", "c-1"))


def test_a_policy_explanation_is_translated(language: str) -> None:
    policy = parse_policy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
                          '"Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::school/classrooms/*"], '
                          '"Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}}]}')
    sentence = policy.explain()[0]
    assert sentence == ("Anyone on the internet can download objects matching classrooms/* in school only from "
                        "10.0.0.0/8.")
    shown = html.unescape(bullets([(sentence, None)]).split("<li>")[1].split("</li>")[0])
    check(language, shown, "Jeder im Internet kann Objekte passend zu classrooms/* in school herunterladen, nur von "
          "10.0.0.0/8 aus.", ("classrooms", "school", "10.0.0.0/8"))
    rule = policy.anonymous_rules("school")[0]
    check(language, item(rule.description).text(),
          "Jeder im Internet kann Objekte passend zu classrooms/* in school herunterladen, nur von 10.0.0.0/8 aus.",
          ("classrooms", "school", "10.0.0.0/8"))


def test_a_retention_drift_line_is_translated(language: str) -> None:
    findings = drift(expected_rules("documents", RetentionSettings()), [], temp_prefixes("documents"))
    line = next(f for f in findings if "Temporary uploads" in f.message)
    assert line.message.startswith("Temporary uploads under temp/ are never removed by the server")
    check(language, item(line.message).text(), "Temporäre Uploads unter temp/ entfernt der Server nie; laut Schema "
          "laufen sie ab, wenn sie 7 Tage alt sind.", ("temp/",))


def test_a_search_where_cell_is_translated(language: str, buckets: BucketNames) -> None:
    bucket, key = key_for("material", buckets, classroom_id="c-1", document_id="d-7")
    hit = _hit((bucket, key, "material", "Fractions.pdf", 10, None, ""), buckets)
    assert hit.where == "Classroom c-1, document d-7"
    model = ResultsModel()
    model.set_hits([hit])
    check(language, model.data(model.index(0, 2)), "Klasse c-1, Dokument d-7", ("c-1", "d-7"))
    check(language, model.data(model.index(0, 0)), "Material", ())


def test_arguments_are_substituted_never_read_as_templates(language: str) -> None:
    hostile = "{0}{1}<b>x</b> %1"
    text = Text(QT_TR_NOOP("The bucket {0} does not exist."), hostile)
    assert text == f"The bucket {hostile} does not exist."
    check(language, i18n.tr_text(text), f"Der Bucket {hostile} existiert nicht.", (hostile, "x"))
    err = translate(OSError(2, "{0} gone"), endpoint="e")
    assert i18n.error_text(err).count("{0} gone") == 1
    assert i18n.tr_text("plain {0}") == "plain {0}"  # a plain string is shown as it is


def test_a_translation_that_does_not_fit_gives_the_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "tr", lambda text, *_: "{3} kaputt")  # a catalog whose placeholders are wrong
    assert i18n.tr_text(Text("x {0}", "y")) == "x y"


def test_a_profile_fields_problem_is_translated(language: str) -> None:
    from ensure_browser.core.profiles.validation import ValidationError, validate_endpoint

    with pytest.raises(ValidationError) as caught:
        validate_endpoint("school.example:abc", tls=False)
    assert caught.value.message.startswith("'school.example:abc' is not a valid endpoint")
    check(language, i18n.tr_text(caught.value.message),
          "'school.example:abc' ist kein gültiger Endpunkt: Der Port muss eine Zahl sein (z. B. localhost:9000).",
          ("school.example:abc", "localhost:9000"))


def test_a_policy_editor_error_is_translated(language: str) -> None:
    from ensure_browser.core.policies.model import PolicyError

    with pytest.raises(PolicyError) as caught:
        parse_policy('{"Version": "2012-10-17"}')
    assert str(caught.value) == "Policy has no Statement"
    check(language, i18n.error_text(caught.value), "Die Richtlinie hat kein Statement", ("Statement",))
