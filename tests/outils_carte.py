"""Shared by the map's tests: a clean slate per test (no cached answer, no lieu committed by the browser session),
the map counts kept by the triggers checked against the lieux."""

from collections import Counter

import pytest
from django.core.cache import cache

from lieux.projections import masque
from lieux.models import CompteCarte, Lieu
from lieux.projections import comptes


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
