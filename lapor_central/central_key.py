"""Central's X25519 key pair: desktops seal each complainant's identity to it.

The private halves are kept like the server's other secrets, in the ``server_secret`` table
(shared by every worker, kept across restarts, included in the database's backups) under the
names ``central_key:1``, ``central_key:2``, ... The highest number is the *current* key: it
is advertised in the enrol response (``central_key``) and by ``GET /api/v1/central-key``.
Every key stays usable for opening boxes (a desktop may hold boxes sealed to an older key
until they are delivered), chosen by the box's ``key_id``.

Rotation (``lapor-central rotate-central-key``) adds the next key; restart the workers so
they pick it up. Desktops learn it at their next sync (they ask for the current key on every
run) and seal new identities to it; boxes sealed before keep opening with the old key.
Delete an old ``central_key:N`` row only once no desktop can still hold a box for it.
See docs/security.md ("Delivery copies").
"""

from __future__ import annotations

import base64
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lapor_central.db import Database
from lapor_central.models import ServerSecret
from lapor_protocol import identity_box

log = logging.getLogger(__name__)

PREFIX = "central_key:"


@dataclass(frozen=True)
class CentralKeys:
    current_id: str
    current_public: bytes
    privates: dict[str, bytes]  # key id -> raw X25519 private key

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.current_public).decode("ascii")


def _number(name: str) -> int:
    try:
        return int(name[len(PREFIX):])
    except ValueError:
        return 0


def _load(db: Database) -> CentralKeys | None:
    with db.read() as s:
        rows = s.execute(select(ServerSecret.name, ServerSecret.value)
                         .where(ServerSecret.name.like(PREFIX + "%"))).all()
    numbered = sorted(((_number(n), bytes.fromhex(v)) for n, v in rows if _number(n) > 0))
    if not numbered:
        return None
    privates = {identity_box.key_id(identity_box.public_of(p)): p for _, p in numbered}
    current = identity_box.public_of(numbered[-1][1])
    return CentralKeys(identity_box.key_id(current), current, privates)


def _add(db: Database, number: int) -> None:
    try:
        with db.write() as s:
            s.add(ServerSecret(name=f"{PREFIX}{number}", value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another worker made it first


def keys(db: Database) -> CentralKeys:
    """Central's keys, made at first use; cached per process (a rotation needs a restart)."""
    cached = db.__dict__.get("_central_keys")
    if cached is not None:
        return cached
    loaded = _load(db)
    if loaded is None:
        _add(db, 1)
        loaded = _load(db)
    assert loaded is not None
    db.__dict__["_central_keys"] = loaded
    return loaded


def rotate(db: Database) -> CentralKeys:
    """Add the next key and make it current (in this process; other workers: restart)."""
    _add(db, max((_number(n) for n in _names(db)), default=0) + 1)
    db.__dict__.pop("_central_keys", None)
    return keys(db)


def _names(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(ServerSecret.name)
                              .where(ServerSecret.name.like(PREFIX + "%"))))


def add_routes(app: Any, central: Any, require_device: Any) -> None:
    """``GET /api/v1/central-key``: the current key, for desktops enrolled before central
    advertised one (and after a rotation). Authenticated: any enrolled device."""
    from fastapi import Depends
    from pydantic import BaseModel

    from lapor_central import API_PREFIX
    from lapor_central.app import ERRORS
    from lapor_central.service import DeviceAuth

    class CentralKeyResponse(BaseModel):
        central_key: str
        key_id: str

    @app.get(f"{API_PREFIX}/central-key", response_model=CentralKeyResponse, tags=["sync"],
             summary="Central's X25519 public key (base64) that identities are sealed to",
             responses=ERRORS)
    def central_key(device: DeviceAuth = Depends(require_device)) -> dict[str, str]:
        current = keys(central.db)
        return {"central_key": current.public_b64, "key_id": current.current_id}


MSG_BOX_INVALID = ("Identitas pelapor tersegel (identity_box) tidak dapat dibuka: rusak, "
                   "dipalsukan, atau milik laporan lain.")
MSG_BOX_BOTH = "Laporan membawa identitas terbuka dan tersegel sekaligus; kirim salah satu."


def open_identity(db: Database, item: dict[str, Any]) -> list[dict[str, str]]:
    """Replace the item's ``identity_box`` by the ``complainant`` it seals (in place), before
    the content hash is computed: the hash then holds only if the box carries exactly the
    identity the device hashed at finalising. Errors for a box that is malformed, forged,
    sealed to an unknown key or bound to another report. Items without a box (older
    clients, which send the identity in clear over HTTPS) pass unchanged."""
    if identity_box.MEMBER not in item:
        return []
    member = item.pop(identity_box.MEMBER)
    if "complainant" in item:
        return [{"field": identity_box.MEMBER, "code": "identity_box.both",
                 "message": MSG_BOX_BOTH}]
    rid, chash = item.get("id"), item.get("content_hash")
    try:
        if not (isinstance(rid, str) and isinstance(chash, str)):
            raise identity_box.IdentityBoxError("no id or content hash")
        item["complainant"] = identity_box.open_box(keys(db).privates, rid, chash, member)
    except identity_box.IdentityBoxError as exc:
        log.info("identity box refused: %s", exc)
        return [{"field": identity_box.MEMBER, "code": "identity_box.invalid",
                 "message": MSG_BOX_INVALID}]
    return []
