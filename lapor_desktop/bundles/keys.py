"""Village device keys as the kecamatan sees them: fingerprints and the keys it trusts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from lapor_desktop import kecamatan as kec
from lapor_desktop.security import b64d
from lapor_desktop.store.models import Meta, Report
from lapor_desktop.workspace import Workspace

DEVICE_META = "bundle_device:"  # + device id -> base64 Ed25519 public key (trust on first use)


def key_fingerprint(public_b64: str) -> str:
    """sha256 hex of a raw public key given in base64."""
    return hashlib.sha256(b64d(public_b64)).hexdigest()


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    region_code: str
    public_key: str  # base64
    fingerprint: str  # sha256 hex of the raw public key
    known: bool  # False: first bundle from this device (trust on first use)

    @property
    def short_fingerprint(self) -> str:
        return kec.format_fingerprint(self.fingerprint)


def trusted_devices(ws: Workspace) -> list[DeviceInfo]:
    """Village devices whose key this kecamatan recorded on their first bundle."""
    with ws.db.read() as s:
        rows = s.execute(select(Meta.key, Meta.value)
                         .where(Meta.key.like(DEVICE_META + "%"))).all()
        regions = dict(s.execute(select(Report.origin_device, Report.origin_region)
                                 .where(Report.origin_device.is_not(None)).distinct()).all())
    out = []
    for k, value in rows:
        device_id = k[len(DEVICE_META):]
        out.append(DeviceInfo(device_id, regions.get(device_id, ""), value,
                              key_fingerprint(value), True))
    return out
