"""Offline transfer: signed bundle files on a USB stick, and acknowledgements back.

``format``: the container, limits, errors and results; ``seal``: sealed boxes to the
kecamatan; ``keys``: village device keys and their fingerprints; ``export``: the village
writes a bundle; ``verify``: the kecamatan checks one completely before writing anything;
``import_``: it imports a verified bundle in one transaction; ``ack``: signed
acknowledgements back to the village. See docs/bundles.md.
"""

from lapor_desktop.bundles.ack import import_ack, villages, write_ack
from lapor_desktop.bundles.export import export_bundle, pending_ids
from lapor_desktop.bundles.format import (
    ACK_FORMAT,
    FORMAT,
    FORMAT_VERSION,
    KECAMATAN_EVENT,
    KECAMATAN_STATUS,
    AckImportResult,
    AckResult,
    BundleError,
    BundleInfo,
    ExportResult,
    ImportResult,
    NothingToExport,
    detect,
)
from lapor_desktop.bundles.import_ import UntrustedDevice, check_trust, import_bundle
from lapor_desktop.bundles.keys import DeviceInfo, key_fingerprint, trusted_devices
from lapor_desktop.bundles.seal import SEAL_ALG, files_key_aad, identity_aad, open_sealed, seal
from lapor_desktop.bundles.verify import verify_bundle

__all__ = [
    "ACK_FORMAT",
    "FORMAT",
    "FORMAT_VERSION",
    "KECAMATAN_EVENT",
    "KECAMATAN_STATUS",
    "SEAL_ALG",
    "AckImportResult",
    "AckResult",
    "BundleError",
    "BundleInfo",
    "DeviceInfo",
    "ExportResult",
    "ImportResult",
    "NothingToExport",
    "UntrustedDevice",
    "check_trust",
    "detect",
    "export_bundle",
    "files_key_aad",
    "identity_aad",
    "import_ack",
    "import_bundle",
    "key_fingerprint",
    "open_sealed",
    "pending_ids",
    "seal",
    "trusted_devices",
    "verify_bundle",
    "villages",
    "write_ack",
]
