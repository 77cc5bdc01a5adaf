"""The context of a lieu's sheet: what a person needs first (open now, address, phone, itinerary, hours), then every
standard field in plain French. Not a view module: the site's sheet (lieux/views/lieu.py) and the embedded sheet
(embed/views/lieu.py) both render it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from lieux import affichage_horaires, fermetures_affichage, historique, qualite, regles, standard
from lieux.forms import SignalementForm, erreurs_du_formulaire
from lieux.consolidation.revue import sources_des_champs
from lieux.models import Lieu, Provenance
from lieux.presentation import chaine_territoires, telephone_affiche, url_sure
from lieux.visite import Visite, distance_lisible

ANCIENNETE_MAX = dt.timedelta(days=365)
LONGUEUR_HORAIRES_SOURCE = 400


def horaires_communiques(lieu: Lieu) -> str:
    """The hours as the source wrote them, when they were not OpenStreetMap hours: what we show in the table is then
    our reading of a French text (imports.normalisation.horaires_fr), which may have set part of it aside
    (« sur rendez-vous », « 1er mardi du mois »). Read from the raw record kept with the lieu (`Provenance`), under
    the standard's `horaires` column or a column named like it (« Horaires d'ouverture », `horaire`): no copy on the
    lieu, and this app does not depend on the import's converter. Per-day columns are not shown (cells, no text)."""
    if hasattr(lieu, "ligne_recue"):  # Lieu.objects.avec_ligne_recue(): no query here
        brutes = lieu.ligne_recue
    else:
        provenance = lieu.provenances.order_by("-recue_le").only("donnees_brutes").first()
        brutes = provenance.donnees_brutes if provenance else {}
    brutes = brutes if isinstance(brutes, dict) else {}
    texte = brutes.get("horaires")
    if not isinstance(texte, str):
        texte = next((v for k, v in brutes.items() if "horaire" in str(k).lower() and isinstance(v, str)
                      and v.strip() and not regles.horaires_valides(v.strip())), "")
    texte = " ".join(texte.split())
    if not texte or texte == lieu.horaires or regles.horaires_valides(texte):
        return ""
    return texte[:LONGUEUR_HORAIRES_SOURCE] + ("…" if len(texte) > LONGUEUR_HORAIRES_SOURCE else "")


def _valeur_affichee(lieu: Lieu, champ: standard.Champ):
    valeur = getattr(lieu, champ.nom)
    if champ.nom == "typologie":
        libelles = standard.typologies()
        return [f"{libelles.get(code, code)}" for code in valeur]
    if champ.nom == "date_maj":
        return f"{valeur:%d/%m/%Y}" if valeur else ""
    if champ.nom in ("latitude", "longitude"):
        return f"{valeur:.6f}" if valeur is not None else ""
    if champ.nom == "pivot" and valeur == standard.PIVOT_INCONNU:
        return "inconnu"
    return valeur


def sources_du_lieu(lieu: Lieu) -> tuple[list[str], dict[str, list[str]]]:
    """For a lieu described by several source records: the names of their import sources (no ids, no contacts) and,
    field by field, the sources its values came from (its lineage); ([], {}) for a lieu of one record."""
    if hasattr(lieu, "sources_actives"):  # Lieu.objects.avec_ligne_recue(): no query here
        actives = [(p["pk"], p["source"]) for p in lieu.sources_actives or []]
    else:
        actives = list(Provenance.objects.filter(lieu_id=lieu.uid, actif=True).order_by("source", "pk")
                       .values_list("pk", "source"))
    if len(actives) < 2:
        return [], {}
    noms = list(dict.fromkeys(source for _, source in actives))
    return noms, sources_des_champs(lieu.lignee or {}, dict(actives))


def champs_du_standard(lieu: Lieu, sources: dict[str, list[str]] | None = None) -> list[dict]:
    """The 32 columns, in the standard's order, with their French label: the « toutes les informations » table;
    with `sources` (field → sources of its value), which source gave each field."""
    sources = sources or {}
    lignes = []
    for champ in standard.CHAMPS:
        valeur = _valeur_affichee(lieu, champ)
        valeurs = valeur if isinstance(valeur, list) else ([valeur] if valeur not in ("", None) else [])
        if champ.nom in ("site_web", "fiche_acces_libre", "prise_rdv"):
            valeurs = [{"texte": v, "lien": url_sure(v)} for v in valeurs]
        else:
            valeurs = [{"texte": v, "lien": ""} for v in valeurs]
        lignes.append({"nom": champ.nom, "libelle": champ.libelle, "valeurs": valeurs,
                       "sources": sources.get(champ.nom, []) if valeurs else []})
    return lignes


def score_du_lieu(lieu: Lieu) -> int | None:
    """Its quality score (lieux_qualite, kept by PostgreSQL), None when not computed."""
    from lieux.models import QualiteLieu

    try:
        return lieu.qualite.score
    except QualiteLieu.DoesNotExist:
        return None


def contexte_fiche(request, lieu: Lieu, form=None, visite: Visite | None = None) -> dict:
    zone = affichage_horaires.fuseau(lieu.departement_id or lieu.code_postal)
    maintenant = timezone.now()
    semaine = affichage_horaires.semaine(lieu.horaires, maintenant, zone)
    url = request.build_absolute_uri(request.path)
    lat, lon = lieu.latitude, lieu.longitude
    territoire = lieu.commune_officielle or lieu.departement or lieu.region
    visite = visite or Visite()
    parametres = visite.parametres()
    distance = getattr(lieu, "distance", None)
    form = form or SignalementForm()
    sources, sources_par_champ = sources_du_lieu(lieu)
    return {
        "lieu": lieu,
        "chaine": chaine_territoires(territoire),
        "typologies": _valeur_affichee(lieu, standard.CHAMPS_PAR_NOM["typologie"]),
        "etat": fermetures_affichage.etat(lieu.uid, lieu.horaires, lieu.code_postal, maintenant, zone),
        "fermetures_annoncees": fermetures_affichage.bandeaux(lieu),
        "semaine": semaine,
        "horaires_communiques": horaires_communiques(lieu),
        "mise_a_jour": historique.derniere_mise_a_jour(lieu),  # « … par l'import de la source X » (lieux/historique.py)
        "ancien": lieu.date_maj and timezone.localdate() - lieu.date_maj > ANCIENNETE_MAX,
        "proposer_mise_a_jour": qualite.proposer_mise_a_jour(score_du_lieu(lieu)),
        "telephone": telephone_affiche(lieu.telephone) if lieu.telephone else "",
        "champs": champs_du_standard(lieu, sources_par_champ),
        "sources_du_lieu": sources,
        "url": url,
        "itineraire": f"https://www.openstreetmap.org/directions?route=%3B{lat:.6f}%2C{lon:.6f}#map=16/{lat:.5f}/"
                      f"{lon:.5f}" if lat is not None else "",
        "courriel_partage": "mailto:?subject=" + quote(lieu.nom) + "&body=" + quote(url),
        "rdv_en_ligne": url_sure(lieu.prise_rdv),
        "acces_libre": url_sure(lieu.fiche_acces_libre),
        "sites": [u for u in map(url_sure, lieu.site_web) if u],
        "sans_public": "Ce lieu n'accueille pas de public" in lieu.modalites_acces,
        "form": form,
        "erreurs": erreurs_du_formulaire(form) if form.is_bound else [],
        "signalement_refuse": "",
        "retour": visite.retour,
        "distance": distance_lisible(distance.m) if distance is not None and lat is not None else "",
        "parametres_visite": parametres,
        "lien_signaler": "?" + (parametres + "&" if parametres else "") + "signaler=1#signaler",
        "signalement_ouvert": "signaler" in request.GET,
        "config_mini_carte": {"lat": lat, "lon": lon, "nom": lieu.nom,
                              "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}}
        if lat is not None else None,
    }
