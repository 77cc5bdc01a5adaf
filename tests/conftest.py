"""Test set-up: the real PostGIS (pytest-django, --reuse-db), Debian's Chromium for browser tests, no network.

The geography is loaded once into the test database and kept between runs (--reuse-db). No test may use
`transactional_db` / `live_server`: their table flush would wipe it. Browser tests use the session-scoped
`serveur` fixture instead, which serves the test database from a thread with data committed for the session.
"""

import os
import shutil
import socket

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb, request):
    """pytest-django sets up the test database only when a selected test is marked `django_db`: a run of browser
    tests that commit through the live server (not marked) would otherwise reach the development database."""
    from django.test.utils import setup_databases

    if not any(item.get_closest_marker("django_db") for item in request.session.items):
        with django_db_blocker.unblock():
            setup_databases(verbosity=0, interactive=False, aliases={"default"},
                            keepdb=django_db_keepdb and not django_db_createdb)


@pytest.fixture(scope="session")
def geographie(django_db_setup, django_db_blocker):
    """The whole French geography, loaded once (the command skips when the fixtures are already loaded)."""
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _pas_de_reseau(monkeypatch, request):
    """Tests never reach the internet: outside APIs must be faked (opt out with @pytest.mark.reseau_local)."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("reseau_local"):
        return
    vrai_connect = socket.socket.connect

    def connect(sock, address, *args):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise OSError(f"accès réseau interdit pendant les tests : {address}")
        return vrai_connect(sock, address, *args)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(scope="session")
def serveur(geographie, django_db_blocker):
    """A live server on the test database for browser tests (data it shows must be committed: see `lieux_navigateur`)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


@pytest.fixture(scope="session")
def lieux_navigateur(serveur, django_db_blocker):
    """Lieux committed for the browser session (source `test-navigateur`), removed afterwards."""
    from tests.donnees_navigateur import creer_lieux_committes, supprimer_lieux_committes

    with django_db_blocker.unblock():
        supprimer_lieux_committes()
        lieux = creer_lieux_committes()
        yield lieux
        supprimer_lieux_committes()
