"""The Policies panel against the real server: policy + meaning, who can access, badges, drift and
apply with confirmation, read-only identity, inline validation, saving only over the policy the editor
began from, user policies, main-window wiring."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from ensure_browser.core.policies.admin import NOT_AVAILABLE, MinioAdminClient
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.provision import provision
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.policies import expected_bucket_policy
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.policies.badges import BADGE, PUBLIC_ACCESS, PublicBadges
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.policies.inspector import InspectorConnection, PolicyInspector
from ensure_browser.ui.policies.panel import register_policy_inspector
from ensure_browser.ui.policies.policy_tab import PolicyTab
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node, RawSource
from tests.support.minio_admin import AdminState, MinioAdminFake
from tests.support.servers import S3Server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "policy"
MATERIAL = "classrooms/c1/materials/d1.pdf"
THUMB = "classrooms/c1/thumbnails/d1_thumb.png"


@pytest.fixture
def names(admin_storage: Storage, make_bucket: Callable[[str], str]) -> BucketNames:
    names = BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))
    provision(admin_storage, names)
    admin_storage.upload_bytes(names.documents, MATERIAL, b"%PDF-1.4 material")
    admin_storage.upload_bytes(names.documents, THUMB, b"\x89PNG thumbnail")
    admin_storage.upload_bytes(names.documents, "students/s1/notes/n1.pdf", b"%PDF-1.4 note")
    admin_storage.upload_bytes(names.recordings, "meetings/m1/raw/recording.webm", b"webm")
    return names


def _public_everything(bucket: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{bucket}/*"]},
    ]})


def _inspector(qtbot: QtBot, s3_server: S3Server, names: BucketNames, identity: Identity | None = None
               ) -> PolicyInspector:
    storage = s3_server.storage(identity)
    cache = PolicyCache(lambda: storage)
    inspector = PolicyInspector(cache)
    qtbot.addWidget(inspector)
    inspector.resize(1100, 700)
    inspector.show()
    inspector.set_connection(InspectorConnection(storage.settings, names, storage, list(names.all())))
    _settle(qtbot, inspector)
    return inspector


def _settle(qtbot: QtBot, inspector: PolicyInspector) -> None:
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)


def _cells(table: object) -> list[list[str]]:
    from PySide6.QtWidgets import QTableWidget

    assert isinstance(table, QTableWidget)
    return [[item.text() if (item := table.item(r, c)) is not None else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_policy_json_explanation_rules_and_risks(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                                 names: BucketNames) -> None:
    inspector = _inspector(qtbot, s3_server, names)
    assert inspector.current_bucket() == names.documents
    text = inspector.policy_tab.json_edit.toPlainText()
    assert inspector.policy_tab.json_edit.isReadOnly()
    assert f"arn:aws:s3:::{names.documents}/*/thumbnails/*" in text and text.startswith("{\n")
    assert "Anyone on the internet can download objects matching */thumbnails/*" in inspector.policy_tab.explanation_label.text()
    assert _cells(inspector.rules_table) == [
        ["*/thumbnails/*", "download",
         f"Anyone on the internet can download objects matching */thumbnails/* in {names.documents}."]
    ]
    assert "No risks found." in inspector.policy_tab.risks_label.text()

    # a risky policy on the recordings bucket: public write, whole bucket public, a statement that
    # matches nothing the schema puts in that bucket
    rec = names.recordings
    admin_storage.set_bucket_policy(rec, json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": [f"arn:aws:s3:::{rec}/*"]},
        {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{rec}/uploads/*"]},
    ]}))
    inspector.select_bucket(rec)
    _settle(qtbot, inspector)
    risks = inspector.policy_tab.risks_label.text()
    assert "Public write" in risks and "Whole bucket public" in risks
    assert "Statement 2 matches nothing in the schema" in risks
    assert _cells(inspector.rules_table)[0][:2] == ["*", "public"]
    # a bucket without a policy says so
    inspector.select_bucket(names.ocr)
    _settle(qtbot, inspector)
    assert inspector.policy_tab.json_edit.toPlainText() == ""
    assert "nothing is public" in inspector.policy_tab.explanation_label.text()


def test_who_can_access_anonymous_user_and_typed_principal(qtbot: QtBot, s3_server: S3Server,
                                                           names: BucketNames) -> None:
    inspector = _inspector(qtbot, s3_server, names)
    with qtbot.waitSignal(inspector.accessChecked, timeout=15_000):
        inspector.show_access(names.documents, THUMB)
    rows = {r[0].split(" ")[0]: r for r in _cells(inspector.access_table)}
    assert list(rows) == ["read", "write", "list", "delete"]
    assert rows["read"][1] == "allowed" and rows["read"][2] == "allowed (HTTP 200)"
    assert rows["write"][1] == "denied" and "not tried" in rows["write"][2]
    assert rows["list"][1] == "denied" and rows["list"][2] == "denied (HTTP 403 AccessDenied)"

    with qtbot.waitSignal(inspector.accessChecked, timeout=15_000):
        inspector.show_access(names.documents, MATERIAL)
    rows = {r[0].split(" ")[0]: r for r in _cells(inspector.access_table)}
    assert rows["read"][1] == "denied" and rows["read"][2] == "denied (HTTP 403 AccessDenied)"
    assert "read: Denied: no statement grants it to anonymous users (default deny)." in \
        inspector.access_tab.access_reasons.text()

    # the connected user: the bucket policy grants it nothing itself; its own permissions decide
    inspector.access_tab.principal_combo.setCurrentIndex(1)
    answers = {a.operation: a for a in inspector.access_tab.access_answers()}
    assert answers["read"].principal == f"arn:aws:iam:::user/{s3_server.admin.access_key}"
    assert not answers["read"].allowed and answers["read"].decision == "none"
    assert _cells(inspector.access_table)[0][1] == "not granted here"
    # a typed principal, and a thumbnail: readable by everyone, named users included
    inspector.access_tab.principal_combo.setCurrentIndex(2)
    inspector.access_tab.principal_edit.setText("ensure-study")
    with qtbot.waitSignal(inspector.accessChecked, timeout=15_000):
        inspector.show_access(names.documents, THUMB)
    answers = {a.operation: a for a in inspector.access_tab.access_answers()}
    assert answers["read"].principal == "arn:aws:iam:::user/ensure-study" and answers["read"].allowed
    assert answers["write"].decision == "none"
    # a prefix: a real object under it is found by listing and asked about
    inspector.access_tab.principal_combo.setCurrentIndex(0)
    with qtbot.waitSignal(inspector.accessChecked, timeout=15_000):
        inspector.show_access(names.documents, "classrooms/c1/thumbnails/")
    assert THUMB in inspector.access_tab.access_note.text()
    assert _cells(inspector.access_table)[0][1] == "allowed"


def _load(qtbot: QtBot, model: LazyTreeModel, node: Node) -> None:
    model.fetchMore(model.index_of(node))
    qtbot.waitUntil(lambda: node.state is LoadState.LOADED, timeout=15_000)


def _child(node: Node, label: str) -> Node:
    return next(c for c in node.children if c.label == label)


def test_public_badges_in_the_raw_tree(qtbot: QtBot, admin_storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    cache = PolicyCache(lambda: admin_storage)
    badges = PublicBadges(cache)
    source = RawSource(admin_storage, [docs])
    source.classify = lambda b, k: classify(b, k, names)
    model = LazyTreeModel(source)
    badges.attach(model)
    root = model.root.children[0]
    _load(qtbot, model, root)
    qtbot.waitUntil(lambda: cache.get(docs) is not None and not cache.busy(), timeout=15_000)
    classrooms = _child(root, "classrooms/")
    assert BADGE not in classrooms.extra
    _load(qtbot, model, classrooms)
    c1 = _child(classrooms, "c1/")
    _load(qtbot, model, c1)
    thumbs, materials = _child(c1, "thumbnails/"), _child(c1, "materials/")
    assert thumbs.kind_label.endswith("· public") and BADGE not in materials.extra
    _load(qtbot, model, thumbs)
    _load(qtbot, model, materials)
    thumb, material = thumbs.children[0], materials.children[0]
    assert thumb.kind_label == "Thumbnail · public"
    assert thumb.extra[PUBLIC_ACCESS] == "Anyone can download this without signing in (bucket policy)."
    tooltip = model.data(model.index_of(thumb), Qt.ItemDataRole.ToolTipRole)
    assert "Anyone can download this without signing in" in tooltip
    assert model.data(model.index_of(thumb), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index_of(thumb, 1)) == "Thumbnail · public"
    assert BADGE not in material.extra and material.kind_label == "Material"
    # the policy goes away: so do the badges
    admin_storage.delete_bucket_policy(docs)
    cache.refresh(docs)
    qtbot.waitUntil(lambda: BADGE not in thumb.extra, timeout=15_000)
    assert thumb.kind_label == "Thumbnail" and thumb.icon is None and PUBLIC_ACCESS not in thumb.extra


def test_drift_list_and_apply_with_confirmation(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                                names: BucketNames) -> None:
    docs = names.documents
    admin_storage.set_bucket_policy(docs, _public_everything(docs))
    inspector = _inspector(qtbot, s3_server, names)
    inspector.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        inspector.drift_tab.drift_button.click()
    rows = _cells(inspector.drift_table)
    doc_rows = [r for r in rows if r[0] == docs]
    assert any(r[1] == "critical" and "Material keys" in r[3] for r in doc_rows)
    assert any(r[1] == "critical" and r[2] == "server answer" for r in doc_rows)
    assert [r[1] for r in rows if r[0] == names.recordings] == ["OK"]
    assert "critical" in inspector.drift_tab.drift_status.text()
    # the selected row decides the bucket; the dialog shows the diff; Apply confirms
    inspector.drift_table.selectRow(rows.index(doc_rows[0]))
    inspector.drift_tab.apply_button.click()
    dialog = inspector.drift_tab.apply_dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.diff_view.toPlainText()
    assert f'-        "arn:aws:s3:::{docs}/*"' in diff
    assert f'+        "arn:aws:s3:::{docs}/*/thumbnails/*"' in diff
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        dialog.apply_button.click()
    _settle(qtbot, inspector)
    live = parse_policy(admin_storage.get_bucket_policy(docs) or "")
    assert policies_equivalent(live, parse_policy(expected_bucket_policy("documents", names) or ""))
    assert [r[1] for r in _cells(inspector.drift_table) if r[0] == docs] == ["OK"]
    # nothing left to apply
    inspector.drift_table.selectRow(0)
    inspector.drift_tab.apply_button.click()
    assert "already means what the schema expects" in inspector.drift_tab.drift_status.text()


def test_apply_writes_only_over_the_policy_the_diff_showed(qtbot: QtBot, s3_server: S3Server,
                                                           admin_storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    admin_storage.set_bucket_policy(docs, _public_everything(docs))
    inspector = _inspector(qtbot, s3_server, names)
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        inspector.check_drift()
    inspector.select_bucket(docs)
    inspector.drift_table.clearSelection()
    inspector.drift_tab.ask_apply()
    shown = inspector.drift_tab.apply_dialog
    assert shown is not None and f'-        "arn:aws:s3:::{docs}/*"' in shown.diff_view.toPlainText()
    # while the diff is on the screen, someone else opens the bucket for listing too
    meanwhile = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{docs}"]},
    ]})
    admin_storage.set_bucket_policy(docs, meanwhile)
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        shown.apply_button.click()
    live = parse_policy(admin_storage.get_bucket_policy(docs) or "")
    assert policies_equivalent(live, parse_policy(meanwhile))  # nothing was written
    assert "nothing was written" in inspector.drift_tab.drift_status.text()
    again = inspector.drift_tab.apply_dialog
    assert again is not None and again is not shown and again.isVisible()
    assert "changed by someone else since the difference was shown" in again.intro.text()
    new_diff = again.diff_view.toPlainText()
    assert '"s3:ListBucket"' in new_diff and f'-        "arn:aws:s3:::{docs}"' in new_diff
    assert f'-        "arn:aws:s3:::{docs}/*"' not in new_diff
    # confirming the new diff writes the expected policy
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        again.apply_button.click()
    _settle(qtbot, inspector)
    live = parse_policy(admin_storage.get_bucket_policy(docs) or "")
    assert policies_equivalent(live, parse_policy(expected_bucket_policy("documents", names) or ""))


def test_cancelled_confirmation_changes_nothing(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                               names: BucketNames) -> None:
    docs = names.documents
    admin_storage.delete_bucket_policy(docs)
    inspector = _inspector(qtbot, s3_server, names)
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        inspector.check_drift()
    rows = _cells(inspector.drift_table)
    assert [r[1] for r in rows if r[0] == docs] == ["warning", "warning"]  # policy and server agree
    inspector.select_bucket(docs)
    inspector.drift_table.clearSelection()
    inspector.drift_tab.ask_apply()
    assert inspector.drift_tab.apply_dialog is not None
    assert "(no bucket policy)" in inspector.drift_tab.apply_dialog.diff_view.toPlainText()
    inspector.drift_tab.apply_dialog.reject()
    _settle(qtbot, inspector)
    assert admin_storage.get_bucket_policy(docs) is None


def test_buckets_outside_the_schema(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
                                    make_bucket: Callable[[str], str]) -> None:
    other = make_bucket("other")
    storage = s3_server.storage()
    inspector = PolicyInspector(PolicyCache(lambda: storage))
    qtbot.addWidget(inspector)
    inspector.set_connection(InspectorConnection(storage.settings, names, storage, [*names.all(), other]))
    assert inspector.bucket_combo.itemText(0) == f"{names.documents}  (documents)"
    assert inspector.bucket_combo.itemText(4) == other
    inspector.select_bucket(other)
    _settle(qtbot, inspector)
    inspector.drift_tab.ask_apply()
    assert inspector.drift_tab.drift_status.text() == f"{other} is not one of the schema's buckets."
    assert inspector.drift_tab.apply_dialog is None


def test_read_only_identity_apply_fails_plainly(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                               names: BucketNames) -> None:
    docs = names.documents
    admin_storage.set_bucket_policy(docs, _public_everything(docs))
    before = admin_storage.get_bucket_policy(docs)
    inspector = _inspector(qtbot, s3_server, names, s3_server.support)
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        inspector.check_drift()
    inspector.select_bucket(docs)
    inspector.drift_table.clearSelection()
    inspector.drift_tab.ask_apply()
    assert inspector.drift_tab.apply_dialog is not None
    with qtbot.waitSignal(inspector.driftChecked, timeout=20_000):
        inspector.drift_tab.apply_dialog.apply_button.click()
    message = inspector.drift_tab.drift_status.text()
    assert f"The access key '{s3_server.support.access_key}' may not change bucket policies on {docs}." in message
    assert "Nothing was changed." in message
    assert admin_storage.get_bucket_policy(docs) == before


def test_editing_validates_inline_and_saves(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                           names: BucketNames) -> None:
    docs = names.documents
    ro = _inspector(qtbot, s3_server, names, s3_server.support)
    assert not ro.policy_tab.save_button.isEnabled()
    ro.policy_tab.edit_button.setChecked(True)
    assert not ro.policy_tab.json_edit.isReadOnly()
    ro.policy_tab.json_edit.setPlainText("{")
    assert ro.policy_tab.validation_label.text().startswith("Invalid JSON at line 1 column 2")
    assert not ro.policy_tab.save_button.isEnabled()
    bad = {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject",
                                                   "Resource": f"arn:aws:s3:::{docs}/*"}]}
    ro.policy_tab.json_edit.setPlainText(json.dumps(bad))
    assert ro.policy_tab.validation_label.text() == "Statement 1: Effect must be Allow or Deny, got 'Maybe'"
    bad["Statement"][0]["Effect"] = "Allow"  # type: ignore[index]
    ro.policy_tab.json_edit.setPlainText(json.dumps(bad))
    assert ro.policy_tab.validation_label.text() == "Valid policy with 1 statement(s)."
    assert ro.policy_tab.save_button.isEnabled()
    assert "Whole bucket public" in ro.policy_tab.risks_label.text()  # the meaning follows the editor
    before = admin_storage.get_bucket_policy(docs)
    with qtbot.waitSignal(ro.policySaved, timeout=15_000):
        ro.policy_tab.save_button.click()
    assert "may not change bucket policies" in ro.policy_tab.validation_label.text()
    assert "Nothing was changed." in ro.policy_tab.validation_label.text()
    assert admin_storage.get_bucket_policy(docs) == before
    _settle(qtbot, ro)

    rw = _inspector(qtbot, s3_server, names)
    rw.policy_tab.edit_button.setChecked(True)
    rw.policy_tab.json_edit.setPlainText(json.dumps(bad))
    with qtbot.waitSignal(rw.policySaved, timeout=15_000) as saved:
        rw.policy_tab.save_button.click()
    assert saved.args == [docs]
    _settle(qtbot, rw)
    assert policies_equivalent(parse_policy(admin_storage.get_bucket_policy(docs) or ""), parse_policy(json.dumps(bad)))
    assert rw.policy_tab.json_edit.isReadOnly() and "Whole bucket public" in rw.policy_tab.risks_label.text()


def test_an_empty_save_removes_the_policy_only_when_confirmed(qtbot: QtBot, s3_server: S3Server,
                                                              admin_storage: Storage, names: BucketNames,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    docs = names.documents
    admin_storage.set_bucket_policy(docs, _public_everything(docs))
    before = admin_storage.get_bucket_policy(docs)
    asked: list[tuple[str, object]] = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]

    def question(_parent: object, _title: str, text: str, _buttons: object,
                 default: object = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
        asked.append((text, default))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    inspector = _inspector(qtbot, s3_server, names)
    inspector.select_bucket(docs)
    _settle(qtbot, inspector)
    tab = inspector.policy_tab
    tab.edit_button.setChecked(True)
    tab.json_edit.setPlainText("  \n")
    assert tab.validation_label.text() == "Empty: saving removes the bucket policy."
    statuses: list[str] = []
    inspector.status.connect(statuses.append)
    tab.save_button.click()  # Cancel: nothing happens on the server
    _settle(qtbot, inspector)
    assert admin_storage.get_bucket_policy(docs) == before
    assert len(asked) == 1
    text, default = asked[0]
    assert text.startswith(f"Remove the bucket policy of {docs}?")
    assert default == QMessageBox.StandardButton.Cancel
    assert statuses[-1] == f"The policy of {docs} was not removed."
    assert tab.edit_button.isChecked() and tab.save_button.isEnabled()
    with qtbot.waitSignal(tab.policySaved, timeout=15_000) as saved:  # Yes: removed
        tab.save_button.click()
    assert saved.args == [docs] and len(asked) == 2
    assert admin_storage.get_bucket_policy(docs) is None


def _statement_policy(bucket: str, action: str, sid: str = "") -> str:
    statement: dict[str, object] = {"Effect": "Allow", "Principal": "*", "Action": [action],
                                    "Resource": [f"arn:aws:s3:::{bucket}" if action == "s3:ListBucket"
                                                 else f"arn:aws:s3:::{bucket}/classrooms/*"]}
    if sid:
        statement["Sid"] = sid
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _live(storage: Storage, bucket: str) -> object:
    text = storage.get_bucket_policy(bucket)
    return None if text is None else parse_policy(text)


def _editing(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, mine: str
             ) -> tuple[PolicyInspector, PolicyTab]:
    """The documents bucket public, its policy in the editor, and the editor changed to ``mine``."""
    docs = names.documents
    admin_storage.set_bucket_policy(docs, _public_everything(docs))
    inspector = _inspector(qtbot, s3_server, names)
    inspector.select_bucket(docs)
    _settle(qtbot, inspector)
    inspector.policy_tab.edit_button.setChecked(True)
    inspector.policy_tab.json_edit.setPlainText(mine)
    return inspector, inspector.policy_tab


def _save(qtbot: QtBot, tab: PolicyTab, click: Callable[[], None]) -> str:
    with qtbot.waitSignal(tab.policySaved, timeout=15_000) as saved:
        click()
    return str(saved.args[0])


def test_save_writes_nothing_over_a_policy_changed_since_editing_began(qtbot: QtBot, s3_server: S3Server,
                                                                      admin_storage: Storage,
                                                                      names: BucketNames) -> None:
    docs = names.documents
    mine = _statement_policy(docs, "s3:GetObject", "mine")
    inspector, tab = _editing(qtbot, s3_server, admin_storage, names, mine)
    # a colleague (another admin Storage) changes the policy while this user edits
    colleague = _statement_policy(docs, "s3:ListBucket", "<b>colleague</b>")
    admin_storage.set_bucket_policy(docs, colleague)
    assert _save(qtbot, tab, tab.save_button.click) == ""
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(colleague))  # nothing written
    assert tab.json_edit.toPlainText() == mine and tab.edit_button.isChecked() and not tab.json_edit.isReadOnly()
    assert f"The policy of {docs} was changed on the server since you began editing; nothing was written." \
        in tab.validation_label.text()
    dialog = tab.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.intro.text().startswith(f"The bucket policy of {docs} was changed on the server since you "
                                          "began editing")
    assert "Nothing was written. Your edits are still in the editor." in dialog.intro.text()
    assert dialog.live_view.accessibleName() and dialog.live_view.isReadOnly()
    assert '"<b>colleague</b>"' in dialog.live_view.toPlainText()  # the server's text, shown plainly
    assert dialog.keep_button.isDefault() and dialog.replace_button.text() == "Replace it with my version"
    # Replace it with my version: written over the colleague's policy that was just shown
    assert _save(qtbot, tab, dialog.replace_button.click) == docs
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(mine))
    assert not tab.edit_button.isChecked()
    _settle(qtbot, inspector)


def test_a_change_after_the_question_is_caught_again(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                                     names: BucketNames) -> None:
    docs = names.documents
    mine = _statement_policy(docs, "s3:GetObject", "mine")
    inspector, tab = _editing(qtbot, s3_server, admin_storage, names, mine)
    admin_storage.set_bucket_policy(docs, _statement_policy(docs, "s3:ListBucket", "second"))
    assert _save(qtbot, tab, tab.save_button.click) == ""
    first = tab.conflict_dialog
    assert first is not None and '"second"' in first.live_view.toPlainText()
    # a third change while the question is on the screen: Replace is refused again, nothing written
    third = _statement_policy(docs, "s3:PutObject", "third")
    admin_storage.set_bucket_policy(docs, third)
    assert _save(qtbot, tab, first.replace_button.click) == ""
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(third))
    assert tab.json_edit.toPlainText() == mine
    again = tab.conflict_dialog
    assert again is not None and again is not first and again.isVisible()
    assert '"third"' in again.live_view.toPlainText()
    # Keep editing: nothing written, the edits kept; the next Save asks again before writing over "third"
    again.keep_button.click()
    assert not again.isVisible() and tab.edit_button.isChecked() and tab.json_edit.toPlainText() == mine
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(third))
    assert _save(qtbot, tab, tab.save_button.click) == ""
    asked_again = tab.conflict_dialog
    assert asked_again is not None and asked_again is not again and '"third"' in asked_again.live_view.toPlainText()
    asked_again.reject()  # Escape is Keep editing too
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(third))
    # someone removes the policy meanwhile: that is a change too
    admin_storage.delete_bucket_policy(docs)
    assert _save(qtbot, tab, tab.save_button.click) == ""
    gone = tab.conflict_dialog
    assert gone is not None and gone is not again and gone.live_view.toPlainText() == ""
    assert gone.intro.text().startswith(f"The bucket policy of {docs} was removed on the server")
    assert gone.live_view.placeholderText() == "(no bucket policy)"
    assert admin_storage.get_bucket_policy(docs) is None
    assert _save(qtbot, tab, gone.replace_button.click) == docs
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(mine))
    _settle(qtbot, inspector)


def test_removing_does_not_delete_a_policy_changed_since_editing_began(qtbot: QtBot, s3_server: S3Server,
                                                                       admin_storage: Storage, names: BucketNames,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs = names.documents
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    inspector, tab = _editing(qtbot, s3_server, admin_storage, names, "")
    colleague = json.dumps({"Version": "2012-10-17", "Statement": [
        json.loads(_public_everything(docs))["Statement"][0],
        json.loads(_statement_policy(docs, "s3:ListBucket", "added"))["Statement"][0]]})
    admin_storage.set_bucket_policy(docs, colleague)
    assert _save(qtbot, tab, tab.save_button.click) == ""
    assert len(asked) == 1  # the removal was confirmed, and still nothing was deleted
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(colleague))
    dialog = tab.conflict_dialog
    assert dialog is not None and "Nothing was removed." in dialog.intro.text()
    assert '"added"' in dialog.live_view.toPlainText() and dialog.replace_button.text() == "Remove it anyway"
    assert tab.json_edit.toPlainText() == "" and tab.edit_button.isChecked()
    assert _save(qtbot, tab, dialog.replace_button.click) == docs
    assert admin_storage.get_bucket_policy(docs) is None
    _settle(qtbot, inspector)


def test_a_policy_not_understood_is_written_over_only_while_its_text_is_unchanged(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    mine = _statement_policy(docs, "s3:GetObject", "mine")
    inspector, tab = _editing(qtbot, s3_server, admin_storage, names, mine)
    # a colleague's policy this app does not understand (a service principal): compared as text
    statement = json.loads(_statement_policy(docs, "s3:ListBucket", "odd"))["Statement"][0]
    odd = json.dumps({"Version": "2012-10-17", "Statement": [{**statement, "Principal": {"Service": ["odd.example"]}}]})
    admin_storage.set_bucket_policy(docs, odd)
    assert _save(qtbot, tab, tab.save_button.click) == ""
    dialog = tab.conflict_dialog
    assert dialog is not None and "This app does not understand it" in dialog.intro.text()
    assert '"odd.example"' in dialog.live_view.toPlainText()
    assert '"odd.example"' in (admin_storage.get_bucket_policy(docs) or "")  # nothing written
    # its text unchanged since it was shown: Replace writes
    assert _save(qtbot, tab, dialog.replace_button.click) == docs
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(mine))
    # opened on a policy it does not understand, the editor saves while that text is what is live
    admin_storage.set_bucket_policy(docs, odd)
    inspector.reload()
    _settle(qtbot, inspector)
    assert '"odd.example"' in tab.json_edit.toPlainText()
    tab.edit_button.setChecked(True)
    tab.json_edit.setPlainText(mine)
    other = odd.replace("odd.example", "other.example")  # not understood either, and another text
    admin_storage.set_bucket_policy(docs, other)
    assert _save(qtbot, tab, tab.save_button.click) == ""
    assert '"other.example"' in (admin_storage.get_bucket_policy(docs) or "")
    assert tab.conflict_dialog is not None
    tab.conflict_dialog.keep_button.click()
    admin_storage.set_bucket_policy(docs, odd)  # back to the very policy the editor began from
    assert _save(qtbot, tab, tab.save_button.click) == docs
    assert policies_equivalent(_live(admin_storage, docs), parse_policy(mine))
    _settle(qtbot, inspector)


def test_user_policies_tab(qtbot: QtBot, s3_server: S3Server, names: BucketNames) -> None:
    inspector = _inspector(qtbot, s3_server, names)
    assert "arn:aws:iam:::user/ensure-study" in inspector.users_tab.declared_edit.toPlainText()
    with qtbot.waitSignal(inspector.usersChecked, timeout=15_000):
        inspector.tabs.setCurrentIndex(3)  # opening the tab asks the server (SeaweedFS: no admin API)
    assert inspector.users_tab.users_status.text() == NOT_AVAILABLE
    assert inspector.users_tab.users_table.rowCount() == 0
    # MinIO's admin API (tests/support/minio_admin.py, a fake that checks the connection's signature);
    # the schema's default names: the policy names the ensure-study-* buckets
    doc: dict[str, object] = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::ensure-study-*/*"]}]}
    state = AdminState(secrets={s3_server.admin.access_key: s3_server.admin.secret_key},
                       admins={s3_server.admin.access_key},
                       users={"ensure-study": {"policyName": "ensure-study-rw", "status": "enabled"},
                              "grader": {"policyName": "ro", "status": "disabled"}},
                       policies={"ensure-study-rw": doc, "ro": doc})
    with MinioAdminFake(state) as minio:
        inspector.users_tab.admin_factory = lambda settings: MinioAdminClient(replace(settings, endpoint=minio.endpoint))
        conn = inspector.connection
        inspector.set_connection(InspectorConnection(conn.settings, BucketNames(), conn.storage, conn.buckets))
        _settle(qtbot, inspector)
        with qtbot.waitSignal(inspector.usersChecked, timeout=15_000):
            inspector.users_tab.users_button.click()
    assert state.requests == ["list-users", "user-info", "info-canned-policy"]
    assert "mean what the schema declares" in inspector.users_tab.users_status.text()
    assert _cells(inspector.users_tab.users_table) == [["ensure-study", "enabled", "ensure-study-rw"],
                                             ["grader", "disabled", "ro"]]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    inspector.resize(560, 760)
    assert inspector.grab().save(str(SCREENSHOTS / "users.png"))
    _settle(qtbot, inspector)


def test_main_window_wiring_and_screenshot(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
                                           tmp_path: Path) -> None:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    panel = register_policy_inspector(window)
    window.resize(1500, 860)
    window.show()
    assert panel.action in window.view_menu.actions()
    assert panel.action.shortcut().toString() == "Ctrl+Shift+P"
    assert window.preview.policies is panel.cache  # one policy cache for the panel, badges and preview
    with qtbot.waitSignal(window.connected, timeout=15_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    window.sidebar.setCurrentRow(titles.index("Raw"))
    model = window.current_model()
    assert model is not None
    root = next(n for n in model.root.children if n.bucket == names.documents)
    _load(qtbot, model, root)
    classrooms = _child(root, "classrooms/")
    _load(qtbot, model, classrooms)
    c1 = _child(classrooms, "c1/")
    _load(qtbot, model, c1)
    thumbs = _child(c1, "thumbnails/")
    _load(qtbot, model, thumbs)
    qtbot.waitUntil(lambda: BADGE in thumbs.children[0].extra, timeout=15_000)
    window.tree_panel.select_node(thumbs.children[0])
    # the context menu entry opens the dock on the access tab
    menu = QMenu(window)
    panel.context_menu(thumbs.children[0], menu, window)
    entry = next(a for a in menu.actions() if a.text() == "Who can access this?")
    with qtbot.waitSignal(panel.inspector.accessChecked, timeout=15_000):
        entry.trigger()
    assert panel.dock.isVisible() and panel.inspector.tabs.currentIndex() == 1
    assert _cells(panel.inspector.access_table)[0][1] == "allowed"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert panel.dock.grab().save(str(SCREENSHOTS / "access.png"))
    panel.inspector.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(panel.inspector.driftChecked, timeout=20_000):
        panel.inspector.check_drift()
    assert panel.dock.grab().save(str(SCREENSHOTS / "drift.png"))
    # the policy tab of the provisioned documents bucket, for the screenshot
    panel.inspector.select_bucket(names.documents)
    panel.inspector.tabs.setCurrentIndex(0)
    _settle(qtbot, panel.inspector)
    qtbot.waitUntil(lambda: panel.inspector.rules_table.rowCount() == 1, timeout=10_000)
    assert panel.dock.grab().save(str(SCREENSHOTS / "inspector.png"))
    assert window.grab().save(str(SCREENSHOTS / "window.png"))
    panel.action.trigger()
    assert not panel.dock.isVisible()
    _settle(qtbot, panel.inspector)
