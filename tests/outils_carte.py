"""Shared by the map's tests: a clean slate per test (no cached answer, no lieu committed by the browser session)."""

import pytest
from django.core.cache import cache


@pytest.fixture
def ardoise_propre(request):
    """Empty cache; lieux committed for the browser tests (`lieux_navigateur`) archived inside this test's
    transaction only, so that counts see this test's lieux alone (rolled back afterwards)."""
    cache.clear()
    if request.node.get_closest_marker("django_db"):
        from lieux.models import Lieu
        from tests.donnees_navigateur import SOURCE

        Lieu.objects.filter(source=SOURCE).update(statut=Lieu.Statut.ARCHIVE)
    yield
    cache.clear()
