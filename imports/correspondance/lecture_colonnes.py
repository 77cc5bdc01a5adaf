"""One column → the fields it may hold, each with a confidence (0–1) and French evidence.

The NAME (`noms.lectures`) proposes fields; the VALUES (`detecteurs`) confirm or refute them: a column named
« INTERNET » whose values are « Oui » / « - » is not a web site. Enumerated fields are confirmed by the share of
values the value maps understand. A column whose name says nothing (« colonne_12 ») may still be recognised from its
values alone (e-mails, postcodes, coordinates, commune names). Emptier columns weigh less.
"""

from __future__ import annotations

from dataclasses import dataclass

from lieux import standard

from . import enumerations, noms
from .profilage import ProfilColonne

# field → the detector that confirms it from the values
DETECTEUR_DU_CHAMP = {
    "code_postal": "code_postal", "code_insee": "code_insee", "telephone": "telephone", "courriels": "courriel",
    "site_web": "url", "prise_rdv": "url", "fiche_acces_libre": "url", "date_maj": "date", "latitude": "latitude",
    "longitude": "longitude", "pivot": "siret", "horaires": "horaires", "commune": "nom_de_lieu",
    "adresse": "adresse",
}
# fields recognised from the values alone, when the name says nothing. Not coordinates (a longitude of eastern
# France, 2–6, is also a latitude of Guyane) nor dates (a postcode 44000 is also an Excel date): their names decide.
PAR_VALEURS = ("courriels", "telephone", "site_web", "code_postal", "pivot")
# where a yes/no column's name is looked for, in this order
CHAMPS_OUI_NON = ("modalites_accompagnement", "publics_specifiquement_adresses", "prise_en_charge_specifique",
                  "services", "frais_a_charge", "modalites_acces", "dispositif_programmes_nationaux",
                  "formations_labels")
SEUIL = 0.35  # below this confidence, a column is not proposed for a field


@dataclass
class Candidat:
    champ: str
    confiance: float
    preuves: list[str]
    partie: str = ""


def _libelle(champ: str) -> str:
    c = standard.CHAMPS_PAR_NOM.get(champ)
    return c.libelle.lower() if c else champ


def _part_correspondante(champ: str, p: ProfilColonne, codebook) -> float:
    valeurs = p.valeurs.head(200)
    total = valeurs.sum()
    if not total:
        return 0.0
    bonnes = sum(n for v, n in valeurs.items()
                 if any(enumerations.valeurs_standard(champ, i, codebook) for i in enumerations.items(v, codebook)))
    return bonnes / total


def candidats(p: ProfilColonne, mesures, codebook) -> list[Candidat]:
    if not p.remplissage:
        return []
    sortie = []
    for champ, lecture in noms.lectures(p.colonne).items():
        confiance = lecture.score
        preuves = [f"le nom « {p.colonne} » évoque le champ {_libelle(champ)}"]
        genre = DETECTEUR_DU_CHAMP.get(champ)
        if champ in enumerations.CHAMPS_ENUMERES:
            part = _part_correspondante(champ, p, codebook)
            confiance = 0.6 * confiance + 0.4 * part
            if part < 0.2 and not codebook:
                confiance *= 0.6
            preuves.append(f"{round(part * 100)} % des valeurs correspondent à des valeurs du standard"
                           + (" (avec le dictionnaire des codes)" if codebook else ""))
        elif champ == "adresse":
            if lecture.partie == "voie":  # « de Beauvais » (a street name without its type) is a street too
                confiance *= 0.8 + 0.2 * mesures["adresse"].part
                preuves.append(mesures["adresse"].preuve)
        elif genre:
            part = mesures[genre].part
            confiance = 0.55 * confiance + 0.45 * part
            if part < 0.3:
                confiance *= 0.4
            preuves.append(mesures[genre].preuve)
        if champ == "adresse" and mesures["adresse_complete"].part >= 0.5:
            confiance *= 0.85
            preuves.append(mesures["adresse_complete"].preuve)
        if champ == "id" and (p.distinctes < 0.98 or p.remplissage < 0.98):
            confiance *= 0.3
            preuves.append("les valeurs ne sont pas toutes présentes et uniques")
        if champ in ("nom", "commune", "adresse") and mesures["entier"].part > 0.5 and not lecture.partie:
            confiance *= 0.3
        partie = lecture.partie
        if champ == "adresse" and mesures["indice"].part >= 0.8:
            partie = "indice"  # « bis », « ter »: between the number and the street
            preuves.append(mesures["indice"].preuve)
        sortie.append(Candidat(champ, confiance, preuves, partie))
    connus = {c.champ for c in sortie}
    for champ in PAR_VALEURS:
        mesure = mesures[DETECTEUR_DU_CHAMP[champ]]
        if champ not in connus and mesure.part >= 0.8 and (noms.nom_muet(p.colonne) or champ in ("courriels",)):
            sortie.append(Candidat(champ, 0.7 * mesure.part, [mesure.preuve, "d'après les valeurs seules"]))
    if (not sortie and noms.nom_muet(p.colonne) and mesures["nom_de_lieu"].part >= 0.9 and p.distinctes < 0.8
            and mesures["oui_non"].part < 0.5):
        sortie.append(Candidat("commune", 0.6, [mesures["nom_de_lieu"].preuve, "d'après les valeurs seules"]))
    for c in sortie:  # a nearly empty column weighs less, except « bis »/« ter », rare by nature
        presque_vide = p.remplissage < 0.05 and c.partie != "indice"
        c.confiance = round(max(0.0, min(1.0, c.confiance * (0.8 + 0.2 * p.remplissage)
                                         * (0.5 if presque_vide else 1))), 3)
    return sorted(sortie, key=lambda c: -c.confiance)


def est_oui_non(p: ProfilColonne, mesures) -> bool:
    if mesures["oui_non"].part >= 0.9:
        return True
    # a presence marker: one or two spellings of the same word, the other rows empty (« Jeunes », « Jeune », « »)
    return (0 < p.remplissage < 0.9 and len(p.valeurs) <= 5 and mesures["texte_libre"].part == 0
            and max(len(v) for v in p.valeurs.index) <= 25)


def valeurs_du_nom(colonne: str) -> tuple[str, tuple[str, ...]] | None:
    for champ in CHAMPS_OUI_NON:
        valeurs = enumerations.par_mots_cles(champ, colonne)
        if valeurs:
            return champ, valeurs
    return None
