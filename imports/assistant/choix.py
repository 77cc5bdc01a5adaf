"""From what the coordinator chose in the wizard to a `Profil`, and back: plain functions, tested alone.

A column feeds at most one field (the select of its row); a field fed by several columns needs a way to combine them
(`COMBINAISONS`), chosen by the person: the wizard proposes `combinaison_par_defaut` and asks to confirm it. What the
suggestion said about a rule (confidence, evidence, value maps) is kept as long as its columns are unchanged; a rule
the person changed gets confidence 1 (a person chose it) and no evidence.
"""

from __future__ import annotations

from dataclasses import replace

from lieux import standard

from ..correspondance.profil import (
    GEOJSON, ID_COLONNE, ID_GENERE, JOINTURE, JOURS, LAMBERT93, LAT_LON, LISTE, OUI_NON, PREMIERE, Profil, RegleChamp,
)

LIBELLES_COMBINAISONS = {
    PREMIERE: "la première colonne remplie",
    JOINTURE: "les colonnes mises bout à bout (adresse en plusieurs morceaux)",
    LISTE: "toutes les valeurs, en liste (plusieurs téléphones, courriels…)",
    JOURS: "une colonne par jour ou demi-journée (horaires)",
    OUI_NON: "des colonnes oui/non : chaque « oui » ajoute ses valeurs",
    LAMBERT93: "X puis Y en Lambert-93",
    LAT_LON: "une seule cellule « latitude, longitude »",
    GEOJSON: "une géométrie GeoJSON",
}
# one rule of these gives both latitude and longitude (imports.correspondance.application): shown on latitude
COMBINAISONS_POINT = (LAMBERT93, LAT_LON, GEOJSON)
# fields that can hold several values (a list of the standard) take LISTE by default
_PAR_DEFAUT = {"adresse": JOINTURE, "complement_adresse": JOINTURE, "horaires": JOURS, "latitude": PREMIERE,
               "longitude": PREMIERE, "nom": PREMIERE, "telephone": LISTE}
# without one of these, no row can be placed: the import would reject them all
CHAMPS_DE_PLACEMENT = ("adresse", "commune", "code_postal", "code_insee", "latitude")


def combinaison_par_defaut(champ: str, nombre_de_colonnes: int) -> str:
    if nombre_de_colonnes < 2:
        return PREMIERE
    if champ in _PAR_DEFAUT:
        return _PAR_DEFAUT[champ]
    champ_standard = standard.CHAMPS_PAR_NOM.get(champ)
    if champ_standard is not None and champ_standard.enumere:
        return OUI_NON
    return LISTE if champ_standard is not None and champ_standard.multiple else PREMIERE


def libelle_champ(champ: str) -> str:
    champ_standard = standard.CHAMPS_PAR_NOM.get(champ)
    return champ_standard.libelle if champ_standard else champ


def champs_enumeres() -> tuple[str, ...]:
    """The fields whose values are mapped to the standard's own values (typologie: the referential's codes)."""
    return ("typologie", *(c.nom for c in standard.CHAMPS_ENUMERES))


def valeurs_permises(champ: str) -> list[tuple[str, str]]:
    """(value, label) of an enumerated field, for the selects of the value mapping."""
    if champ == "typologie":
        return [(code, f"{code} — {libelle}") for code, libelle in standard.typologies().items()]
    return [(v, v) for v in standard.CHAMPS_PAR_NOM[champ].valeurs or ()]


def champ_de_chaque_colonne(profil: Profil, colonnes: list[str]) -> dict[str, str]:
    """File column → the field its rule feeds ('' when no rule reads it); a point rule shows on latitude."""
    choix = dict.fromkeys(colonnes, "")
    for regle in profil.regles:
        if regle.champ == "longitude" and regle.combinaison in COMBINAISONS_POINT:
            continue
        for colonne in regle.colonnes:
            if colonne in choix and not choix[colonne]:
                choix[colonne] = regle.champ
    return choix


def colonnes_par_champ(choix: dict[str, str]) -> dict[str, list[str]]:
    """Field → its columns, in the file's order."""
    resultat: dict[str, list[str]] = {}
    for colonne, champ in choix.items():
        if champ:
            resultat.setdefault(champ, []).append(colonne)
    return resultat


def a_combiner(profil: Profil, choix: dict[str, str]) -> dict[str, str]:
    """Fields whose way of combining must be shown: several columns, or a one-column point rule (« lat, lon » cell,
    GeoJSON). Field → the current combination (the profile's when its columns are the same, else a default)."""
    resultat = {}
    for champ, colonnes in colonnes_par_champ(choix).items():
        regle = profil.regle(champ)
        if regle is not None and list(regle.colonnes) == colonnes:
            if len(colonnes) > 1 or regle.combinaison != PREMIERE:
                resultat[champ] = regle.combinaison
        elif len(colonnes) > 1:
            resultat[champ] = regle.combinaison if regle and len(regle.colonnes) > 1 else \
                combinaison_par_defaut(champ, len(colonnes))
    return resultat


def profil_depuis_colonnes(profil: Profil, choix: dict[str, str], combinaisons: dict[str, str]) -> Profil:
    """The profile after the columns page: one rule per chosen field, `id` generated when no column gives it."""
    regles = []
    for champ, colonnes in colonnes_par_champ(choix).items():
        ancienne = profil.regle(champ)
        combinaison = combinaisons.get(champ) or combinaison_par_defaut(champ, len(colonnes))
        if ancienne is not None and list(ancienne.colonnes) == colonnes and ancienne.combinaison == combinaison:
            regles.append(ancienne)
            continue
        valeurs_oui = {c: v for c, v in (ancienne.valeurs_oui if ancienne else {}).items() if c in colonnes}
        regles.append(RegleChamp(champ=champ, colonnes=tuple(colonnes), combinaison=combinaison,
                                 valeurs=dict(ancienne.valeurs) if ancienne else {}, valeurs_oui=valeurs_oui))
    identifiant = ID_COLONNE if "id" in colonnes_par_champ(choix) else ID_GENERE
    return replace(profil, regles=tuple(regles), identifiant=identifiant)


def erreurs_de_colonnes(choix: dict[str, str], combinaisons: dict[str, str]) -> list[tuple[str, str]]:
    """(field or '', French message) for what would make the import reject every row or misread the file."""
    par_champ = colonnes_par_champ(choix)
    erreurs = []
    if "nom" not in par_champ:
        erreurs.append(("nom", "Choisissez la colonne qui donne le nom du lieu : sans nom, aucune ligne ne peut être "
                               "importée."))
    if not any(c in par_champ for c in CHAMPS_DE_PLACEMENT):
        erreurs.append(("", "Choisissez au moins une colonne pour situer les lieux (adresse, commune, code postal, "
                            "code INSEE ou coordonnées) : sans elle, aucun lieu ne peut être placé sur la carte."))
    if len(par_champ.get("id", ())) > 1:
        erreurs.append(("id", f"L'identifiant ne peut venir que d'une colonne ({_liste(par_champ['id'])} sont "
                              "choisies)."))
    for champ, colonnes in par_champ.items():
        combinaison = combinaisons.get(champ)
        if combinaison == LAMBERT93 and len(colonnes) != 2:
            erreurs.append((champ, f"« {libelle_champ(champ)} » en Lambert-93 demande exactement deux colonnes, X "
                                   f"puis Y ({len(colonnes)} choisie{'s' if len(colonnes) > 1 else ''})."))
        elif combinaison in (LAT_LON, GEOJSON) and len(colonnes) != 1:
            erreurs.append((champ, f"« {libelle_champ(champ)} » : « {LIBELLES_COMBINAISONS[combinaison]} » se lit "
                                   "dans une seule colonne."))
    return erreurs


def nouvelles_combinaisons(avant: dict[str, str], apres: dict[str, str]) -> list[str]:
    """Fields fed by several columns now whose combination the page did not show yet: the person confirms it."""
    return [champ for champ in apres if champ not in avant]


def profil_depuis_valeurs(profil: Profil, valeurs: dict[str, dict[str, tuple[str, ...]]],
                          valeurs_oui: dict[str, dict[str, tuple[str, ...]]]) -> Profil:
    """The profile after the value page: each shown raw value maps to what the person selected (nothing selected:
    « no value of the standard », kept in the raw record and reported once)."""
    regles = []
    for regle in profil.regles:
        if regle.champ in valeurs or regle.champ in valeurs_oui:
            regle = replace(regle, valeurs={**regle.valeurs, **valeurs.get(regle.champ, {})},
                            valeurs_oui={**regle.valeurs_oui, **valeurs_oui.get(regle.champ, {})})
        regles.append(regle)
    return replace(profil, regles=tuple(regles))


def profil_de_depart(sauve: Profil | None, suggere: Profil, colonnes: list[str]) -> Profil:
    """The saved profile when the source has one (its rules on columns that are gone dropped, new columns left to the
    person), else the suggestion. `colonnes_vues` becomes the new file's header."""
    if sauve is None:
        return replace(suggere, colonnes_vues=tuple(colonnes))
    presentes = set(colonnes)
    regles = []
    for regle in sauve.regles:
        restantes = tuple(c for c in regle.colonnes if c in presentes)
        if restantes:
            regles.append(replace(regle, colonnes=restantes,
                                  valeurs_oui={c: v for c, v in regle.valeurs_oui.items() if c in presentes}))
    return replace(sauve, regles=tuple(regles), colonnes_vues=tuple(colonnes))


def _liste(noms) -> str:
    noms = [f"« {n} »" for n in noms]
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def message_colonnes_changees(disparues: list[str], nouvelles: list[str]) -> str:
    """« 2 colonnes ont disparu : « a » et « b » ; 1 nouvelle colonne : « c ». » — empty when nothing changed."""
    parties = []
    if disparues:
        parties.append(f"{len(disparues)} colonne{' a' if len(disparues) == 1 else 's ont'} disparu : "
                       f"{_liste(disparues)}")
    if nouvelles:
        parties.append(f"{len(nouvelles)} nouvelle{'s' if len(nouvelles) > 1 else ''} colonne"
                       f"{'s' if len(nouvelles) > 1 else ''} : {_liste(nouvelles)}")
    return " ; ".join(parties) + ("." if parties else "")


def resume(profil: Profil | None) -> list[str]:
    """The profile in a few French lines, for the source's page: one per rule, then the id and the defaults."""
    if profil is None:
        return ["Aucun profil : les fichiers de cette source sont lus au standard, ou avec l'assistant."]
    lignes = []
    for regle in profil.regles:
        colonnes = _liste(regle.colonnes)
        maniere = f" : {LIBELLES_COMBINAISONS[regle.combinaison]}" if len(regle.colonnes) > 1 or \
            regle.combinaison != PREMIERE else ""
        lignes.append(f"{libelle_champ(regle.champ)} ← {colonnes}{maniere}")
    if profil.identifiant == ID_GENERE:
        lignes.append("Identifiant des lieux : fabriqué à partir du nom, de l'adresse et de la commune.")
    for champ, valeur in profil.defauts.items():
        lignes.append(f"{libelle_champ(champ)} par défaut : « {valeur} »")
    return lignes
