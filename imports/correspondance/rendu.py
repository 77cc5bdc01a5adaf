"""A suggestion as French text for the command line: per field its column(s), confidence and evidence, then the
values of enumerated fields that map to nothing, with their row counts (they stay in the raw record)."""

from __future__ import annotations

from lieux import standard

COMBINAISONS_FR = {
    "premiere": "", "jointure": " (jointes)", "liste": " (en liste)", "jours": " (une colonne par jour)",
    "oui_non": " (colonnes oui/non)", "lambert93": " (X/Y Lambert-93)", "lat_lon": " (« latitude, longitude »)",
    "geojson": " (géométrie GeoJSON)",
}
NON_RECONNUES_MAX = 15


def _libelle(champ: str) -> str:
    c = standard.CHAMPS_PAR_NOM.get(champ)
    return f"{c.libelle} ({champ})" if c else champ


def texte_suggestion(suggestion) -> str:
    profil = suggestion.profil
    lignes = [f"Correspondance suggérée ({suggestion.lignes} lignes lues, {len(profil.colonnes_vues)} colonnes)", ""]
    for regle in profil.regles:
        colonnes = ", ".join(f"« {c} »" for c in regle.colonnes)
        lignes.append(f"- {_libelle(regle.champ)} ← {colonnes}{COMBINAISONS_FR.get(regle.combinaison, '')} : "
                      f"confiance {round(regle.confiance * 100)} %")
        for preuve in regle.preuves:
            lignes.append(f"    · {preuve}")
        for colonne, valeurs in regle.valeurs_oui.items():
            lignes.append(f"    · « {colonne} » = oui → {' | '.join(valeurs)}")
    if profil.identifiant == "genere":
        lignes.append("- Identifiant : aucune colonne d'identifiants fiable, il sera généré (nom + adresse + commune)")
    manquants = [c for c in standard.CHAMPS_REQUIS if profil.regle(c) is None and c != "id"]
    if manquants:
        lignes.append("")
        lignes.append("Champs obligatoires sans colonne (déduits ou complétés à l'import, signalés dans le rapport) : "
                      + ", ".join(manquants))
    inutilisees = [a.colonne for a in suggestion.colonnes if a.champ is None]
    if inutilisees:
        lignes.append("")
        lignes.append("Colonnes non utilisées (conservées dans l'enregistrement brut) : "
                      + ", ".join(f"« {c} »" for c in inutilisees))
    for champ, valeurs in suggestion.valeurs.items():
        inconnues = [v for v in valeurs if not v.standard]
        reconnues = len(valeurs) - len(inconnues)
        lignes.append("")
        lignes.append(f"Valeurs de {_libelle(champ)} : {reconnues} reconnue(s), {len(inconnues)} non reconnue(s)")
        for v in [v for v in valeurs if v.standard][:NON_RECONNUES_MAX]:
            lignes.append(f"    « {v.brut} » ({v.nombre} lignes) → {' | '.join(v.standard)}")
        for v in inconnues[:NON_RECONNUES_MAX]:
            lignes.append(f"    « {v.brut} » ({v.nombre} lignes) → non reconnue")
        if len(inconnues) > NON_RECONNUES_MAX:
            lignes.append(f"    … et {len(inconnues) - NON_RECONNUES_MAX} autres valeurs non reconnues")
    return "\n".join(lignes)
