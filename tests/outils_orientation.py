"""Lieux and helpers shared by the orientation tests: Finistère, far from the browser tests' committed lieux."""

from lieux.models import Commune
from tests.factories import creer_lieu


DEMARCHES = "Aide aux démarches administratives"


LOISIRS = "Loisirs et créations numériques"


QUIMPER = "latitude={lat}&longitude={lon}&distance={d}&adresse=Quimper"


def lieu_a(code_insee, **valeurs):
    commune = Commune.objects.get(code=code_insee)
    valeurs.setdefault("services", [DEMARCHES])
    return creer_lieu(code_insee=code_insee, commune=commune.nom, code_postal=commune.codes_postaux[0],
                      localisation=commune.point, **valeurs)


def autour_de_quimper(km=100, **autres):
    point = Commune.objects.get(code="29232").point
    query = QUIMPER.format(lat=point.y, lon=point.x, d=km * 1000)
    return query + "".join(f"&{k}={v}" for k, vs in autres.items() for v in (vs if isinstance(vs, list) else [vs]))


def html(reponse):
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "variable de gabarit manquante" not in texte
    return texte
