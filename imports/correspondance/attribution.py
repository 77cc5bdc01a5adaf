"""Columns → fields: the rules of the suggested profile, from each column's candidate fields.

In this order: day or half-day columns make `horaires` (JOURS); coordinates written as Lambert-93 X/Y (LAMBERT93,
a rule on `latitude` whose columns are X then Y), as one « lat, lon » cell (LAT_LON) or as a GeoJSON geometry
(GEOJSON); yes/no columns named after a service, a public or a modality (OUI_NON, `valeurs_oui`); then every other
field, best confidence first, a column going to one field at most and a field to one column — except telephone and
courriels (several columns: LISTE) and the address, whose parts (number, bis/ter, street type, street name) are
joined in the file's order (JOINTURE). Enumerated fields then get their value map.
"""

from __future__ import annotations

from imports.normalisation.horaires_fr_colonnes import jour_de_colonne

from . import enumerations, noms
from .lecture_colonnes import SEUIL, Candidat, est_oui_non, valeurs_du_nom
from .profil import GEOJSON, JOINTURE, JOURS, LAMBERT93, LAT_LON, LISTE, OUI_NON, PREMIERE, RegleChamp
from .profilage import Profilage


class Attribution:
    """The work in progress: rules found so far and the columns they took (column → field, confidence, evidence)."""

    def __init__(self, profilage: Profilage, mesures: dict, candidats: dict[str, list[Candidat]], codebooks: dict):
        self.profilage, self.mesures, self.candidats, self.codebooks = profilage, mesures, candidats, codebooks
        self.par_nom = {p.colonne: p for p in profilage.colonnes}
        self.regles: list[RegleChamp] = []
        self.attribuees: dict[str, tuple[str, float, list[str]]] = {}
        self.valeurs: dict[str, tuple[enumerations.ValeurTrouvee, ...]] = {}

    def attribuer(self, colonne, champ, confiance, preuves):
        self.attribuees[colonne] = (champ, confiance, list(preuves))

    def tout(self) -> Attribution:
        self.jours()
        self.coordonnees()
        self.oui_non()
        self.champs()
        self.cartes_de_valeurs()
        return self

    def jours(self):
        """Day or half-day columns (at least three) → one `horaires` rule."""
        jours = [p for p in self.profilage.colonnes
                 if jour_de_colonne(p.colonne) is not None and p.remplissage > 0]
        if len(jours) >= 3:
            premieres = ", ".join(p.colonne for p in jours[:3])
            preuve = f"{len(jours)} colonnes de jours ou demi-journées ({premieres}…)"
            self.regles.append(RegleChamp("horaires", tuple(p.colonne for p in jours), JOURS, confiance=0.9,
                                          preuves=(preuve,)))
            for p in jours:
                self.attribuer(p.colonne, "horaires", 0.9, [preuve])

    def coordonnees(self):
        """Lambert-93 X/Y, a « lat, lon » cell or a GeoJSON geometry → the point."""
        libres = [p for p in self.profilage.colonnes if p.colonne not in self.attribuees and p.remplissage > 0]
        xs = [p for p in libres if self.mesures[p.colonne]["lambert93_x"].part >= 0.8]
        ys = [p for p in libres if self.mesures[p.colonne]["lambert93_y"].part >= 0.8]
        if xs and ys:
            x = max(xs, key=lambda p: ("longitude" in noms.lectures(p.colonne), p.remplissage))
            y = max(ys, key=lambda p: ("latitude" in noms.lectures(p.colonne), p.remplissage))
            preuves = (self.mesures[x.colonne]["lambert93_x"].preuve + f" (« {x.colonne} »)",
                       self.mesures[y.colonne]["lambert93_y"].preuve + f" (« {y.colonne} »)")
            confiance = round(0.5 + 0.4 * min(self.mesures[x.colonne]["lambert93_x"].part,
                                              self.mesures[y.colonne]["lambert93_y"].part), 3)
            self.regles.append(RegleChamp("latitude", (x.colonne, y.colonne), LAMBERT93, confiance=confiance,
                                          preuves=preuves))
            self.attribuer(x.colonne, "longitude", confiance, preuves)
            self.attribuer(y.colonne, "latitude", confiance, preuves)
        for genre, combinaison in (("lat_lon", LAT_LON), ("geojson", GEOJSON)):
            trouvees = [p for p in libres
                        if p.colonne not in self.attribuees and self.mesures[p.colonne][genre].part >= 0.8]
            if trouvees and not any(r.champ == "latitude" for r in self.regles):
                p = trouvees[0]
                m = self.mesures[p.colonne][genre]
                confiance = round(0.5 + 0.4 * m.part, 3)
                self.regles.append(RegleChamp("latitude", (p.colonne,), combinaison, confiance=confiance,
                                              preuves=(m.preuve,)))
                self.attribuer(p.colonne, "latitude", confiance, [m.preuve])

    def oui_non(self):
        """Yes/no columns named after a standard value → OUI_NON rules, one per field."""
        oui_non: dict[str, dict[str, tuple[str, ...]]] = {}
        for p in self.profilage.colonnes:
            if p.colonne in self.attribuees or not p.remplissage or not est_oui_non(p, self.mesures[p.colonne]):
                continue
            lectures = noms.lectures(p.colonne)
            if "itinerance" in lectures:
                continue
            trouve = valeurs_du_nom(p.colonne)
            if trouve:
                champ, valeurs = trouve
                oui_non.setdefault(champ, {})[p.colonne] = valeurs
                self.attribuer(p.colonne, champ, 0.75, [
                    f"colonne oui/non dont le nom évoque « {', '.join(valeurs)} »",
                    self.mesures[p.colonne]["oui_non"].preuve])
        for champ, table in oui_non.items():
            self.regles.append(RegleChamp(champ, tuple(table), OUI_NON, valeurs_oui=table, confiance=0.75,
                                          preuves=(f"{len(table)} colonne(s) oui/non : {', '.join(table)}",)))

    def champs(self):
        """Every other field: best confidence first, one column each (lists and address parts)."""
        propositions = sorted(
            ((c.confiance, self.par_nom[col].rang, col, c) for col, cs in self.candidats.items() for c in cs
             if col not in self.attribuees and c.confiance >= SEUIL),
            key=lambda t: (-t[0], t[1]))
        pris: dict[str, list[tuple[str, Candidat]]] = {}
        deja = {r.champ for r in self.regles}
        for confiance, _rang, colonne, c in propositions:
            if colonne in self.attribuees or c.champ in deja:
                continue
            existants = pris.get(c.champ, [])
            if existants:
                multiple = c.champ in ("telephone", "courriels") and confiance >= 0.5
                partie = (c.champ == "adresse" and c.partie in ("numero", "indice", "type_voie")
                          and (confiance >= 0.6 or c.partie == "indice")
                          and all(e.partie != c.partie for _, e in existants))
                voie = c.champ == "adresse" and c.partie == "voie" and all(e.partie != "voie" for _, e in existants)
                if not (multiple or partie or voie):
                    continue
            elif c.champ == "adresse" and c.partie != "voie":
                # a house number alone is not an address: keep it for when the street column comes
                if not any(x.champ == "adresse" and x.partie == "voie" and col not in self.attribuees
                           for conf, _, col, x in propositions if conf >= SEUIL):
                    continue
            pris.setdefault(c.champ, []).append((colonne, c))
            self.attribuer(colonne, c.champ, confiance, c.preuves)
        for champ, elus in pris.items():
            elus.sort(key=lambda e: self.par_nom[e[0]].rang)
            cols = tuple(col for col, _ in elus)
            combinaison = PREMIERE
            if len(cols) > 1:
                combinaison = JOINTURE if champ == "adresse" else LISTE
            principal = max(elus, key=lambda e: e[1].confiance)[1]
            self.regles.append(RegleChamp(champ, cols, combinaison, confiance=principal.confiance,
                                          preuves=tuple(principal.preuves)))

    def cartes_de_valeurs(self):
        """Value maps of the enumerated fields, with the distinct values and counts."""
        for i, regle in enumerate(self.regles):
            if regle.champ in enumerations.CHAMPS_ENUMERES and regle.combinaison != OUI_NON:
                colonnes = [self.par_nom[c] for c in regle.colonnes]
                carte, trouvees = enumerations.carte_de_valeurs(regle.champ, colonnes, self.codebooks)
                self.regles[i] = RegleChamp(regle.champ, regle.colonnes, regle.combinaison, valeurs=carte,
                                            confiance=regle.confiance, preuves=regle.preuves)
                self.valeurs[regle.champ] = trouvees
