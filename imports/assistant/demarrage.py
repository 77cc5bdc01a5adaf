"""Starting a wizard from an uploaded file, the values its value page shows, and its dry run.

The suggestion (`imports.correspondance.suggestion`) reads the file once: samples, proposed fields with their
confidence and evidence, distinct values of the enumerated fields. When the source has a saved profile, the wizard
starts from it instead (columns gone are dropped, new ones left for the person to choose) and says what changed.
"""

from __future__ import annotations

from ..correspondance.profil import OUI_NON, Profil
from ..execution import cree_run
from . import choix, etat
from .valeurs import valeurs_distinctes

MAX_VALEURS = 60  # distinct values shown per field (most frequent first)


def _analyse(colonne) -> dict:
    return {"colonne": colonne.colonne, "champ": colonne.champ or "", "libelle": choix.libelle_champ(colonne.champ or ""),
            "confiance": round(colonne.confiance * 100),
            "preuves": list(colonne.preuves), "exemples": [str(e) for e in colonne.exemples][:5],
            "alternatives": [choix.libelle_champ(a) for a in colonne.alternatives]}


def demarre(form, utilisateur) -> dict:
    """Store the file, run the suggestion, create the source when it is new; the wizard's first state.
    Raises FichierIllisible (nothing kept) when the file cannot be read."""
    from ..correspondance.suggestion import suggerer_fichier

    fichier = form.cleaned_data["fichier"]
    nom = etat.enregistre_fichier(fichier)
    donnees = {"fichier": nom}
    try:
        suggestion = suggerer_fichier(etat.chemin(donnees), codebooks=form.cleaned_data.get("codebook"),
                                      nom=fichier.name)
    except Exception:
        etat._supprime_fichier(donnees)
        raise
    source = form.source_choisie()
    colonnes = list(suggestion.profil.colonnes_vues) or [c.colonne for c in suggestion.colonnes]
    sauve = source.profil_de_correspondance()
    changements = sauve.colonnes_changees(colonnes) if sauve is not None else ([], [])
    profil = choix.profil_de_depart(sauve, suggestion.profil, colonnes)
    donnees.update({
        "source": source.pk, "nom_fichier": fichier.name, "partiel": form.cleaned_data["partiel"],
        "colonnes": [_analyse(c) for c in suggestion.colonnes], "depuis_profil_sauve": sauve is not None,
        "changements": list(changements), "run": None, "codebooks": form.cleaned_data.get("codebook") or {},
        "valeurs_suggerees": {champ: {"colonnes": list(r.colonnes) if (r := suggestion.profil.regle(champ)) else [],
                                      "liste": [[v.brut, v.nombre, list(v.standard)] for v in liste][:MAX_VALEURS]}
                              for champ, liste in suggestion.valeurs.items()},
        "profil": profil.en_dict(),
    })
    return donnees


def valeurs_a_montrer(donnees: dict, profil: Profil) -> dict[str, list]:
    """Per enumerated field fed by the profile: [raw value, rows, proposed standard values]. The suggestion's count
    when the field's columns are those it looked at, else the file is read again for the chosen columns."""
    from ..correspondance.enumerations import valeurs_standard

    resultat = {}
    for champ in choix.champs_enumeres():
        regle = profil.regle(champ)
        if regle is None or regle.combinaison == OUI_NON:
            continue
        suggere = donnees.get("valeurs_suggerees", {}).get(champ)
        if suggere and suggere["colonnes"] == list(regle.colonnes):
            resultat[champ] = suggere["liste"]
            continue
        codebooks = donnees.get("codebooks") or {}
        codebook = next((codebooks[c] for c in regle.colonnes if c in codebooks), None)
        trouvees = valeurs_distinctes(etat.chemin(donnees), donnees["nom_fichier"], list(regle.colonnes),
                                      MAX_VALEURS, codebooks)
        resultat[champ] = [[brut, nombre, list(regle.valeurs.get(brut) or valeurs_standard(champ, brut, codebook))]
                           for brut, nombre in trouvees]
    return resultat


def lance_essai(source, chemin: str, donnees: dict, profil: Profil, utilisateur):
    """The dry run (« essai à blanc ») of the file with this profile: a run like any upload's, analysed only."""
    return cree_run(source, chemin, utilisateur=utilisateur, partiel=donnees["partiel"], essai=True,
                    profil=profil.en_dict(), origine_profil="assistant")
