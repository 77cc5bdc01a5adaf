"""/integrer/: a collectivité picks its territory and options, sees the embed live and copies the snippet.

A GET form is the whole state, so the page works without JavaScript: « Chercher » lists territories to tick,
« Mettre à jour l'aperçu » shows the preview iframe and the snippet. static/embed/integrer.js adds territory
suggestions as you type, a live preview (the same view answers with the result block alone, header
`X-Integration-Partiel`) and « Copier le code ».
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from embed.contraste import NOIR, Theme, contraste
from embed.options import LIENS, TERRITOIRES, lire_options
from embed.recherche import chercher_territoires, libelle
from embed.views import PARTIEL, varie
from lieux.filtres import FiltresLieux
from lieux.panneau import formulaire_filtres

TYPES = {"carte": "La carte des lieux", "orientation": "Le parcours d'orientation",
         "pilotage": "Le tableau de bord du territoire (pilotage, un seul territoire)"}
HAUTEUR_DEFAUT, HAUTEUR_MIN, HAUTEUR_MAX = 640, 300, 2000
PROPRES = ("type", "hauteur", "redimensionnement", "chercher", "q_territoire", "apercu")
ANCRES = {**{champ: "territoires" for champ in TERRITOIRES}, "parametres": "filtres", "zoom": "vue-initiale",
          "centre": "vue-initiale"}
TITRES_IFRAME = {"carte": "Carte des lieux de médiation numérique", "orientation":
                 "Orientation vers un lieu de médiation numérique",
                 "pilotage": "Tableau de bord de la médiation numérique"}


def _options_demandees(get) -> QueryDict:
    donnees = QueryDict(mutable=True)
    for nom, valeurs in get.lists():
        valeurs = [v for v in valeurs if v.strip()]
        if nom not in PROPRES and valeurs:
            donnees.setlist(nom, valeurs)
    return donnees


def _hauteur(texte: str, erreurs: dict) -> int:
    if not texte:
        return HAUTEUR_DEFAUT
    try:
        hauteur = int(texte)
        if HAUTEUR_MIN <= hauteur <= HAUTEUR_MAX:
            return hauteur
    except ValueError:
        pass
    erreurs.setdefault("hauteur", []).append(f"La hauteur est un nombre de pixels entre {HAUTEUR_MIN} et "
                                             f"{HAUTEUR_MAX}.")
    return HAUTEUR_DEFAUT


def extrait(request, type_: str, options, hauteur: int, redimensionnement: bool) -> dict:
    """The snippet: a responsive iframe with a title and lazy loading, and the optional resize script."""
    entree = reverse(f"embed:entree-{type_}")
    parametres = urlencode(options.parametres())
    titre = options.presentation.titre or (
        TITRES_IFRAME[type_] + ("" if options.perimetre.vide else f" — {options.perimetre.nom()}"))
    contexte = {
        "src": request.build_absolute_uri(entree) + ("?" + parametres if parametres else ""),
        "titre": titre,
        "hauteur": hauteur,
        "script": request.build_absolute_uri(static("embed/redimensionner.js")) if redimensionnement else "",
    }
    return {"code": render_to_string("embed/_extrait.txt", contexte).strip(),
            "apercu": entree + ("?" + parametres if parametres else ""), **contexte}


def contrastes(couleur: str) -> dict | None:
    """What /integrer/ says of a colour: the text put on it and the contrast of the buttons at rest, hovered and
    pressed (their shades are derived to stay readable: contraste.nuance), e.g. « 4,7:1 ; 6,2:1 ; 8,0:1 »."""
    if not couleur:
        return None
    theme = Theme.de(couleur)

    def ratio(fond):
        return f"{contraste(theme.sur_primaire, fond):.1f}".replace(".", ",") + ":1"

    return {"texte": "noir" if theme.sur_primaire == NOIR else "blanc", "repos": ratio(theme.primaire),
            "survol": ratio(theme.survol), "presse": ratio(theme.presse), "accent": theme.accent,
            "accent_change": theme.accent != couleur}


def _lien_admin(type_: str, options) -> str:
    """The admin's « add » form prefilled with these options (for coordinators with an account)."""
    par_niveau = options.perimetre.par_niveau()
    p = options.presentation
    filtres = "&".join(f"{n}={v.replace('%', '%25').replace('&', '%26')}" for n, v in options.initial.filtres)
    initial = [("type", type_), ("regions", ",".join(par_niveau.get("region", []))),
               ("departements", ",".join(par_niveau.get("departement", []))),
               ("epci", ",".join(par_niveau.get("epci", []))), ("communes", ",".join(par_niveau.get("commune", []))),
               ("filtres", filtres), ("titre", p.titre), ("logo", p.logo), ("couleur", p.couleur),
               ("vue", options.initial.vue), ("liens", p.liens)]
    if options.initial.zoom is not None:
        initial += [("zoom", options.initial.zoom), ("centre", "{:.5f},{:.5f}".format(*options.initial.centre))]
    return reverse("admin:embed_configurationintegration_add") + "?" + urlencode([(k, v) for k, v in initial if v])


def integrer(request):
    get = request.GET
    type_ = get.get("type") if get.get("type") in TYPES else "carte"
    donnees = _options_demandees(get)
    options, erreurs = lire_options(donnees)
    hauteur = _hauteur(get.get("hauteur", "").strip(), erreurs)
    redimensionnement = get.get("redimensionnement") == "1" or (not get and type_ == "orientation")
    choisis = [{"niveau": n, "code": t.code, "libelle": libelle(n, t.code, t.nom)} for n, t in options.perimetre.objets]
    deja = {(c["niveau"], c["code"]) for c in choisis}
    recherche = get.get("q_territoire", "").strip()
    trouves = [t for t in chercher_territoires(recherche) if (t["niveau"], t["code"]) not in deja] if recherche else []
    contexte = {
        "type": type_,
        "types": TYPES,
        "erreurs": erreurs,
        # (anchor, message, field): integrer.js attaches each message to its field after a live refresh
        "erreurs_liste": [(ANCRES.get(champ, champ), m, champ) for champ, ms in erreurs.items() for m in ms],
        "erreurs_territoires": [m for champ in TERRITOIRES for m in erreurs.get(champ, [])],
        "choisis": choisis,
        "recherche": recherche,
        "trouves": trouves,
        "recherche_faite": bool(recherche),
        "presentation": options.presentation,
        "couleur_saisie": get.get("couleur", ""),
        "logo_saisi": get.get("logo", ""),
        "titre_saisi": get.get("titre", ""),
        "zoom_saisi": get.get("zoom", ""),
        "centre_saisi": get.get("centre", ""),
        "initial": options.initial,
        "liens": LIENS,
        "hauteur": hauteur,
        "redimensionnement": redimensionnement,
        "formulaire": formulaire_filtres(FiltresLieux(QueryDict(urlencode(options.initial.filtres)))),
        "resultat": None if erreurs else extrait(request, type_, options, hauteur, redimensionnement),
        "lien_admin": None if erreurs or type_ == "pilotage" else _lien_admin(type_, options),  # not a saved type
        "contrastes": None if erreurs else contrastes(options.presentation.couleur),
    }
    gabarit = "embed/_integrer_resultat.html" if request.headers.get(PARTIEL) else "embed/integrer.html"
    return varie(render(request, gabarit, contexte))


def territoires(request):
    """Suggestions of territories for the generator's search box (JavaScript)."""
    return JsonResponse({"resultats": chercher_territoires(request.GET.get("q", ""))})

