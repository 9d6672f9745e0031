"""A throwaway PostgreSQL cluster for the storage tests (and bench/store.py), or the one MINUTES_TEST_PG_URL names.

pytest plugin (load with `pytest_plugins = ["pgcluster"]`): the session fixture `postgres_server`
runs initdb and pg_ctl from Debian's `postgresql` package on a Unix socket in a temporary folder and
a free port, and stops the cluster when the session ends. PostgreSQL refuses to run as root, so as
root the programs run as the `postgres` user. No PostgreSQL means the tests fail, never skip.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_counter = itertools.count()


def _bin(program: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError(f"PostgreSQL's {program} not found: install the Debian package postgresql")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    def __init__(self, *, fsync: bool = False) -> None:
        """fsync off for tests (nothing to keep), on for benchmarks (as a real server runs)."""
        self.folder = Path(tempfile.mkdtemp(prefix="minutes-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        run = {"check": True, "capture_output": True, "text": True}
        subprocess.run(_as_owner([_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]), **run)
        options = f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync={'on' if fsync else 'off'}"
        log = str(self.folder / "log")
        subprocess.run(
            _as_owner([_bin("pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "start"]), **run
        )
        self.url = f"postgresql+psycopg://postgres@/postgres?host={self.folder}&port={self.port}"

    def stop(self) -> None:
        subprocess.run(
            _as_owner([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database where the tests may create databases."""
    given = os.environ.get("MINUTES_TEST_PG_URL")
    if given:
        yield given
        return
    cluster = Cluster()
    try:
        yield cluster.url
    finally:
        cluster.stop()


def fresh_database(server_url: str) -> str:
    """URL of a new, empty database on the server."""
    name = f"minutes_test_{os.getpid()}_{next(_counter)}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def postgres_database(postgres_server: str) -> str:
    """URL of a new, empty PostgreSQL database."""
    return fresh_database(postgres_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'minutes.db'}"
    return fresh_database(request.getfixturevalue("postgres_server"))
