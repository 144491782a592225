"""Two laptops of one village: device codes keep their local numbers apart, online and by
bundle, and both get their acknowledgements back."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import select

from lapor_desktop import bundles, device, intake
from lapor_desktop import kecamatan as kec
from lapor_desktop.store.models import Meta, Report
from lapor_desktop.workspace import Workspace
from tests.bundles.conftest import Site, add_reports
from tests.support.factories import KECAMATAN, PASSWORD, REGION

pytest.importorskip("lapor_desktop.sync.service")

NUMBER_RE = re.compile(r"^61\.05\.01\.2008/([0-9A-HJKMNP-TV-Z]{4})/\d{4}/(\d{5})$")


@pytest.fixture
def laptops(tmp_path, kecamatan):
    sites = []
    key_file = tmp_path / "usb" / "kunci-kecamatan.json"
    kec.export_key(kecamatan.ws, kecamatan.actor, key_file)
    for name in ("laptop-a", "laptop-b"):
        ws = Workspace.open(tmp_path / name)
        site = Site(ws, ws.initialise(REGION, "operator", PASSWORD, "Operator Desa"),
                    tmp_path / name)
        device.assign_code(ws)
        kec.import_key(ws, site.actor, key_file)
        sites.append(site)
    yield sites
    for site in sites:
        site.ws.close()


def _numbers(site: Site, ids: list[str]) -> list[str]:
    return [intake.get_report(site.ws, site.actor, rid).local_number for rid in ids]


def test_two_laptops_of_one_village_deliver_online_and_by_bundle(laptops, kecamatan,
                                                                  central, tmp_path):
    from lapor_desktop.sync.service import enroll_device, make_engine

    a, b = laptops
    assert device.device_code(a.ws) != device.device_code(b.ws)
    # Online: each laptop enrolled on central with its own code sends its own reports.
    online = {}
    for site, start in ((a, 0), (b, 0)):
        online[site.root.name] = add_reports(site, tmp_path, 2, start=start)
        enroll_device(site.ws, site.actor, central.url, central.enroll_code(REGION))
        summary = make_engine(site.ws, site.actor).run_once()
        assert summary.outcome == "ok", summary.message
        assert summary.sent == 2
    # By bundle: two more reports each, carried to the kecamatan on one stick.
    usb = tmp_path / "usb"
    offline = {}
    for site, start in ((a, 10), (b, 10)):
        offline[site.root.name] = add_reports(site, tmp_path, 2, start=start)
        bundles.export_bundle(site.ws, site.actor, usb / f"{site.root.name}.lapor")
    for site in (a, b):
        res = bundles.import_bundle(kecamatan.ws, kecamatan.actor,
                                    usb / f"{site.root.name}.lapor",
                                    trust=site_fingerprint(site))
        assert res.imported == 2
    enroll_device(kecamatan.ws, kecamatan.actor, central.url, central.enroll_code(KECAMATAN))
    summary = make_engine(kecamatan.ws, kecamatan.actor).run_once()
    assert summary.outcome == "ok", summary.message
    assert summary.sent == 4

    # Central holds all eight, no two with one number; each carries its laptop's code.
    on_central = {r["id"]: r for r in central.export()}
    every = [rid for ids in (*online.values(), *offline.values()) for rid in ids]
    assert set(on_central) == set(every)
    numbers = _numbers(a, online["laptop-a"] + offline["laptop-a"]) + \
        _numbers(b, online["laptop-b"] + offline["laptop-b"])
    assert len(set(numbers)) == 8
    with kecamatan.ws.db.read() as s:  # the kecamatan holds both laptops' bundled reports
        assert set(s.scalars(select(Report.local_number).where(
            Report.id.in_(offline["laptop-a"] + offline["laptop-b"])))) == set(
            _numbers(a, offline["laptop-a"]) + _numbers(b, offline["laptop-b"]))
    for site in (a, b):
        for number in _numbers(site, online[site.root.name] + offline[site.root.name]):
            m = NUMBER_RE.match(number)
            assert m and m.group(1) == device.device_code(site.ws), number
    # Both laptops started at counter 00001: only the device code tells them apart.
    assert {NUMBER_RE.match(n).group(2) for n in _numbers(a, online["laptop-a"])} == \
        {NUMBER_RE.match(n).group(2) for n in _numbers(b, online["laptop-b"])}

    # One acknowledgement for the village marks the bundled reports delivered on both.
    ack = usb / "tanda-terima.json"
    res = bundles.write_ack(kecamatan.ws, kecamatan.actor, ack, REGION)
    assert (res.reports, res.with_tracking) == (4, 4)
    for site in (a, b):
        got = bundles.import_ack(site.ws, site.actor, ack)
        assert (got.acknowledged, got.delivered, got.unknown) == (2, 2, 2)
        for rid in online[site.root.name] + offline[site.root.name]:
            view = intake.get_report(site.ws, site.actor, rid)
            assert view.local_state == "terkirim"
            assert view.tracking_id == on_central[rid]["tracking_id"]


def site_fingerprint(site: Site) -> str:
    return device.describe(site.ws).grouped_fingerprint


def test_existing_store_gets_a_device_code_and_keeps_its_numbers(village, tmp_path):
    from alembic import command

    from lapor_desktop.store.db import _alembic_config, make_engine

    old = add_reports(village, tmp_path, 1)[0]
    first = intake.get_report(village.ws, village.actor, old).local_number
    path = village.ws.paths.database
    village.ws.close()
    engine = make_engine(path)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0003")
    engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT value FROM meta WHERE key='device_code'").fetchone() is None
    finally:
        con.close()

    ws = Workspace.open(village.root)
    try:
        me = ws.login("operator", PASSWORD)
        with ws.db.read() as s:
            stored = s.scalar(select(Meta.value).where(Meta.key == device.CODE_META))
        assert stored == device.code_for(ws.device_id)
        assert intake.get_report(ws, me, old).local_number == first
        new = add_reports(Site(ws, me, village.root), tmp_path, 1, start=5)[0]
        number = intake.get_report(ws, me, new).local_number
        assert number.split("/")[1] == stored and NUMBER_RE.match(number)
    finally:
        ws.close()
