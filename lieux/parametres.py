"""The public GET parameters of the map, the API and the embeds, declared once: name, label, help (OpenAPI), values.

Read by `lieux.filtres.FiltresLieux` (the parser), `lieux.api` (the OpenAPI schema) and the pages (chips, forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from lieux import standard

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
    Parametre("prise_rdv", "Prise de RDV en ligne", "`true` : lieux proposant une prise de rendez-vous en ligne."),
    Parametre("fiche_acces_libre", "Accessibilité renseignée", "`true` : lieux ayant une fiche Accès libre."),
)
OUVERT = Parametre(
    "ouvert_actuellement", "Ouvert maintenant",
    "`true` (maintenant) ou un instant ISO 8601 (arrondi au quart d'heure inférieur) : lieux ouverts à cet instant.",
)
DISPONIBILITE = (
    Parametre("creneau", "Créneau", "Ouvert pendant un créneau de la semaine type, répété (l'un ou l'autre) : "
              "`lu-14:00-16:00`, `sa` (toute la journée), `tous-09:00-12:00`.", multiple=True),
    Parametre("horaires_inconnus", "Horaires non renseignés inclus",
              "`true` : avec `ouvert_actuellement` ou `creneau`, garder les lieux aux horaires non renseignés."),
    Parametre("horaires_connus", "Horaires renseignés uniquement", "`true` : lieux aux horaires renseignés."),
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
SOURCE = Parametre("source", "Source", "Nom court d'un producteur de données.")
PARAMETRES: tuple[Parametre, ...] = (*PARAMETRES_LISTES, *PARAMETRES_OUI, OUVERT, *DISPONIBILITE, *TERRITOIRES, *GEO,
                                     SOURCE)
NOMS = tuple(p.nom for p in PARAMETRES)
