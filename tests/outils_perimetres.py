"""What the tests of the territory scopes share: two départements (49 and 33) with lieux, sources, records, reports,
pairs and a decision each, their coordinators and a national account; the check of the site's French 403 page."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.urls import reverse

from imports.models import Source
from lieux.admin_coordinateurs import groupe_des_coordinateurs
from lieux.models import DecisionRapprochement, PaireRapprochement, Signalement
from tests.factories import coordinateur, creer_lieu, creer_provenance

BORDEAUX = {"code_insee": "33063", "commune": "Bordeaux", "code_postal": "33000",
            "localisation": Point(-0.5792, 44.8378, srid=4326)}
LISTE_LIEUX = reverse("admin:lieux_lieu_changelist")


def _coordinateur(nom, **territoires):
    utilisateur = User.objects.create_user(nom, f"{nom}@example.org", "x", is_staff=True)
    utilisateur.groups.add(groupe_des_coordinateurs())
    coordinateur(utilisateur, **territoires)
    return utilisateur


def _paire(p, q, score):
    a, b = sorted((p, q), key=lambda x: x.pk)
    return PaireRapprochement.objects.create(a=a, b=b, score=score, decision=PaireRapprochement.Decision.DOUTEUX,
                                             distance_m=10.0)


@pytest.fixture
def terrain(geographie):
    t = SimpleNamespace()
    t.angers = creer_lieu(nom="Médiathèque d'Angers")
    t.saumur = creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                          localisation=Point(-0.0769, 47.26, srid=4326))
    t.bordeaux = creer_lieu(nom="Bibliothèque de Bordeaux", **BORDEAUX)
    t.merignac = creer_lieu(nom="Tiers-lieu de Mérignac", code_insee="33281", code_postal="33700",
                            commune="Mérignac", localisation=Point(-0.6436, 44.8386, srid=4326))
    Source.objects.create(nom="hub-49"), Source.objects.create(nom="hub-33")
    t.p_angers = creer_provenance(t.angers, source="hub-49", valeurs={"nom": t.angers.nom, "commune": "Angers"})
    t.p_saumur = creer_provenance(t.saumur, source="hub-49", valeurs={"nom": t.saumur.nom, "commune": "Saumur"})
    t.p_bordeaux = creer_provenance(t.bordeaux, source="hub-33", valeurs={"nom": t.bordeaux.nom,
                                                                          "commune": "Bordeaux"})
    t.p_merignac = creer_provenance(t.merignac, source="hub-33", valeurs={"nom": t.merignac.nom,
                                                                          "commune": "Mérignac"})
    t.s_angers = Signalement.objects.create(lieu=t.angers, rubriques=["horaires"], message="Fermé le lundi à Angers",
                                            empreinte_client="a")
    t.s_bordeaux = Signalement.objects.create(lieu=t.bordeaux, rubriques=["horaires"],
                                              message="Fermé le mardi à Bordeaux", empreinte_client="b")
    t.paire49 = _paire(t.p_angers, t.p_saumur, 0.7)
    t.paire33 = _paire(t.p_bordeaux, t.p_merignac, 0.9)
    t.paire_mixte = _paire(t.p_angers, t.p_bordeaux, 0.5)
    t.decision33 = DecisionRapprochement.objects.create(
        source_a="hub-33", id_a=t.p_bordeaux.id_source, source_b="hub-33", id_b=t.p_merignac.id_source,
        decision=DecisionRapprochement.Decision.DIFFERENTS, motif="deux bâtiments girondins")
    t.c49 = _coordinateur("coordinatrice-49", departements=["49"])
    t.c33 = _coordinateur("coordinateur-33", departements=["33"])
    t.national = _coordinateur("nationale", national=True)
    return t


def _refuse(client, url, *textes, methode="get", donnees=None):
    reponse = getattr(client, methode)(url, donnees or {})
    assert reponse.status_code == 403, (url, reponse.status_code)
    contenu = reponse.content.decode()
    assert "Vous n'avez pas l'autorisation d'ouvrir cette page." in contenu  # the site's French 403 page
    for texte in textes:
        assert texte not in contenu
    return reponse
