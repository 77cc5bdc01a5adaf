"""The figures of a campaign's dashboard: each envoi in exactly one state (`EnvoiQuerySet.avec_etat`), counted for
the whole campaign and per département and EPCI, limited to what the account may see (its territories); and the
CSV export of the envois (no e-mail address in it: see docs/campagnes.md)."""

from __future__ import annotations

import csv
import io

from django.db.models import Count
from django.utils import timezone

from lieux.perimetres import q_perimetre

from .models import Envoi, Etat

COLONNES = [(e.value, e.label) for e in Etat]


def envois_visibles(campagne, user):
    return Envoi.objects.filter(campagne=campagne).filter(q_perimetre(user, "lieu__commune_officielle"))


def _grouper(envois, champs: tuple[str, ...]) -> list[dict]:
    groupes: dict[tuple, dict] = {}
    for rangee in envois.values(*champs, "etat").annotate(n=Count("pk"), e=Count("envoye_le")).order_by():
        cle = tuple(rangee[c] for c in champs)
        groupe = groupes.setdefault(cle, {"code": cle[0] if cle else "", "nom": cle[1] if cle else "",
                                          "etats": {}, "envoyes": 0})
        groupe["etats"][rangee["etat"]] = rangee["n"]
        groupe["envoyes"] += rangee["e"]
    lignes = []
    for cle in sorted(groupes, key=lambda c: tuple(str(x or "") for x in c)):
        groupe = groupes[cle]
        groupe["comptes"] = [groupe["etats"].get(code, 0) for code, _ in COLONNES]
        groupe["total"] = sum(groupe["comptes"])
        lignes.append(groupe)
    return lignes


def comptes(campagne, user) -> dict:
    """{"total": ligne, "departements": [lignes], "epcis": [lignes]}; a line holds the count of each state in
    COLONNES' order (`comptes`, by code in `etats`), their sum (`total`: the number of envois) and how many messages
    went out (`envoyes`, whatever happened next)."""
    envois = envois_visibles(campagne, user).avec_etat()
    total = _grouper(envois, ())
    return {
        "total": total[0] if total else {"code": "", "nom": "", "etats": {}, "envoyes": 0,
                                         "comptes": [0] * len(COLONNES), "total": 0},
        "departements": _grouper(envois, ("lieu__departement_id", "lieu__departement__nom")),
        "epcis": _grouper(envois, ("lieu__epci_id", "lieu__epci__nom")),
    }


def _date(valeur) -> str:
    return timezone.localtime(valeur).strftime("%Y-%m-%d %H:%M") if valeur else ""


def export_csv(campagne, user) -> str:
    libelles = dict(COLONNES)
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";")
    ecrivain.writerow(["lieu", "nom", "commune", "code_insee", "departement", "epci", "statut", "envoye_le",
                       "ouvert_le", "repondu_le", "relance_le", "erreur_d_envoi_le", "desinscrit_le"])
    envois = (envois_visibles(campagne, user).avec_etat().select_related("lieu").order_by("lieu__departement_id",
                                                                                         "lieu__commune", "pk"))
    for e in envois.iterator(chunk_size=2000):
        ecrivain.writerow([e.lieu_id, e.lieu.nom, e.lieu.commune, e.lieu.code_insee, e.lieu.departement_id or "",
                           e.lieu.epci_id or "", libelles[e.etat], _date(e.envoye_le), _date(e.ouvert_le),
                           _date(e.repondu_le), _date(e.relance_le), _date(e.rebond_le), _date(e.desinscrit_le)])
    return sortie.getvalue()
