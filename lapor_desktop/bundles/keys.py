"""Village device keys as the kecamatan sees them: fingerprints and the keys it trusts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lapor_desktop import device
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import Meta, Report
from lapor_desktop.workspace import Workspace

DEVICE_META = "bundle_device:"  # + device id -> base64 Ed25519 public key, once trusted


key_fingerprint = device.fingerprint


@dataclass(frozen=True)
class DeviceInfo:
    """The device that signed a bundle, as this kecamatan sees it."""

    device_id: str
    region_code: str
    public_key: str  # base64
    fingerprint: str  # sha256 hex of the raw public key
    known: bool  # True: the key this kecamatan already trusts for this device
    code: str = ""  # the device code in its local numbers (bundles from before: "")
    previous_fingerprint: str | None = None  # a known device presenting a new key

    @property
    def short_fingerprint(self) -> str:
        return kec.format_fingerprint(self.fingerprint)

    @property
    def grouped_fingerprint(self) -> str:
        return device.group_fingerprint(self.fingerprint)

    @property
    def grouped_previous_fingerprint(self) -> str:
        return device.group_fingerprint(self.previous_fingerprint or "")

    @property
    def key_changed(self) -> bool:
        return self.previous_fingerprint is not None

    @property
    def village(self) -> str:
        return kec.village_name(self.region_code)

    def matches(self, typed: str | None) -> bool:
        """An operator's ``--trust`` value: the exact fingerprint, ignoring spaces, colons
        and case."""
        return bool(typed) and device.normalise_fingerprint(typed) == self.fingerprint


def trusted_devices(ws: Workspace) -> list[DeviceInfo]:
    """Village devices whose key this kecamatan trusts."""
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
