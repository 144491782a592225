"""Housekeeping: clean up after a crash at start-up, bring older rows up to date at login.

- ``sweep(ws)`` (at start-up and after a bundle import; after CLI work through
  ``sweep_if_due``, at most once per ``SWEEP_INTERVAL_SECONDS``): removes attachment files that no
  row refers to, files left in the temp folder, and drafts of corrections whose original no
  longer points at them (left by an interrupted correction in older versions). Only files
  older than ``ORPHAN_AGE_SECONDS`` are touched, so a file another process is writing
  right now (its row not yet committed) is never removed.
- ``after_login(ws, actor)`` (needs the data key): seals attachment files still stored in
  the clear (``stored_files.seal_clear_files``, once per store), seals attachment names,
  re-encrypts identities written without padding, and fills the blind index; then seals
  identities to the role key (``rolekeys.after_login``, revision 0005).
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import select, text

from lapor_desktop.attachments import sweep_orphans
from lapor_desktop.store.models import Attachment, IdentityIndex, Report

log = logging.getLogger(__name__)

ORPHAN_AGE_SECONDS = 3600
IDENTITY_COLUMNS = ("enc_name", "enc_nik", "enc_phone", "enc_email", "enc_address")
# Set once every row is protected: rows are written protected since revision 0003, so only
# a store from before (or restored from an older backup) needs the pass, once.
PROTECTED_META = "rows_protected"


SWEEP_INTERVAL_SECONDS = 3600
LAST_SWEEP_META = "last_sweep_at"
# Claims the sweep for this process (one atomic statement under BEGIN IMMEDIATE), so a
# script running many CLI commands, or several at once, walks the folder once an hour.
_CLAIM_SWEEP = text(
    "INSERT INTO meta(key, value) VALUES(:k, :now) ON CONFLICT(key) DO UPDATE SET "
    "value = excluded.value WHERE CAST(meta.value AS REAL) <= :due RETURNING value")


def sweep_if_due(ws, now: float | None = None) -> dict[str, int] | None:
    """``sweep`` unless one ran in the last ``SWEEP_INTERVAL_SECONDS`` (orphans are only
    removed after an hour anyway; walking 20,000 files costs seconds)."""
    now = time.time() if now is None else now
    with ws.db.write() as s:
        claimed = s.execute(_CLAIM_SWEEP, {"k": LAST_SWEEP_META, "now": repr(now),
                                           "due": now - SWEEP_INTERVAL_SECONDS}).first()
    return sweep(ws) if claimed is not None else None


def sweep(ws, *, min_age: float = ORPHAN_AGE_SECONDS) -> dict[str, int]:
    with ws.db.read() as s:
        known = set(s.scalars(select(Attachment.stored_path)))
    files = sweep_orphans(ws.paths.root, ws.paths.attachments, known, min_age=min_age)
    tmp = 0
    cutoff = time.time() - min_age
    for path in sorted(ws.paths.tmp.rglob("*"), reverse=True):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                tmp += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        except OSError:
            continue
    drafts = _drop_stray_correction_drafts(ws)
    if files or tmp or drafts:
        log.info("swept %d orphan files, %d temp files, %d stray drafts", files, tmp, drafts)
    return {"files": files, "tmp": tmp, "drafts": drafts}


def _drop_stray_correction_drafts(ws) -> int:
    paths = []
    with ws.db.write() as s:
        stray = list(s.scalars(select(Report).where(
            Report.local_state == "draf", Report.supersedes.is_not(None))))
        n = 0
        for draft in stray:
            original = s.scalar(select(Report).where(Report.id == draft.supersedes))
            if original is not None and original.superseded_by == draft.id:
                continue
            paths += [ws.paths.root / a.stored_path for a in draft.attachments]
            s.delete(draft)
            n += 1
    for p in paths:
        p.unlink(missing_ok=True)
    return n


def after_login(ws, actor) -> None:
    """Bring rows written by older versions up to today's protection (idempotent), once
    per store: later logins skip the scan."""
    from lapor_desktop import delivery, rolekeys, stored_files

    stored_files.seal_clear_files(ws, actor)
    if ws.db.get_meta(PROTECTED_META) != "1":
        _protect_legacy_rows(ws, actor)
    # After the pass above, so that rows it indexes still have their work copy.
    rolekeys.after_login(ws, actor)
    # Then delivery copies for reports still waiting for one (revision 0009), and the
    # kecamatan's bundle key moves from under the data key to the role key.
    delivery.seal_pending(ws, actor)
    if ws.is_kecamatan:
        rolekeys.protect_kecamatan_key(ws, actor)


def _protect_legacy_rows(ws, actor) -> None:
    from lapor_desktop import search

    cipher = actor.cipher
    with ws.db.write() as s:
        ws.db.set_meta(PROTECTED_META, "1", session=s)
        for att in s.scalars(select(Attachment).where(Attachment.enc_file_name.is_(None))):
            att.enc_file_name = cipher.encrypt(att.file_name, context=f"{att.id}:file_name")
            att.file_name = ""
        indexed = select(IdentityIndex.report_id)
        todo = s.scalars(select(Report).where(
            Report.id.not_in(indexed),
            Report.enc_phone.is_not(None) | Report.enc_nik.is_not(None)))
        for report in todo:
            for column in IDENTITY_COLUMNS:
                blob = getattr(report, column)
                if not cipher.is_padded(blob):
                    context = f"{report.id}:{column[4:]}"
                    setattr(report, column,
                            cipher.encrypt(cipher.decrypt(blob, context=context),
                                           context=context))
            search.index_identity(s, actor, report.id,
                                  phone=cipher.decrypt(report.enc_phone,
                                                       context=f"{report.id}:phone"),
                                  nik=cipher.decrypt(report.enc_nik,
                                                     context=f"{report.id}:nik"))
