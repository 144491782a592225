"""The desk over HTTP against a real server: sessions, CSRF, role scoping, identity rule,
actions, escaping, audit and throttling."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from lapor_central.desk.models import AuditEntry, LoginThrottle
from lapor_central.models import StatusEvent
from tests.desk.conftest import STAFF_PASSWORD, csrf_of


def _audit(desk, action: str | None = None) -> list[AuditEntry]:
    with desk.central.database.read() as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            q = q.where(AuditEntry.action == action)
        return list(s.scalars(q))


def test_no_page_or_action_without_a_session(desk):
    rep = desk.report(1)
    anon = desk.client()
    for path in ("/desk/", f"/desk/laporan/{rep['id']}",
                 f"/desk/laporan/{rep['id']}/lampiran/{uuid.uuid4()}"):
        r = anon.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/desk/masuk", path
    r = anon.act(rep["id"], "verifikasi", csrf="x")
    assert r.status_code == 403
    r = anon.post(f"/desk/laporan/{rep['id']}/identitas", {"reason": "x" * 20, "csrf": "x"})
    assert r.status_code == 403
    forged = desk.client()
    forged.http.cookies.set("lapor_desk", "not-a-session", path="/desk")
    assert forged.get("/desk/").status_code == 303
    assert desk.status_of(rep["id"]) == "diterima"


def test_login_cookie_flags_logout_and_wrong_password(desk):
    c = desk.client()
    r = c.login("admin", "salah-sekali-katanya")
    assert r.status_code == 401 and "Nama pengguna atau kata sandi salah." in r.text
    r = c.login("admin")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "lapor_desk=" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/desk" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    page = c.get("/desk/")
    assert page.status_code == 200 and "Antrean laporan" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert c.post("/desk/keluar", {"csrf": "salah"}).status_code == 403
    r = c.post("/desk/keluar", {"csrf": c.csrf})
    assert r.status_code == 303 and "keluar" in r.headers["location"]
    assert c.get("/desk/").status_code == 303


def test_secure_cookie_behind_https_proxy(desk):
    c = desk.client()
    page = c.get("/desk/masuk", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.headers["set-cookie"]
    # requests keeps Secure cookies off plain http: hand the login cookie over explicitly.
    token = page.cookies["lapor_desk_login"]
    c.http.cookies.clear()
    r = c.post("/desk/masuk", {"username": "admin", "password": STAFF_PASSWORD,
                               "csrf": csrf_of(page.text)},
               headers={"X-Forwarded-Proto": "https",
                        "Cookie": f"lapor_desk_login={token}"})
    assert r.status_code == 303 and "Secure" in r.headers["set-cookie"]


def test_login_form_needs_its_csrf_token(desk):
    c = desk.client()
    c.get("/desk/masuk")
    r = c.post("/desk/masuk", {"username": "admin", "password": STAFF_PASSWORD, "csrf": "x"})
    assert r.status_code == 403 and "lapor_desk=" not in r.headers.get("set-cookie", "")
    fresh = desk.client()  # a token copied from someone else's form, without its cookie
    r = fresh.post("/desk/masuk", {"username": "admin", "password": STAFF_PASSWORD,
                                   "csrf": csrf_of(c.get("/desk/masuk").text)})
    assert r.status_code == 403


def test_throttling_locks_known_and_unknown_names(desk):
    c = desk.client()
    for _ in range(5):
        assert c.login("admin", "tebakan-yang-salah").status_code == 401
    r = c.login("admin")  # the right password, but the name is locked now
    assert r.status_code == 429 and "Coba lagi dalam" in r.text
    for _ in range(5):
        assert c.login("tidak-ada", "tebakan-yang-salah").status_code == 401
    assert c.login("tidak-ada", "apa-saja").status_code == 429
    with desk.central.database.read() as s:
        rows = {t.username: t for t in s.scalars(select(LoginThrottle))}
    assert rows["admin"].locks == 1 and rows["tidak-ada"].locks == 1
    span = rows["admin"].locked_until
    assert span is not None
    assert desk.client().login("dpu").status_code == 303  # other names unaffected


def test_agency_sees_only_its_reports_and_gets_404_for_others(desk):
    mine = desk.report(1, title="Jalan rusak di Tertung")
    theirs = desk.report(2, title="Puskesmas tutup", category="kesehatan",
                         agency="dinkes-sintang")
    dpu = desk.client("dpu")
    queue = dpu.get("/desk/").text
    assert "Jalan rusak di Tertung" in queue and "Puskesmas tutup" not in queue
    assert dpu.get(f"/desk/laporan/{mine['id']}").status_code == 200
    assert dpu.get(f"/desk/laporan/{theirs['id']}").status_code == 404
    assert dpu.get(f"/desk/laporan/{uuid.uuid4()}").status_code == 404
    r = dpu.act(theirs["id"], "tindak_lanjut", "dikerjakan")
    assert r.status_code == 404 and desk.status_of(theirs["id"]) == "diterima"
    admin = desk.client("admin")
    queue = admin.get("/desk/").text
    assert "Jalan rusak di Tertung" in queue and "Puskesmas tutup" in queue
    assert admin.get(f"/desk/laporan/{theirs['id']}").status_code == 200


def test_actions_need_csrf_follow_the_lifecycle_and_are_audited(desk):
    rep = desk.report(1)
    admin = desk.client("admin")
    page = admin.get(f"/desk/laporan/{rep['id']}").text
    offered = set(re.findall(r'name="action" value="([a-z_]+)"', page))
    assert offered == {"verifikasi", "tunda", "bukan_wewenang", "arsipkan"}
    assert admin.act(rep["id"], "verifikasi", csrf="").status_code == 403
    assert admin.act(rep["id"], "verifikasi", csrf="palsu").status_code == 403
    assert desk.status_of(rep["id"]) == "diterima"
    r = admin.act(rep["id"], "selesai", "langsung selesai")
    assert r.status_code == 422 and desk.status_of(rep["id"]) == "diterima"
    assert admin.act(rep["id"], "verifikasi").status_code == 303
    r = admin.act(rep["id"], "teruskan", "silakan <ditangani>")
    assert r.status_code == 422 and "Pilih instansi" in r.text
    assert ">silakan &lt;ditangani&gt;</textarea>" in r.text  # what was typed is kept
    r = admin.act(rep["id"], "teruskan", "", agency="dpupr-sintang")
    assert r.status_code == 422 and "Catatan wajib" in r.text
    assert admin.act(rep["id"], "teruskan", "Mohon ditinjau", "dpupr-sintang").status_code == 303
    dpu = desk.client("dpu")
    page = dpu.get(f"/desk/laporan/{rep['id']}").text
    assert set(re.findall(r'name="action" value="([a-z_]+)"', page)) == {
        "tindak_lanjut", "tunda", "bukan_wewenang"}
    assert dpu.act(rep["id"], "tindak_lanjut", "   ").status_code == 422
    long_note = "Jalan diperbaiki. " * 200
    r = dpu.act(rep["id"], "tindak_lanjut", long_note)
    assert r.status_code == 422 and "paling banyak 2000 karakter" in r.text
    assert long_note.strip() in r.text  # given back to shorten, not cut
    assert dpu.act(rep["id"], "tindak_lanjut", "Lubang ditambal 3 Des.").status_code == 303
    assert desk.status_of(rep["id"]) == "ditindaklanjuti"
    with desk.central.database.read() as s:
        events = list(s.scalars(select(StatusEvent).where(StatusEvent.report_id == rep["id"])
                                .order_by(StatusEvent.seq)))
    assert [e.status for e in events] == ["diterima", "terverifikasi", "diteruskan",
                                          "ditindaklanjuti"]
    assert events[-1].note == "Lubang ditambal 3 Des." and events[-1].deadline is not None
    acts = [(a.username, a.action, a.report_id) for a in _audit(desk)
            if a.action.startswith("report.")]
    assert acts == [("admin", "report.verifikasi", rep["id"]),
                    ("admin", "report.teruskan", rep["id"]),
                    ("dpu", "report.tindak_lanjut", rep["id"])]
    assert all(a.at is not None for a in _audit(desk))


def test_reroute_moves_the_report_to_the_other_agency(desk):
    rep = desk.report(1)
    admin = desk.client("admin")
    admin.act(rep["id"], "verifikasi")
    admin.act(rep["id"], "teruskan", "Untuk DPUPR", "dpupr-sintang")
    dpu = desk.client("dpu")
    # diteruskan -> diteruskan is not a lifecycle step: the agency first says bukan wewenang.
    page = dpu.get(f"/desk/laporan/{rep['id']}").text
    assert 'value="teruskan"' not in page
    assert dpu.act(rep["id"], "teruskan", "x", "dinkes-sintang").status_code == 422
    assert dpu.act(rep["id"], "bukan_wewenang", "Bukan jalan kabupaten").status_code == 303
    r = dpu.act(rep["id"], "teruskan", "Ini soal puskesmas, bukan jalan", "dinkes-sintang")
    assert r.status_code == 303 and r.headers["location"] == "/desk/?pesan=dialihkan"
    assert dpu.get(f"/desk/laporan/{rep['id']}").status_code == 404
    dinkes = desk.client("dinkes")
    page = dinkes.get(f"/desk/laporan/{rep['id']}")
    assert page.status_code == 200 and "Ini soal puskesmas, bukan jalan" in page.text


def test_html_is_escaped_everywhere(desk):
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    rep = desk.report(1, title=evil, body=evil + " " + "isi laporan yang cukup panjang",
                      location_detail=evil)
    admin = desk.client("admin")
    admin.act(rep["id"], "tunda", evil)
    for path in ("/desk/", f"/desk/laporan/{rep['id']}"):
        html = admin.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_identity_follows_privacy(desk):
    name, phone = "Maria Ulfa Tengah", "081298765432"
    comp = {"name": name, "nik": None, "phone": phone, "email": None, "address": None}
    public = desk.report(1, complainant=comp)
    hidden = desk.report(2, complainant=comp, privacy="anonim")
    secret = desk.report(3, complainant=comp, privacy="rahasia")
    dpu = desk.client("dpu")
    assert name in dpu.get(f"/desk/laporan/{public['id']}").text
    for rep in (hidden, secret):
        html = dpu.get(f"/desk/laporan/{rep['id']}").text
        assert name not in html and phone not in html and "Tampilkan identitas" not in html
        assert "Identitas pelapor tidak ditampilkan untuk instansi." in html
        assert dpu.post(f"/desk/laporan/{rep['id']}/identitas",
                        {"reason": "ingin tahu saja siapa", "csrf": dpu.csrf}).text.count(
                            name) == 0
    admin = desk.client("admin")
    html = admin.get(f"/desk/laporan/{hidden['id']}").text
    assert name not in html and "Tampilkan identitas" in html
    r = admin.post(f"/desk/laporan/{hidden['id']}/identitas", {"reason": "", "csrf": admin.csrf})
    assert r.status_code == 422 and name not in r.text
    r = admin.post(f"/desk/laporan/{hidden['id']}/identitas",
                   {"reason": "Klarifikasi lokasi dengan pelapor", "csrf": "palsu"})
    assert r.status_code == 403 and name not in r.text
    r = admin.post(f"/desk/laporan/{hidden['id']}/identitas",
                   {"reason": "Klarifikasi lokasi dengan pelapor", "csrf": admin.csrf})
    assert r.status_code == 200 and name in r.text and phone in r.text
    reveals = _audit(desk, "identity.reveal")
    assert [(a.username, a.report_id, a.detail) for a in reveals] == [
        ("admin", hidden["id"], "Klarifikasi lokasi dengan pelapor")]
    assert name not in admin.get(f"/desk/laporan/{hidden['id']}").text  # not sticky


def test_queue_filters_counts_and_keyset_paging(desk):
    reps = [desk.report(i, title=f"Laporan antrean {i:03d}") for i in range(55)]
    other = desk.report(99, title="Laporan kesehatan", category="kesehatan",
                        agency="dinkes-sintang")
    admin = desk.client("admin")
    admin.act(reps[0]["id"], "verifikasi")
    first = admin.get("/desk/").text
    assert "Semua <b>56</b>" in first and "Terverifikasi <b>1</b>" in first
    assert first.count('<tr>') - 1 == 50
    nxt = re.search(r'href="([^"]*after_id=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = admin.get(nxt).text
    assert second.count('<tr>') - 1 == 6
    titles = set(re.findall(r"Laporan antrean \d{3}", first + second))
    assert len(titles) == 55
    only = admin.get("/desk/?status=terverifikasi").text
    assert "Laporan antrean 000" in only and "Laporan antrean 001" not in only
    cat = admin.get("/desk/?category=kesehatan").text
    assert "Laporan kesehatan" in cat and "Laporan antrean" not in cat
    by_no = admin.get(f"/desk/?q={reps[7]['tracking_id']}").text
    assert by_no.count("<tr>") - 1 == 1 and "Laporan antrean 007" in by_no
    assert "Tidak ada laporan" in admin.get("/desk/?overdue=1").text  # all due in the future
    assert "Tidak ada laporan" in admin.get("/desk/?village=61.05.02.2001").text
    assert "Semua <b>56</b>" in admin.get("/desk/?kecamatan=61.05.01").text
    assert "Semua <b>0</b>" in admin.get("/desk/?kecamatan=61.05.02").text
    bad = admin.get("/desk/?status=%3Cx%3E&after_due=zzz&after_id=1&village=<b>")
    assert bad.status_code == 200 and "<b>" not in bad.text.split("<main>")[1].split(
        "<table")[0].replace("<b>56</b>", "").replace("<b>1</b>", "").replace("<b>55</b>", "")
    assert other["id"] in admin.get("/desk/?category=kesehatan").text


def test_disabled_staff_loses_the_session(desk):
    dpu = desk.client("dpu")
    assert dpu.get("/desk/").status_code == 200
    from lapor_central.desk.staff import disable_staff

    disable_staff(desk.central.database, "dpu")
    assert dpu.get("/desk/").status_code == 303
    assert desk.client().login("dpu").status_code == 401


def test_no_personal_data_in_the_server_log(desk):
    comp = {"name": "Yohanes Lintang", "nik": "6105011208850003", "phone": "081377766655",
            "email": "yohanes@example.org", "address": "Jl. Merdeka 7"}
    rep = desk.report(1, complainant=comp, privacy="rahasia")
    admin = desk.client("admin")
    admin.post(f"/desk/laporan/{rep['id']}/identitas",
               {"reason": "Verifikasi NIK pelapor", "csrf": admin.csrf})
    admin.act(rep["id"], "verifikasi", "Sudah dicek")
    log = desk.central.log()
    assert "advanced to terverifikasi" in log
    for value in comp.values():
        assert value not in log


def test_action_reaches_the_kecamatan_relay_with_its_note(desk):
    import requests

    from lapor_central.samples import sample_report

    relay = desk.central.enroll("61.05.01")  # a kecamatan device relaying USB bundles
    auth = {"Authorization": f"Bearer {relay['token']}"}
    rep = sample_report(1, device_id="desa-2008-tanpa-internet")
    r = requests.post(f"{desk.central.api}/reports/batch", json={"reports": [rep]},
                      headers=auth, timeout=30)
    assert r.json()["results"][0]["result"] == "accepted"
    admin = desk.client("admin")
    assert admin.act(rep["id"], "tunda", "Menunggu survei lapangan").status_code == 303
    changes = requests.get(f"{desk.central.api}/status-changes", headers=auth,
                           timeout=30).json()["changes"]
    assert [(c["report_id"], c["status"], c["note"]) for c in changes][-1] == (
        rep["id"], "ditunda", "Menunggu survei lapangan")


def test_expired_session_is_refused(desk):
    from lapor_central.db import utcnow
    from lapor_central.desk.models import DeskSession

    dpu = desk.client("dpu")
    assert dpu.get("/desk/").status_code == 200
    with desk.central.database.write() as s:
        for row in s.scalars(select(DeskSession)):
            row.expires_at = utcnow()
    assert dpu.get("/desk/").status_code == 303
    assert dpu.act(str(uuid.uuid4()), "verifikasi").status_code == 403


def test_correction_links_the_report_it_replaces(desk):
    first = desk.report(1, title="Jembatan rusak")
    fixed = desk.report(2, title="Jembatan rusak (koreksi)", supersedes=first["id"])
    html = desk.client("admin").get(f"/desk/laporan/{fixed['id']}").text
    assert f'href="/desk/laporan/{first["id"]}">laporan sebelumnya' in html
