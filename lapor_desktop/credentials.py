"""Where the device token lives: the OS keyring, or an encrypted file in the data dir.

The token is a bearer secret. It is never written in plain text and never logged. Where a
keyring backend exists (Windows Credential Manager, macOS Keychain, Secret Service) it is
kept there; where none exists (headless Linux, CI) it is kept in ``keys/sync-token.bin``
encrypted under the installation's data key (AES-GCM), so it needs an unlocked operator.
"""

from __future__ import annotations

import logging

from lapor_desktop.fsutil import atomic_write_bytes
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)

SERVICE = "lapor-desktop"
_CONTEXT = "sync-token"


def _account(ws: Workspace) -> str:
    return f"device:{ws.device_id}"


def _fallback_path(ws: Workspace):
    return ws.paths.keys / "sync-token.bin"


def _keyring():
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    return keyring


def save_token(ws: Workspace, actor: Actor, token: str) -> str:
    """Keep ``token``; returns where ("keyring" or "file")."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(ws), token)
            _fallback_path(ws).unlink(missing_ok=True)
            ws.db.set_meta("sync_token_store", "keyring")
            return "keyring"
        except Exception as exc:  # NoKeyringError, locked keyring, D-Bus trouble
            log.info("keyring unavailable (%s); using the encrypted file", type(exc).__name__)
    blob = actor.cipher.encrypt_bytes(token.encode("utf-8"), context=_CONTEXT)
    atomic_write_bytes(_fallback_path(ws), blob)
    ws.db.set_meta("sync_token_store", "file")
    return "file"


def load_token(ws: Workspace, actor: Actor) -> str | None:
    where = ws.db.get_meta("sync_token_store")
    if where == "keyring":
        kr = _keyring()
        if kr is not None:
            try:
                value = kr.get_password(SERVICE, _account(ws))
                if value:
                    return value
            except Exception as exc:
                log.info("keyring read failed (%s)", type(exc).__name__)
    path = _fallback_path(ws)
    if path.exists():
        try:
            return actor.cipher.decrypt_bytes(path.read_bytes(),
                                              context=_CONTEXT).decode("utf-8")
        except Exception as exc:
            log.warning("encrypted token file unreadable (%s)", type(exc).__name__)
    return None
