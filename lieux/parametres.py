"""The public GET parameters of the map, the API and the embeds, declared once: name, label, chip label, help
(OpenAPI), values.

Read by `lieux.filtres.FiltresLieux` (the parser), `lieux.api` (the OpenAPI schema), the pages (the removable chips
of `puces()`, forms) and the map's script (`pour_le_script()`, sent with json_script: static/js/carte.js).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from lieux import standard
from lieux.creneaux import lire_creneau

RAYON_MAX_KM = 100
RAYON_DEFAUT_KM = 10
PARIS = ZoneInfo("Europe/Paris")
VRAI = {"true", "1", "oui", "on"}


@dataclass(frozen=True)
class Parametre:
    nom: str
    libelle: str
    aide: str
    valeurs: tuple[str, ...] | None = None  # enumerated values (None: free text)
    multiple: bool = False
    puce: str | Callable[[str], str] = "{valeur}"  # the chip's label: a format of {valeur}, or a function of it

    def libelle_puce(self, valeur: str) -> str:
        return self.puce(valeur) if callable(self.puce) else self.puce.format(valeur=valeur, libelle=self.libelle)


def _oui(nom: str, libelle: str, aide: str) -> Parametre:
    """A `true` flag: its chip says its label."""
    return Parametre(nom, libelle, aide, puce="{libelle}")


def _liste(nom_champ: str, aide: str = "") -> Parametre:
    champ = standard.CHAMPS_PAR_NOM[nom_champ]
    return Parametre(nom_champ, champ.libelle, aide or f"{champ.libelle} (au moins une des valeurs).",
                     valeurs=champ.valeurs, multiple=True)


PARAMETRES_LISTES: tuple[Parametre, ...] = (
    _liste("services", "Services proposés (au moins un). Valeurs du standard, répétées ou séparées par des virgules."),
    _liste("publics_specifiquement_adresses"),
    _liste("prise_en_charge_specifique"),
    _liste("frais_a_charge"),
    _liste("dispositif_programmes_nationaux"),
    _liste("formations_labels"),
    _liste("autres_formations_labels", "Autres formations et labels (texte libre, ex. QPV, ZRR)."),
    _liste("modalites_acces"),
    _liste("modalites_accompagnement"),
    _liste("itinerance"),
)
PARAMETRES_OUI: tuple[Parametre, ...] = (
    _oui("prise_rdv", "Prise de RDV en ligne", "`true` : lieux proposant une prise de rendez-vous en ligne."),
    _oui("fiche_acces_libre", "Accessibilité renseignée", "`true` : lieux ayant une fiche Accès libre."),
)
OUVERT = _oui(
    "ouvert_actuellement", "Ouvert maintenant",
    "`true` (maintenant) ou un instant ISO 8601 (arrondi au quart d'heure inférieur) : lieux ouverts à cet instant.",
)
DISPONIBILITE = (
    Parametre("creneau", "Créneau", "Ouvert pendant un créneau de la semaine type, répété (l'un ou l'autre) : "
              "`lu-14:00-16:00`, `sa` (toute la journée), `tous-09:00-12:00`.", multiple=True,
              puce=lambda valeur: lire_creneau(valeur).libelle()),
    _oui("horaires_inconnus", "Horaires non renseignés inclus",
         "`true` : avec `ouvert_actuellement` ou `creneau`, garder les lieux aux horaires non renseignés."),
    _oui("horaires_connus", "Horaires renseignés uniquement", "`true` : lieux aux horaires renseignés."),
)
TERRITOIRES = (
    Parametre("region", "Région", "Code INSEE d'une région (ex. 52)."),
    Parametre("departement", "Département", "Code INSEE d'un département (ex. 49, 2A, 974)."),
    Parametre("commune", "Commune", "Code INSEE d'une commune (ses arrondissements inclus)."),
    Parametre("territoire_type", "Type de territoire", "`regions`, `departements` ou `communes`, avec `territoires`.",
              valeurs=("regions", "departements", "communes")),
    Parametre("territoires", "Territoires", "Codes INSEE séparés par des virgules (avec `territoire_type`)."),
)
GEO = (
    Parametre("bbox", "Emprise", "Rectangle `ouest,sud,est,nord` en degrés WGS84."),
    Parametre("near", "Autour de", "Point `lat,lon` : lieux dans le rayon `radius`, triés par distance."),
    Parametre("radius", "Rayon", f"Rayon en km autour de `near` (défaut {RAYON_DEFAUT_KM}, max {RAYON_MAX_KM})."),
    Parametre("latitude", "Latitude", "Latitude du point de recherche (forme de la carte nationale)."),
    Parametre("longitude", "Longitude", "Longitude du point de recherche."),
    Parametre("distance", "Distance", "Rayon en mètres autour de `latitude`,`longitude` (5 000 à 100 000)."),
)
SOURCE = Parametre("source", "Source", "Nom court d'un producteur de données.", puce="Source : {valeur}")
PARAMETRES: tuple[Parametre, ...] = (*PARAMETRES_LISTES, *PARAMETRES_OUI, OUVERT, *DISPONIBILITE, *TERRITOIRES, *GEO,
                                     SOURCE)
NOMS = tuple(p.nom for p in PARAMETRES)
PAR_NOM = {p.nom: p for p in PARAMETRES}
POINT = ("latitude", "longitude", "distance")  # one chip (« moins de … km »), removed together

# The state of the map page and of the orientation, not filters of the lieux: what the page shows and where.
PAGE_MAX = 100_000  # beyond any real list; a 20-digit page overflowed the SQL offset (a 500) once
TAILLE_PAGE, TAILLE_PAGE_MAX = 20, 100  # the API's lists
PAGE = Parametre("page", "Page", f"Numéro de la page de la liste (1 à {PAGE_MAX}).")
TAILLE = Parametre("page_size", "Taille de page", f"Lieux par page de l'API (au plus {TAILLE_PAGE_MAX}).")
ADRESSE = Parametre("adresse", "Adresse", "Libellé du point recherché (adresse, commune), affiché tel quel.")
ZOOM = Parametre("zoom", "Zoom", "Zoom de la carte (0–20) : choisit le niveau si `niveau` est absent.")
RECHERCHE = Parametre("q", "Recherche", "Texte recherché (commune, adresse, nom de lieu).")
VUE = (
    Parametre("centre", "Centre", "Centre de la carte `lat,lon` (envoyé par le script de la carte)."),
    ZOOM,
    Parametre("vue", "Vue", "`liste` ou `carte` : ce que montre un écran étroit.", valeurs=("liste", "carte")),
    RECHERCHE,
)
NIVEAU = Parametre("niveau", "Niveau", "region, departement, commune ou grille. Par défaut : les enfants du "
                   "territoire choisi (`region`, `departement`, `commune`), ou plus fin si le zoom l'est.",
                   valeurs=("region", "departement", "commune", "grille"))
ETAT_DES_PAGES = (PAGE, ADRESSE, *VUE)
# the API's list only, for re-users (lieux/api/qualite.py, docs/qualite.md)
SCORE_QUALITE_MIN = Parametre("score_qualite_min", "Score de qualité minimal",
                              "Entier de 0 à 100 : lieux dont le score de qualité des données est au moins celui-ci.")
MODIFIE_DEPUIS = Parametre("modifie_depuis", "Modifiés depuis",
                           "Date `AAAA-MM-JJ` ou instant ISO 8601 (heure de Paris s'il n'a pas de fuseau) : lieux dont "
                           "les données ont changé depuis (import, contribution, coordinateur, fusion).")
API_SEULEMENT = (SCORE_QUALITE_MIN, MODIFIE_DEPUIS)


# --- derived: chips and the map's script ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Puce:
    """A removable chip: its label, the parameter and value it stands for, the query string without it."""

    libelle: str
    nom: str
    valeur: str
    sans: str


def puces(paires: list[tuple[str, str]], *, libelle_point: str, point: tuple[str, ...] = POINT,
          autres: list[tuple[str, str]] | None = None) -> list[Puce]:
    """One chip per (name, value) of `paires`, in their order, except the searched point: one chip at its first
    name (`libelle_point`), removing every name of `point` at once. `autres` are kept in every query string."""
    autres = autres or []
    resultat = []
    premier_du_point = next((nom for nom, _ in paires if nom in point), None)
    for i, (nom, valeur) in enumerate(paires):
        if nom in point:
            if nom == premier_du_point:
                restantes = [p for p in paires if p[0] not in point]
                resultat.append(Puce(libelle_point, nom, valeur, urlencode(autres + restantes)))
            continue
        restantes = [p for j, p in enumerate(paires) if j != i]
        libelle = PAR_NOM[nom].libelle_puce(valeur) if nom in PAR_NOM else valeur
        resultat.append(Puce(libelle, nom, valeur, urlencode(autres + restantes)))
    return resultat


def pour_le_script() -> dict:
    """The parameter names the map's script reads and writes (static/js/carte.js), sent with json_script: a name
    missing from the declarations above fails here, not in a browser."""
    declares = {p.nom: p.nom for p in (*PARAMETRES, *ETAT_DES_PAGES)}
    roles = ("territoire_type", "territoires", "bbox", "latitude", "longitude", "distance", "adresse", "page",
             "centre", "zoom", "vue")
    return {role: declares[role] for role in roles} | {
        "niveaux": [declares[n] for n in ("commune", "departement", "region")],  # the finest first
        "etat": [p.nom for p in (*TERRITOIRES, *GEO) if p.nom not in ("near", "radius")]
        + [p.nom for p in ETAT_DES_PAGES],  # not filters: kept apart from the filters' form
    }
