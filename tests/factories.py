"""Small helpers creating valid objects for tests; lieux are placed in real communes (Angers by default)."""

import itertools
from datetime import date

from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import Point
from django.utils import timezone

from lieux.models import Commune, Lieu, Provenance

_numeros = itertools.count(1)


def creer_lieu(**overrides) -> Lieu:
    """A valid lieu in Angers (49007) offering two services; any field can be overridden.

    When the test database holds the geography (`geographie` fixture), the lieu is attached to its commune,
    EPCI, département and région, found by `code_insee`, unless those are given.
    """
    numero = next(_numeros)
    valeurs = {
        "id": f"lieu-test-{numero}",
        "nom": f"Médiathèque de test {numero}",
        "commune": "Angers",
        "code_postal": "49000",
        "code_insee": "49007",
        "adresse": "49 rue Toussaint",
        "date_maj": date(2025, 3, 1),
        "localisation": Point(-0.5536, 47.4739, srid=4326),
        "services": ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"],
        "source": "tests",
    }
    valeurs.update(overrides)
    commune = Commune.objects.filter(code=valeurs["code_insee"]).first() if valeurs["code_insee"] else None
    if commune is not None:
        rattachement = {"commune_officielle_id": commune.code, "epci_id": commune.epci_id,
                        "departement_id": commune.departement_id, "region_id": commune.region_id}
        for attribut, code in rattachement.items():
            if attribut not in valeurs and attribut.removesuffix("_id") not in valeurs:
                valeurs[attribut] = code
    return Lieu.objects.create(**valeurs)


def creer_provenance(lieu: Lieu, **overrides) -> Provenance:
    valeurs = {
        "lieu": lieu,
        "source": "tests",
        "id_source": lieu.id,
        "donnees_brutes": {"nom": lieu.nom, "commune": lieu.commune, "services": "|".join(lieu.services)},
        "empreinte": "0" * 64,
        "recue_le": timezone.now(),
    }
    valeurs.update(overrides)
    return Provenance.objects.create(**valeurs)


def creer_lieu_demo(**overrides) -> Lieu:
    """A demo lieu as lieux/demo.py writes it: a record of the import source « demonstration »."""
    from lieux.models import PROVENANCE_DEMO, SOURCE_DEMO

    lieu = creer_lieu(**{"source": SOURCE_DEMO, **overrides})
    creer_provenance(lieu, source=PROVENANCE_DEMO, id_source=f"demo-{lieu.uid}", donnees_brutes={})
    return lieu


def coordinateur(utilisateur, *, national=False, **territoires):
    """The account's territories (lieux/perimetres.py): `departements=["49"]`, `regions=…`, `epcis=…`, `communes=…`
    (codes), or `national=True` for the whole of France."""
    from lieux.models import Coordinateur

    ligne, _ = Coordinateur.objects.update_or_create(utilisateur=utilisateur, defaults={"national": national})
    for niveau, codes in territoires.items():
        getattr(ligne, niveau).set(codes)
    return ligne


def compte(client, nom, *droits, national=True, **territoires):
    """A staff account holding these permissions (« app.codename »), logged in on `client`: a national coordinator
    unless territories are given (`departements=["49"]`…)."""
    utilisateur = User.objects.create_user(nom, password="x", is_staff=True)
    for droit in droits:
        app, code = droit.split(".")
        utilisateur.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=code))
    coordinateur(utilisateur, national=national and not territoires, **territoires)
    client.force_login(utilisateur)
    return utilisateur
