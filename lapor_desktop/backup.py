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
import shutil
import sqlite3
import struct
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from lapor_desktop import audit
from lapor_desktop.fsutil import NotRegularFile, fsync_dir, open_regular
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


def _write_new(target: Path, src: BinaryIO) -> None:
    """A new owner-only file (0600 on POSIX), synced; an existing name is a corrupt file."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(target, flags, 0o600), "wb") as out:
        while block := src.read(CHUNK):
            out.write(block)
        out.flush()
        os.fsync(out.fileno())


def _extract(tar: tarfile.TarFile, staging: Path) -> tuple[int, bytes | None]:
    """Every entry to its place under ``staging``; returns the number of attachment files
    and the encrypted token, if any."""
    attachments, token = 0, None
    for member in tar:
        name = _safe_member(member)
        src = tar.extractfile(member)
        if src is None:  # _safe_member let only regular files through
            raise BackupError("Berkas cadangan rusak.")
        if name == TOKEN_NAME:
            token = src.read()
            continue
        try:
            _write_new(staging / name, src)
        except FileExistsError:
            raise BackupError("Berkas cadangan rusak (entri ganda).") from None
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


# What a store that was only opened (never set up) holds; anything else in the folder is
# someone's other files, never moved or deleted by a restore.
STORE_ENTRIES = frozenset({DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "settings.json",
                           "backups", "attachments", "receipts", "bundles", "keys", "logs",
                           "tmp", "originals"})


def _check_target(paths) -> None:
    root = paths.root
    if root.exists() and not root.is_dir():
        raise BackupError(f"Folder data '{root}' adalah sebuah berkas, bukan folder. Pulihkan "
                          "ke folder kosong (--data-dir FOLDER_BARU).")
    if _holds_installation(paths.database):
        raise BackupError(f"Folder data {root} sudah berisi instalasi. Pulihkan ke "
                          "folder kosong (--data-dir FOLDER_BARU).")
    foreign = [p.name for p in root.iterdir() if p.name not in STORE_ENTRIES] \
        if root.exists() else []
    if foreign:
        raise BackupError(f"Folder {root} berisi berkas lain ('{foreign[0][:60]}'). Pulihkan "
                          "ke folder kosong (--data-dir FOLDER_BARU).")


def _open_source(source: Path) -> BinaryIO:
    try:
        return open_regular(source)
    except FileNotFoundError:
        raise BackupError(f"Berkas cadangan '{Path(source).name}' tidak ditemukan.") from None
    except NotRegularFile:
        raise BackupError(f"'{Path(source).name}' bukan berkas biasa (mis. folder, FIFO atau "
                          "perangkat): sebutkan berkas cadangan.") from None
    except OSError as exc:
        raise BackupError(f"Berkas cadangan tidak dapat dibaca: {exc.strerror or exc}") from None


def _unpack(src: BinaryIO, password: str, staging: Path) -> tuple[bytes, bytes | None, int]:
    """Check and decrypt the whole file into ``staging``: (data key, token, attachments)."""
    doc, digest = _read_header(src)
    data_key, backup_key = _unlock(doc, password)
    reader = io.BufferedReader(_DecryptingReader(
        _decrypted_chunks(src, backup_key, digest)), CHUNK)
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            attachments, token = _extract(tar, staging)
        # tar stops at its end marker: read on, so that the final chunk is reached and a
        # byte appended after it is refused too.
        while reader.read(CHUNK):
            pass
    except tarfile.TarError:
        raise BackupError("Isi berkas cadangan rusak.") from None
    if not (staging / DB_NAME).exists():
        raise BackupError("Berkas cadangan tidak berisi basis data.")
    return data_key, token, attachments


def _swap_into_place(staging: Path, root: Path) -> None:
    """Rename the finished restore into place. A store that was only opened is moved aside
    first (its logs are kept) and removed after."""
    if not root.exists():
        os.replace(staging, root)
        fsync_dir(root.parent)
        return
    aside = root.with_name(f".{root.name}-lama-{os.urandom(4).hex()}")
    os.replace(root, aside)
    try:
        os.replace(staging, root)
    except BaseException:
        os.replace(aside, root)
        raise
    fsync_dir(root.parent)
    old_logs, new_logs = aside / "logs", root / "logs"
    if old_logs.is_dir() and not (new_logs.exists() and any(new_logs.iterdir())):
        shutil.rmtree(new_logs, ignore_errors=True)
        os.replace(old_logs, new_logs)
    shutil.rmtree(aside, ignore_errors=True)


def _drop_stale_staging(root: Path) -> None:
    """Remove what a restore killed half-way left next to the data dir (over an hour old)."""
    cutoff = time.time() - 3600
    for p in root.parent.glob(f".{root.name}-pulih-*"):
        try:
            if p.is_dir() and p.stat().st_mtime < cutoff:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue


def restore_backup(source: Path, data_dir: Path, password: str) -> RestoreResult:
    """Restore into an empty data dir, all or nothing: everything is written to a temporary
    folder beside it, checked to the last byte, opened and audited there, and renamed into
    place at the end. A wrong, truncated, tampered or extended file leaves nothing behind."""
    from lapor_desktop.config import get_paths

    paths = get_paths(data_dir)
    _check_target(paths)
    with _open_source(Path(source)) as src:
        try:
            paths.root.parent.mkdir(parents=True, exist_ok=True)
            _drop_stale_staging(paths.root)
            staging = Path(tempfile.mkdtemp(prefix=f".{paths.root.name}-pulih-",
                                            dir=paths.root.parent))
        except OSError as exc:
            raise BackupError(f"Folder data tidak dapat dibuat: {exc.strerror or exc}") from None
        try:
            data_key, token, attachments = _unpack(src, password, staging)
            result = _after_restore(staging, data_key, token, attachments)
            _swap_into_place(staging, paths.root)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BackupError(f"Pemulihan gagal, tidak ada yang dipulihkan: "
                              f"{exc.strerror or exc}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    paths.restrict()
    return replace(result, data_dir=paths.root)


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
