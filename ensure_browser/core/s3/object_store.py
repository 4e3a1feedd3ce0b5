"""The byte path's stores: obstore (Rust ``object_store``; its I/O runs outside the GIL), one
:class:`obstore.store.S3Store` per bucket, built from the connection's settings (#23).

Why obstore, and for what: ``bench/RESULTS.md`` ("#23 data path"). What it cannot carry stays on
the app's signed requests or minio-py's public API:

- keys ``object_store``'s paths cannot hold exactly (:func:`exact_key`): it refuses control
  characters and ``.`` / ``..`` segments, and silently drops a leading or trailing ``/`` and empty
  segments (``dir/`` would be read as ``dir``, another object). Such keys take the other path;
- listings (it drops the same characters from listed keys, and its level listing is not paged);
- the control plane (copies with metadata, versions, policies, multipart parts: see the modules).

Each store is configured from :class:`~ensure_browser.core.s3.settings.ConnectionSettings` only:
credentials always come from :func:`credential_provider` (so no ``AWS_*`` variable of the
environment signs a request), TLS as the settings say (a connection with a CA file of its own does
not use obstore: :meth:`ObjectStores.carries`), no overall request deadline (a big GET takes as long as it takes; the
connect and read timeouts bound a stalled one), the settings' number of retries.
"""

from __future__ import annotations

import logging
import re
import threading
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.s3.stream_pace import StreamPace

if TYPE_CHECKING:
    from obstore.store import S3Credential, S3Store

log = logging.getLogger(__name__)

# What object_store's Path refuses or changes (probed against SeaweedFS with obstore 0.12.1; see
# tests/core/test_object_store.py): ASCII control characters, "." and ".." segments, and empty
# segments (a leading or trailing "/", or "//"), which it drops without a word.
_CONTROL = re.compile("[\x00-\x1f\x7f]")

# No overall deadline for one request (object_store's default is 30 s, which a GET of a big file
# exceeds on any school line); a stalled request is ended by the read timeout instead.
_NO_DEADLINE = timedelta(days=1)


def exact_key(key: str) -> bool:
    """Whether obstore sends ``key`` to the server as it is. Keys it would refuse or change go
    another way (the caller's fallback), so that no object is read, written or named wrongly."""
    if not key or key.startswith("/") or key.endswith("/") or "//" in key:
        return False
    framed = f"/{key}/"  # a "." or ".." segment, first and last ones too
    if "/./" in framed or "/../" in framed:
        return False
    return _CONTROL.search(key) is None


def credential_provider(settings: ConnectionSettings) -> Any:
    """A callable obstore asks for keys before it signs: the settings' own keys, or the temporary
    keys of a signed-in person (``settings.credentials``, renewed by it; obstore asks again when
    their expiry comes near)."""
    provider = settings.credentials

    def credentials() -> S3Credential:
        if provider is None:
            return {"access_key_id": settings.access_key, "secret_access_key": settings.secret_key,
                    "token": None, "expires_at": None}
        creds = provider.retrieve()
        expires = getattr(creds, "expiration", None)
        if expires is not None and expires.tzinfo is None:  # minio-py's are naive UTC; obstore wants aware
            expires = expires.replace(tzinfo=UTC)
        return {"access_key_id": creds.access_key, "secret_access_key": creds.secret_key,
                "token": creds.session_token, "expires_at": expires}

    return credentials


def _client_options(settings: ConnectionSettings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "allow_http": not settings.secure,
        "connect_timeout": timedelta(seconds=settings.connect_timeout),
        "read_timeout": timedelta(seconds=settings.read_timeout),
        "timeout": _NO_DEADLINE,
        "pool_max_idle_per_host": "16",
    }
    if settings.secure and not settings.verify_tls:
        options["allow_invalid_certificates"] = True  # (a CA file of its own: not on obstore, see carries)
    return options


def _retry_config(settings: ConnectionSettings) -> dict[str, Any]:
    return {
        "max_retries": settings.retries,
        "retry_timeout": timedelta(seconds=max(settings.read_timeout, 1.0)),
        "backoff": {"init_backoff": timedelta(milliseconds=200), "max_backoff": timedelta(seconds=2),
                    "base": 2},
    }


class ObjectStores:
    """One :class:`~obstore.store.S3Store` per bucket (and per variant), made on first use.
    Thread-safe; a store is safe to share between threads."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._stores: dict[tuple[str, str], S3Store] = {}
        self._provider = credential_provider(settings)
        self.pace = StreamPace()  # the size of GET bodies' pieces (cancellation within a second)

    def carries(self, key: str) -> bool:
        """Whether a GET or PUT of ``key`` goes through obstore on this connection: a key it sends as
        it is (:func:`exact_key`), with keys that are not temporary. obstore's HTTP client follows a
        redirect to another address (for GETs; a PUT answered ``303`` becomes a GET there) and drops
        only the ``Authorization`` header on the way: a signed-in person's session token
        (``x-amz-security-token``) would go along (probed; no option turns redirects off). Their
        requests stay on the paths that follow no redirect at all.

        Nor a connection with a CA file of its own: obstore can only *add* a certificate to the
        system's roots, while the connection is meant to trust that file alone (the other paths do),
        and its TLS library refuses the usual self-signed server certificate (``CA:TRUE``, as
        ``openssl req -x509`` makes it) that such a file holds."""
        s = self.settings
        return exact_key(key) and s.credentials is None and not (s.secure and s.ca_file)

    def store(self, bucket: str, *, checksum: str = "") -> S3Store:
        """The store of ``bucket``; with ``checksum`` (``"sha256"``) one that sends that checksum of
        every PUT for the server to check."""
        with self._lock:
            found = self._stores.get((bucket, checksum))
            if found is None:
                found = self._make(bucket, checksum)
                self._stores[(bucket, checksum)] = found
            return found

    def _make(self, bucket: str, checksum: str) -> S3Store:
        from obstore.store import S3Store  # on first use: start-up time

        s = self.settings
        config: dict[str, Any] = {
            "endpoint": s.base_url,
            "region": s.region,
            "virtual_hosted_style_request": False,
            "skip_signature": False,
        }
        if checksum:
            config["checksum_algorithm"] = checksum
        log.debug("obstore store for bucket %s (checksum %s)", bucket, checksum or "none")
        return S3Store(bucket, config=config, client_options=_client_options(s),  # type: ignore[arg-type]
                       retry_config=_retry_config(s),  # type: ignore[arg-type]
                       credential_provider=self._provider)
