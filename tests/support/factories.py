"""Realistic test data in the exchange format, and small files of real types."""

from __future__ import annotations

import copy
import io
import struct
import zlib
from pathlib import Path

REGION = "61.05.01.2008"  # Desa Tertung, Kec. Sintang, Kab. Sintang
KECAMATAN = "61.05.01"
PASSWORD = "sandi-rahasia-1"
NIK = "6105015005900001"  # woman born 1990-05-10 (day + 40)
PHONE = "081234567890"

BASE_REPORT = {
    "kind": "pengaduan",
    "title": "Jalan desa berlubang di Dusun Tertung",
    "body": "Jalan utama dusun berlubang besar sejak banjir bulan lalu dan membahayakan "
            "anak sekolah yang lewat setiap pagi.",
    "incident_date": "2026-10-20",
    "region_code": REGION,
    "location_detail": "Jl. Lintas Tertung, dekat SD Negeri 12",
    "category": "infrastruktur",
    "agency": None,
    "privacy": "publik",
    "channel": "tatap_muka",
    "complainant": {
        "name": "Siti Aminah",
        "nik": NIK,
        "phone": PHONE,
        "email": "siti@example.org",
        "address": "RT 02 RW 01 Dusun Tertung",
    },
    "attachments": [],
}


def report_data(**overrides) -> dict:
    data = copy.deepcopy(BASE_REPORT)
    comp = overrides.pop("complainant", None)
    data.update(overrides)
    if comp is not None:
        data["complainant"].update(comp)
    return data


def png_bytes(width: int = 4, height: int = 4, seed: int = 0) -> bytes:
    """A valid PNG made without any imaging library."""
    raw = b"".join(b"\x00" + bytes(((x + y + seed) % 256) for x in range(width * 3))
                   for y in range(height))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + tag + body
                + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_bytes(text: str = "Lampiran", pad: int = 0) -> bytes:
    return (b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + text.encode() + b"\n"
            + b"0" * pad + b"\n%%EOF\n")


def write_file(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def docx_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()
