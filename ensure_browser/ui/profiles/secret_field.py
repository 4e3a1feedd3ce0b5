"""The secret of the profile in the dialog's form, and the keyring behind it.

Whether a keyring can hold secrets (and which one), reading a profile's secret into the form and
writing it back: each keyring call blocks (D-Bus), so it runs through the dialog's worker runner and
its answer comes back on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ensure_browser.core.profiles.model import keyring_accounts
from ensure_browser.core.profiles.secrets import SecretLocation, SecretStore, SecretStoreError
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.profiles.form import ProfileForm, error_message
from ensure_browser.ui.profiles.tasks import Runner

log = logging.getLogger(__name__)



def no_keyring_text(reason: str) -> str:
    """Why secrets cannot be stored, in the user's language (``reason``: the core's English one)."""
    if "plain file" in reason:
        return tr("Secrets cannot be stored: the configured keyring would keep them in a plain file. The secret "
                  "key will be kept for this session only and asked again at the next start.")
    return tr("Secrets cannot be stored: no keyring service is available. The secret key will be kept for this "
              "session only and asked again at the next start.")


class SecretField:
    """The keyring side of ``form``'s secret; ``changed()`` runs when what the keyring allows is known."""

    def __init__(self, form: ProfileForm, secrets: SecretStore, run: Runner, changed: Callable[[], None]) -> None:
        self.form = form
        self.secrets = secrets
        self._run = run
        self._changed = changed
        self.keyring_ok: bool | None = None  # None until the worker has looked
        self.keyring_label = ""
        self.loaded = ""  # the secret as it was when the form was filled
        self.fallback: set[str] = set()  # keyring failed: Connect again keeps it in memory
        self._generation = 0  # bumps at each selection: late keyring answers are dropped

    def unchanged(self, name: str) -> bool:
        """The form's secret is the one loaded, and the keyring did not fail to store it for ``name``."""
        return self.form.secret == self.loaded and name not in self.fallback

    def show_location(self, where: SecretLocation | None) -> None:
        self.form.show_secret_location(self.keyring_ok, self.keyring_label, where)

    def probe(self) -> None:
        """Find out (in a worker) whether a keyring can hold the secrets, and which one."""
        secrets = self.secrets

        def probe() -> tuple[bool, str, str]:
            ok = secrets.available
            return ok, secrets.backend_description() if ok else "", secrets.unavailable_reason() or ""

        def done(result: tuple[bool, str, str]) -> None:
            self.keyring_ok, self.keyring_label, reason = result
            if not self.keyring_ok:
                log.info("%s", reason)  # the core's reason names the backend (English, for the log)
                self.form.session_only_check.setChecked(True)
                self.form.session_only_check.setToolTip(no_keyring_text(reason))
            self._changed()
            self.show_location(None)

        def failed(exc: BaseException) -> None:
            self.keyring_ok, self.keyring_label = False, ""
            self._changed()
            self.show_location(None)
            self.form.set_error("secret", error_message(exc))

        self._run("keyring-probe", probe, done, failed)

    def forget_reads(self) -> None:
        """Another profile is shown: answers of reads started before are dropped."""
        self._generation += 1

    def load(self, name: str) -> None:
        """Read the secret of ``name`` (in a worker) into the form, unless one was typed meanwhile."""
        generation = self._generation
        secrets = self.secrets
        self.form.secret_edit.setPlaceholderText(tr("Reading the keyring…"))

        def read() -> tuple[str | None, SecretLocation | None]:
            value = secrets.get(name)
            return value, (secrets.location(name) if value is not None else None)

        def done(result: tuple[str | None, SecretLocation | None]) -> None:
            if generation != self._generation:
                return
            value, where = result
            self.form.secret_edit.setPlaceholderText("" if value else tr("Not stored: enter the secret key"))
            if value is not None and not self.form.secret:
                self.form.secret_edit.setText(value)
                self.loaded = value
            self.form.session_only_check.setChecked(where is SecretLocation.SESSION or self.keyring_ok is False)
            self.show_location(where)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.form.secret_edit.setPlaceholderText(tr("Enter the secret key"))
            self.form.set_error("secret", error_message(exc))

        self._run("keyring-read", read, done, failed)

    def store(self, name: str, secret: str, then: Callable[[SecretLocation | None], None],
              failed: Callable[[], None], force_session: bool = False) -> None:
        """Keyring (or session) write in a worker; ``then(location)`` runs on success, ``failed()``
        after the keyring's message is shown next to the secret."""
        secrets = self.secrets
        session_only = force_session or self.form.session_only_check.isChecked() or self.keyring_ok is False

        def write() -> SecretLocation | None:
            if not secret:
                secrets.delete(name)
                return None
            return secrets.save(name, secret, session_only=session_only)

        def done(where: SecretLocation | None) -> None:
            self.loaded = secret
            self.fallback.discard(name)
            self.show_location(where)
            then(where)

        def refused(exc: BaseException) -> None:
            message = error_message(exc)
            if isinstance(exc, SecretStoreError):
                self.fallback.add(name)
                message += " " + tr("Save or connect again to keep it for this session only.")
            self.form.set_error("secret", message)
            failed()

        self._run("keyring-write", write, done, refused)

    def move(self, old: str, new: str, done: Callable[[], None], failed: Callable[[BaseException], None]) -> None:
        """Move the secret of ``old`` to ``new`` (keyring entry and session secret) in a worker."""
        secrets = self.secrets

        def rename() -> None:  # the secret key, and a kept sign-in of another kind
            pairs = zip(keyring_accounts(old).values(), keyring_accounts(new).values(), strict=True)
            for before, after in pairs:
                secrets.rename(before, after)

        self._run("keyring-rename", rename, lambda _r: done(), failed)

    def move_back(self, new: str, old: str) -> None:
        """Undo :meth:`move` (the profiles file refused the rename); a failure shows next to the secret."""
        secrets = self.secrets
        self._run("keyring-rename-back", lambda: secrets.rename(new, old), lambda _r: None,
                  lambda exc: self.form.set_error("secret", error_message(exc)))

    def delete(self, name: str, failed: Callable[[BaseException], None]) -> None:
        """Forget the secret of the deleted profile ``name`` (keyring and session) in a worker."""
        self.fallback.discard(name)
        secrets = self.secrets

        def delete() -> None:  # the secret key, and a kept sign-in of another kind
            for account in keyring_accounts(name).values():
                secrets.delete(account)

        self._run("keyring-delete", delete, lambda _r: None, failed)
