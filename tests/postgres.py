"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` binaries
(``/usr/lib/postgresql/*/bin``), a cluster initialised in a temporary folder, listening only on
a unix socket in that folder, stopped and removed at the end. As root (CI) the server runs as
the ``postgres`` user, since initdb refuses root.

Without the binaries the tests that need them fail when ``CI`` is set (``make test`` installs
the package), and are skipped on a developer's machine that lacks it.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import free_port

MISSING = (
    "Không tìm thấy PostgreSQL (/usr/lib/postgresql/*/bin/initdb): cài gói Debian `postgresql` "
    "(`make system`) để chạy kiểm thử lịch sử trên PostgreSQL."
)


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


class Cluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="hoidap-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("PostgreSQL cần người dùng hệ thống `postgres` (gói postgresql tạo)")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        subprocess.run(
            [*self._as, *command], check=True, capture_output=True, text=True, cwd=self.root
        )

    def start(self) -> Cluster:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL, as an operator writes ``HOIDAP_DATABASE_URL``."""
        return f"postgresql://postgres@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"hoidap_{next(self._names)}"
        with psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname="postgres"
        ) as db:
            db.autocommit = True
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """One PostgreSQL server for the session; ``new_database()`` per test."""
    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except subprocess.CalledProcessError as error:
        cluster.stop()
        pytest.fail(f"PostgreSQL không khởi động được: {error.stderr or error.stdout}")
    yield cluster
    cluster.stop()
