"""Étape 4 — Disponibilité: « Ouvert maintenant » and/or slots (a day or every day, all day or from/to), OR'ed.

Rows are added and removed by submitting the form (`ajouter_creneau`, `retirer_creneau=<row>`), so it works the
same with or without JavaScript.
"""

from django.http import QueryDict

from orientation.creneaux import MAX_CRENEAUX, Ligne, lignes_de, lire_lignes
from orientation.etat import Orientation
from orientation.views.commun import caches, rediriger, rendre_etape

JOURS_PROPOSES = [("tous", "Tous les jours"), ("lu", "Lundi"), ("ma", "Mardi"), ("me", "Mercredi"),
                  ("je", "Jeudi"), ("ve", "Vendredi"), ("sa", "Samedi"), ("di", "Dimanche")]


def disponibilite(request):
    orientation = Orientation.lire(request.GET)
    if "jour" in request.GET:  # the form itself: its rows replace the slots of the URL
        orientation.creneaux, lignes = lire_lignes(request.GET)
    else:
        lignes = lignes_de(orientation.creneaux)
    retirer = request.GET.get("retirer_creneau", "")
    if retirer.isdigit() and int(retirer) < len(lignes):
        del lignes[int(retirer)]
        orientation.creneaux, lignes = lire_lignes(_donnees_lignes(lignes))
    if request.GET.get("ajouter_creneau") and len(lignes) < MAX_CRENEAUX:
        lignes.append(Ligne())
    erreurs = [{"id": f"creneau-{i}-{ligne.champ_erreur}", "message": f"Créneau {i + 1} : {ligne.erreur}"}
               for i, ligne in enumerate(lignes) if ligne.erreur]
    aller = request.GET.get("aller")
    if aller == "precedent":
        return rediriger("accessibilite", orientation)
    if aller == "suivant" and not erreurs:
        return rediriger("resultats", orientation)
    return rendre_etape(request, "disponibilite", orientation, {
        "lignes": lignes,
        "jours": JOURS_PROPOSES,
        "peut_ajouter": len(lignes) < MAX_CRENEAUX,
        "caches": caches(orientation, {"ouvert_actuellement", "creneau", "horaires_connus"}),
    }, erreurs if aller == "suivant" else [])


def _donnees_lignes(lignes):
    donnees = QueryDict(mutable=True)
    for i, ligne in enumerate(lignes):
        donnees.appendlist("jour", ligne.jour)
        donnees.appendlist("de", ligne.de)
        donnees.appendlist("a", ligne.a)
        if ligne.journee:
            donnees.appendlist("journee", str(i))
    return donnees
