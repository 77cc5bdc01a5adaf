"""What every step of the path shares: the step navigation, the live results panel, rendering and redirects.

A step's form submits to its own URL with `aller=suivant|precedent|…`: the view validates, then redirects to the
target step with the canonical query string, or renders the step again with an error summary. Without `aller`
the step is simply shown; an htmx request (live count) gets only the panel, swapped out of band.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from orientation import recherche
from orientation.contenu import ETAPES
from orientation.etat import Orientation
from orientation.presentation import phrase_compte, url  # noqa: F401  (url: every step view builds links with it)

CODES = [code for code, _, _ in ETAPES]


def rediriger(nom: str, orientation: Orientation) -> HttpResponseRedirect:
    return HttpResponseRedirect(url(nom, orientation))


def navigation(orientation: Orientation, courante: str | None) -> list[dict]:
    """The four steps as links carrying the state, each with what was chosen there."""
    choisi = {
        "besoin": len(orientation.services),
        "localisation": 1 if orientation.point is not None else 0,
        "accessibilite": len(orientation.prises_en_charge) + len(orientation.publics),
        "disponibilite": len(orientation.creneaux) + orientation.maintenant,
    }
    return [{"code": code, "numero": i, "titre": titre, "url": url(code, orientation), "courante": code == courante,
             "choisi": choisi[code]} for i, (code, titre, _) in enumerate(ETAPES, start=1)]


def contexte_panneau(orientation: Orientation, courante: str | None) -> dict:
    compte = recherche.compter(orientation)
    annuler = orientation.sans_dernier_filtre()
    chemin = reverse(f"orientation:{courante}") if courante else reverse("orientation:resultats")
    return {
        "compte": compte,
        "phrase_compte": phrase_compte(compte),
        "puces": [{"libelle": p.libelle, "url": f"{chemin}?{p.sans}" if p.sans else chemin}
                  for p in orientation.puces()],
        "url_annuler": (f"{chemin}?{annuler}" if annuler else chemin) if annuler is not None else None,
        "url_reinitialiser": reverse("orientation:besoin"),
        "url_resultats": url("resultats", orientation),
        "url_carte": reverse("lieux:carte") + ("?" + urlencode(orientation.params_carte())
                                               if orientation.params_carte() else ""),
        "navigation": navigation(orientation, courante),
    }


def caches(orientation: Orientation, edites: set[str]) -> list[tuple[str, str]]:
    """Hidden inputs of a step's form: every parameter of the orientation except those the step edits."""
    return [p for p in orientation.params() if p[0] not in edites]


def rendre_etape(request, code: str, orientation: Orientation, contexte: dict, erreurs: list[dict] | None = None):
    numero = CODES.index(code) + 1
    _, titre, question = ETAPES[numero - 1]
    contexte = {
        "orientation": orientation,
        "etape": {"code": code, "numero": numero, "titre": titre, "question": question,
                  "suivante": ETAPES[numero][1] if numero < len(ETAPES) else "Résultats",
                  "url": reverse(f"orientation:{code}")},
        "erreurs": erreurs or [],
        "erreurs_champs": {e["id"]: e["message"] for e in erreurs or []},
        "avertissements": orientation.erreurs,
        **contexte_panneau(orientation, code),
        **contexte,
    }
    if request.htmx:
        response = render(request, "orientation/_panneau_oob.html", contexte)
        response["HX-Replace-Url"] = url(code, orientation)
        return response
    return render(request, f"orientation/{code}.html", contexte)
