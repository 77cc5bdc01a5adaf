"""Shared by the map's tests: the map counts kept by the triggers checked against the lieux (their clean slate,
the `ardoise_propre` fixture, is in tests/conftest.py)."""

from collections import Counter

from lieux.models import CompteCarte, Lieu
from lieux.projections import comptes, masque


def attendus() -> Counter:
    """The counts computed here from the lieux themselves, in Python (not with the triggers' SQL)."""
    resultat = Counter()
    for region, dep, m in Lieu.objects.actifs().localises().values_list("region_id", "departement_id", "masque_carte"):
        for portee in masque.PORTEES:
            resultat[("region", portee, region, None, m & portee)] += 1
        for portee in comptes.PORTEES_DEPARTEMENT:
            resultat[("departement", portee, region, dep, m & portee)] += 1
        resultat[("france", masque.TOUS, None, None, m)] += 1
    return resultat


def tenus() -> Counter:
    lignes = CompteCarte.objects.values_list("niveau", "portee", "region", "departement", "masque", "n")
    assert all(n > 0 for *_, n in lignes), "no row is left at zero"
    return Counter({tuple(cle): n for *cle, n in lignes})


def verifier():
    assert tenus() == attendus()
