"""The automatic mapping suggestion: any tabular or JSON file → a `Profil` with a confidence and evidence per field.

Each column is read twice — by its NAME (`noms`: general rules on how French hubs name things) and by its VALUES
(`detecteurs`: postcodes, phones, coordinates… over a pandas profile of the file, `profilage`) — and the two are
combined into a confidence per field. Then fields are given columns, best confidence first, a column going to one
field at most. Some fields take several columns: address parts are joined (JOINTURE), several phone or e-mail
columns are listed (LISTE), day or half-day columns make `horaires` (JOURS), yes/no columns named after a service,
a public or a modality add those values (OUI_NON), Lambert-93 X/Y make the point (LAMBERT93). Enumerated fields get
a value map (`enumerations`), with what maps to nothing reported with its row count.

The suggestion is only a proposal: the coordinator checks and adjusts it in the admin's wizard or on the command line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from imports.normalisation.horaires_fr_colonnes import jour_de_colonne
from lieux import standard

from . import detecteurs, enumerations, noms
from .profil import (
    GEOJSON, ID_COLONNE, ID_GENERE, JOINTURE, JOURS, LAMBERT93, LAT_LON, LISTE, OUI_NON, PREMIERE, Profil,
    RegleChamp,
)
from .profilage import ProfilColonne, en_texte, profiler
from .rendu import texte_suggestion

# field → the detector that confirms it from the values
DETECTEUR_DU_CHAMP = {
    "code_postal": "code_postal", "code_insee": "code_insee", "telephone": "telephone", "courriels": "courriel",
    "site_web": "url", "prise_rdv": "url", "fiche_acces_libre": "url", "date_maj": "date", "latitude": "latitude",
    "longitude": "longitude", "pivot": "siret", "horaires": "horaires", "commune": "nom_de_lieu",
    "adresse": "adresse",
}
# fields recognised from the values alone, when the name says nothing
PAR_VALEURS = ("courriels", "telephone", "site_web", "code_postal", "latitude", "longitude", "date_maj", "pivot")
# where a yes/no column's name is looked for, in this order
CHAMPS_OUI_NON = ("modalites_accompagnement", "publics_specifiquement_adresses", "prise_en_charge_specifique",
                  "services", "frais_a_charge", "modalites_acces", "dispositif_programmes_nationaux",
                  "formations_labels")
SEUIL = 0.35  # below this confidence, a column is not proposed
VALEURS_PAR_COLONNE = 800  # the most frequent distinct values tested by the detectors


@dataclass(frozen=True)
class ValeurTrouvee:
    brut: str
    nombre: int  # rows holding it
    standard: tuple[str, ...]  # empty: unmapped (kept in the raw record)
    confiance: float


@dataclass(frozen=True)
class AnalyseColonne:
    colonne: str
    champ: str | None
    confiance: float
    preuves: tuple[str, ...]
    exemples: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    profil: Profil
    colonnes: tuple[AnalyseColonne, ...]
    valeurs: dict[str, tuple[ValeurTrouvee, ...]] = field(default_factory=dict)
    lignes: int = 0  # rows read

    def texte(self) -> str:
        return texte_suggestion(self)

    def analyse(self, colonne: str) -> AnalyseColonne | None:
        return next((a for a in self.colonnes if a.colonne == colonne), None)


@dataclass
class _Candidat:
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


def _candidats(p: ProfilColonne, mesures, codebook) -> list[_Candidat]:
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
        elif genre and not (lecture.partie and lecture.partie != "voie"):
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
        sortie.append(_Candidat(champ, confiance, preuves, lecture.partie))
    connus = {c.champ for c in sortie}
    for champ in PAR_VALEURS:
        mesure = mesures[DETECTEUR_DU_CHAMP[champ]]
        if champ not in connus and mesure.part >= 0.8 and (noms.nom_muet(p.colonne) or champ in ("courriels",)):
            sortie.append(_Candidat(champ, 0.7 * mesure.part, [mesure.preuve, "d'après les valeurs seules"]))
    if (not sortie and noms.nom_muet(p.colonne) and mesures["nom_de_lieu"].part >= 0.9 and p.distinctes < 0.8):
        sortie.append(_Candidat("commune", 0.6, [mesures["nom_de_lieu"].preuve, "d'après les valeurs seules"]))
    for c in sortie:
        c.confiance = round(max(0.0, min(1.0, c.confiance * (0.8 + 0.2 * p.remplissage)
                                         * (0.5 if p.remplissage < 0.05 else 1))), 3)
    return sorted(sortie, key=lambda c: -c.confiance)


def _est_oui_non(p: ProfilColonne, mesures) -> bool:
    if mesures["oui_non"].part >= 0.9:
        return True
    # a presence marker: one or two spellings of the same word, the other rows empty (« Jeunes », « Jeune », « »)
    return 0 < p.remplissage < 0.9 and len(p.valeurs) <= 3 and mesures["texte_libre"].part == 0


def _valeurs_du_nom(colonne: str) -> tuple[str, tuple[str, ...]] | None:
    for champ in CHAMPS_OUI_NON:
        valeurs = enumerations.par_mots_cles(champ, colonne)
        if valeurs:
            return champ, valeurs
    return None


def _carte_de_valeurs(champ: str, colonnes: list[ProfilColonne], codebooks) -> tuple[dict, tuple[ValeurTrouvee, ...]]:
    """The value map of an enumerated field (items and whole cells) and the distinct items with their row counts."""
    par_item: Counter = Counter()
    carte: dict[str, tuple[str, ...]] = {}
    confiances: dict[str, float] = {}
    for p in colonnes:
        codebook = codebooks.get(p.colonne)
        comptes = p.toutes if p.toutes is not None else Counter(p.valeurs.to_dict())
        for cellule, nombre in comptes.items():
            union: list[str] = []
            for item in enumerations.items(cellule, codebook):
                par_item[item] += nombre
                if item not in carte:
                    exacte = enumerations._code(item, codebook) is not None or enumerations.valeurs_standard(champ, item) and \
                        enumerations._exacte(champ, item)
                    carte[item] = enumerations.valeurs_standard(champ, item, codebook)
                    confiances[item] = 1.0 if exacte else 0.7
                union += [v for v in carte[item] if v not in union]
            if cellule not in carte and len(comptes) <= 500:
                carte[cellule] = tuple(union)
    trouvees = tuple(ValeurTrouvee(brut=i, nombre=n, standard=carte[i], confiance=confiances[i] if carte[i] else 0.0)
                     for i, n in par_item.most_common())
    return carte, trouvees


def suggerer(colonnes: list[str], lignes: Iterable[dict], codebooks: dict | None = None,
             format_: dict | None = None) -> Suggestion:
    """Propose a profile for a file whose header is `colonnes` and whose rows are `lignes` (read once)."""
    codebooks = codebooks or {}
    profilage = profiler(list(colonnes), lignes)
    mesures = {p.colonne: detecteurs.mesurer(p.valeurs.head(VALEURS_PAR_COLONNE)) for p in profilage.colonnes}
    par_nom = {p.colonne: p for p in profilage.colonnes}
    candidats = {p.colonne: _candidats(p, mesures[p.colonne], codebooks.get(p.colonne)) for p in profilage.colonnes}
    regles: list[RegleChamp] = []
    attribuees: dict[str, tuple[str, float, list[str]]] = {}  # column → (field, confidence, evidence)

    def attribuer(colonne, champ, confiance, preuves):
        attribuees[colonne] = (champ, confiance, list(preuves))

    # 1. day / half-day columns → horaires
    jours = [p for p in profilage.colonnes if jour_de_colonne(p.colonne) is not None and p.remplissage > 0]
    if len(jours) >= 3:
        preuve = f"{len(jours)} colonnes de jours ou demi-journées ({', '.join(p.colonne for p in jours[:3])}…)"
        regles.append(RegleChamp("horaires", tuple(p.colonne for p in jours), JOURS, confiance=0.9,
                                 preuves=(preuve,)))
        for p in jours:
            attribuer(p.colonne, "horaires", 0.9, [preuve])
    # 2. coordinates written as Lambert-93, one « lat, lon » cell or a GeoJSON geometry
    libres = [p for p in profilage.colonnes if p.colonne not in attribuees and p.remplissage > 0]
    xs = [p for p in libres if mesures[p.colonne]["lambert93_x"].part >= 0.8]
    ys = [p for p in libres if mesures[p.colonne]["lambert93_y"].part >= 0.8]
    if xs and ys:
        x = max(xs, key=lambda p: ("longitude" in noms.lectures(p.colonne), p.remplissage))
        y = max(ys, key=lambda p: ("latitude" in noms.lectures(p.colonne), p.remplissage))
        preuves = (mesures[x.colonne]["lambert93_x"].preuve + f" (« {x.colonne} »)",
                   mesures[y.colonne]["lambert93_y"].preuve + f" (« {y.colonne} »)")
        confiance = round(0.5 + 0.4 * min(mesures[x.colonne]["lambert93_x"].part,
                                          mesures[y.colonne]["lambert93_y"].part), 3)
        regles.append(RegleChamp("latitude", (x.colonne, y.colonne), LAMBERT93, confiance=confiance, preuves=preuves))
        attribuer(x.colonne, "longitude", confiance, preuves)
        attribuer(y.colonne, "latitude", confiance, preuves)
    for genre, combinaison in (("lat_lon", LAT_LON), ("geojson", GEOJSON)):
        trouvees = [p for p in libres if p.colonne not in attribuees and mesures[p.colonne][genre].part >= 0.8]
        if trouvees and not any(r.champ == "latitude" for r in regles):
            p = trouvees[0]
            m = mesures[p.colonne][genre]
            regles.append(RegleChamp("latitude", (p.colonne,), combinaison, confiance=round(0.5 + 0.4 * m.part, 3),
                                     preuves=(m.preuve,)))
            attribuer(p.colonne, "latitude", round(0.5 + 0.4 * m.part, 3), [m.preuve])
    # 3. yes/no columns named after a service, a public, a modality…
    oui_non: dict[str, dict[str, tuple[str, ...]]] = {}
    for p in profilage.colonnes:
        if p.colonne in attribuees or not p.remplissage or not _est_oui_non(p, mesures[p.colonne]):
            continue
        lectures = noms.lectures(p.colonne)
        if "itinerance" in lectures:
            continue
        trouve = _valeurs_du_nom(p.colonne)
        if trouve:
            champ, valeurs = trouve
            oui_non.setdefault(champ, {})[p.colonne] = valeurs
            attribuer(p.colonne, champ, 0.75, [f"colonne oui/non dont le nom évoque « {', '.join(valeurs)} »",
                                               mesures[p.colonne]["oui_non"].preuve])
    for champ, table in oui_non.items():
        regles.append(RegleChamp(champ, tuple(table), OUI_NON, valeurs_oui=table, confiance=0.75, preuves=(
            f"{len(table)} colonne(s) oui/non : {', '.join(table)}",)))
    # 4. every other field, best confidence first, one column per field (several for lists and address parts)
    propositions = sorted(
        ((c.confiance, par_nom[col].rang, col, c) for col, cs in candidats.items() for c in cs
         if col not in attribuees and c.confiance >= SEUIL),
        key=lambda t: (-t[0], t[1]))
    pris: dict[str, list[tuple[str, _Candidat]]] = {}
    deja = {r.champ for r in regles}
    for confiance, _rang, colonne, c in propositions:
        if colonne in attribuees or c.champ in deja:
            continue
        existants = pris.get(c.champ, [])
        if existants:
            multiple = c.champ in ("telephone", "courriels") and confiance >= 0.5
            partie = c.champ == "adresse" and c.partie in ("numero", "indice", "type_voie") and confiance >= 0.45 \
                and sum(1 for _, e in existants if e.partie == c.partie) == 0
            voie = c.champ == "adresse" and c.partie == "voie" and all(e.partie != "voie" for _, e in existants)
            if not (multiple or partie or voie):
                continue
        elif c.champ == "adresse" and c.partie != "voie":
            # a house number alone is not an address: keep it for when the street column comes
            if not any(x.champ == "adresse" and x.partie == "voie" and col not in attribuees
                       for conf, _, col, x in propositions if conf >= SEUIL):
                continue
        pris.setdefault(c.champ, []).append((colonne, c))
        attribuer(colonne, c.champ, confiance, c.preuves)
    for champ, elus in pris.items():
        elus.sort(key=lambda e: par_nom[e[0]].rang)
        cols = tuple(col for col, _ in elus)
        combinaison = PREMIERE
        if len(cols) > 1:
            combinaison = JOINTURE if champ == "adresse" else LISTE
        principal = max(elus, key=lambda e: e[1].confiance)[1]
        regle = RegleChamp(champ, cols, combinaison, confiance=principal.confiance, preuves=tuple(principal.preuves))
        regles.append(regle)
    # 5. value maps of the enumerated fields
    valeurs: dict[str, tuple[ValeurTrouvee, ...]] = {}
    for i, regle in enumerate(regles):
        if regle.champ in enumerations.CHAMPS_ENUMERES and regle.combinaison != OUI_NON:
            carte, trouvees = _carte_de_valeurs(regle.champ, [par_nom[c] for c in regle.colonnes], codebooks)
            regles[i] = RegleChamp(regle.champ, regle.colonnes, regle.combinaison, valeurs=carte,
                                   confiance=regle.confiance, preuves=regle.preuves)
            valeurs[regle.champ] = trouvees
    ordre = {c: i for i, c in enumerate(standard.COLONNES)}
    regles.sort(key=lambda r: ordre.get(r.champ, 99))
    profil = Profil(
        regles=tuple(regles), identifiant=ID_COLONNE if any(r.champ == "id" for r in regles) else ID_GENERE,
        format=dict(format_ or {}), colonnes_vues=tuple(colonnes),
    )
    analyses = []
    for p in profilage.colonnes:
        champ, confiance, preuves = attribuees.get(p.colonne, (None, 0.0, []))
        if champ is None and candidats[p.colonne]:
            preuves = candidats[p.colonne][0].preuves
        alternatives = tuple(dict.fromkeys(c.champ for c in candidats[p.colonne]
                                           if c.champ != champ and c.confiance >= 0.25))
        analyses.append(AnalyseColonne(p.colonne, champ, round(confiance, 3), tuple(preuves), p.exemples,
                                       alternatives))
    return Suggestion(profil=profil, colonnes=tuple(analyses), valeurs=valeurs, lignes=profilage.lignes)


def suggerer_fichier(chemin, codebooks: dict | None = None, nom: str = "") -> Suggestion:
    """Open a file with the import's readers (format, encoding, header line detected) and suggest its profile."""
    from imports.lecteurs import ouvrir

    lecture = ouvrir(chemin, nom)
    try:
        format_ = {k: v for k, v in (("encodage", lecture.encodage), ("separateur", lecture.separateur)) if v}
        return suggerer(lecture.colonnes, (ligne for _, ligne in lecture.lignes()), codebooks, format_)
    finally:
        lecture.fermer()


__all__ = ["AnalyseColonne", "Suggestion", "ValeurTrouvee", "en_texte", "suggerer", "suggerer_fichier"]
