"""End to end in Debian's Chromium: a village pushes a report with a real ``lapor-desktop
sync``, staff work it at the desk, and the next sync brings the status and note home.

Set ``DESK_SCREENSHOT_DIR`` to write the desk screenshots there (docs/screenshots/).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from lapor_desktop import intake
from lapor_desktop.store.models import Report as LocalReport
from lapor_desktop.store.models import StatusEvent as LocalEvent
from tests.desk.conftest import STAFF_PASSWORD
from tests.support.factories import PASSWORD, REGION, report_data, write_file

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium"),
                                reason="Debian's chromium is not installed")

DESKTOP_REPORTS = [
    ("Jalan desa berlubang di Dusun Tertung", "infrastruktur", "publik"),
    ("Lampu jalan padam sejak dua minggu", "listrik", "publik"),
    ("Bantuan sosial belum diterima warga lansia", "bansos", "anonim"),
    ("Air PDAM keruh di RT 03", "air_bersih", "rahasia"),
]
FOLLOW_UP = "Lubang sudah ditambal dengan aspal dingin pada 2 Desember; mohon dipantau."


def _desktop(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LAPOR_DESKTOP_PASSWORD=PASSWORD)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "lapor_desktop", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=120, env=env)


def _photo() -> bytes:
    """A 320x240 JPEG that looks like something (road, sky, a pothole)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), (135, 180, 220))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 120, 320, 240), fill=(105, 100, 95))
    draw.ellipse((110, 160, 220, 205), fill=(60, 50, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def _village_pushes(workspace, actor, desk, tmp_path) -> str:
    photo = write_file(tmp_path / "src", "jalan-berlubang.jpg", _photo())
    items = [report_data(title=title, category=cat, privacy=privacy,
                         attachments=[str(photo)] if i == 0 else [])
             for i, (title, cat, privacy) in enumerate(DESKTOP_REPORTS)]
    ids = [f.id for f in intake.create_reports(workspace, actor, items)]
    root = workspace.paths.root
    res = _desktop(root, "enroll", desk.central.url, "--code", desk.central.enroll_code(REGION))
    assert res.returncode == 0, res.stdout + res.stderr
    res = _desktop(root, "sync")
    assert res.returncode == 0, res.stdout + res.stderr
    # Other reports further along (admin CLI path), so the queue shows a mix of statuses.
    with workspace.db.read() as s:
        tracking = dict(s.execute(select(LocalReport.id, LocalReport.tracking_id)
                                  .where(LocalReport.id.in_(ids))).all())
    for rid, steps in ((ids[1], ["terverifikasi", "diteruskan"]), (ids[2], ["ditunda"])):
        for status in steps:
            desk.central.advance(tracking[rid], status, note="Diproses di kabupaten.")
    return ids[0]


def _shot(page, name: str, tmp_path: Path) -> None:
    out = Path(os.environ.get("DESK_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / name), full_page=True)
    assert (out / name).stat().st_size > 5000


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/desk/")
    assert page.title().startswith("Masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/desk/")


def _act(page, action: str, note: str = "", agency: str | None = None) -> None:
    if note:
        page.get_by_label("Catatan untuk desa dan pelapor").fill(note)
    if agency:
        page.get_by_label("Instansi tujuan (untuk diteruskan)").select_option(agency)
    page.get_by_role("button", name=action, exact=True).click()
    page.wait_for_load_state()


def test_desk_round_trip_in_chromium(workspace, actor, desk, tmp_path):
    from playwright.sync_api import sync_playwright

    rid = _village_pushes(workspace, actor, desk, tmp_path)
    with workspace.db.read() as s:
        tracking = s.scalar(select(LocalReport.tracking_id).where(LocalReport.id == rid))
    assert tracking
    base = desk.central.url
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="id-ID")
            page.goto(f"{base}/desk/laporan/{rid}")  # no session: the sign-in page
            assert page.url == f"{base}/desk/masuk"
            _shot(page, "desk-login.png", tmp_path)
            _login(page, base, "admin")
            counts = page.locator("nav.counts").inner_text().replace("\n", " ")
            assert "Semua 4" in counts and "Diterima 2" in counts and "Ditunda 1" in counts
            _shot(page, "desk-queue.png", tmp_path)
            page.get_by_label("Nomor lacak").fill(tracking)
            page.get_by_role("button", name="Terapkan").click()
            rows = page.locator("table.queue tbody tr")
            assert rows.count() == 1
            rows.first.get_by_role("link", name=DESKTOP_REPORTS[0][0]).click()
            assert page.locator("h1").inner_text() == DESKTOP_REPORTS[0][0]
            img = page.locator(".attachments img")
            assert img.count() == 1 and img.evaluate("i => i.naturalWidth") == 320
            buttons = page.locator(".buttons button").all_inner_texts()
            assert "Selesai" not in buttons and "Verifikasi" in buttons
            _act(page, "Verifikasi")
            assert "Tindakan tersimpan" in page.locator(".flash").inner_text()
            _act(page, "Teruskan ke instansi lain", "Mohon ditangani DPUPR.", "dpupr-sintang")
            page.get_by_role("button", name="Keluar").click()
            page.wait_for_url(f"{base}/desk/masuk?pesan=keluar")

            _login(page, base, "dpu")
            page.get_by_role("link", name=DESKTOP_REPORTS[0][0]).click()
            _act(page, "Tindak lanjut")  # no note: refused, nothing changes
            assert "Catatan wajib" in page.locator(".flash.err").inner_text()
            _act(page, "Tindak lanjut", FOLLOW_UP)
            timeline = page.locator(".timeline").inner_text()
            assert "Ditindaklanjuti" in timeline and FOLLOW_UP in timeline
            _shot(page, "desk-report.png", tmp_path)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID",
                                     is_mobile=True)
            _login(phone, base, "admin")
            _shot(phone, "desk-queue-phone.png", tmp_path)
            phone.goto(f"{base}/desk/laporan/{rid}")
            _shot(phone, "desk-report-phone.png", tmp_path)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            evil = "<script>alert('x')</script><img src=x onerror=alert(1)> Jembatan"
            desk.report(50, title=evil)
            page.goto(f"{base}/desk/")
            assert page.get_by_role("link", name=evil).inner_text() == evil  # shown as text
            assert dialogs == [] and page.locator("main script, main img").count() == 0
        finally:
            browser.close()

    res = _desktop(workspace.paths.root, "sync")
    assert res.returncode == 0, res.stdout + res.stderr
    with workspace.db.read() as s:
        local = s.scalar(select(LocalReport).where(LocalReport.id == rid))
        events = list(s.scalars(select(LocalEvent).where(LocalEvent.report_id == rid)
                                .order_by(LocalEvent.id)))
    assert local.remote_status == "ditindaklanjuti"
    assert [e.status for e in events][-3:] == ["terverifikasi", "diteruskan", "ditindaklanjuti"]
    assert events[-1].note == FOLLOW_UP and events[-2].agency == "dpupr-sintang"
