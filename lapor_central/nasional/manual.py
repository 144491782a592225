"""For a kabupaten without an endpoint: one file per case for staff to type into LAPOR!.

Each forwarded case becomes ``lapor-nasional-<YYYY-MM-DD>-<case>.csv`` in a folder: a
two-column sheet (label, value) listing exactly the fields of LAPOR!'s web form in the
form's order, so staff can copy them one by one, and a last row
``Nomor lacak LAPOR! (diisi petugas)`` where they type the national tracking id once
LAPOR! has given it. :func:`read_recorded_ids` reads those ids back for the outbox.

Why CSV in UTF-8 with a byte-order mark: every office machine opens it (Excel,
LibreOffice, a text editor) without an import dialog, and it survives being saved again
(the reader accepts ``,``, ``;`` and tab, which Excel uses with an Indonesian locale).

The file holds no identity of the complainant: LAPOR!'s web form files the complaint
under the kabupaten's own account, and a file of names on a shared disk is what UU PDP
warns against. Staff who need to reach the complainant do it from the desk.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lapor_central.nasional.gateway import Forwarded, OutcomeKind, SubmitOutcome
from lapor_protocol.domain import KIND_LABELS

TRACKING_LABEL = "Nomor lacak LAPOR! (diisi petugas)"
CASE_LABEL = "Nomor laporan kabupaten"
PREFIX = "lapor-nasional-"
_SAFE = re.compile(r"[^A-Za-z0-9-]+")
_TRACKING_RE = re.compile(r"^\d{1,20}$")


def form_rows(report: Forwarded) -> list[tuple[str, str]]:
    """The web form's fields for one case, in the form's order (label, value)."""
    yes_no = {True: "Ya", False: "Tidak"}
    return [
        (CASE_LABEL, report.case_ref),
        ("Klasifikasi", KIND_LABELS.get(report.kind, str(report.kind))),
        ("Judul laporan", report.title),
        ("Isi laporan", report.body),
        ("Tanggal kejadian",
         report.incident_date.isoformat() if report.incident_date else ""),
        ("Lokasi kejadian", report.location),
        ("Instansi tujuan", report.agency),
        ("Kategori", report.category),
        ("Anonim", yes_no[report.anonim]),
        ("Rahasia", yes_no[report.rahasia]),
        (TRACKING_LABEL, ""),
    ]


def _cell(value: str) -> str:
    """A value a spreadsheet shows as text: one starting with a formula sign is prefixed
    with an apostrophe, so a complaint can never run as a formula on a staff machine."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def file_name(report: Forwarded, day: date) -> str:
    return f"{PREFIX}{day.isoformat()}-{_SAFE.sub('_', report.case_ref)[:40]}.csv"


class ManualGateway:
    """Writes the case to a file; the outcome is ``MANUAL`` (the row waits for the
    tracking id typed by hand). Writing the same case again finds its file and writes
    nothing: a case is never on two sheets."""

    def __init__(self, folder: Path, today: date | None = None) -> None:
        self.folder = Path(folder)
        self._today = today

    def __repr__(self) -> str:
        return f"ManualGateway({str(self.folder)!r})"

    def existing(self, report: Forwarded) -> Path | None:
        tail = file_name(report, date(2000, 1, 1))[len(PREFIX) + 11:]
        exact = re.compile(re.escape(PREFIX) + r"\d{4}-\d{2}-\d{2}-" + re.escape(tail) + "$")
        for path in sorted(self.folder.glob(f"{PREFIX}*{tail}")):
            if exact.match(path.name):
                return path
        return None

    def submit(self, report: Forwarded) -> SubmitOutcome:
        report = report.for_privacy()
        target = self.folder / file_name(report, self._today or date.today())
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            found = self.existing(report)
            if found is not None:
                return SubmitOutcome(OutcomeKind.MANUAL, "file_exists", file=found)
            try:
                self._write_once(target, form_rows(report))
            except FileExistsError:   # another worker filed it a moment ago
                return SubmitOutcome(OutcomeKind.MANUAL, "file_exists", file=target)
        except OSError as exc:
            # The disk is full or the folder is not writable: nothing was filed.
            return SubmitOutcome(OutcomeKind.TRANSIENT, "file_write_failed",
                                 type(exc).__name__)
        return SubmitOutcome(OutcomeKind.MANUAL, "file_written", file=target)

    def _write_once(self, target: Path, rows: list[tuple[str, str]]) -> None:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(["Isian formulir LAPOR!", "Nilai"])
        for label, value in rows:
            writer.writerow([label, _cell(value)])
        data = buf.getvalue().encode("utf-8-sig")
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            # A hard link never replaces an existing file (POSIX and NTFS alike), so two
            # workers filing the same case at once leave one file.
            os.link(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)


@dataclass(frozen=True)
class RecordedId:
    case_ref: str
    tracking_id: str
    file: Path


def _read_pairs(path: Path) -> dict[str, str]:
    text = path.read_text("utf-8-sig", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    pairs: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text), dialect):
        if len(row) >= 2:
            pairs[row[0].strip()] = row[1].strip()
    return pairs


def read_recorded_ids(folder: Path) -> tuple[list[RecordedId], list[str]]:
    """Tracking ids staff typed into the sheets: ``(found, problems)``. A sheet with
    something other than digits in the tracking field is named in ``problems`` (in
    Indonesian, for the desk) and not taken."""
    found: list[RecordedId] = []
    problems: list[str] = []
    for path in sorted(Path(folder).glob(f"{PREFIX}*.csv")):
        try:
            pairs = _read_pairs(path)
        except OSError:
            problems.append(f"{path.name}: berkas tidak dapat dibaca.")
            continue
        case_ref = pairs.get(CASE_LABEL, "")
        typed = pairs.get(TRACKING_LABEL, "").lstrip("'#").replace(" ", "")
        if not typed:
            continue
        if not case_ref or not _TRACKING_RE.match(typed):
            problems.append(f"{path.name}: nomor lacak LAPOR! harus berupa angka.")
            continue
        found.append(RecordedId(case_ref, typed, path))
    return found, problems
