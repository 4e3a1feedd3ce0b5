"""The connection profiles (no secrets) in a versioned JSON file.

:class:`ProfileStore` keeps the profiles in ``profiles.json`` under the platform's config dir
(``"version": 1``, migrated on load, written atomically, remembers the last used profile). The file
never holds a secret: those live in the OS keyring (:mod:`ensure_browser.core.profiles.secrets`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import platformdirs

from ensure_browser import APP_NAME
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.validation import validate_name
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

CONFIG_FILE = "profiles.json"
CONFIG_VERSION = 1


def default_config_dir() -> Path:
    """Where the profiles live: e.g. ``~/.config/ensure-browser`` on Linux."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


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
        raise ProfileError(Text(QT_TR_NOOP(
            "The profiles file has an invalid version ({0})."),
            repr(version)))
    while version < current:
        step = steps.get(version)
        if step is None:
            raise ProfileError(Text(QT_TR_NOOP("The profiles file version {0} cannot be upgraded."), version))
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
                raise ProfileError(Text(QT_TR_NOOP("A profile called '{0}' exists already."), profile.name.strip()))
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
                raise ProfileError(Text(QT_TR_NOOP("There is no profile called '{0}'."), old))
            if new == old:
                return profile
            if new in self._profiles:
                raise ProfileError(Text(QT_TR_NOOP("A profile called '{0}' exists already."), new))
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
                raise ProfileError(Text(QT_TR_NOOP("There is no profile called '{0}'."), name))
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
                Text(QT_TR_NOOP("The profiles could not be saved to {0}: {1}."), self.path, exc.strerror or exc),
                str(exc),
            ) from exc
