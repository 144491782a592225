"""A throwaway PostgreSQL cluster for the central tests.

Created with the local ``initdb``/``pg_ctl`` (PATH or Debian's /usr/lib/postgresql/*/bin)
in a temporary directory on a free port. initdb refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user (``runuser``). ``start_cluster`` returns
``(url, stop)`` or raises ``Unavailable`` with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.support.central import free_port


class Unavailable(RuntimeError):
    pass


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return Path(d)
    return None


def start_cluster(durable: bool = False) -> tuple[str, Callable[[], None]]:
    """``durable``: keep fsync and synchronous commit on (for benchmarks); tests turn them
    off, they never survive a power cut anyway."""
    bindir = _pg_bin()
    if bindir is None:
        raise Unavailable("PostgreSQL binaries (initdb, pg_ctl) not found; install the "
                          "postgresql package to run the PostgreSQL variants")
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="lapor-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise Unavailable("running as root and no 'postgres' user to own a cluster") \
                from None
        if not shutil.which("runuser"):
            raise Unavailable("running as root without runuser")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = free_port()

    def run(*cmd: str) -> None:
        out = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {out.stdout}\n{out.stderr}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
            "-t", "60", "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 "
            + ("" if durable else "-c fsync=off -c synchronous_commit=off ")
            + "-c max_connections=500", "start")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"could not start a throwaway PostgreSQL cluster: {exc}") from None

    def stop() -> None:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql://postgres@127.0.0.1:{port}", stop


def new_database(cluster_url: str, template: str | None = None) -> str:
    """A new empty database (or a copy of ``template``) on the cluster; its URL."""
    import psycopg

    name = f"central_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{cluster_url}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                     else ""))
    return f"{cluster_url}/{name}"
