"""The question after the bucket-policy editor's Save found the live policy changed since editing began.

Nothing was written when this shows. It names the change, shows what is live now as plain text (server
strings are never rich text here) and offers *Replace it with my version* (for an empty editor: *Remove it
anyway*) or *Keep editing*, the default (also Escape): nothing written, the edits stay in the editor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ensure_browser.core.policies.check import PolicyChangedMeanwhile
from ensure_browser.ui.policies.widgets import monospace, pretty


class PolicyConflictDialog(QDialog):
    """What is live on ``change.bucket`` now; accepted means "replace it with my version"."""

    def __init__(self, change: PolicyChangedMeanwhile, removing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bucket = change.bucket
        self.setObjectName("policy-conflict-dialog")
        self.setWindowTitle(self.tr("The policy of {0} was changed meanwhile").format(bucket))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(640, 440)
        if change.live_text is None:
            what = self.tr("The bucket policy of {0} was removed on the server since you began editing "
                           "(by someone else or another program).").format(bucket)
        else:
            what = self.tr("The bucket policy of {0} was changed on the server since you began editing "
                           "(by someone else or another program). The policy live now is shown below.").format(bucket)
        if not change.understood:
            what += " " + self.tr("This app does not understand it; it is shown as the server sent it.")
        nothing = self.tr("Nothing was removed.") if removing else self.tr("Nothing was written.")
        self.intro = QLabel(" ".join((what, nothing, self.tr("Your edits are still in the editor."))))
        self.intro.setObjectName("policy-conflict-intro")
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # the bucket name comes from the server
        self.intro.setWordWrap(True)
        self.live_view = QPlainTextEdit(pretty(change.live_text))
        self.live_view.setObjectName("policy-conflict-live")
        self.live_view.setAccessibleName(self.tr("Bucket policy live on the server now"))
        self.live_view.setReadOnly(True)
        self.live_view.setPlaceholderText(self.tr("(no bucket policy)"))
        monospace(self.live_view)
        self.buttons = QDialogButtonBox()
        self.replace_button = self.buttons.addButton(
            self.tr("Remove it anyway") if removing else self.tr("Replace it with my version"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.replace_button.setAccessibleName(self.replace_button.text())
        self.keep_button = self.buttons.addButton(self.tr("Keep editing"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setAccessibleName(self.keep_button.text())
        self.keep_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.live_view, 1)
        layout.addWidget(self.buttons)
        self.keep_button.setFocus()
