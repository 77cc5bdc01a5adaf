"""Headings structure every page (RGAA 9.1): one h1, and no level skipped going down (h2 → h4 is a fault)."""

import pytest

from tests.donnees_navigateur import PAGES_DU_SITE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NIVEAUX = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
  .filter(h => h.offsetParent !== null || getComputedStyle(h).position === 'fixed')
  .map(h => [parseInt(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


def sauts(titres):
    fautes, precedent = [], 0
    for niveau, texte in titres:
        if niveau > precedent + 1:
            fautes.append(f"h{precedent} → h{niveau} « {texte} »")
        precedent = niveau
    return fautes


def test_sauts_detectes():
    assert sauts([(1, "a"), (2, "b"), (4, "c")]) == ["h2 → h4 « c »"]
    assert sauts([(1, "a"), (2, "b"), (3, "c"), (2, "d")]) == []


@pytest.mark.parametrize("url", [p for p in PAGES_DU_SITE if not p.startswith(("/sante/", "/api/"))])
def test_titres_sans_niveau_saute(page, serveur, lieux_navigateur, url):
    page.goto(serveur + url)
    page.wait_for_load_state("networkidle")
    titres = page.evaluate(NIVEAUX)
    assert sum(1 for n, _ in titres if n == 1) == 1, titres
    assert sauts(titres) == []


def test_fiche_d_un_lieu_titres_sans_niveau_saute(page, serveur, lieux_navigateur):
    page.goto(f"{serveur}/lieux/{lieux_navigateur[0].pk}/")
    titres = page.evaluate(NIVEAUX)
    assert sum(1 for n, _ in titres if n == 1) == 1 and sauts(titres) == []
