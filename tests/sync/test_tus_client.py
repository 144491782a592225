"""The tus client of LaporHttpGateway against a scripted server (no sockets)."""

from __future__ import annotations

import pytest
import requests
from requests.adapters import HTTPAdapter

from lapor_desktop.sync.gateway import TransientError, UploadJob
from lapor_desktop.sync.http import LaporHttpGateway

BASE = "http://central.test"
UPLOAD = BASE + "/api/v1/files/abc"


class Scripted(HTTPAdapter):
    """Answers every request with ``answer(request) -> (status, headers)``."""

    def __init__(self, answer):
        super().__init__()
        self.answer = answer
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        if len(self.requests) > 50:  # a client stuck in a loop: fail the request instead
            raise requests.ConnectionError("too many requests")
        status, headers = self.answer(request)
        resp = requests.Response()
        resp.status_code = status
        resp.headers.update({"X-Lapor-Protocol": "1", **headers})
        resp._content = b""
        resp.request = request
        resp.url = request.url
        return resp


def _gateway(answer) -> tuple[LaporHttpGateway, Scripted]:
    gw = LaporHttpGateway(BASE, token="t" * 32)
    adapter = Scripted(answer)
    gw.session.mount("http://", adapter)
    return gw, adapter


def _job(tmp_path, size: int = 1000) -> UploadJob:
    path = tmp_path / "foto.jpg"
    path.write_bytes(b"x" * size)
    return UploadJob(report_id="r", attachment_id="a", path=str(path), size=size,
                     sha256="0" * 64, file_name="foto.jpg", media_type="image/jpeg",
                     resume_url=UPLOAD)


def test_patch_409_with_an_unchanged_offset_does_not_loop(tmp_path):
    # The server refuses the offset it reports itself (e.g. the upload is locked by a
    # request still running there): the client must give up on this try, not spin.
    def answer(req):
        if req.method == "HEAD":
            return 200, {"Upload-Offset": "0", "Upload-Length": "1000"}
        return 409, {}

    gw, adapter = _gateway(answer)
    with pytest.raises(TransientError):
        gw.upload_attachment(_job(tmp_path))
    assert sum(r.method == "PATCH" for r in adapter.requests) == 1


def test_a_kept_url_refused_with_another_4xx_starts_a_new_upload(tmp_path):
    # Only 404/410/403 used to mean "stale": any other 4xx on HEAD ended every run with
    # an error, so one bad kept URL blocked the attachment for good.
    urls: list[str | None] = []

    def answer(req):
        if req.method == "HEAD":
            return 400, {}
        if req.method == "POST":
            return 201, {"Location": BASE + "/api/v1/files/new"}
        return 204, {"Upload-Offset": "1000"}

    gw, adapter = _gateway(answer)
    job = _job(tmp_path)
    job.on_url = urls.append
    outcome = gw.upload_attachment(job)
    assert outcome.bytes_sent == 1000 and outcome.resumed_from == 0
    assert urls == [None, BASE + "/api/v1/files/new"]
    assert [r.method for r in adapter.requests] == ["HEAD", "POST", "PATCH"]
