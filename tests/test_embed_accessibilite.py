"""Embeds through Django's test client: what an assistive technology reads first (distinct page titles), why a
search finds nothing (outside the territory, said like the orientation says it, the territory kept)."""

import html as html_module
import json
import re

import pytest

from tests.embed_commun import AIDE, entrer, html, prefixe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]


def titre(texte: str) -> str:
    return html_module.unescape(re.search(r"<title>(.*?)</title>", texte, re.S).group(1).strip())


def formulaire_recherche(texte: str) -> str:
    return re.search(r'<form [^>]*id="form-recherche".*?</form>', texte, re.S).group(0)


def config(texte: str) -> dict:
    return json.loads(re.search(r'id="carte-config"[^>]*>(.*?)</script>', texte, re.S).group(1))


def test_map_and_orientation_embeds_have_distinct_titles(client, lieux):
    carte = titre(html(client.get(entrer(client, "departement=49"))))
    orientation = titre(html(client.get(entrer(client, "departement=49", "orientation"))))
    assert carte == "Carte des lieux — Lieux de médiation numérique — Maine-et-Loire"
    assert orientation == "Orienter une personne vers un lieu — Lieux de médiation numérique — Maine-et-Loire"
    lieu = titre(html(client.get(f"{prefixe(entrer(client, 'departement=49'))}lieux/{lieux['angers'].uid}/")))
    assert len({carte, orientation, lieu}) == 3


def test_search_outside_the_territory_says_so_and_keeps_the_territory(client, lieux):
    base = prefixe(entrer(client, "departement=49"))
    page = html(client.get(base + "carte/", {"commune": "49328", "q": "Marseille"}))
    assert ("Marseille est en dehors du territoire de cette carte (Maine-et-Loire) : cherchez une commune ou une "
            "adresse de ce territoire.") in page
    assert "Aucune commune" not in page
    assert config(page)["territoire"]["code"] == "49328"  # Saumur's outline stays
    # the search form carries the selected territory: the page after a search keeps it, JavaScript or not
    assert '<input type="hidden" name="commune" value="49328">' in formulaire_recherche(page)
    reponse = client.get(base + "communes/", {"q": "Marseille"}).json()
    assert reponse == {"resultats": [],
                       "message": "Marseille est en dehors du territoire de cette carte (Maine-et-Loire)."}
    # found inside: no message; a national embed has no outside
    assert "message" not in client.get(base + "communes/", {"q": "Saumur"}).json()
    national = prefixe(entrer(client, ""))
    assert "hors-territoire" not in html(client.get(national + "carte/", {"q": "zzqqww"}))


def test_theme_shades_keep_every_text_readable():
    from embed.contraste import Theme, contraste

    gris = Theme.de("#777777")
    assert gris.sur_primaire == "#000000"
    # the old darkened shades under black text: 3.6:1 on hover, 2.73:1 pressed
    assert round(contraste("#000000", "#656565"), 1) == 3.6 and round(contraste("#000000", "#535353"), 2) == 2.73
    assert contraste(gris.sur_primaire, gris.survol) > contraste(gris.sur_primaire, gris.primaire) >= 4.5
    assert contraste(gris.sur_primaire, gris.presse) > contraste(gris.sur_primaire, gris.survol)
    assert f"--embed-primaire-survol:{gris.survol}" in gris.style()
    pas = range(0, 256, 51)
    nuancier = [f"#{r:02x}{g:02x}{b:02x}" for r in pas for g in pas for b in pas]
    for couleur in nuancier + ["#777777", "#767676", "#000091", "#ffcc00", "#18753c"]:
        theme = Theme.de(couleur)
        for quoi, devant, fond, minimum in theme.paires():
            assert contraste(devant, fond) >= minimum, (couleur, quoi, devant, fond)
        assert theme.survol != theme.primaire and theme.presse != theme.survol, couleur  # hover still shows


def test_embedded_orientation_offers_a_fiche_kept_to_the_territory(client, lieux):
    base = prefixe(entrer(client, "departement=49", "orientation"))
    page = html(client.get(base + "orientation/", {"services": AIDE}))
    assert 'id="preparer-fiche"' in page and f'id="choisir-{lieux["angers"].uid}"' in page
    assert "Ajouter à la fiche d'orientation<span class=\"fr-sr-only\"> : Médiathèque d&#x27;Angers" in page
    formulaire = re.search(r'<form method="get" action="([^"]+)" id="form-fiche">', page).group(1)
    assert formulaire == base + "orientation/fiche/"
    lien = re.search(r'href="([^"]+)">Fiche d\'orientation<span class="fr-sr-only"> pour Médiathèque d', page)
    assert lien and lien.group(1).startswith(base + "orientation/fiche/?")
    fiche = html(client.get(base + "orientation/fiche/", [("services", AIDE), ("lieu", lieux["angers"].uid),
                                                           ("lieu", lieux["rennes"].uid)]))
    assert "<h1 class=\"fr-h3\">Fiche d'orientation</h1>" in fiche and "Médiathèque d&#x27;Angers" in fiche
    assert "Espace de Rennes" not in fiche  # outside Maine-et-Loire: left out
    assert f"Besoin :</strong> {AIDE}" in fiche
    assert titre(fiche) == "Fiche d'orientation — Médiathèque d'Angers — Lieux de médiation numérique — Maine-et-Loire"
    assert 'href="' + base + "orientation/?services=" in fiche  # back to the results, same question
    assert "orientation/impression.css\" media=\"print\"" in fiche
    dehors = client.get(base + "orientation/fiche/", {"lieu": lieux["rennes"].uid})
    assert dehors.status_code == 404 and "Aucun des lieux demandés n&#x27;est référencé sur cette carte" in (
        dehors.content.decode())
    rien = client.get(base + "orientation/fiche/", {"services": AIDE})
    assert rien.status_code == 400 and "Cochez au moins un lieu" in rien.content.decode()
    assert "Pas de fiche d'orientation" in html_module.unescape(rien.content.decode())
    assert "Retour aux résultats" in rien.content.decode()


def test_integrer_states_the_contrast_of_the_chosen_colour(client, lieux):
    page = html_module.unescape(html(client.get("/integrer/", {"departement": "49", "couleur": "#777777"})))
    assert ("Votre couleur porte un texte noir : contraste 4,7:1 au repos, 6,2:1 au survol et 8,0:1 une fois pressé "
            "(il faut au moins 4,5:1).") in page
    assert "prennent une teinte plus foncée (#717171)" in page
    bleu = html_module.unescape(html(client.get("/integrer/", {"departement": "49", "couleur": "#000091"})))
    assert "porte un texte blanc" in bleu and "teinte plus foncée" not in bleu
    # without JavaScript, a wrong colour: the error attached to its field
    erreur = html(client.get("/integrer/", {"departement": "49", "couleur": "#ff"}))
    assert 'id="couleur" name="couleur" value="#ff" maxlength="7" spellcheck="false" autocomplete="off" ' \
           'aria-invalid="true" aria-describedby="couleur-erreur"' in erreur
    assert 'id="couleur-erreur">Couleur invalide : « #ff »' in erreur and "contrastes-couleur" not in erreur
