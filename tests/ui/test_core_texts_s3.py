"""What core/s3 says, the health Age column, policy locations and plurals reach the window translated.

As tests/ui/test_core_texts.py: with the German catalog each sentence is the German one; in the
pseudo-locale nothing of it stays English outside ⟦…⟧ (server strings and keys apart). The core's
English (what the command line prints) is checked too, unchanged.
"""

from __future__ import annotations

import pickle
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ensure_browser.core.errors import Conflict, NotSupported
from ensure_browser.core.health.report import Finding, human_age
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.retention.compare import _days
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.copying import DestinationExists
from ensure_browser.core.s3.lifecycle import from_minio
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.texts import Plural
from ensure_browser.ui import formats, i18n
from ensure_browser.ui.health.findings import FindingsModel
from tests.support.dialects import running_rclone
from tests.support.pseudo import check


def test_a_capability_the_server_lacks_is_said_translated(language: str, tmp_path: Path) -> None:
    with running_rclone() as rclone:  # rclone serve s3 has no bucket policies
        storage = rclone.storage()
        storage.make_bucket("texts-caps")
        with pytest.raises(NotSupported) as caught:
            storage.get_bucket_policy("texts-caps")
        assert caught.value.message == "This server does not support bucket policies."  # the command line's
        check(language, i18n.error_text(caught.value), "Dieser Server unterstützt keine Bucket-Richtlinien.")
        assert storage.capabilities.supports(Capability.BUCKET_POLICIES) is False
        lines = storage.capabilities.lines()
        check(language, i18n.tr_text(lines[0]), "Dieser Server unterstützt keine Bucket-Richtlinien.")
        assert "Learned from the answers of the server at" in storage.capabilities.report()  # English for the CLI


def test_a_copy_onto_an_existing_object_is_refused_translated(language: str, admin_storage: Storage,
                                                                bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "a.txt", b"one")
    admin_storage.upload_bytes(bucket, "b.txt", b"second")
    with pytest.raises(DestinationExists) as caught:  # the real server's object is kept
        admin_storage.copy(bucket, "a.txt", bucket, "b.txt")
    assert caught.value.message == f"s3://{bucket}/b.txt already exists; it was kept and nothing was copied."
    check(language, i18n.error_text(caught.value),
          f"s3://{bucket}/b.txt existiert bereits; es wurde behalten und nichts wurde kopiert.",
          (f"s3://{bucket}/b.txt",))
    assert admin_storage.stat(bucket, "b.txt").size == len(b"second")


def test_a_download_onto_an_existing_file_is_refused_translated(language: str, admin_storage: Storage,
                                                                  bucket: str, tmp_path: Path) -> None:
    admin_storage.upload_bytes(bucket, "c.txt", b"three")
    dest = tmp_path / "c.txt"
    dest.write_bytes(b"mine")
    with pytest.raises(Conflict) as caught:
        admin_storage.download_file(bucket, "c.txt", dest)
    assert caught.value.message == f"{dest} exists already."
    check(language, i18n.error_text(caught.value), f"{dest} existiert bereits.", (str(dest),))
    assert dest.read_bytes() == b"mine"


def test_the_health_age_column_is_in_the_users_language(language: str) -> None:
    finding = Finding("warning", "temp_upload_stale", "", "docs", "temp/u-1/a.pdf", 10,
                      "A stale upload.", age=timedelta(days=3, hours=1))
    assert human_age(finding.age.total_seconds()) == "3 d"  # the command line's report
    model = FindingsModel()
    model.set_findings([finding])
    check(language, model.data(model.index(0, 5)), "3 Tage")
    check(language, formats.age(3 * 86400, ago=True), "3 Tagen")
    check(language, formats.age(3600 * 5), "5 Stunden")
    check(language, formats.age(1), "1 Sekunde")


def test_the_age_stays_as_the_core_writes_it_in_english() -> None:
    assert [formats.age(s) for s in (86400 * 3, 3600 * 5, 600, 45, None)] == ["3 d", "5 h", "10 min", "45 s", ""]


def test_a_policy_error_with_its_statement_is_translated(language: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
                     '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, '
                     '{"Sid": "Two", "Effect": "Allow", "Principal": {}, "Action": "s3:GetObject", '
                     '"Resource": "arn:aws:s3:::b/*"}]}')
    assert str(caught.value) == 'Statement 2 (Two): Principal must name at least one principal under "AWS"'
    check(language, i18n.error_text(caught.value),
          'Statement 2 (Two): Principal muss unter "AWS" mindestens einen Principal nennen',
          ("Statement", "Principal", "AWS", "Two"))
    with pytest.raises(PolicyError) as caught:
        parse_policy('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": 7, '
                     '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}')
    assert str(caught.value) == 'Statement 1: Principal must be "*" or an object like {"AWS": [...]}, got 7'
    check(language, i18n.error_text(caught.value),
          'Statement 1: Principal muss "*" oder ein Objekt wie {"AWS": [...]} sein, gefunden: 7',
          ("Statement", "Principal", "AWS"))


def test_a_plural_takes_the_languages_form(language: str) -> None:
    one, five = _days(1), _days(5)
    assert (one, five) == ("1 day", "5 days") and isinstance(five, Plural)
    check(language, i18n.tr_text(one), "1 Tag")
    check(language, i18n.tr_text(five), "5 Tage")
    copied = pickle.loads(pickle.dumps(five))  # workers hand Texts across threads and processes
    assert copied == five and i18n.tr_text(copied) == i18n.tr_text(five)


def test_a_plural_without_a_catalog_is_the_cores_english(qapp: QApplication) -> None:
    i18n.remove_translators(qapp)
    assert i18n.tr_text(_days(1)) == "1 day"
    assert i18n.tr_text(_days(2)) == "2 days"


def test_a_lifecycle_rules_other_parts_are_translated(language: str) -> None:
    """What a rule does beyond the schema's words (a tag filter, a storage class, kept versions)."""
    from minio.commonconfig import ENABLED, Filter, Tag
    from minio.lifecycleconfig import NoncurrentVersionExpiration, Rule, Transition

    rule = Rule(ENABLED, rule_filter=Filter(tag=Tag("class", "7b")), rule_id="r",
                transition=Transition(days=30, storage_class="GLACIER"),
                noncurrent_version_expiration=NoncurrentVersionExpiration(noncurrent_days=5, newer_noncurrent_versions=3))
    other = from_minio(rule).other
    assert other == ("only objects tagged class=7b", "the newest 3 noncurrent versions are kept",
                     "objects move to the GLACIER storage class")
    shown = [i18n.tr_text(part) for part in other]
    check(language, shown[0], "nur Objekte mit dem Tag class=7b", ("class=7b",))
    check(language, shown[1], "3 neueste frühere Versionen werden behalten")
    check(language, shown[2], "Objekte wechseln in die Speicherklasse GLACIER", ("GLACIER",))
