"""Desk limits: a download's file name is sanitised into an RFC 6266
``Content-Disposition`` (a village's file name is data, never a path), and an action chosen
on a page that no longer shows the report's status is refused."""

from __future__ import annotations

import base64

import requests

from lapor_central.samples import attachment_meta

TUS = {"Tus-Resumable": "1.0.0"}


def _upload(desk, report: dict, meta: dict, data: bytes) -> None:
    auth = {"Authorization": f"Bearer {desk.token}"}
    md = {"filename": meta["file_name"], "filetype": meta["media_type"],
          "report_id": report["id"], "attachment_id": meta["id"], "sha256": meta["sha256"]}
    r = requests.post(desk.central.api + "/files/", timeout=30, headers={
        **auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": ",".join(
            f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in md.items())})
    assert r.status_code == 201, r.text
    r = requests.patch(r.headers["Location"], data=data, timeout=30, headers={
        **auth, **TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 204, r.text


def test_download_name_is_sanitised(desk):
    data = b"isi berkas"
    names = ["../../etc/passwd", 'lap"oran\\x;.pdf', "foto desa ü.txt"]
    metas = [attachment_meta(data + n.encode(), file_name=n, media_type="text/plain")
             for n in names]
    rep = desk.report(1, attachments=metas)
    for meta, n in zip(metas, names, strict=True):
        _upload(desk, rep, meta, data + n.encode())
    admin = desk.client("admin")
    got = []
    for meta in metas:
        r = admin.get(f"/desk/laporan/{rep['id']}/lampiran/{meta['id']}")
        assert r.status_code == 200
        got.append(r.headers["Content-Disposition"])
    assert got[0] == "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"
    assert got[1] == "attachment; filename=\"x_.pdf\"; filename*=UTF-8''x_.pdf"
    assert got[2] == ("attachment; filename=\"foto desa _.txt\"; "
                      "filename*=UTF-8''foto%20desa%20%C3%BC.txt")


def test_an_action_chosen_on_a_stale_page_is_refused(desk):
    rep = desk.report(2)
    a, b = desk.client("admin"), desk.client("admin")
    seen = {"action": "tunda", "note": "Menunggu anggaran", "agency": "", "seen": "diterima"}
    assert a.post(f"/desk/laporan/{rep['id']}/aksi", {**seen, "csrf": a.csrf}).status_code == 303
    r = b.post(f"/desk/laporan/{rep['id']}/aksi",
               {**seen, "action": "arsipkan", "csrf": b.csrf})
    assert r.status_code == 422 and "diubah orang lain" in r.text
    assert desk.status_of(rep["id"]) == "ditunda"
