"""Test set-up: the real PostGIS (pytest-django, --reuse-db), Debian's Chromium for browser tests, no network.

The geography is loaded once into the test database and kept between runs (--reuse-db). No test may use
`transactional_db` / `live_server`: their table flush would wipe it. Browser tests use the session-scoped
`serveur` fixture instead, which serves the test database from a thread with data committed for the session.
"""

import os
import shutil
import socket
from types import SimpleNamespace

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


@pytest.fixture
def navigateur_seul(browser_type, browser_type_launch_args):
    """A browser of its own, for tests that read the focus given by `autofocus`: Chromium applies it only in the
    focused window, and in the shared browser another test's window may hold the focus at that rendering."""
    navigateur = browser_type.launch(**browser_type_launch_args)
    yield navigateur
    navigateur.close()


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


from django.contrib.gis.geos import Point  # noqa: E402
from django.core.cache import cache  # noqa: E402

from lieux.models import Lieu  # noqa: E402
from tests.factories import creer_lieu  # noqa: E402
from tests.faux_ban import FauxBAN  # noqa: E402
from tests.faux_serveurs import serveur_local  # noqa: E402
from tests.outils_orientation import DEMARCHES, LOISIRS, lieu_a  # noqa: E402

AIDE = DEMARCHES


# --- fixtures shared by several test modules -----------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    """Imported files are kept with their run: in a temporary MEDIA_ROOT during tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def faux_ban(settings):
    faux = FauxBAN()
    settings.BAN_API_URL = faux.url
    yield faux
    faux.arrete()


@pytest.fixture
def finistere(geographie):
    return {
        "quimper": lieu_a("29232", nom="EPN de Quimper", horaires="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
                          prise_rdv="https://rdv.quimper.example.fr/", telephone="+33298000000"),
        "concarneau": lieu_a("29039", nom="Médiathèque de Concarneau", horaires="Sa 10:00-12:00",
                             services=[DEMARCHES, LOISIRS], prise_en_charge_specifique=["Surdité"]),
        "douarnenez": lieu_a("29046", nom="<script>alert('Douarnenez')</script>", horaires=""),
        "brest": lieu_a("29019", nom="France Services de Brest", horaires="Mo-Fr 08:30-17:00"),
        "morlaix": lieu_a("29151", nom="Tiers-lieu de Morlaix", services=[LOISIRS], horaires="We 14:00-18:00"),
    }


@pytest.fixture(scope="session")
def base_url(serveur):
    """Replaces pytest-playwright's own `base_url` (an instance-method fixture pytest now warns about)."""
    return serveur


@pytest.fixture(scope="session")
def hote():
    """Another site: serves the HTML put in `hote.pages[path]`, from http://localhost:<port>."""
    pages: dict[str, str] = {}

    def repondre(chemin):
        corps = pages.get(chemin.split("?")[0], "").encode()
        return (200 if corps else 404), "text/html; charset=utf-8", corps

    with serveur_local(repondre) as port:
        yield SimpleNamespace(pages=pages, url=f"http://localhost:{port}")


@pytest.fixture
def ardoise_propre(request):
    """Empty cache; lieux committed for the browser tests (`lieux_navigateur`) archived inside this test's
    transaction only, so that counts see this test's lieux alone (rolled back afterwards)."""
    cache.clear()
    if request.node.get_closest_marker("django_db"):
        from tests.donnees_navigateur import SOURCE

        Lieu.objects.filter(source=SOURCE).update(statut=Lieu.Statut.ARCHIVE)
    yield
    cache.clear()


@pytest.fixture
def lieux(geographie):
    """Four lieux for the embed tests: Angers and Saumur (Maine-et-Loire), Rennes, Nantes."""
    return {
        "angers": creer_lieu(nom="Médiathèque d'Angers", services=[AIDE], horaires="Mo-Fr 09:00-17:00"),
        "saumur": creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                             localisation=Point(-0.0769, 47.26, srid=4326), services=["Loisirs et créations numériques"]),
        "rennes": creer_lieu(nom="Espace de Rennes", code_insee="35238", code_postal="35000", commune="Rennes",
                             localisation=Point(-1.68, 48.111, srid=4326), services=[AIDE]),
        "nantes": creer_lieu(nom="Centre de Nantes", code_insee="44109", code_postal="44000", commune="Nantes",
                             localisation=Point(-1.5536, 47.2184, srid=4326), services=[AIDE]),
    }


@pytest.fixture
def coordinatrice(request, serveur, django_db_blocker, settings, tmp_path):
    """A superuser committed for the live server (it reads with its own connection), uploads kept in a temporary
    MEDIA_ROOT; the import sources the test module lists in `SOURCES` (their lieux, runs and rows) are removed
    before and after. `coordinatrice.connecter(page, suite)` logs in through the admin's login page."""
    from django.contrib.auth.models import User

    from tests.outils_import import efface_sources

    compte = SimpleNamespace(nom="coordinatrice-navigateur", mot_de_passe="mot-de-passe-des-tests-navigateur")
    sources = getattr(request.module, "SOURCES", ())

    def nettoie():
        efface_sources(*sources)
        User.objects.filter(username=compte.nom).delete()

    def connecter(page, suite: str):
        page.goto(f"{serveur}/admin/login/?next={suite}")
        page.fill("#id_username", compte.nom)
        page.fill("#id_password", compte.mot_de_passe)
        page.click("input[type=submit]")

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_db_blocker.unblock():
        nettoie()
        User.objects.create_superuser(compte.nom, "coordinatrice@example.org", compte.mot_de_passe)
    compte.connecter = connecter
    yield compte
    with django_db_blocker.unblock():
        nettoie()
