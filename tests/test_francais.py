"""French typography of names (lieux/francais.py) and where the pages use it: elisions, plurals, French order."""

import pytest
from django.template import Context, Template

from lieux import francais
from lieux.models import Region


@pytest.mark.parametrize("nom, attendu", [
    ("Paris", "de Paris"),
    ("Angers", "d'Angers"),
    ("Avignon", "d'Avignon"),
    ("Île-de-France", "d'Île-de-France"),
    ("Yvetot", "d'Yvetot"),
    ("Hérouville-Saint-Clair", "d'Hérouville-Saint-Clair"),
    ("Hazebrouck", "de Hazebrouck"),
    ("Haute-Savoie", "de Haute-Savoie"),
    ("Le Havre", "du Havre"),
    ("Les Ulis", "des Ulis"),
    ("La Rochelle", "de La Rochelle"),
    ("L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
    ("Lens", "de Lens"),
])
def test_de(nom, attendu):
    assert francais.de(nom) == attendu


@pytest.mark.parametrize("nom, attendu", [
    ("Angers", "à Angers"), ("Le Havre", "au Havre"), ("Les Ulis", "aux Ulis"), ("La Rochelle", "à La Rochelle"),
])
def test_a(nom, attendu):
    assert francais.a(nom) == attendu


def test_pluriel_francais_singulier_a_zero():
    assert [francais.pluriel(n, "lieu", "lieux") for n in (0, 1, 2)] == ["lieu", "lieu", "lieux"]
    rendu = Template('{% load humanize_fr %}{% for n in ns %}{{ n }} lieu{{ n|pluriel:"x" }};{% endfor %}')
    assert rendu.render(Context({"ns": [0, 1, 2]})) == "0 lieu;1 lieu;2 lieux;"


def test_filtres_de_gabarit():
    rendu = Template("{% load humanize_fr %}{{ a|de }} / {{ b|a }}").render(Context({"a": "Angers", "b": "Le Havre"}))
    assert rendu == "d&#x27;Angers / au Havre"


def test_tri_francais_python():
    noms = ["Normandie", "Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie", "Hauts-de-France", "Écully"]
    assert francais.trier(noms) == ["Auvergne-Rhône-Alpes", "Écully", "Hauts-de-France", "Île-de-France",
                                    "Normandie", "Occitanie"]


@pytest.mark.django_db
def test_tri_francais_en_base(geographie):
    noms = list(Region.objects.order_by(francais.par_nom()).values_list("nom", flat=True))
    assert noms.index("Île-de-France") < noms.index("La Réunion") < noms.index("Normandie")
    assert noms == francais.trier(noms)
