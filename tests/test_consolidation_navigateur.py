"""The review of a doubtful pair in a real Chromium: the coordinator opens the pair's page from the queue, sees the two
records side by side (the agreement in words), and merges them with « Même lieu ». The two sources are imported and
committed for the live server, and removed afterwards (lieux, records, runs, decisions)."""

import re
from types import SimpleNamespace

import pytest

from lieux.models import DecisionRapprochement, Lieu, PaireRapprochement
from tests.outils_consolidation import SOURCE_A, SOURCE_B, importer_vence, lieu_de

pytestmark = pytest.mark.browser
SOURCES = (SOURCE_A, SOURCE_B)  # removed by the `coordinatrice` fixture, before and after
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")


@pytest.fixture
def vence(coordinatrice, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        DecisionRapprochement.objects.filter(source_a__in=SOURCES).delete()
        p = importer_vence(tmp_path)
        uids = set(Lieu.objects.filter(provenances__source__in=SOURCES).values_list("uid", flat=True))
        a, b = sorted((p.A2.pk, p.B2.pk))
        paire = PaireRapprochement.objects.get(a_id=a, b_id=b)
    yield SimpleNamespace(p=p, paire=paire, blocker=django_db_blocker)
    with django_db_blocker.unblock():
        DecisionRapprochement.objects.filter(source_a__in=SOURCES).delete()
        Lieu.objects.filter(uid__in=uids).delete()  # merged lieux included (they keep no record)


def test_revue_d_une_paire_puis_meme_lieu(page, serveur, coordinatrice, vence):
    page.route(HORS_SERVEUR, lambda route: route.abort())
    coordinatrice.connecter(page, "/admin/lieux/pairerapprochement/")
    page.get_by_role("link", name=f"Espace numérique Les Pins ({SOURCE_A})").click()
    page.wait_for_selector("#cote-a-cote")
    assert page.url.startswith(f"{serveur}/admin/lieux/pairerapprochement/{vence.paire.pk}/change/")
    assert page.is_visible("#cote-a-cote") and page.is_visible("#revue-indices")
    nom = page.inner_text("#cote-a-cote tr[data-champ=nom]")
    assert "Espace numérique Les Pins" in nom and "Maison Les Pins" in nom and "différent" in nom
    assert "identique" in page.inner_text("#cote-a-cote tr[data-champ=code_postal]")
    page.fill("#motif", "même bâtiment, deux entrées")
    page.get_by_role("button", name="Même lieu").click()
    page.wait_for_selector("text=Décision enregistrée : même lieu.")
    assert f"/admin/lieux/pairerapprochement/" in page.url and page.is_visible("#cote-a-cote")  # the next pair
    with vence.blocker.unblock():
        assert lieu_de(vence.p.A2) == lieu_de(vence.p.B2)
        decision = DecisionRapprochement.objects.get(**DecisionRapprochement.cle(vence.p.A2, vence.p.B2))
        assert decision.motif == "même bâtiment, deux entrées" and decision.auteur.username == coordinatrice.nom
