"""``device show``: this installation's device code and key fingerprint, to read aloud.

Registered by ``lapor_desktop.cli``.
"""

from __future__ import annotations

from lapor_desktop.cli.common import EXIT_OK, dump_json, open_workspace, out


def cmd_device_show(args) -> int:
    from lapor_desktop import device
    from lapor_desktop import kecamatan as kec

    with open_workspace(args) as ws:
        facts = device.describe(ws)
        if args.json:
            dump_json({"device_id": facts.device_id, "device_code": facts.code,
                       "region_code": facts.region_code, "kind": facts.kind,
                       "fingerprint": facts.fingerprint})
            return EXIT_OK
        out(f"Perangkat: {facts.device_id}")
        out(f"Kode perangkat: {facts.code} (bagian dari nomor laporan lokal)")
        out(f"Wilayah: {facts.region_code} ({kec.village_name(facts.region_code)}), "
            f"instalasi {facts.kind}")
        out(f"Sidik jari kunci perangkat: {facts.grouped_fingerprint}")
        out("Bacakan sidik jari ini kepada kecamatan saat bundel pertama dari laptop ini "
            "diimpor.")
    return EXIT_OK


def register(subparsers, common) -> None:
    dev = subparsers.add_parser("device", help="perangkat ini: kode dan sidik jari kunci")
    dsub = dev.add_subparsers(dest="device_command", required=True)
    show = dsub.add_parser("show", help="tampilkan kode perangkat dan sidik jari",
                           parents=[common])
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_device_show)
