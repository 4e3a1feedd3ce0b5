"""Where an S3 server is and how to reach it: :class:`ConnectionSettings`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # minio is imported where a request is made, not with the settings
    from minio.credentials.providers import Provider


@dataclass(frozen=True)
class ConnectionSettings:
    """What is needed to reach a server. The secret never leaves memory."""

    endpoint: str  # host:port
    access_key: str
    secret_key: str = field(repr=False)
    secure: bool = False
    verify_tls: bool = True
    ca_file: str | None = None
    region: str = "us-east-1"
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    retries: int = 2
    # Temporary keys that renew themselves (a signed-in person: core/auth/session.py). When set, every
    # request signs with them (session token included) and ``access_key`` only names the person.
    credentials: Provider | None = field(default=None, repr=False, compare=False)

    @property
    def base_url(self) -> str:
        return ("https://" if self.secure else "http://") + self.endpoint

    @property
    def on_this_machine(self) -> bool:
        """The endpoint is a loopback address (``localhost``, ``127.x``, ``::1``): the server shares
        this machine's processors, and no network sits between them."""
        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    @property
    def in_the_clear(self) -> bool:
        """Plain HTTP to another machine: anyone on the path reads every request and answer (keys,
        contents, metadata) and can alter them. Uploads then sign their bodies' digests (see
        :mod:`.signed`); the window and the command line warn."""
        return not self.secure and not self.on_this_machine

    @property
    def unverified_tls(self) -> bool:
        """HTTPS without checking the server's certificate (``--insecure``, a profile's option):
        anyone on the path can pose as the server."""
        return self.secure and not self.verify_tls
