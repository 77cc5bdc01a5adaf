"""The private cluster of `make run` (scripts/devdb.sh): durable by default, every connection authenticated.

A hub runs `make run` on its own machine: a power cut must not lose what it imported, and no local user may reach
the database without the password. Checked on a throw-away cluster of its own (its folder and port)."""

import os
import socket
import subprocess
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path_factory):
    dossier = Path("/tmp") / f"devdb-test-{os.getpid()}"  # reachable by the postgres user (not under /root)
    env = {**os.environ, "DEVDB_DIR": str(dossier), "DEVDB_PORT": str(_port_libre())}
    env.pop("DEVDB_RAPIDE", None)

    def devdb(*args, **en_plus):
        return subprocess.run([str(RACINE / "scripts/devdb.sh"), *args], env={**env, **en_plus}, cwd=RACINE,
                              capture_output=True, text=True, timeout=180, check=True).stdout

    yield devdb, env, dossier
    subprocess.run([str(RACINE / "scripts/devdb.sh"), "stop"], env=env, cwd=RACINE, capture_output=True, timeout=60)
    subprocess.run(["rm", "-rf", str(dossier)], check=False)


def _psql(env, sql, mot_de_passe=None):
    env_psql = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    if mot_de_passe is not None:
        env_psql["PGPASSWORD"] = mot_de_passe
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", env["DEVDB_PORT"], "-U", "postgres", "-w", "-Atc", sql,
                           "mediation"], env=env_psql, capture_output=True, text=True, timeout=30)


def test_cluster_durable_et_authentifie(cluster):
    devdb, env, dossier = cluster
    assert "(durable)" in devdb("start")
    mot_de_passe = (dossier / "motdepasse").read_text().strip()
    assert len(mot_de_passe) >= 20 and oct((dossier / "motdepasse").stat().st_mode)[-3:] == "600"
    refus = _psql(env, "select 1")
    assert refus.returncode != 0 and "password" in refus.stderr
    reglages = _psql(env, "select setting from pg_settings where name in "
                          "('fsync','synchronous_commit','full_page_writes') order by name", mot_de_passe)
    assert reglages.stdout.split() == ["on", "on", "on"]
    assert devdb("url").strip().startswith(f"postgis://postgres:{mot_de_passe}@127.0.0.1:{env['DEVDB_PORT']}/")
    # CI and throw-away clusters may choose speed
    devdb("stop")
    assert "rapide, non durable" in devdb("start", DEVDB_RAPIDE="1")
    assert _psql(env, "show fsync", mot_de_passe).stdout.strip() == "off"
