"""Étape 4 — Disponibilité: « Ouvert maintenant » and/or slots (a day or every day, all day or from/to), OR'ed.

Rows are added and removed by submitting the form (`ajouter_creneau`, `retirer_creneau=<row>`), so it works the
same with or without JavaScript. The page that comes back puts the focus where the person was working (`autofocus`:
the new slot's « Jour », or « Ajouter un créneau » after a removal) and says what happened (a status message the
focused field is described by), instead of sending the keyboard back to the top of the page.
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
    focus_ligne, focus_ajouter, annonce = None, False, ""
    if retirer.isdigit() and int(retirer) < len(lignes):
        del lignes[int(retirer)]
        orientation.creneaux, lignes = lire_lignes(_donnees_lignes(lignes))
        focus_ajouter, annonce = True, f"Créneau {int(retirer) + 1} retiré."
    if request.GET.get("ajouter_creneau") and len(lignes) < MAX_CRENEAUX:
        lignes.append(Ligne())
        focus_ligne, annonce = len(lignes) - 1, f"Créneau {len(lignes)} ajouté : choisissez son jour."
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
        "focus_ligne": focus_ligne,
        "focus_ajouter": focus_ajouter and len(lignes) < MAX_CRENEAUX,
        "annonce": annonce,
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
