"""Attachment uploads per storage backend: one central process (SQLite), ``--devices``
devices uploading ``--photos`` photos of ``--photo-kb`` KB each at once over tus, each photo
in PATCHes of ``--chunk-kb`` KB (a village client's chunk). Prints photos/s, MB/s and the
p50/p95 of one whole upload, and checks every photo's sha256 through ``have``.

    python bench/central_storage.py [--storage local|s3] [--devices 8] [--photos 10]
                                    [--photo-kb 300] [--chunk-kb 64]

``--storage s3`` starts moto's S3 server (the test extra) on 127.0.0.1 and a bucket on it.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.central_common import (
    enroll_many,
    free_port,
    start_server,
    stop_server,
)
from lapor_central.samples import attachment_meta, rehash, sample_report

TUS = {"Tus-Resumable": "1.0.0"}


def start_moto(tmp: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "bench",
           "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
    for _ in range(300):
        try:
            requests.get(env["AWS_ENDPOINT_URL"], timeout=1)
            break
        except requests.RequestException:
            time.sleep(0.1)
    import boto3

    boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench"
                 ).create_bucket(Bucket="bench")
    return proc, env


def upload(api: str, token: str, region: str, device_id: str, n: int, size: int, chunk: int,
           times: list[float], lock: threading.Lock) -> list[dict]:
    auth = {"Authorization": f"Bearer {token}"}
    photos = [os.urandom(size) for _ in range(n)]
    reports = [rehash(sample_report(i, attachments=[attachment_meta(p)], region_code=region,
                                    origin={"device_id": device_id, "region_code": region}))
               for i, p in enumerate(photos)]
    with requests.Session() as s:
        r = s.post(f"{api}/reports/batch", json={"reports": reports}, headers=auth, timeout=120)
        r.raise_for_status()
        for report, data in zip(reports, photos, strict=True):
            meta = report["attachments"][0]
            md = {"filename": meta["file_name"], "filetype": meta["media_type"],
                  "report_id": report["id"], "attachment_id": meta["id"],
                  "sha256": meta["sha256"]}
            t0 = time.perf_counter()
            c = s.post(f"{api}/files/", timeout=60, headers={
                **auth, **TUS, "Upload-Length": str(size), "Upload-Metadata": ",".join(
                    f"{k} {base64.b64encode(x.encode()).decode()}" for k, x in md.items())})
            c.raise_for_status()
            for off in range(0, size, chunk):
                p = s.patch(c.headers["Location"], data=data[off:off + chunk], timeout=120,
                            headers={**auth, **TUS, "Upload-Offset": str(off),
                                     "Content-Type": "application/offset+octet-stream"})
                assert p.status_code == 204, p.text
            with lock:
                times.append(time.perf_counter() - t0)
    return reports


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--storage", choices=["local", "s3"], default="local")
    ap.add_argument("--devices", type=int, default=8)
    ap.add_argument("--photos", type=int, default=10)
    ap.add_argument("--photo-kb", type=int, default=300)
    ap.add_argument("--chunk-kb", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        db_url = f"sqlite:///{tmp / 'central.db'}"
        moto = None
        storage: str | Path = tmp / "storage"
        if args.storage == "s3":
            moto, env = start_moto(tmp)
            os.environ.update(env)
            storage = "s3://bench/central"
        port = free_port()
        server = start_server(db_url, storage, port)  # type: ignore[arg-type]
        api = f"http://127.0.0.1:{port}/api/v1"
        try:
            regions = ["61.05.01.2008"] * args.devices
            tokens = enroll_many(api, db_url, regions, "bench-storage")
            times: list[float] = []
            lock = threading.Lock()
            results: list[list[dict]] = [[] for _ in tokens]

            def run(i: int) -> None:
                results[i] = upload(api, tokens[i], regions[i], f"bench-storage-{i}",
                                    args.photos, args.photo_kb * 1024, args.chunk_kb * 1024,
                                    times, lock)

            t0 = time.perf_counter()
            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tokens))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            missing = 0
            for token, reports in zip(tokens, results, strict=True):
                r = requests.post(f"{api}/reports/have", timeout=60,
                                  headers={"Authorization": f"Bearer {token}"},
                                  json={"reports": [{"id": x["id"],
                                                     "content_hash": x["content_hash"]}
                                                    for x in reports]})
                missing += sum(len(k["missing_attachments"]) for k in r.json()["known"])
        finally:
            stop_server(server)
            if moto is not None:
                moto.terminate()
                moto.wait(10)
    n = len(times)
    mb = n * args.photo_kb / 1024
    q = statistics.quantiles(times, n=20) if n > 1 else times * 19
    print(f"storage {args.storage}: {args.devices} devices x {args.photos} photos of "
          f"{args.photo_kb} KB in {args.chunk_kb} KB PATCHes")
    print(f"  uploads verified    {n - missing}/{args.devices * args.photos}")
    print(f"  upload p50 / p95    {statistics.median(times):.3f} / {q[18]:.3f} s")
    print(f"  photos/s {n / wall:.1f}")
    print(f"  MB/s {mb / wall:.2f}")
    print(f"  wall {wall:.1f} s")


if __name__ == "__main__":
    main()
