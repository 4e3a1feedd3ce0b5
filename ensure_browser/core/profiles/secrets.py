"""Connection profiles (no secrets) in a versioned JSON file, and their secrets in the OS keyring.

* :class:`Profile` describes one server: endpoint, TLS options, region, access key, bucket names.
* :class:`ProfileStore` keeps the profiles in ``profiles.json`` under the platform's config dir
  (``"version": 1``, migrated on load, written atomically, remembers the last used profile). The
  file never holds a secret.
* :class:`SecretStore` keeps each profile's secret key in the OS keyring (service ``ensure-browser``,
  user name = profile name). Without a usable keyring it says so (``available`` is False) and the
  caller keeps the secret for this run only (:class:`SessionSecrets`). There is no plaintext
  fallback, ever: plaintext keyring backends (``keyrings.alt``) are refused.
* :func:`validate_endpoint`, :func:`validate_profile`, :func:`import_from_environment` and
  :func:`open_buckets` (least-privilege access report) complete the connection workflow.

Nothing here touches Qt; keyring calls block (D-Bus), so the UI runs them in worker threads.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from ensure_browser import APP_NAME
from ensure_browser.core.errors import (
    AccessDenied,
    ErrorKind,
    NoSuchBucket,
    StorageError,
)
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import ROLES, BucketNames
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

SERVICE = APP_NAME  # keyring service name; the keyring user name is the profile name
CONFIG_FILE = "profiles.json"
CONFIG_VERSION = 1
DEFAULT_REGION = "us-east-1"
MAX_NAME_LENGTH = 80


def default_config_dir() -> Path:
    """Where the profiles live: e.g. ``~/.config/ensure-browser`` on Linux."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


# -- validation ----------------------------------------------------------------------------------


class ValidationError(ValueError):
    """Bad input for one form field: ``field`` names it, ``message`` says what to do."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message

    def __str__(self) -> str:
        return self.message


_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_EXAMPLE = "localhost:9000"


def _valid_host(host: str) -> bool:
    if len(host) > 253:
        return False
    try:
        ipaddress.IPv4Address(host)
        return True
    except ValueError:
        pass
    return all(_HOST_LABEL.match(label) for label in host.rstrip(".").split("."))


def _parse_port(text: str, original: str) -> int:
    if not text.isdigit():
        raise ValidationError(
            "endpoint", f"'{original}' is not a valid endpoint: the port must be a number (e.g. {_EXAMPLE})."
        )
    port = int(text)
    if not 1 <= port <= 65535:
        raise ValidationError("endpoint", f"The port must be between 1 and 65535 (not {port}).")
    return port


def _split_host_port(hostport: str, original: str, default_port: int | None) -> str:
    """``host:port`` / ``[v6]:port`` (port optional when ``default_port``) -> canonical ``host:port``."""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise ValidationError("endpoint", f"'{original}' is not a valid endpoint: missing ']'.")
        host, rest = hostport[1:end], hostport[end + 1 :]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValidationError(
                "endpoint", f"'{original}' is not a valid endpoint: '{host}' is not an IPv6 address."
            ) from None
        host_text = f"[{host}]"
        if rest and not rest.startswith(":"):
            raise ValidationError("endpoint", f"'{original}' is not a valid endpoint.")
        port_text = rest[1:] if rest else ""
    else:
        if hostport.count(":") > 1:
            raise ValidationError(
                "endpoint",
                f"'{original}' is not a valid endpoint. Put IPv6 addresses in brackets, e.g. [::1]:9000.",
            )
        host, _, port_text = hostport.partition(":")
        if not host or not _valid_host(host):
            raise ValidationError(
                "endpoint",
                f"'{original}' is not a valid endpoint. Enter host and port, e.g. {_EXAMPLE}.",
            )
        host_text = host
        if ":" in hostport and not port_text:
            raise ValidationError("endpoint", f"'{original}' is not a valid endpoint: the port is missing.")
    if not port_text:
        if default_port is None:
            raise ValidationError(
                "endpoint", f"The endpoint '{original}' needs a port, e.g. {host_text}:9000."
            )
        port = default_port
    else:
        port = _parse_port(port_text, original)
    return f"{host_text}:{port}"


def validate_endpoint(text: str, tls: bool) -> tuple[str, bool]:
    """Check an endpoint typed by a person; returns the canonical ``host:port`` and the TLS flag.

    Accepts ``host:port``, ``[v6]:port`` and ``http://`` / ``https://`` URLs without a path (a URL
    without a port gets 80 or 443). A scheme that contradicts the TLS switch is an error, so the
    connection never silently becomes less (or differently) secure than the form says.
    """
    original = text.strip()
    if not original:
        raise ValidationError("endpoint", f"Enter the server address as host:port, e.g. {_EXAMPLE}.")
    if any(ch.isspace() for ch in original):
        raise ValidationError("endpoint", f"'{original}' is not a valid endpoint: it contains spaces.")
    if "://" not in original:
        if "/" in original:
            host, _, path = original.partition("/")
            raise ValidationError(
                "endpoint",
                f"An endpoint cannot have a path (/{path}). Enter only host and port, e.g. {host}; "
                "bucket names are set separately.",
            )
        return _split_host_port(original, original, None), tls
    parts = urlsplit(original)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            "endpoint", f"Unsupported scheme '{parts.scheme}://'. Use http://, https:// or just host:port."
        )
    netloc = parts.netloc
    if "@" in netloc:
        raise ValidationError(
            "endpoint",
            "The endpoint must not contain a user name or password; enter the access key and the "
            "secret in their own fields.",
        )
    if parts.path not in ("", "/"):
        raise ValidationError(
            "endpoint",
            f"An endpoint cannot have a path ({parts.path}). Enter only host and port, e.g. "
            f"{scheme}://{netloc}; bucket names are set separately.",
        )
    if parts.query or parts.fragment:
        raise ValidationError("endpoint", f"An endpoint cannot have a query or fragment ('{original}').")
    if not netloc:
        raise ValidationError("endpoint", f"'{original}' is not a valid endpoint: the host is missing.")
    if scheme == "https" and not tls:
        raise ValidationError(
            "endpoint",
            "The endpoint starts with https:// but TLS is off. Turn TLS on, or use http:// if the server "
            "really speaks plain HTTP.",
        )
    if scheme == "http" and tls:
        raise ValidationError(
            "endpoint",
            "The endpoint starts with http:// but TLS is on. Turn TLS off, or use https://.",
        )
    return _split_host_port(netloc, original, 443 if scheme == "https" else 80), scheme == "https"


def validate_ca_file(path: str) -> None:
    """A CA bundle must exist, be readable and contain at least one PEM certificate."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ValidationError("ca_file", f"The CA certificate file {p} does not exist.")
    try:
        head = p.read_bytes()[:1_000_000]
    except OSError as exc:
        raise ValidationError(
            "ca_file", f"The CA certificate file {p} cannot be read: {exc.strerror or exc}."
        ) from exc
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise ValidationError(
            "ca_file", f"{p} does not contain a PEM certificate (-----BEGIN CERTIFICATE-----)."
        )


def validate_name(name: str) -> str:
    stripped = name.strip()
    if not stripped:
        raise ValidationError("name", "Enter a name for this connection.")
    if len(stripped) > MAX_NAME_LENGTH:
        raise ValidationError("name", f"The name is too long (at most {MAX_NAME_LENGTH} characters).")
    if any(not ch.isprintable() for ch in stripped):
        raise ValidationError("name", "The name cannot contain control characters.")
    return stripped


def validate_bucket_name(field_name: str, name: str) -> None:
    if not _BUCKET_RE.match(name) or ".." in name:
        raise ValidationError(
            field_name,
            f"'{name}' is not a valid bucket name: 3 to 63 lower-case letters, digits, dots and "
            "hyphens, starting and ending with a letter or digit.",
        )


def validate_profile(profile: Profile) -> list[ValidationError]:
    """Every problem of a profile, one per field (empty when the profile is usable)."""
    problems: list[ValidationError] = []

    def check(fn: Callable[[], object]) -> None:
        try:
            fn()
        except ValidationError as err:
            problems.append(err)

    check(lambda: validate_name(profile.name))
    check(lambda: validate_endpoint(profile.endpoint, profile.tls))
    if profile.ca_file:
        check(lambda: validate_ca_file(profile.ca_file or ""))
    if not profile.region.strip():
        problems.append(ValidationError("region", f"Enter a region (MinIO uses {DEFAULT_REGION})."))
    if not profile.access_key.strip():
        problems.append(ValidationError("access_key", "Enter the access key."))
    for kind in ROLES:
        try:
            validate_bucket_name(f"bucket_{kind}", getattr(profile.buckets, kind))
        except ValidationError as err:
            problems.append(err)
    return problems


# -- profiles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """One server connection, without its secret."""

    name: str
    endpoint: str  # host:port
    tls: bool = False
    verify_tls: bool = True
    ca_file: str | None = None
    region: str = DEFAULT_REGION
    access_key: str = ""
    buckets: BucketNames = field(default_factory=BucketNames)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "endpoint": self.endpoint,
            "tls": self.tls,
            "verify_tls": self.verify_tls,
            "ca_file": self.ca_file,
            "region": self.region,
            "access_key": self.access_key,
            "buckets": {name: getattr(self.buckets, name) for name in ROLES},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Profile:
        """Read one profile; unknown keys (and any secret someone put there) are ignored."""
        if not isinstance(data.get("name"), str) or not isinstance(data.get("endpoint"), str):
            raise ValueError("a profile needs a name and an endpoint")
        raw_buckets = data.get("buckets")
        if not isinstance(raw_buckets, Mapping):
            raw_buckets = {}
        defaults = BucketNames()
        bucket_values = {
            name: str(raw_buckets.get(name) or getattr(defaults, name)) for name in ROLES
        }
        ca_file = data.get("ca_file")
        return cls(
            name=data["name"],
            endpoint=data["endpoint"],
            tls=bool(data.get("tls", False)),
            verify_tls=bool(data.get("verify_tls", True)),
            ca_file=str(ca_file) if ca_file else None,
            region=str(data.get("region") or DEFAULT_REGION),
            access_key=str(data.get("access_key") or ""),
            buckets=replace(defaults, **bucket_values),
        )

    def renamed(self, name: str) -> Profile:
        return replace(self, name=name)


def to_settings(profile: Profile, secret: str) -> ConnectionSettings:
    """What :class:`Storage` needs to reach the profile's server with ``secret``."""
    endpoint, tls = validate_endpoint(profile.endpoint, profile.tls)
    return ConnectionSettings(
        endpoint=endpoint,
        access_key=profile.access_key.strip(),
        secret_key=secret,
        secure=tls,
        verify_tls=profile.verify_tls,
        ca_file=str(Path(profile.ca_file).expanduser()) if profile.ca_file else None,
        region=profile.region.strip() or DEFAULT_REGION,
    )


class ProfileError(Exception):
    """A profile operation that cannot be done (duplicate name, unknown profile, unwritable file)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


Migration = Callable[[dict[str, Any]], dict[str, Any]]


_V0_ROLES = ("documents", "recordings", "ocr", "mlflow")  # frozen: what version 0 files hold


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (files from before versioning): ``secure`` was the TLS flag, bucket names were flat
    keys ``<kind>_bucket``, and ``last`` named the last used profile."""
    profiles = []
    for old in data.get("profiles", []):
        if not isinstance(old, dict):
            continue
        new = {k: v for k, v in old.items() if k != "secure" and not k.endswith("_bucket")}
        new["tls"] = bool(old.get("tls", old.get("secure", False)))
        new["buckets"] = {kind: old[f"{kind}_bucket"] for kind in _V0_ROLES if old.get(f"{kind}_bucket")}
        profiles.append(new)
    return {"version": 1, "profiles": profiles, "last_used": data.get("last_used", data.get("last"))}


# MIGRATIONS[n] turns a version-n document into a version-(n+1) one. Add an entry (and raise
# CONFIG_VERSION) whenever the file format changes.
MIGRATIONS: dict[int, Migration] = {0: _migrate_0_to_1}


def migrate(
    data: dict[str, Any], current: int = CONFIG_VERSION, migrations: Mapping[int, Migration] | None = None
) -> dict[str, Any]:
    """Bring a loaded document up to version ``current``, one step at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = data.get("version", 0)
    if not isinstance(version, int) or version < 0:
        raise ProfileError(f"The profiles file has an invalid version ({version!r}).")
    while version < current:
        step = steps.get(version)
        if step is None:
            raise ProfileError(f"The profiles file version {version} cannot be upgraded.")
        data = step(data)
        version += 1
        data["version"] = version
    return data


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` so readers see the old or the new file, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename durable; not possible everywhere
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class ProfileStore:
    """The profiles file. Every change is written at once (atomically).

    ``problem`` is a human message when the file could not be used as it was (corrupt: moved aside
    to ``profiles.json.broken``; written by a newer version: opened read-only).
    """

    def __init__(self, config_dir: Path | None = None) -> None:
        self.config_dir = Path(config_dir) if config_dir is not None else default_config_dir()
        self.path = self.config_dir / CONFIG_FILE
        self._profiles: dict[str, Profile] = {}
        self._last_used: str | None = None
        self._lock = threading.RLock()
        self.read_only = False
        self.problem: str | None = None
        self.load()

    # -- reading ---------------------------------------------------------------------------------
    def load(self) -> None:
        with self._lock:
            self._profiles, self._last_used = {}, None
            self.read_only, self.problem = False, None
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return
            except OSError as exc:
                self.read_only = True
                self.problem = f"The profiles file {self.path} cannot be read: {exc.strerror or exc}."
                log.warning("%s", self.problem)
                return
            try:
                data = json.loads(text)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                self._set_aside(f"it is not valid JSON ({exc})")
                return
            version = data.get("version", 0)
            migrated = False
            if isinstance(version, int) and version > CONFIG_VERSION:
                self.read_only = True
                self.problem = (
                    f"The profiles file was written by a newer version of {APP_NAME} (format {version}); "
                    "it is opened read-only so that nothing is lost."
                )
                log.warning("%s", self.problem)
            elif version != CONFIG_VERSION:
                try:
                    data = migrate(dict(data))
                except ProfileError as err:
                    self._set_aside(err.message)
                    return
                self._backup(f"v{version}")
                migrated = True
            self._read_document(data)
            if migrated:
                log.info("profiles file migrated from format %s to %s", version, CONFIG_VERSION)
                self._write()

    def _read_document(self, data: Mapping[str, Any]) -> None:
        for raw in data.get("profiles", []):
            try:
                profile = Profile.from_json(raw)
            except (ValueError, TypeError, AttributeError) as exc:
                log.warning("skipping an unreadable profile in %s: %s", self.path, exc)
                continue
            self._profiles[profile.name] = profile
        last = data.get("last_used")
        self._last_used = last if isinstance(last, str) and last in self._profiles else None

    def _backup(self, suffix: str) -> None:
        backup = self.path.with_name(f"{CONFIG_FILE}.{suffix}.bak")
        with contextlib.suppress(OSError):
            atomic_write_text(backup, self.path.read_text(encoding="utf-8"))

    def _set_aside(self, reason: str) -> None:
        broken = self.path.with_name(CONFIG_FILE + ".broken")
        try:
            os.replace(self.path, broken)
            self.problem = (
                f"The profiles file could not be read ({reason}). It was moved to {broken}; "
                "start again with new profiles."
            )
        except OSError:
            self.read_only = True
            self.problem = f"The profiles file {self.path} could not be read ({reason})."
        log.warning("%s", self.problem)

    # -- queries ---------------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        """All profiles, sorted by name (case-insensitive)."""
        with self._lock:
            return sorted(self._profiles.values(), key=lambda p: p.name.casefold())

    def names(self) -> list[str]:
        return [p.name for p in self.profiles()]

    def get(self, name: str) -> Profile | None:
        """The profile called ``name`` (for ``--profile NAME``), or None."""
        with self._lock:
            return self._profiles.get(name)

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self._profiles

    def __len__(self) -> int:
        with self._lock:
            return len(self._profiles)

    @property
    def last_used(self) -> Profile | None:
        """The profile used last (to reopen at start), or None."""
        with self._lock:
            return self._profiles.get(self._last_used) if self._last_used else None

    def unique_name(self, stem: str) -> str:
        """``stem``, or ``stem 2``, ``stem 3``... whichever is not taken yet."""
        with self._lock:
            if stem not in self._profiles:
                return stem
            n = 2
            while f"{stem} {n}" in self._profiles:
                n += 1
            return f"{stem} {n}"

    # -- changes ---------------------------------------------------------------------------------
    def put(self, profile: Profile) -> None:
        """Add or replace the profile of that name."""
        name = validate_name(profile.name)
        with self._lock:
            self._check_writable()
            old = self._profiles.get(name)
            self._profiles[name] = profile if name == profile.name else profile.renamed(name)
            try:
                self._write()
            except ProfileError:
                self._restore(name, old)
                raise
        log.info("profile %r saved", name)

    def add(self, profile: Profile) -> None:
        """Add a new profile; a profile of that name must not exist yet."""
        with self._lock:
            if profile.name.strip() in self._profiles:
                raise ProfileError(f"A profile called '{profile.name.strip()}' exists already.")
            self.put(profile)

    def remove(self, name: str) -> None:
        with self._lock:
            self._check_writable()
            old = self._profiles.pop(name, None)
            if old is None:
                return
            last = self._last_used
            if last == name:
                self._last_used = None
            try:
                self._write()
            except ProfileError:
                self._profiles[name], self._last_used = old, last
                raise
        log.info("profile %r removed", name)

    def rename(self, old: str, new: str) -> Profile:
        """Rename a profile (the secret is moved separately, by :meth:`SecretStore.rename`)."""
        new = validate_name(new)
        with self._lock:
            self._check_writable()
            profile = self._profiles.get(old)
            if profile is None:
                raise ProfileError(f"There is no profile called '{old}'.")
            if new == old:
                return profile
            if new in self._profiles:
                raise ProfileError(f"A profile called '{new}' exists already.")
            last = self._last_used
            renamed = profile.renamed(new)
            del self._profiles[old]
            self._profiles[new] = renamed
            if last == old:
                self._last_used = new
            try:
                self._write()
            except ProfileError:
                del self._profiles[new]
                self._profiles[old], self._last_used = profile, last
                raise
        log.info("profile %r renamed to %r", old, new)
        return renamed

    def set_last_used(self, name: str | None) -> None:
        """Remember ``name`` as the profile to reopen at the next start."""
        with self._lock:
            if name is not None and name not in self._profiles:
                raise ProfileError(f"There is no profile called '{name}'.")
            if name == self._last_used:
                return
            self._check_writable()
            previous, self._last_used = self._last_used, name
            try:
                self._write()
            except ProfileError:
                self._last_used = previous
                raise

    def _restore(self, name: str, old: Profile | None) -> None:
        if old is None:
            self._profiles.pop(name, None)
        else:
            self._profiles[name] = old

    def _check_writable(self) -> None:
        if self.read_only:
            raise ProfileError(self.problem or f"The profiles file {self.path} is read-only.")

    def document(self) -> dict[str, Any]:
        """The JSON document as written (no secrets: a :class:`Profile` has no secret field)."""
        with self._lock:
            return {
                "version": CONFIG_VERSION,
                "last_used": self._last_used,
                "profiles": [p.to_json() for p in self.profiles()],
            }

    def _write(self) -> None:
        text = json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n"
        try:
            atomic_write_text(self.path, text)
        except OSError as exc:
            raise ProfileError(
                f"The profiles could not be saved to {self.path}: {exc.strerror or exc}.", str(exc)
            ) from exc


# -- secrets -------------------------------------------------------------------------------------


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


# -- import from the environment -----------------------------------------------------------------


def import_from_environment(env: Mapping[str, str]) -> tuple[Profile, str | None]:
    """A profile from the variables the Ensure Study services use (``.env`` / docker compose).

    ``AWS_S3_ENDPOINT`` (a URL: its scheme decides TLS) wins over ``MINIO_ENDPOINT`` (host:port);
    ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (application keys) win over
    ``MINIO_ROOT_USER``/``MINIO_ROOT_PASSWORD`` (root keys: least privilege first); a pair is never
    mixed. ``AWS_S3_BUCKET`` names the documents bucket; ``AWS_REGION``/``AWS_DEFAULT_REGION`` the
    region. Raises :class:`ValidationError` when no usable endpoint is set.
    """

    def var(name: str) -> str:
        return (env.get(name) or "").strip()

    aws_endpoint, minio_endpoint = var("AWS_S3_ENDPOINT"), var("MINIO_ENDPOINT")
    if aws_endpoint:
        source, raw = "AWS_S3_ENDPOINT", aws_endpoint
    elif minio_endpoint:
        source, raw = "MINIO_ENDPOINT", minio_endpoint
    else:
        raise ValidationError(
            "endpoint",
            "No server address was found in the environment (MINIO_ENDPOINT or AWS_S3_ENDPOINT).",
        )
    tls = raw.lower().startswith("https://")
    if source == "MINIO_ENDPOINT" and "://" not in raw:
        tls = var("MINIO_SECURE").lower() in ("1", "true", "yes", "on")
    try:
        endpoint, tls = validate_endpoint(raw, tls)
    except ValidationError as err:
        raise ValidationError("endpoint", f"{source}: {err.message}") from None

    if var("AWS_ACCESS_KEY_ID"):
        access_key, secret = var("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY") or None
    else:
        access_key, secret = var("MINIO_ROOT_USER"), env.get("MINIO_ROOT_PASSWORD") or None

    buckets = BucketNames()
    if var("AWS_S3_BUCKET"):
        buckets = replace(buckets, documents=var("AWS_S3_BUCKET"))
    region = var("AWS_REGION") or var("AWS_DEFAULT_REGION") or DEFAULT_REGION
    profile = Profile(
        name=f"Environment ({endpoint})",
        endpoint=endpoint,
        tls=tls,
        region=region,
        access_key=access_key,
        buckets=buckets,
    )
    log.info("profile imported from %s (%s)", source, endpoint)
    return profile, secret


# -- least privilege -----------------------------------------------------------------------------


class BucketState(enum.Enum):
    LISTABLE = "listable"
    NOT_FOUND = "not_found"
    ACCESS_DENIED = "access_denied"
    ERROR = "error"


@dataclass(frozen=True)
class BucketCheck:
    bucket: str
    state: BucketState
    message: str  # one human line


@dataclass(frozen=True)
class BucketAccess:
    """What an identity may do with the profile's buckets.

    ``listed`` is the ListBuckets answer (None when that was denied: only the profile's buckets were
    checked); ``checks`` has one entry per configured bucket, in order.
    """

    listed: tuple[str, ...] | None
    checks: tuple[BucketCheck, ...]

    @property
    def readable(self) -> tuple[str, ...]:
        return tuple(c.bucket for c in self.checks if c.state is BucketState.LISTABLE)

    @property
    def others_visible(self) -> tuple[str, ...]:
        """Buckets the server listed that are not among the profile's buckets."""
        configured = {c.bucket for c in self.checks}
        return tuple(b for b in self.listed or () if b not in configured)

    def state(self, bucket: str) -> BucketState | None:
        return next((c.state for c in self.checks if c.bucket == bucket), None)

    def summary(self) -> str:
        n = len(self.readable)
        text = f"Connected: {n} bucket{'s' if n != 1 else ''} readable."
        others = len(self.others_visible)
        if others:
            text += f" {others} other bucket{'s are' if others != 1 else ' is'} visible."
        return text

    def lines(self) -> list[str]:
        """The summary, the ListBuckets note and one line per bucket."""
        out = [self.summary()]
        if self.listed is None:
            out.append(
                "This access key may not list all buckets; the profile's buckets were checked one by one."
            )
        out += [c.message for c in self.checks]
        return out


# Errors that concern the whole connection, not one bucket: they end the check.
_CONNECTION_KINDS = {
    ErrorKind.DNS,
    ErrorKind.CONNECTION_REFUSED,
    ErrorKind.TIMEOUT,
    ErrorKind.TLS,
    ErrorKind.PROTOCOL,
    ErrorKind.UNKNOWN_ACCESS_KEY,
    ErrorKind.WRONG_SECRET,
    ErrorKind.CLOCK_SKEW,
    ErrorKind.CANCELLED,
}


def _probe(storage: Storage, bucket: str) -> BucketCheck:
    try:
        next(storage.list_level(bucket, page_size=1), None)
    except AccessDenied:
        return BucketCheck(bucket, BucketState.ACCESS_DENIED, f"You may not list {bucket}.")
    except NoSuchBucket:
        return BucketCheck(bucket, BucketState.NOT_FOUND, f"The bucket {bucket} does not exist.")
    except StorageError as err:
        if err.kind in _CONNECTION_KINDS:
            raise
        return BucketCheck(bucket, BucketState.ERROR, f"{bucket}: {err.message}")
    return BucketCheck(bucket, BucketState.LISTABLE, f"You may list {bucket}.")


def bucket_list(names: BucketNames | Iterable[str]) -> list[str]:
    """The bucket names in schema order, without duplicates."""
    values = list(names.all()) if isinstance(names, BucketNames) else list(names)
    return list(dict.fromkeys(values))


def open_buckets(storage: Storage, names: BucketNames | Iterable[str]) -> BucketAccess:
    """Which of ``names`` this identity can list, with the least privileges needed.

    ListBuckets first; when it is denied, each bucket is probed directly with one cheap listing page.
    The configured buckets are always probed, because a successful ListBuckets does not prove that
    objects may be listed (and some servers, SeaweedFS among them, list only the permitted buckets).
    Connection-level failures (wrong secret, TLS, unreachable server) raise the storage error.
    """
    try:
        listed: tuple[str, ...] | None = tuple(storage.list_buckets())
    except AccessDenied:
        log.info("ListBuckets denied for %s; probing the profile's buckets", storage.settings.access_key)
        listed = None
    checks = tuple(_probe(storage, bucket) for bucket in bucket_list(names))
    return BucketAccess(listed, checks)
