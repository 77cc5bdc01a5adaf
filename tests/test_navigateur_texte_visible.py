"""No page shows template syntax or a missing-variable marker to a person.

Django strips `{# … #}` only on one line: a multi-line one is printed as text (it once showed above every map and in
every collectivité's iframe). Two checks: the visible text of every page in Chromium, and the templates themselves.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.donnees_navigateur import PAGES_DU_SITE

SYNTAXE = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}|variable de gabarit manquante")


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES_DU_SITE)
def test_aucune_syntaxe_de_gabarit_visible(page, serveur, lieux_navigateur, url):
    page.goto(serveur + url)
    page.wait_for_load_state("networkidle")
    texte = page.evaluate("document.body.innerText")
    assert len(texte) > 20
    assert not SYNTAXE.findall(texte), SYNTAXE.search(texte) and texte[max(0, SYNTAXE.search(texte).start() - 80):][:200]


@pytest.mark.browser
@pytest.mark.django_db
def test_fiche_d_un_lieu_sans_syntaxe_de_gabarit(page, serveur, lieux_navigateur):
    page.goto(serveur + "/embed/carte/?departement=49")  # redirected to its signed options: /embed/p/<jeton>/carte/
    racine_embed = page.url.split("carte/")[0]
    assert "/embed/p/" in racine_embed
    for lieu in lieux_navigateur[:2]:
        for url in (f"{serveur}/lieux/{lieu.pk}/", f"{racine_embed}lieux/{lieu.pk}/"):
            assert page.goto(url).status == 200
            texte = page.evaluate("document.body.innerText")
            assert lieu.nom in texte and not SYNTAXE.search(texte), url


def _gabarits():
    dossiers = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dossiers += [p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in p.parts]
    dossiers += [p for p in Path(settings.BASE_DIR).glob("*/*/gabarits")]
    return sorted({f for d in dossiers for f in d.rglob("*.html")})


def test_aucun_commentaire_de_gabarit_sur_plusieurs_lignes():
    """`{# #}` must open and close on the same line (use {% comment %} for more)."""
    gabarits = _gabarits()
    assert len(gabarits) > 30
    fautes = []
    for chemin in gabarits:
        for numero, ligne in enumerate(chemin.read_text().splitlines(), 1):
            if ligne.count("{#") != ligne.count("#}"):
                fautes.append(f"{chemin.relative_to(settings.BASE_DIR)}:{numero}")
    assert fautes == []
