"""The public sheet of a lieu described by several sources: the sources that list it (names only), the source of each
field of « Toutes les informations », and the permanent redirect from a lieu merged into another."""

import pytest

from lieux.models import Lieu
from tests.outils_consolidation import SOURCE_A, SOURCE_B, importer_vence, lieu_de, texte_visible, verifier_texte

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


@pytest.fixture
def vence(tmp_path):
    return importer_vence(tmp_path)


def ligne_du_tableau(page: str, champ: str) -> str:
    debut = page.index(f'data-champ="{champ}"')
    return texte_visible(page[debut:page.index("</tr>", debut)])


def test_un_lieu_de_deux_sources_les_nomme(client, vence):
    lieu = lieu_de(vence.A1)
    page = client.get(f"/lieux/{lieu.uid}/").content.decode()
    texte = texte_visible(page)
    assert f"Ce lieu est aussi référencé par : {SOURCE_A}, {SOURCE_B}." in texte
    phrase = page[page.index('id="sources-du-lieu"'):]
    phrase = texte_visible(phrase[:phrase.index("</p>")])
    assert "A1" not in phrase and "B1" not in phrase and "@" not in phrase  # no ids, no contacts
    # the source of each field, from the lineage: B1 is fresher, A1 alone has a phone number
    assert ligne_du_tableau(page, "horaires").endswith(f"source : {SOURCE_B}")
    assert ligne_du_tableau(page, "telephone").endswith(f"source : {SOURCE_A}")
    assert ligne_du_tableau(page, "latitude").endswith("source : " + (SOURCE_B if lieu.nom.startswith("Biblio")
                                                                      else SOURCE_A))
    assert "source :" not in ligne_du_tableau(page, "id") and "source :" not in ligne_du_tableau(page, "pivot")
    services = ligne_du_tableau(page, "services")  # lists: the union, the freshest source first
    assert services.endswith(f"source : {SOURCE_B}, {SOURCE_A}")
    verifier_texte(page)


def test_un_lieu_d_une_source_n_en_dit_rien(client, vence):
    page = client.get(f"/lieux/{lieu_de(vence.A4).uid}/").content.decode()
    assert "aussi référencé" not in page and "source :" not in page
    verifier_texte(page)


def test_un_lieu_fusionne_redirige_vers_son_lieu(client, vence):
    actif = lieu_de(vence.A4)
    milieu, premier = Lieu.objects.get(uid=lieu_de(vence.B4).uid), Lieu.objects.get(uid=lieu_de(vence.A3).uid)
    Lieu.objects.filter(uid=milieu.uid).update(statut=Lieu.Statut.FUSIONNE, fusionne_dans=actif)
    Lieu.objects.filter(uid=premier.uid).update(statut=Lieu.Statut.FUSIONNE, fusionne_dans=milieu)
    reponse = client.get(f"/lieux/{premier.uid}/")  # a chain of merges is followed
    assert reponse.status_code == 301 and reponse["Location"] == f"/lieux/{actif.uid}/"
    assert client.get(f"/lieux/{milieu.uid}/", {"retour": "/carte/"})["Location"].startswith(f"/lieux/{actif.uid}/")
    # a loop, or a chain that ends on an archived lieu: the archived lieu's page
    Lieu.objects.filter(uid=actif.uid).update(statut=Lieu.Statut.FUSIONNE, fusionne_dans=premier)
    assert client.get(f"/lieux/{premier.uid}/").status_code == 404
    Lieu.objects.filter(uid=actif.uid).update(statut=Lieu.Statut.ARCHIVE, fusionne_dans=None)
    assert client.get(f"/lieux/{premier.uid}/").status_code == 404
