"""One encrypted backup file of a whole installation, and its restore on a new laptop.

The file holds a consistent copy of the database (reports with their encrypted identities,
attachments' records, the audit chain, operators, device keys and enrolment, kecamatan
keys), every attachment file, the settings and the sync token. Layout::

    MAGIC | u32 header length | header JSON | chunk*

The header names no person: the format, the creation time, the region, and for every
active operator only the password-wrapped data key (salt, KDF parameters, ciphertext) —
the same values the database holds. A random backup key encrypts the body; it is itself
encrypted under the data key, so any operator's password opens the file and nothing else
does. The body is a tar stream cut into chunks, each ``u32 length | AES-256-GCM`` with the
chunk number and a final flag in the associated data: a truncated, reordered or edited
file is refused. See docs/bundles.md ("Cadangan").
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import struct
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from lapor_desktop import audit
from lapor_desktop.fsutil import fsync_dir
from lapor_desktop.security import (
    FieldCipher,
    WrappedKey,
    WrongPassword,
    b64d,
    b64e,
    new_key,
    unwrap_key,
)
from lapor_desktop.store.models import Operator, utcnow_seconds
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError

MAGIC = b"LAPOR-BACKUP\x00\x01\n"
FORMAT = "lapor-backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
HEADER_MAX = 1024 * 1024
KEY_CONTEXT = "backup-key"
LAST_BACKUP_META = "last_backup_at"
REMIND_AFTER = timedelta(days=7)
DB_NAME = "lapor.sqlite3"
TOKEN_NAME = "sync-token.txt"
SETTINGS_NAME = "settings.json"
ATTACHMENTS = "attachments/"

Progress = Callable[[str, int, int], None]


class BackupError(WorkspaceError):
    """A refused backup or restore; ``str(exc)`` says what to do (Indonesian)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    reports: int
    attachments: int
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    region_code: str
    reports: int
    attachments: int
    audit_ok: bool


# ---------------------------------------------------------------------------- chunked AEAD

def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + struct.pack(">Q?", index, final)


class _EncryptingWriter(io.RawIOBase):
    """A write-only stream that seals every ``CHUNK`` bytes as one AES-GCM record."""

    def __init__(self, out: BinaryIO, key: bytes, header_digest: bytes):
        self._out, self._aead, self._digest = out, AESGCM(key), header_digest
        self._buf = bytearray()
        self._index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buf += data
        while len(self._buf) > CHUNK:
            self._emit(bytes(self._buf[:CHUNK]), final=False)
            del self._buf[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, final: bool) -> None:
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, plain,
                                            _aad(self._digest, self._index, final))
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def finish(self) -> None:
        self._emit(bytes(self._buf), final=True)
        self._buf.clear()


def _decrypted_chunks(src: BinaryIO, key: bytes, header_digest: bytes) -> Iterator[bytes]:
    aead = AESGCM(key)
    index = 0
    while True:
        head = src.read(4)
        if len(head) != 4:
            raise BackupError("Berkas cadangan terpotong: salin ulang berkasnya.")
        (size,) = struct.unpack(">I", head)
        if size < 28 or size > CHUNK + 64:
            raise BackupError("Berkas cadangan rusak.")
        sealed = src.read(size)
        if len(sealed) != size:
            raise BackupError("Berkas cadangan terpotong: salin ulang berkasnya.")
        for final in (False, True):
            try:
                plain = aead.decrypt(sealed[:12], sealed[12:],
                                     _aad(header_digest, index, final))
                break
            except InvalidTag:
                continue
        else:
            raise BackupError("Berkas cadangan rusak atau telah diubah.")
        yield plain
        index += 1
        if final:
            if src.read(1):
                raise BackupError("Berkas cadangan berisi data setelah akhir: ditolak.")
            return


class _DecryptingReader(io.RawIOBase):
    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._buf = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            self._buf = next(self._chunks, None)
            if self._buf is None:
                self._buf = b""
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


# ---------------------------------------------------------------------------- create

def _header(ws: Workspace, actor: Actor, backup_key: bytes) -> dict:
    with ws.db.read() as s:
        ops = list(s.scalars(select(Operator).where(Operator.active.is_(True))
                             .order_by(Operator.id)))
        keys = [{"salt": b64e(o.kdf_salt), "params": o.kdf_params,
                 "wrapped": b64e(o.wrapped_key)} for o in ops]
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "created_at": utcnow_seconds().isoformat(), "region_code": ws.region_code,
            "keys": keys,
            "backup_key": b64e(actor.cipher.encrypt_bytes(backup_key, context=KEY_CONTEXT))}


def _snapshot_database(ws: Workspace, target: Path) -> None:
    from lapor_desktop.store.db import copy_database

    copy_database(ws.paths.database, target)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def _write_body(ws: Workspace, actor: Actor, tar: tarfile.TarFile, snapshot: Path,
                progress: Progress | None) -> int:
    from lapor_desktop.credentials import load_token

    tar.add(str(snapshot), arcname=DB_NAME)
    if ws.paths.settings_file.exists():
        tar.add(str(ws.paths.settings_file), arcname=SETTINGS_NAME)
    token = load_token(ws, actor)
    if token:
        _add_bytes(tar, TOKEN_NAME, actor.cipher.encrypt_bytes(token.encode("utf-8"),
                                                               context=KEY_CONTEXT))
    files = sorted(p for p in ws.paths.attachments.rglob("*")
                   if p.is_file() and not p.name.startswith("."))
    for n, path in enumerate(files, 1):
        tar.add(str(path), arcname=ATTACHMENTS + path.relative_to(ws.paths.attachments)
                .as_posix())
        if progress:
            progress("attachments", n, len(files))
    return len(files)


def create_backup(ws: Workspace, actor: Actor, target: Path, *,
                  progress: Progress | None = None) -> BackupResult:
    """Write the encrypted backup to ``target`` (a temporary name, renamed when complete)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    backup_key = new_key()
    header = json.dumps(_header(ws, actor, backup_key), sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(MAGIC + struct.pack(">I", len(header)) + header).digest()
    tmp = target.with_name(f".{target.name}.tmp")
    ws.paths.tmp.mkdir(parents=True, exist_ok=True)
    fd, snap_name = tempfile.mkstemp(prefix="cadangan-", suffix=".sqlite3", dir=ws.paths.tmp)
    os.close(fd)
    snapshot = Path(snap_name)
    try:
        _snapshot_database(ws, snapshot)
        with open(tmp, "wb") as out:
            out.write(MAGIC + struct.pack(">I", len(header)) + header)
            writer = _EncryptingWriter(out, backup_key, digest)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                attachments = _write_body(ws, actor, tar, snapshot, progress)
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        snapshot.unlink(missing_ok=True)
    fsync_dir(target.parent)
    reports = _count_reports(ws)
    with ws.db.write() as s:
        ws.db.set_meta(LAST_BACKUP_META, utcnow_seconds().isoformat(), session=s)
        audit.record(s, operator_id=actor.operator_id, action="backup_create",
                     detail={"reports": reports, "attachments": attachments})
    return BackupResult(target, reports, attachments, target.stat().st_size)


def _count_reports(ws: Workspace) -> int:
    from sqlalchemy import func

    from lapor_desktop.store.models import Report

    with ws.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Report)) or 0)


# ---------------------------------------------------------------------------- reminder

def last_backup(ws: Workspace) -> datetime | None:
    value = ws.db.get_meta(LAST_BACKUP_META)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def reminder_due(ws: Workspace, now: datetime | None = None) -> bool:
    """True when no backup was written in the last seven days."""
    last = last_backup(ws)
    now = now or datetime.now(UTC)
    return last is None or now - last >= REMIND_AFTER


# ---------------------------------------------------------------------------- restore

def _read_header(src: BinaryIO) -> tuple[dict, bytes]:
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("Berkas ini bukan cadangan LAPOR Desktop.")
    raw = src.read(4)
    (size,) = struct.unpack(">I", raw) if len(raw) == 4 else (HEADER_MAX + 1,)
    if size > HEADER_MAX:
        raise BackupError("Berkas cadangan rusak.")
    header = src.read(size)
    try:
        doc = json.loads(header.decode("utf-8"))
        ok = (doc.get("format") == FORMAT and isinstance(doc.get("keys"), list)
              and isinstance(doc.get("backup_key"), str))
    except (UnicodeDecodeError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise BackupError("Berkas cadangan rusak.")
    if doc.get("format_version") != FORMAT_VERSION:
        raise BackupError("Versi berkas cadangan tidak dikenal; perbarui LAPOR Desktop.")
    return doc, hashlib.sha256(MAGIC + raw + header).digest()


def _unlock(doc: dict, password: str) -> tuple[bytes, bytes]:
    """(data key, backup key) from any operator's password; slow on purpose (the KDF)."""
    for entry in doc["keys"]:
        try:
            wrapped = WrappedKey(b64d(entry["salt"]), dict(entry["params"]),
                                 b64d(entry["wrapped"]))
            data_key = unwrap_key(wrapped, password)
        except (WrongPassword, KeyError, TypeError, ValueError):
            continue
        backup_key = FieldCipher(data_key).decrypt_bytes(b64d(doc["backup_key"]),
                                                         context=KEY_CONTEXT)
        return data_key, backup_key
    raise BackupError("Kata sandi tidak cocok dengan operator mana pun di cadangan ini.")


def _safe_member(member: tarfile.TarInfo) -> str:
    name = PurePosixPath(member.name)
    ok = (member.isfile() and not name.is_absolute() and ".." not in name.parts
          and (member.name in (DB_NAME, SETTINGS_NAME, TOKEN_NAME)
               or (member.name.startswith(ATTACHMENTS) and len(name.parts) == 3)))
    if not ok:
        raise BackupError(f"Berkas cadangan berisi entri tak dikenal '{member.name[:80]}'.")
    return member.name


def _extract(tar: tarfile.TarFile, root: Path, staging: Path) -> tuple[int, bytes | None]:
    """Every entry to its place (database and token to ``staging``); returns the number of
    attachment files and the encrypted token, if any."""
    attachments, token = 0, None
    for member in tar:
        name = _safe_member(member)
        src = tar.extractfile(member)
        if name == TOKEN_NAME:
            token = src.read()
            continue
        target = staging / DB_NAME if name == DB_NAME else root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            while block := src.read(CHUNK):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        attachments += name.startswith(ATTACHMENTS)
    return attachments, token


def _holds_installation(database: Path) -> bool:
    """True when the store exists and was initialised (an empty store, made by merely
    starting the app once, may be replaced)."""
    if not database.exists():
        return False
    con = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT 1 FROM meta WHERE key='region_code'").fetchone() is not None
    except sqlite3.Error:
        return True  # unreadable or foreign: never overwrite it
    finally:
        con.close()


def restore_backup(source: Path, data_dir: Path, password: str) -> RestoreResult:
    """Restore into an empty data dir; the database is put in place last, so an interrupted
    restore leaves no installation behind."""
    from lapor_desktop.config import get_paths

    paths = get_paths(data_dir)
    if _holds_installation(paths.database):
        raise BackupError(f"Folder data {paths.root} sudah berisi instalasi. Pulihkan ke "
                          "folder kosong (--data-dir FOLDER_BARU).")
    paths.ensure()
    staging = Path(tempfile.mkdtemp(prefix="pulih-", dir=paths.tmp))
    try:
        with open(source, "rb") as src:
            doc, digest = _read_header(src)
            data_key, backup_key = _unlock(doc, password)
            reader = io.BufferedReader(_DecryptingReader(
                _decrypted_chunks(src, backup_key, digest)), CHUNK)
            try:
                with tarfile.open(fileobj=reader, mode="r|") as tar:
                    attachments, token = _extract(tar, paths.root, staging)
            except tarfile.TarError:
                raise BackupError("Isi berkas cadangan rusak.") from None
        if not (staging / DB_NAME).exists():
            raise BackupError("Berkas cadangan tidak berisi basis data.")
        for suffix in ("-wal", "-shm"):  # of an empty store opened before: stale now
            paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
        os.replace(staging / DB_NAME, paths.database)
    except FileNotFoundError:
        raise BackupError(f"Berkas cadangan '{Path(source).name}' tidak ditemukan.") from None
    finally:
        for p in staging.glob("*"):
            p.unlink(missing_ok=True)
        staging.rmdir()
    return _after_restore(paths.root, data_key, token, attachments)


def _after_restore(root: Path, data_key: bytes, token_blob: bytes | None,
                   attachments: int) -> RestoreResult:
    """Open the restored store (migrating it if older), put the sync token where this
    laptop keeps tokens, check the audit chain and record the restore."""
    from lapor_desktop.credentials import save_token

    with Workspace.open(root) as ws:
        with ws.db.read() as s:
            op = s.scalar(select(Operator).where(Operator.active.is_(True))
                          .order_by(Operator.id))
            ok, _ = audit.verify_chain(s)
        actor = Actor(op.id, op.username, op.display_name, op.role, data_key)
        if token_blob:
            token = actor.cipher.decrypt_bytes(token_blob, context=KEY_CONTEXT)
            save_token(ws, actor, token.decode("utf-8"))
        with ws.db.write() as s:
            audit.record(s, operator_id=None, action="backup_restore",
                         detail={"attachments": attachments, "audit_ok": ok})
        return RestoreResult(root, ws.region_code, _count_reports(ws), attachments, ok)
