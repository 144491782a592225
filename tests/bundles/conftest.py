"""Two real installations in tmp_path: a village (desa) and its kecamatan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lapor_desktop import intake
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import (
    Attachment,
    AuditEvent,
    Meta,
    Outbox,
    Report,
    StatusEvent,
)
from lapor_desktop.workspace import Actor, Workspace
from tests.support.factories import (
    KECAMATAN,
    PASSWORD,
    REGION,
    pdf_bytes,
    png_bytes,
    report_data,
    write_file,
)


@dataclass
class Site:
    ws: Workspace
    actor: Actor
    root: Path


def _site(root: Path, region: str, username: str, display_name: str):
    ws = Workspace.open(root)
    yield Site(ws, ws.initialise(region, username, PASSWORD, display_name), root)
    ws.close()


@pytest.fixture
def village(tmp_path):
    yield from _site(tmp_path / "desa", REGION, "operator", "Operator Desa")


@pytest.fixture
def kecamatan(tmp_path):
    yield from _site(tmp_path / "kecamatan", KECAMATAN, "camat", "Petugas Kecamatan")


@pytest.fixture
def paired(village, kecamatan, tmp_path):
    """The village has imported the kecamatan's key file."""
    key_file = tmp_path / "usb" / "kunci-kecamatan.json"
    kec.export_key(kecamatan.ws, kecamatan.actor, key_file)
    kec.import_key(village.ws, village.actor, key_file)
    return village, kecamatan


def add_reports(site: Site, tmp_path: Path, count: int = 2, *, attachments: int = 1,
                start: int = 0) -> list[str]:
    """Finalised reports, each with ``attachments`` files (PNG and PDF alternating)."""
    ids = []
    for i in range(start, start + count):
        rid = intake.save_draft(site.ws, site.actor, report_data(
            title=f"Laporan nomor {i}", complainant={"name": f"Warga Nomor {i}"}))
        for j in range(attachments):
            data = png_bytes(8, 8, seed=i * 10 + j) if j % 2 == 0 else pdf_bytes(f"b{i}{j}")
            name = f"bukti-{i}-{j}.png" if j % 2 == 0 else f"bukti-{i}-{j}.pdf"
            intake.add_attachment(site.ws, site.actor, rid,
                                  write_file(tmp_path / "src", name, data))
        intake.finalise(site.ws, site.actor, rid)
        ids.append(rid)
    return ids


TABLES = (Report, Attachment, Outbox, StatusEvent, AuditEvent, Meta)


def snapshot(site: Site) -> dict:
    """Row counts of every table a bundle touches, and every file under attachments/."""
    with site.ws.db.read() as s:
        counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t))
                  for t in TABLES}
    files = sorted(p.relative_to(site.ws.paths.root).as_posix()
                   for p in site.ws.paths.attachments.rglob("*"))
    return {"rows": counts, "files": files}


def fp(site: Site) -> str:
    """The village device's fingerprint as its settings page shows it (for ``trust=``)."""
    from lapor_desktop import device

    return device.describe(site.ws).grouped_fingerprint
