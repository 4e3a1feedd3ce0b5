"""The secret key of each connection profile, in the OS keyring.

:class:`SecretStore` keeps each profile's secret key in the OS keyring (service ``ensure-browser``,
user name = profile name). Without a usable keyring it says so (``available`` is False) and the
caller keeps the secret for this run only (:class:`SessionSecrets`). There is no plaintext fallback,
ever: plaintext keyring backends (``keyrings.alt``) are refused.

Nothing here touches Qt; keyring calls block (D-Bus), so the UI runs them in worker threads.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from ensure_browser import APP_NAME
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

SERVICE = APP_NAME  # keyring service name; the keyring user name is the profile name


class SecretStoreError(Exception):
    """A keyring operation failed. ``message`` is for people; ``retryable`` says whether trying
    again can help (e.g. after unlocking the keyring)."""

    def __init__(self, message: str, *, retryable: bool, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class SessionSecrets:
    """Secrets kept in memory for this run only (no keyring available, or the user chose so)."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def set(self, name: str, secret: str) -> None:
        with self._lock:
            self._values[name] = secret

    def delete(self, name: str) -> None:
        with self._lock:
            self._values.pop(name, None)

    def rename(self, old: str, new: str) -> None:
        with self._lock:
            if old in self._values:
                self._values[new] = self._values.pop(old)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self._values

    def __repr__(self) -> str:  # never show values
        with self._lock:
            return f"SessionSecrets({sorted(self._values)})"


class SecretLocation(enum.Enum):
    KEYRING = "keyring"
    SESSION = "session"


_NULL_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")
_PLAINTEXT_MODULES = ("keyrings.alt.file",)
_PLAINTEXT_CLASSES = ("PlaintextKeyring", "EncryptedKeyring")
_DBUS_PROVIDERS = (
    ("org.gnome.keyring", "GNOME Keyring"),
    ("org.keepassxc.KeePassXC.MainWindow", "KeePassXC"),
    ("org.kde.kwalletd6", "KDE Wallet"),
    ("org.kde.kwalletd5", "KDE Wallet"),
)


def _refusal(backend: Any) -> str | None:
    """Why ``backend`` must not hold secrets (None when it may)."""
    cls = type(backend)
    module = cls.__module__
    if module.startswith(_NULL_BACKENDS):
        return "no keyring service is available"
    if module.startswith(_PLAINTEXT_MODULES) or cls.__name__ in _PLAINTEXT_CLASSES:
        return (
            f"the configured keyring backend ({module}.{cls.__name__}) stores secrets in a plain file, "
            f"which {APP_NAME} refuses to use"
        )
    return None


def _secret_service_provider() -> str | None:
    """Which program provides the Secret Service on the session bus (GNOME Keyring, KeePassXC...)."""
    try:
        from jeepney import DBus, new_method_call
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return None
    try:
        with open_dbus_connection(bus="SESSION") as conn:
            reply = conn.send_and_get_reply(new_method_call(DBus(), "ListNames"), timeout=2)
            names = set(reply.body[0])
    except Exception as exc:  # only a nicer label; the keyring works without it
        log.debug("could not ask D-Bus for the Secret Service provider: %s", exc)
        return None
    for bus_name, label in _DBUS_PROVIDERS:
        if bus_name in names:
            return label
    return None


class SecretStore:
    """Secret keys in the OS keyring: service ``ensure-browser``, user name = profile name.

    The backend is looked up at each call (``keyring.get_keyring()``) unless one is given, so
    ``keyring.set_keyring`` takes effect at once. ``session`` holds secrets kept for this run only;
    :meth:`get` looks there first. Every method may block (D-Bus): call them off the GUI thread.
    """

    def __init__(
        self, service: str = SERVICE, backend: Any = None, session: SessionSecrets | None = None
    ) -> None:
        self.service = service
        self._backend = backend
        self.session = session if session is not None else SessionSecrets()

    # -- backend ---------------------------------------------------------------------------------
    def backend(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def _usable_backends(self) -> tuple[list[Any], str | None]:
        """The backends that may hold secrets (in priority order) and, when none, the reason."""
        from keyring.backends.chainer import ChainerBackend

        root = self.backend()
        candidates = list(root.backends) if isinstance(root, ChainerBackend) else [root]
        usable, reasons = [], []
        for candidate in candidates:
            reason = _refusal(candidate)
            if reason is None:
                usable.append(candidate)
            else:
                reasons.append(reason)
        if usable:
            return usable, None
        plain = [r for r in reasons if "plain file" in r]
        return [], (plain[0] if plain else "no keyring service is available")

    @property
    def available(self) -> bool:
        """True when a keyring that is not plaintext can hold the secrets."""
        return bool(self._usable_backends()[0])

    def unavailable_reason(self) -> str | None:
        """A human sentence why secrets cannot be stored (None when they can)."""
        usable, reason = self._usable_backends()
        if usable:
            return None
        return (
            f"Secrets cannot be stored: {reason}. The secret key will be kept for this session only "
            "and asked again at the next start."
        )

    def backend_description(self) -> str:
        """Where secrets go, e.g. "GNOME Keyring (Secret Service)"; "no keyring" when nowhere."""
        usable, _ = self._usable_backends()
        if not usable:
            return "no keyring"
        backend = usable[0]
        module = type(backend).__module__
        if module in {"keyring.backends.SecretService", "keyring.backends.libsecret"}:
            provider = _secret_service_provider()
            return f"{provider} (Secret Service)" if provider else "Secret Service"
        if module.startswith("keyring.backends.macOS"):
            return "macOS Keychain"
        if module == "keyring.backends.Windows":
            return "Windows Credential Manager"
        if module == "keyring.backends.kwallet":
            return "KDE Wallet"
        return str(getattr(backend, "name", type(backend).__name__))

    def location(self, name: str) -> SecretLocation | None:
        """Where the secret of ``name`` lives for this run (session wins), or None."""
        if name in self.session:
            return SecretLocation.SESSION
        if self.available and self._keyring_get(name) is not None:
            return SecretLocation.KEYRING
        return None

    # -- operations ------------------------------------------------------------------------------
    def get(self, name: str) -> str | None:
        """The secret of profile ``name``: this session's one, else the keyring's, else None."""
        value = self.session.get(name)
        if value is None and self.available:
            value = self._keyring_get(name)
        if value is not None:
            register_secret(value)  # the log scrubber masks it should it ever reach a message
        return value

    def set(self, name: str, secret: str) -> None:
        """Store the secret of profile ``name`` in the keyring (an empty secret deletes it)."""
        if not secret:
            self.delete(name)
            return
        register_secret(secret)
        usable = self._require()
        self._guard("store", name, lambda: usable[0].set_password(self.service, name, secret))
        self.session.delete(name)
        log.info("secret of profile %r stored in %s", name, type(usable[0]).__module__)

    def save(self, name: str, secret: str, *, session_only: bool = False) -> SecretLocation:
        """Keyring when possible (and wanted), else memory for this session. Keyring errors raise."""
        register_secret(secret)
        if session_only or not self.available:
            self.session.set(name, secret)
            log.info("secret of profile %r kept for this session only", name)
            return SecretLocation.SESSION
        self.set(name, secret)
        return SecretLocation.KEYRING

    def delete(self, name: str) -> None:
        """Forget the secret of ``name`` (keyring and session); a missing entry is fine."""
        self.session.delete(name)
        usable, _ = self._usable_backends()
        for backend in usable:
            self._delete_from(backend, name)

    def rename(self, old: str, new: str) -> None:
        """Move the secret of ``old`` to ``new`` (keyring entry and session secret)."""
        if old == new:
            return
        self.session.rename(old, new)
        usable, _ = self._usable_backends()
        if not usable:
            return
        value = self._keyring_get(old)
        if value is None:
            return
        self._guard("store", new, lambda: usable[0].set_password(self.service, new, value))
        for backend in usable:
            self._delete_from(backend, old)
        log.info("secret moved from profile %r to %r", old, new)

    # -- internals -------------------------------------------------------------------------------
    def _require(self) -> list[Any]:
        usable, reason = self._usable_backends()
        if not usable:
            raise SecretStoreError(
                f"The secret cannot be stored: {reason}. Use it for this session only.", retryable=False
            )
        return usable

    def _keyring_get(self, name: str) -> str | None:
        usable, _ = self._usable_backends()
        for backend in usable:
            value = self._guard("read", name, partial(backend.get_password, self.service, name))
            if value is not None:
                return str(value)
        return None

    def _delete_from(self, backend: Any, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self._guard("delete", name, lambda: backend.delete_password(self.service, name), raw=True)
        except PasswordDeleteError:
            # Usually "no such password"; make sure it is really gone.
            if self._guard("read", name, lambda: backend.get_password(self.service, name)) is not None:
                raise SecretStoreError(
                    f"The keyring refused to delete the secret of '{name}'.", retryable=True
                ) from None
        except NotImplementedError:
            pass

    def _guard(self, action: str, name: str, fn: Callable[[], Any], raw: bool = False) -> Any:
        """Run a keyring call; turn its failures into :class:`SecretStoreError` (``raw``: let
        PasswordDeleteError and NotImplementedError through for the caller to interpret)."""
        from keyring.errors import PasswordDeleteError

        try:
            return fn()
        except (PasswordDeleteError, NotImplementedError):
            if raw:
                raise
            err = keyring_error(action, name, None)
            log.warning("keyring: could not %s the secret of profile %r", action, name)
            raise err from None
        except Exception as exc:  # D-Bus / OS errors: reported, never swallowed
            err = keyring_error(action, name, exc)
            log.warning("keyring: could not %s the secret of profile %r: %s", action, name, err.detail)
            raise err from exc


def keyring_error(action: str, name: str, exc: BaseException | None) -> SecretStoreError:
    """A human :class:`SecretStoreError` for a failed keyring call (``exc`` None: not supported)."""
    from keyring import errors as kerr

    if exc is None:
        return SecretStoreError(f"The keyring cannot {action} the secret of '{name}'.", retryable=False)
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, kerr.KeyringLocked):
        return SecretStoreError(
            "The keyring is locked. Unlock it (enter its password when asked) and try again.",
            retryable=True,
            detail=detail,
        )
    if isinstance(exc, kerr.NoKeyringError):
        return SecretStoreError(
            "No keyring service is available. Use the secret for this session only.",
            retryable=False,
            detail=detail,
        )
    if isinstance(exc, kerr.InitError):
        hint = (
            " It asked for confirmation and the request was dismissed."
            if "dismissed" in str(exc).lower()
            else ""
        )
        return SecretStoreError(
            f"The keyring could not be opened.{hint} Unlock or set up your keyring and try again.",
            retryable=True,
            detail=detail,
        )
    if isinstance(exc, kerr.PasswordSetError):
        return SecretStoreError(
            f"The keyring refused to store the secret of '{name}'. Unlock the keyring or allow access, "
            "then try again.",
            retryable=True,
            detail=detail,
        )
    return SecretStoreError(
        f"The keyring failed while trying to {action} the secret of '{name}'. Try again.",
        retryable=True,
        detail=detail,
    )
