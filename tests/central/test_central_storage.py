"""The storage backends on their own (lapor_central/storage.py): a filed attachment is
written once and never replaced, parts are separate objects, and a storage that cannot be
used stops ``serve`` with its reason. Real files under tmp_path, a real S3 server (moto)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from lapor_central.storage import LocalStorage, Storage, StorageError, open_storage
from tests.support.central import REPO_ROOT


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    bucket = request.getfixturevalue("bucket")
    mp = request.getfixturevalue("monkeypatch")
    for k, v in bucket.server.env.items():
        mp.setenv(k, v)
    return open_storage(bucket.url, tmp_path / "work")


def _file(storage: Storage, name: str, data: bytes):
    path = storage.spool_path(name)
    path.write_bytes(data)
    return path


def _read(storage: Storage, report_id: str, attachment_id: str) -> bytes:
    opened = storage.open_attachment(report_id, attachment_id)
    assert opened is not None
    size, chunks = opened
    data = b"".join(chunks)
    assert len(data) == size
    return data


def test_a_filed_attachment_is_never_replaced(storage):
    first, other = os.urandom(3000), os.urandom(3000)
    sha = hashlib.sha256(first).hexdigest()
    assert storage.open_attachment("r1", "a1") is None
    assert storage.publish("r1", "a1", _file(storage, "one", first), sha) is True
    assert storage.publish("r1", "a1", _file(storage, "two", other),
                           hashlib.sha256(other).hexdigest()) is False
    assert _read(storage, "r1", "a1") == first


def test_parts_are_separate_objects_assembled_in_order(storage, tmp_path):
    a, b = os.urandom(1000), os.urandom(500)
    ka = storage.put_part("u" * 32, 0, "t1", _file(storage, "pa", a))
    kb = storage.put_part("u" * 32, 1000, "t1", _file(storage, "pb", b))
    stale = storage.put_part("u" * 32, 0, "t0", _file(storage, "pc", b"x" * 1000))
    assert len({ka, kb, stale}) == 3
    digest, size = storage.assemble([ka, kb], tmp_path / "whole")
    assert (digest, size) == (hashlib.sha256(a + b).hexdigest(), 1500)
    assert [u for u, _ in storage.upload_ids()] == ["u" * 32]
    storage.delete_upload("u" * 32)
    assert list(storage.upload_ids()) == []


def test_unusable_storage_is_refused_with_its_reason(tmp_path, s3, monkeypatch):
    with pytest.raises(StorageError):
        open_storage("ftp://example/files")
    with pytest.raises(StorageError):
        open_storage("s3:///no-bucket")
    env = {**os.environ, **s3.env, "PYTHONPATH": str(REPO_ROOT)}
    out = subprocess.run([sys.executable, "-m", "lapor_central", "serve", "--db",
                          f"sqlite:///{tmp_path / 'c.db'}", "--storage", "s3://tidak-ada/x",
                          "--port", "1"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 2
    assert "tidak-ada" in out.stderr and "Traceback" not in out.stderr
