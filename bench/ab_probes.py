"""#23's feasibility probes: each guarantee the app gives today, tried with obstore and opendal on SeaweedFS.

    python -m bench.ab_probes [--markdown PATH]

Starts one SeaweedFS (the bench harness's), runs every probe against both libraries through their
public API only, prints a table (guarantee, library, verdict, what the probe saw) and writes it as
markdown. A verdict is ``yes`` (the library does it: which API), ``no`` (it has no API for it) or
``workaround`` (it can be built on what the library has; the probe shows how). A probe that raised
unexpectedly says ``error`` with the exception: that is a finding too, not a crash of the tool.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.fig_ab import installed, obstore_store, opendal_operator
from bench.harness import BENCH_BUCKET, Context, MiB, Sizes, open_context

PREFIX = "ab-probe/"
NON_ASCII = "Grüße – 日本.pdf"


@dataclass(frozen=True)
class Verdict:
    status: str  # yes / no / workaround / error
    how: str


Probe = Callable[[Context, Any], Verdict]


def _put_plain(ctx: Context, key: str, data: bytes) -> str:
    return ctx.storage.upload_bytes(BENCH_BUCKET, key, data).etag.strip('"')


# -- obstore -----------------------------------------------------------------------------------------


def ob_checksum(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.store import S3Store

    data = os.urandom(1000)
    res = obs.put(store, PREFIX + "sum", data)
    etag_ok = (res["e_tag"] or "").strip('"') == hashlib.md5(data).hexdigest()
    try:
        S3Store(BENCH_BUCKET, endpoint=f"http://{ctx.server.endpoint}", checksum_algorithm="crc32",
                client_options={"allow_http": True})
        crc = "checksum_algorithm=crc32 accepted"
    except Exception as exc:
        crc = f"checksum_algorithm=crc32 refused ({type(exc).__name__})"
    ident = ctx.identity
    sha = S3Store(BENCH_BUCKET, endpoint=f"http://{ctx.server.endpoint}", access_key_id=ident.access_key,
                  secret_access_key=ident.secret_key, region="us-east-1", checksum_algorithm="sha256",
                  client_options={"allow_http": True})
    obs.put(sha, PREFIX + "sum-sha", data)
    resp = ctx.minio.get_object(BENCH_BUCKET, PREFIX + "sum-sha", request_headers={"x-amz-checksum-mode": "ENABLED"})
    try:
        stored = resp.headers.get("x-amz-checksum-sha256")
    finally:
        resp.close()
        resp.release_conn()
    crc += f"; with checksum_algorithm=sha256 the PUT worked and the server answers a SHA256 of {stored!r}"
    wrong = "A" * 43 + "="  # a well-formed SHA256 header of other bytes: does the server check it?
    try:
        ctx.minio.put_object(BENCH_BUCKET, PREFIX + "sum-bad", io.BytesIO(data), len(data),
                             metadata={"x-amz-checksum-sha256": wrong})
        crc += "; a wrong SHA256 header was ACCEPTED (not checked)"
    except Exception as exc:
        crc += f"; a wrong SHA256 header was refused ({str(exc)[:60]!r}): the server checks it"
    checked = "the server checks it" in crc
    return Verdict("yes" if checked and etag_ok else "workaround",
                   f"put() returns the ETag (MD5 matches: {etag_ok}) to compare after the PUT; "
                   f"no Content-MD5; {crc}; only SHA256 is offered (S3 config checksum_algorithm), not CRC32")


def ob_create_only(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.exceptions import AlreadyExistsError

    key = PREFIX + "create"
    obs.put(store, key, b"first", mode="create")
    try:
        obs.put(store, key, b"second", mode="create")
    except AlreadyExistsError:
        return Verdict("yes", 'put(mode="create") sends If-None-Match: *; second PUT: AlreadyExistsError')
    body = bytes(obs.get(store, key).bytes())
    return Verdict("workaround", f'put(mode="create") succeeded twice (server ignored it; object now {body!r}): '
                                 "keep the app's listing check")


def ob_if_match(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.exceptions import PreconditionError

    key = PREFIX + "ifmatch"
    first = obs.put(store, key, b"v1")
    obs.put(store, key, b"v2", mode={"e_tag": first["e_tag"]})
    try:
        obs.put(store, key, b"v3", mode={"e_tag": first["e_tag"]})
    except PreconditionError:
        return Verdict("yes", 'put(mode={"e_tag": ...}) sends If-Match; a stale ETag: PreconditionError')
    return Verdict("no", "a stale If-Match PUT succeeded")


def ob_metadata(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    from ensure_browser.core.s3.headers import encode_meta_value

    key = PREFIX + "meta"
    try:
        obs.put(store, key, b"x", attributes={"Content-Type": "application/pdf", "original-name": NON_ASCII})
        obs.get(store, key)
        raw = "a raw non-ASCII value round-trips"
    except Exception as exc:
        raw = f"a raw non-ASCII value fails ({type(exc).__name__}: {str(exc)[:90]!r})"
    obs.put(store, key, b"x", attributes={"Content-Type": "application/pdf",
                                          "original-name": encode_meta_value(NON_ASCII)})
    got = obs.get(store, key).attributes
    back = ctx.storage.stat(BENCH_BUCKET, key)
    ok = back.metadata.get("original-name") == NON_ASCII and back.content_type == "application/pdf"
    return Verdict("yes" if ok else "no",
                   f"put(attributes={{'Content-Type': ..., 'original-name': RFC 2047 value}}) as the app encodes it "
                   f"(headers.encode_meta_value): get().attributes = {dict(got)}; Storage reads back "
                   f"{back.metadata.get('original-name')!r}; {raw}; head() returns no attributes "
                   "(get(options={'head': True}) does)")


def ob_range_if_match(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.exceptions import PreconditionError

    key = PREFIX + "range"
    etag = _put_plain(ctx, key, bytes(range(100)))
    part = bytes(obs.get(store, key, options={"range": (10, 20), "if_match": f'"{etag}"'}).bytes())
    try:
        obs.get(store, key, options={"range": (0, 5), "if_match": '"0000"'})
        stale = "a stale ETag was served"
    except PreconditionError:
        stale = "stale ETag: PreconditionError"
    return Verdict("yes", f'get(options={{"range": (10, 20), "if_match": etag}}) -> {len(part)} bytes '
                          f"{'right' if part == bytes(range(10, 20)) else 'WRONG'}; {stale}")


def ob_multipart_resume(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    public = [n for n in dir(obs) if "multipart" in n.lower() or "part" in n.lower()]
    return Verdict("no", f"no upload id nor part-level API (put/open_writer manage parts inside; names with "
                         f"'part': {public}); resume after a restart needs upload id + UploadPart N + "
                         "ListParts + Complete with our list: stays on a public signer (see the plan)")


def ob_cancel(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    stop = threading.Event()
    sent = [0]

    def chunks() -> Iterator[bytes]:
        block = os.urandom(MiB)
        for _ in range(256):
            if stop.is_set():
                raise InterruptedError("cancelled")
            sent[0] += len(block)
            yield block

    timer = threading.Timer(0.3, stop.set)
    timer.start()
    t0 = time.perf_counter()
    try:
        obs.put(store, PREFIX + "cancel", chunks(), chunk_size=5 * MiB, max_concurrency=4)
        outcome = "finished before the cancel"
    except Exception as exc:
        outcome = f"{type(exc).__name__}"
    took = time.perf_counter() - t0
    time.sleep(0.5)
    pending = len(ctx.storage.list_multipart_uploads(BENCH_BUCKET, PREFIX + "cancel"))
    g0 = time.perf_counter()
    res = obs.get(store, BIG_KEY)
    got = 0
    for chunk in res.stream(min_chunk_size=MiB):
        got += len(chunk)
        if time.perf_counter() - g0 > 0.2:
            break
    gtook = time.perf_counter() - g0
    ok = took < 1.3 and gtook < 1.0
    return Verdict("workaround" if ok else "no",
                   f"upload from an iterator that raises on cancel: stopped in {took:.2f} s after "
                   f"{sent[0] // MiB} MiB ({outcome}; multipart uploads left on the server: {pending}); download: stop "
                   f"iterating get().stream() ({gtook:.2f} s); a put(Path) or get().bytes() cannot be "
                   "interrupted from another thread (the *_async forms can: cancel the task)")


def ob_progress(ctx: Context, store: Any) -> Verdict:
    return Verdict("workaround", "uploads: count the bytes the input iterator yields (put(iter)); downloads: "
                                 "get().stream(min_chunk_size) chunks; no progress callback (the cancel probe "
                                 "counts both)")


def ob_errors(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.store import S3Store

    seen = []
    bad = S3Store(BENCH_BUCKET, endpoint=f"http://{ctx.server.endpoint}", access_key_id="nobody",
                  secret_access_key="wrong", region="us-east-1", client_options={"allow_http": True},
                  retry_config={"max_retries": 0, "retry_timeout": timedelta(seconds=2),
                                "backoff": {"init_backoff": timedelta(milliseconds=10),
                                            "max_backoff": timedelta(milliseconds=50), "base": 2}})
    tls = S3Store(BENCH_BUCKET, endpoint=f"https://{ctx.server.endpoint}", access_key_id="x", secret_access_key="y",
                  region="us-east-1", client_options={"timeout": "3s"},
                  retry_config={"max_retries": 0, "retry_timeout": timedelta(seconds=2),
                                "backoff": {"init_backoff": timedelta(milliseconds=10),
                                            "max_backoff": timedelta(milliseconds=50), "base": 2}})
    for label, st in (("bad key", bad), ("TLS to a plain port", tls)):
        try:
            obs.head(st, "anything")
            seen.append(f"{label}: no error")
        except Exception as exc:
            seen.append(f"{label}: {type(exc).__name__} ({str(exc).splitlines()[0][:80]!r})")
    return Verdict("workaround", "typed: NotFound, AlreadyExists, Precondition, PermissionDenied, "
                                 "Unauthenticated; TLS / timeout / clock skew arrive as GenericError text "
                                 "(classify by message: fragile). Options: client_options root_certificate "
                                 "(CA file), allow_invalid_certificates (--insecure), timeout, connect_timeout; "
                                 "retry_config. Seen: " + "; ".join(seen))


def ob_session(ctx: Context, store: Any) -> Verdict:
    import obstore as obs
    from obstore.store import S3Store

    calls = [0]
    ident = ctx.identity

    def provider() -> dict[str, Any]:
        calls[0] += 1
        return {"access_key_id": ident.access_key, "secret_access_key": ident.secret_key, "token": None,
                "expires_at": None}

    st = S3Store(BENCH_BUCKET, endpoint=f"http://{ctx.server.endpoint}", region="us-east-1",
                 client_options={"allow_http": True}, credential_provider=provider)  # type: ignore[arg-type]
    obs.head(st, BIG_KEY)
    obs.head(st, BIG_KEY)
    return Verdict("yes", f"S3Store(credential_provider=callable) -> {{access_key_id, secret_access_key, token, "
                          f"expires_at}}, asked again when expires_at nears (called {calls[0]}x for 2 requests with "
                          "expires_at None): core/auth's renewal plugs in as the provider")


def ob_presign(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    key = PREFIX + "presign"
    _put_plain(ctx, key, b"signed")
    url = obs.sign(store, "GET", key, timedelta(minutes=5))
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = resp.read()
    return Verdict("yes", f"sign(store, 'GET', key, expires_in) -> URL served {body!r}")


def ob_copy(ctx: Context, store: Any) -> Verdict:
    return Verdict("no", "copy(store, from, to, overwrite=) only: no metadata replace, no "
                         "x-amz-copy-source-if-match, no version; stays on minio-py copy_object (public)")


def _versions(ctx: Context) -> tuple[str, str, list[str]]:
    """A versioned bucket (minio-py's public set_bucket_versioning) with two versions of one key:
    (bucket, key, [old version id, new version id])."""
    from minio.commonconfig import ENABLED
    from minio.versioningconfig import VersioningConfig

    bucket, key = VERSIONED, "doc.txt"
    ctx.ensure_bucket(bucket)
    ctx.minio.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    ids = []
    for body in (b"old", b"new"):
        ids.append(ctx.minio.put_object(bucket, key, io.BytesIO(body), len(body)).version_id or "")
    return bucket, key, ids


def ob_versions(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    bucket, key, ids = _versions(ctx)
    vstore = obstore_store(ctx, bucket)
    old = bytes(obs.get(vstore, key, options={"version": ids[0]}).bytes())
    meta = [m for batch in obs.list(vstore) for m in batch]
    return Verdict("workaround" if old == b"old" else "no",
                   f"get(options={{'version': id}}) -> {old!r} (old version; head with a version: get(options="
                   f"{{'head': True, 'version': id}})); list() shows the latest only ({len(meta)} entry, version "
                   f"{'set' if meta and meta[0]['version'] else 'missing'}); no version on delete or copy, no "
                   "ListObjectVersions: those stay on minio-py (public remove_object(version_id=), "
                   "list_objects(include_version=True))")


def ob_big_copy(ctx: Context, store: Any) -> Verdict:
    return Verdict("no", "no UploadPartCopy: minio-py compose_object (public) stays")


def ob_listing(ctx: Context, store: Any) -> Verdict:
    import obstore as obs

    for i in range(5):
        _put_plain(ctx, f"{PREFIX}list/k{i}", b"x")
    _put_plain(ctx, f"{PREFIX}list/sub/deep", b"x")
    flat = [m for batch in obs.list(store, PREFIX + "list/", offset=PREFIX + "list/k2") for m in batch]
    level = obs.list_with_delimiter(store, PREFIX + "list/")
    etag = bool(flat and flat[0]["e_tag"])
    return Verdict("workaround", f"list(prefix, offset=start-after) streams pages of ObjectMeta (path, size, "
                                 f"e_tag, last_modified, version): after k2 -> {[m['path'][-4:] for m in flat]}, "
                                 f"etag {'set' if etag else 'missing'}; list_with_delimiter -> "
                                 f"{len(level['objects'])} objects + prefixes {list(level['common_prefixes'])}, "
                                 "but collects every page before it returns (no paging/cancel on a big level)")


# -- opendal -----------------------------------------------------------------------------------------


def od_checksum(ctx: Context, op: Any) -> Verdict:
    data = os.urandom(1000)
    op.write(PREFIX + "od-sum", data)
    etag = (op.stat(PREFIX + "od-sum").etag or "").strip('"')
    md5op = opendal_operator(ctx, checksum_algorithm="md5")
    try:
        md5op.write(PREFIX + "od-sum-md5", data)
        md5 = "an Operator with checksum_algorithm='md5' wrote (server checks Content-MD5)"
    except Exception as exc:
        md5 = f"checksum_algorithm='md5' failed: {type(exc).__name__}"
    return Verdict("workaround", f"write() returns no ETag: it needs a stat after (MD5 matches: "
                                 f"{etag == hashlib.md5(data).hexdigest()}); {md5}; 'crc32c' or 'md5' per "
                                 "Operator, not per call, no CRC32 (the app's)")


def od_create_only(ctx: Context, op: Any) -> Verdict:
    import opendal.exceptions as ox

    key = PREFIX + "od-create"
    op.write(key, b"first", if_not_exists=True)
    try:
        op.write(key, b"second", if_not_exists=True)
    except (ox.ConditionNotMatch, ox.AlreadyExists) as exc:
        return Verdict("yes", f"write(if_not_exists=True): second write {type(exc).__name__}")
    return Verdict("workaround", "write(if_not_exists=True) succeeded twice: keep the listing check")


def od_if_match(ctx: Context, op: Any) -> Verdict:
    import opendal.exceptions as ox

    key = PREFIX + "od-ifmatch"
    op.write(key, b"v1")
    etag = op.stat(key).etag
    op.write(key, b"v2", if_match=etag)
    try:
        op.write(key, b"v3", if_match=etag)
    except ox.ConditionNotMatch:
        return Verdict("yes", "write(if_match=etag): stale ETag ConditionNotMatch")
    return Verdict("no", "a stale if_match write succeeded")


def od_metadata(ctx: Context, op: Any) -> Verdict:
    key = PREFIX + "od-meta"
    try:
        op.write(key, b"x", content_type="application/pdf", user_metadata={"original-name": NON_ASCII})
        raw = "non-ASCII sent raw"
    except Exception as exc:
        from ensure_browser.core.s3.headers import encode_meta_value

        raw = f"non-ASCII refused ({type(exc).__name__}); RFC 2047 encoded instead"
        op.write(key, b"x", content_type="application/pdf",
                 user_metadata={"original-name": encode_meta_value(NON_ASCII)})
    meta = op.stat(key)
    return Verdict("yes", f"write(content_type=, user_metadata=); {raw}; stat(): {meta.content_type}, "
                          f"{meta.user_metadata}")


def od_range_if_match(ctx: Context, op: Any) -> Verdict:
    import opendal.exceptions as ox

    key = PREFIX + "od-range"
    etag = _put_plain(ctx, key, bytes(range(100)))
    part = bytes(op.read(key, offset=10, size=10, if_match=f'"{etag}"'))
    try:
        op.read(key, offset=0, size=5, if_match='"0000"')
        stale = "stale ETag served"
    except ox.ConditionNotMatch:
        stale = "stale ETag: ConditionNotMatch"
    return Verdict("yes", f"read(offset, size, if_match) -> {'right' if part == bytes(range(10, 20)) else 'WRONG'} "
                          f"bytes; {stale}")


def od_presign(ctx: Context, op: Any) -> Verdict:
    import asyncio

    key = PREFIX + "od-presign"
    _put_plain(ctx, key, b"signed")
    async def sign() -> Any:
        return await op.to_async_operator().presign_read(key, 300)

    req = asyncio.run(sign())
    with urllib.request.urlopen(req.url, timeout=10) as resp:
        body = resp.read()
    return Verdict("yes", f"AsyncOperator.presign_read(key, seconds) (the sync Operator has none) -> served {body!r}")


def od_versions(ctx: Context, op: Any) -> Verdict:
    bucket, key, ids = _versions(ctx)
    vop = opendal_operator(ctx, bucket, enable_versioning="true")
    old = bytes(vop.read(key, version=ids[0]))
    stat = vop.stat(key, version=ids[0])
    listed = [e.metadata.version for e in vop.list("", versions=True) if e.path == key]
    vop.delete(key, version=ids[0])
    left = sum(1 for o in ctx.minio.list_objects(bucket, include_version=True) if o.version_id == ids[0])
    return Verdict("workaround" if old == b"old" and not left else "no",
                   f"read(version=) -> {old!r}; stat(version=) size {stat.content_length}; "
                   f"list(versions=True) -> {len(listed)} versions; delete(version=) removed it: {not left}; "
                   "copy: no version (stays on minio-py)")


def od_listing(ctx: Context, op: Any) -> Verdict:
    for i in range(3):
        _put_plain(ctx, f"{PREFIX}od-list/k{i}", b"x")
    _put_plain(ctx, f"{PREFIX}od-list/sub/deep", b"x")
    level = [e.path.rsplit("/", 2)[-2:] for e in op.list(PREFIX + "od-list/", start_after=PREFIX + "od-list/k0")]
    entries = list(op.list(PREFIX + "od-list/"))
    with_etag = sum(1 for e in entries if e.metadata.etag)
    return Verdict("yes", f"list(path, start_after=, recursive=False) streams a level (dirs as 'x/'): {level}; "
                          f"{with_etag} of {len(entries)} entries carry an ETag in the listing")


def od_fixed(status: str, how: str) -> Probe:
    return lambda _ctx, _op: Verdict(status, how)


BIG_KEY = PREFIX + "big"
VERSIONED = "ab-probe-versions"

OBSTORE: dict[str, Probe] = {
    "server-checked upload (CRC32/MD5, ETag compare)": ob_checksum,
    "create-only (If-None-Match: *)": ob_create_only,
    "If-Match conditional write (replace_only)": ob_if_match,
    "content type + user metadata (non-ASCII)": ob_metadata,
    "ranged GET with If-Match": ob_range_if_match,
    "resumable multipart after restart (upload id, parts)": ob_multipart_resume,
    "cancel within a second": ob_cancel,
    "progress": ob_progress,
    "typed errors (TLS, CA, --insecure, timeouts, retries, skew)": ob_errors,
    "session token + renewal (credentials provider)": ob_session,
    "presign": ob_presign,
    "server-side copy: metadata REPLACE + copy-source-if-match": ob_copy,
    "versions (version_id on GET/HEAD/copy/delete)": ob_versions,
    "multipart copy > 5 GiB": ob_big_copy,
    "listing: ETag/size/mtime, delimiter, start-after paging": ob_listing,
}
OPENDAL: dict[str, Probe] = {
    "server-checked upload (CRC32/MD5, ETag compare)": od_checksum,
    "create-only (If-None-Match: *)": od_create_only,
    "If-Match conditional write (replace_only)": od_if_match,
    "content type + user metadata (non-ASCII)": od_metadata,
    "ranged GET with If-Match": od_range_if_match,
    "resumable multipart after restart (upload id, parts)": od_fixed(
        "no", "writer() manages parts inside; no upload id, no ListParts, no complete-with-our-list"),
    "cancel within a second": od_fixed(
        "workaround", "read in chunks from open(key, 'rb') / write chunks to open(key, 'wb') and stop; a "
                      "single read()/write() call cannot be interrupted from another thread"),
    "progress": od_fixed("workaround", "count the chunks through open() readers/writers; no callback"),
    "typed errors (TLS, CA, --insecure, timeouts, retries, skew)": od_fixed(
        "workaround", "NotFound, PermissionDenied, ConditionNotMatch, RateLimited ... typed; TLS/timeout as "
                      "Unexpected with text; no CA-file / insecure option in the Python binding's s3 config"),
    "session token + renewal (credentials provider)": od_fixed(
        "workaround", "session_token in the config (static): renewal = a new Operator per renewal"),
    "presign": od_presign,
    "server-side copy: metadata REPLACE + copy-source-if-match": od_fixed(
        "no", "copy(source, target) only, no options"),
    "versions (version_id on GET/HEAD/copy/delete)": od_versions,
    "multipart copy > 5 GiB": od_fixed("no", "no UploadPartCopy"),
    "listing: ETag/size/mtime, delimiter, start-after paging": od_listing,
}


def run_probes(ctx: Context) -> list[tuple[str, str, Verdict]]:
    ctx.storage.upload_bytes(BENCH_BUCKET, BIG_KEY, os.urandom(64 * MiB))
    out: list[tuple[str, str, Verdict]] = []
    libs: list[tuple[str, dict[str, Probe], Any]] = []
    if installed("obstore"):
        libs.append(("obstore", OBSTORE, obstore_store(ctx)))
    if installed("opendal"):
        libs.append(("opendal", OPENDAL, opendal_operator(ctx)))
    for name, probes, client in libs:
        for guarantee, probe in probes.items():
            try:
                verdict = probe(ctx, client)
            except Exception as exc:
                verdict = Verdict("error", f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            out.append((guarantee, name, verdict))
            ctx.log(f"  {name:<8} {verdict.status:<10} {guarantee}")
    ctx.remove_prefix(BENCH_BUCKET, PREFIX)
    return out


def markdown(results: list[tuple[str, str, Verdict]]) -> str:
    lines = ["| Guarantee | Library | Verdict | Probe (what it did and saw) |", "|---|---|---|---|"]
    for guarantee, lib, v in results:
        lines.append(f"| {guarantee} | {lib} | {v.status} | {v.how.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.ab_probes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", type=Path, default=Path(__file__).parent / "results" / "ab-probes.md")
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with open_context(Sizes.quick(), None, say) as ctx:
        results = run_probes(ctx)
    table = markdown(results)
    print(table)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(table, encoding="utf-8")
    return 1 if any(v.status == "error" for _g, _l, v in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
