"""A real LDAP directory (Debian's ``slapd``) for the LDAP sign-in tests, and a SeaweedFS that trusts it.

- :func:`running_slapd`: ``slapd`` on 127.0.0.1 at a free port, from a temporary ``slapd.conf`` (``-f``)
  with the core, cosine and inetOrgPerson schemas and an MDB database ``dc=school,dc=test``; the
  entries (the base, ``ou=people``, the users of :data:`USERS` with their passwords hashed by
  ``slappasswd``) are loaded with ``slapadd`` before it starts. Stopped and removed after the block.
- :func:`ldap_iam_config`: SeaweedFS's ``-s3.iam.config`` with an LDAP provider for that directory, a role
  ``Staff`` whose trust policy names the directory's user ``alice`` (SeaweedFS checks the principal
  ``arn:aws:iam::<accountId>:user/<name>`` with the action ``sts:AssumeRole``) and a role ``Closed``
  whose trust policy names only ``mallory``.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ensure_browser.demo.server import pick_ports, stop_pid, wait_for_port
from tests.support.oidc import iam_config, server_with_iam_config
from tests.support.servers import S3Server

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SLAPPASSWD = "/usr/sbin/slappasswd"
SCHEMAS = Path("/etc/ldap/schema")
BASE_DN = "dc=school,dc=test"
ADMIN_DN = f"cn=admin,{BASE_DN}"
LDAP_PROVIDER = "school-ldap"
ACCOUNT = "123456789012"  # the STS account id: trust policies name users as arn:aws:iam::ACCOUNT:user/NAME
STAFF_ROLE = "arn:aws:iam::role/Staff"
CLOSED_ROLE = "arn:aws:iam::role/LdapClosed"
# user name -> password; the directory holds them, SeaweedFS binds as them
USERS = {"alice": "correct horse battery", "bob": "bob's password", "mallory": "m4llory"}


@dataclass(frozen=True)
class Directory:
    url: str  # ldap://127.0.0.1:PORT
    admin_password: str

    def user_dn(self, name: str) -> str:
        return f"uid={name},ou=people,{BASE_DN}"


def _hash(password: str) -> str:
    return subprocess.run([SLAPPASSWD, "-s", password], check=True, capture_output=True, text=True).stdout.strip()


def _ldif(admin_hash: str) -> str:
    entries = [f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: Test School\ndc: school\n",
               f"dn: ou=people,{BASE_DN}\nobjectClass: organizationalUnit\nou: people\n",
               f"dn: {ADMIN_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: admin\n"
               f"userPassword: {admin_hash}\n"]
    for name, password in USERS.items():
        entries.append(f"dn: uid={name},ou=people,{BASE_DN}\nobjectClass: inetOrgPerson\nuid: {name}\n"
                       f"cn: {name.title()}\nsn: {name.title()}\nmail: {name}@school.test\n"
                       f"userPassword: {_hash(password)}\n")
    return "\n".join(entries)


def _config(folder: Path, admin_hash: str) -> str:
    schemas = "".join(f"include {SCHEMAS / name}.schema\n" for name in ("core", "cosine", "inetorgperson"))
    return (f"{schemas}pidfile {folder / 'slapd.pid'}\nmoduleload back_mdb\n"
            f"database mdb\nmaxsize 10485760\nsuffix \"{BASE_DN}\"\nrootdn \"{ADMIN_DN}\"\nrootpw {admin_hash}\n"
            f"directory {folder / 'data'}\n"
            "access to attrs=userPassword by self =xw by anonymous auth by * none\n"
            "access to * by * read\n")


@contextmanager
def running_slapd() -> Iterator[Directory]:
    """``slapd`` with the test directory (see the module's docstring); skipped when slapd is missing."""
    if not Path(SLAPD).is_file():
        pytest.skip("slapd is not installed (Debian packages slapd and ldap-utils: make testdeps)")
    folder = Path(tempfile.mkdtemp(prefix="ensure-browser-ldap-"))
    admin_password = secrets.token_urlsafe(12)
    admin_hash = _hash(admin_password)
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(_config(folder, admin_hash))
    (folder / "entries.ldif").write_text(_ldif(admin_hash))
    port = pick_ports(1)[0]
    try:
        subprocess.run([SLAPADD, "-f", str(conf), "-l", str(folder / "entries.ldif")], check=True,
                       capture_output=True)
        with tempfile.TemporaryFile() as log:
            # -d 0: in the foreground (no fork), so the process is ours to stop
            proc = subprocess.Popen([SLAPD, "-d", "0", "-f", str(conf), "-h", f"ldap://127.0.0.1:{port}/"],
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
            try:
                if not wait_for_port("127.0.0.1", port, 20):
                    log.seek(0)
                    raise RuntimeError(f"slapd did not start: {log.read()[-2000:]!r}")
                yield Directory(url=f"ldap://127.0.0.1:{port}", admin_password=admin_password)
            finally:
                stop_pid(proc.pid)
                proc.wait(10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _trust(*users: str) -> dict[str, object]:
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:user/{user}" for user in users]},
         "Action": ["sts:AssumeRole"]}]}


def ldap_iam_config(directory: Directory, token_duration: str = "1h") -> str:
    """The OpenID test configuration (:func:`tests.support.oidc.iam_config`: its STS block and policies) with
    an LDAP provider for ``directory`` and the roles Staff and LdapClosed instead."""
    config = json.loads(iam_config("http://127.0.0.1:9", token_duration))
    config["sts"]["accountId"] = ACCOUNT
    config["providers"] = [{"name": LDAP_PROVIDER, "type": "ldap", "enabled": True,
                            "config": {"server": directory.url, "baseDN": f"ou=people,{BASE_DN}",
                                       "bindDN": ADMIN_DN, "bindPassword": directory.admin_password,
                                       "userFilter": "(uid=%s)"}}]
    config["roles"] = [
        {"roleName": "Staff", "roleArn": STAFF_ROLE, "trustPolicy": _trust("alice", "bob"),
         "attachedPolicies": ["Everything"]},
        {"roleName": "LdapClosed", "roleArn": CLOSED_ROLE, "trustPolicy": _trust("mallory"),
         "attachedPolicies": ["Everything"]},
    ]
    return json.dumps(config, indent=2)


@contextmanager
def ldap_iam_server(directory: Directory, token_duration: str = "1h") -> Iterator[S3Server]:
    """A SeaweedFS server (static admin keys too) whose STS API signs people in against ``directory``."""
    with server_with_iam_config(ldap_iam_config(directory, token_duration), "ensure-browser-ldap-") as server:
        yield server
