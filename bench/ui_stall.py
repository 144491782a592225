"""GUI-thread stalls during long operations (``python bench/ui_bench.py --stall``).

A 1 ms precise timer ticks on the GUI thread while each operation runs through the real
widgets; the longest gap between two ticks is how long the window could not repaint or
answer a click. One line per operation, exactly ``stall <operation>: max N ms``:

- sync: the sync scheduler sends 1,000 reports to a real central on 127.0.0.1;
- bundle import: a kecamatan imports a village bundle of 3,000 reports (verify + import +
  the view refreshed afterwards), through the Kecamatan page;
- attach: the intake form stores a 20 MB file;
- kecamatan view: the Kecamatan page refreshes with 3,000 reports (deadlines included).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

PASSWORD = "sandi-rahasia-1"
VILLAGE = "61.05.01.2008"
KECAMATAN = "61.05.01"


class StallMeter:
    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def measure(self, start: Callable[[], None], done: Callable[[], bool],
                timeout_s: float = 600) -> float:
        """Run ``start`` from the event loop, turn the loop until ``done()``; worst gap (ms)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        started: list[bool] = []

        def begin() -> None:
            start()
            started.append(True)

        def finished() -> bool:
            return bool(started) and done()

        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: loop.quit() if finished() else None)
        limit = time.perf_counter() + timeout_s
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer.start()
        poll.start()
        QTimer.singleShot(0, begin)
        while not finished() and time.perf_counter() < limit:
            loop.exec()
        poll.stop()
        self.timer.stop()
        self._tick()
        return self.worst * 1000


def _reports(ws, actor, n: int, prefix: str) -> None:
    from lapor_desktop import intake
    from tests.support.factories import report_data

    for start in range(0, n, 500):
        intake.create_reports(ws, actor, [report_data(title=f"{prefix} {i}")
                                          for i in range(start, min(n, start + 500))])


def stall_sync(base: Path, meter: StallMeter, n: int = 1000) -> float:
    from lapor_desktop.sync.service import enroll_device
    from lapor_desktop.ui.main_window import PAGE_SYNC, MainWindow
    from lapor_desktop.workspace import Workspace
    from tests.support.central import start_central

    central = start_central(base)
    try:
        ws = Workspace.open(base / "sync-desa")
        actor = ws.initialise(VILLAGE, "admin", PASSWORD, "Admin Desa")
        _reports(ws, actor, n, "Laporan kirim")
        enroll_device(ws, actor, central.url, central.enroll_code(VILLAGE))
        win = MainWindow(ws, actor, ask_print=False, start_sync=False)
        win.resize(1366, 768)
        win.show()
        win.go(PAGE_SYNC)
        results: list = []
        win.scheduler.finished.connect(results.append)
        worst = meter.measure(win.scheduler.send_now, lambda: bool(results))
        assert results[0].sent == n, results[0]
        win.close()
        ws.close()
        return worst
    finally:
        central.stop()


def _kecamatan_with_bundle(base: Path, n: int):
    from lapor_desktop import bundles
    from lapor_desktop import kecamatan as kec
    from lapor_desktop.workspace import Workspace

    kws = Workspace.open(base / "kecamatan")
    kact = kws.initialise(KECAMATAN, "camat", PASSWORD, "Operator Kecamatan")
    kec.export_key(kws, kact, base / "kunci.json")
    vws = Workspace.open(base / "desa")
    vact = vws.initialise(VILLAGE, "op", PASSWORD, "Operator Desa")
    kec.import_key(vws, vact, base / "kunci.json")
    _reports(vws, vact, n, "Laporan bundel")
    bundles.export_bundle(vws, vact, base / "usb" / "desa.lapor")
    vws.close()
    return kws, kact


def stall_bundle_and_view(base: Path, meter: StallMeter, n: int = 3000) -> tuple[float, float]:
    from lapor_desktop.ui.main_window import PAGE_BUNDLE, MainWindow

    kws, kact = _kecamatan_with_bundle(base, n)
    win = MainWindow(kws, kact, ask_print=False, start_sync=False)
    win.resize(1366, 768)
    win.show()
    win.go(PAGE_BUNDLE)
    page = win.bundle_page
    page.confirm = lambda _title, _text: True
    path = str(base / "usb" / "desa.lapor")
    messages: list = []
    page.job_finished.connect(messages.append)
    page.job_failed.connect(messages.append)
    imported = meter.measure(lambda: page.import_file(path),
                             lambda: bool(messages) and not page.busy)
    assert "Diimpor" in messages[-1], messages
    view = meter.measure(page.refresh, lambda: True)
    views = [meter.measure(page.refresh, lambda: True) for _ in range(2)]
    win.close()
    kws.close()
    return imported, max([view, *views])


def stall_attach(base: Path, meter: StallMeter, size_mb: int = 20) -> float:
    from lapor_desktop.ui.main_window import MainWindow
    from lapor_desktop.workspace import Workspace
    from tests.support.factories import png_bytes

    ws = Workspace.open(base / "attach-desa")
    actor = ws.initialise(VILLAGE, "admin", PASSWORD, "Admin Desa")
    ws.settings.max_attachment_bytes = max(ws.settings.max_attachment_bytes,
                                           (size_mb + 1) << 20)
    src = base / "foto-besar.png"
    head = png_bytes(64, 64, seed=5)
    with open(src, "wb") as f:
        f.write(head)
        f.write(b"\0" * ((size_mb << 20) - len(head)))
    win = MainWindow(ws, actor, ask_print=False, start_sync=False)
    win.resize(1366, 768)
    win.show()
    form = win.intake
    form.title.setText("Foto jalan rusak")
    worst = meter.measure(lambda: form.add_files([src]), lambda: not form.attaching)
    assert form.attachments.count() == 1, form.attachment_error.text()
    win.close()
    ws.close()
    return worst


def run(base: Path) -> None:
    from lapor_desktop.ui.app import make_app

    app = make_app([])
    meter = StallMeter()
    results = {"sync": stall_sync(base, meter)}
    results["bundle import"], results["kecamatan view"] = stall_bundle_and_view(base, meter)
    results["attach"] = stall_attach(base, meter)
    for name in ("sync", "bundle import", "attach", "kecamatan view"):
        print(f"stall {name}: max {results[name]:.0f} ms", flush=True)
    del app
