"""/lieux/<uid>/: the sheet of a lieu (every standard field in plain French, hours, contacts, mini-map) and its
« Signaler une erreur » form (POST /lieux/<uid>/signaler/)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lieux import affichage_horaires, standard
from lieux.models import Lieu, Signalement
from lieux.models.signalement import LONGUEUR_MAX_MESSAGE, empreinte_client, peut_signaler
from lieux.views.presentation import chaine_territoires, url_sure

ANCIENNETE_MAX = dt.timedelta(days=365)


class SignalementForm(forms.Form):
    rubriques = forms.MultipleChoiceField(
        label="Quelles informations sont erronées ?", choices=Signalement.Rubrique.choices,
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "Cochez au moins une rubrique."})
    message = forms.CharField(label="Précisez (facultatif)", required=False, max_length=LONGUEUR_MAX_MESSAGE,
                              widget=forms.Textarea(attrs={"rows": 4, "maxlength": LONGUEUR_MAX_MESSAGE}),
                              help_text=f"{LONGUEUR_MAX_MESSAGE} caractères au plus. N'indiquez pas de données "
                                        "personnelles sur des tiers.")
    courriel = forms.EmailField(label="Votre courriel, si vous souhaitez une réponse (facultatif)", required=False)
    # honeypot: hidden from people by CSS, filled by robots
    site_internet = forms.CharField(required=False, label="Ne pas remplir ce champ")


def _lieu_visible(uid) -> Lieu:
    lieu = get_object_or_404(Lieu.objects.select_related("commune_officielle__departement",
                                                         "commune_officielle__region", "departement", "region"),
                             uid=uid)
    if lieu.statut != Lieu.Statut.ACTIF:
        raise Http404("Ce lieu n'est plus référencé.")
    return lieu


def telephone_affiche(numero: str) -> str:
    """+33241000000 → « 02 41 00 00 00 » (national form), unchanged when unreadable."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(numero, "FR"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return numero


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


def champs_du_standard(lieu: Lieu) -> list[dict]:
    """The 32 columns, in the standard's order, with their French label: the « toutes les informations » table."""
    lignes = []
    for champ in standard.CHAMPS:
        valeur = _valeur_affichee(lieu, champ)
        valeurs = valeur if isinstance(valeur, list) else ([valeur] if valeur not in ("", None) else [])
        if champ.nom in ("site_web", "fiche_acces_libre", "prise_rdv"):
            valeurs = [{"texte": v, "lien": url_sure(v)} for v in valeurs]
        else:
            valeurs = [{"texte": v, "lien": ""} for v in valeurs]
        lignes.append({"nom": champ.nom, "libelle": champ.libelle, "valeurs": valeurs})
    return lignes


def contexte_fiche(request, lieu: Lieu, form=None) -> dict:
    zone = affichage_horaires.fuseau(lieu.departement_id or lieu.code_postal)
    maintenant = timezone.now()
    semaine = affichage_horaires.semaine(lieu.horaires, maintenant, zone)
    url = request.build_absolute_uri(request.path)
    lat, lon = lieu.latitude, lieu.longitude
    territoire = lieu.commune_officielle or lieu.departement or lieu.region
    return {
        "lieu": lieu,
        "chaine": chaine_territoires(territoire),
        "typologies": _valeur_affichee(lieu, standard.CHAMPS_PAR_NOM["typologie"]),
        "etat": affichage_horaires.etat(lieu.horaires, maintenant, zone),
        "semaine": semaine,
        "ancien": lieu.date_maj and timezone.localdate() - lieu.date_maj > ANCIENNETE_MAX,
        "telephone": telephone_affiche(lieu.telephone) if lieu.telephone else "",
        "champs": champs_du_standard(lieu),
        "url": url,
        "itineraire": f"https://www.openstreetmap.org/directions?route=%3B{lat:.6f}%2C{lon:.6f}#map=16/{lat:.5f}/"
                      f"{lon:.5f}" if lat is not None else "",
        "courriel_partage": "mailto:?subject=" + quote(lieu.nom) + "&body=" + quote(url),
        "rdv_en_ligne": url_sure(lieu.prise_rdv),
        "acces_libre": url_sure(lieu.fiche_acces_libre),
        "sites": [u for u in map(url_sure, lieu.site_web) if u],
        "sans_public": "Ce lieu n'accueille pas de public" in lieu.modalites_acces,
        "form": form or SignalementForm(),
        "config_mini_carte": {"lat": lat, "lon": lon, "nom": lieu.nom,
                              "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}}
        if lat is not None else None,
    }


def fiche(request, uid):
    lieu = _lieu_visible(uid)
    return render(request, "lieux/lieu.html", contexte_fiche(request, lieu))


def _adresse_client(request) -> str:
    # behind the reverse proxy the client is the first X-Forwarded-For hop; only trusted when configured
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        transmise = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
        if transmise:
            return transmise
    return request.META.get("REMOTE_ADDR", "")


@require_POST
def signaler(request, uid):
    lieu = _lieu_visible(uid)
    form = SignalementForm(request.POST)
    if not form.is_valid():
        return render(request, "lieux/lieu.html", contexte_fiche(request, lieu, form) | {"signalement_ouvert": True},
                      status=400)
    if form.cleaned_data["site_internet"]:  # a robot: pretend it worked, store nothing
        messages.success(request, "Merci, votre signalement a été transmis à l'équipe de modération.")
        return redirect("lieux:lieu", uid=lieu.uid)
    empreinte = empreinte_client(_adresse_client(request))
    if not peut_signaler(empreinte, lieu):
        contexte = contexte_fiche(request, lieu, form) | {
            "signalement_ouvert": True,
            "signalement_refuse": "Vous avez déjà envoyé plusieurs signalements récemment. "
                                  "Merci de réessayer plus tard.",
        }
        return render(request, "lieux/lieu.html", contexte, status=429)
    Signalement.objects.create(lieu=lieu, rubriques=form.cleaned_data["rubriques"],
                               message=form.cleaned_data["message"], courriel=form.cleaned_data["courriel"],
                               empreinte_client=empreinte)
    messages.success(request, "Merci, votre signalement a été transmis à l'équipe de modération.")
    return redirect("lieux:lieu", uid=lieu.uid)
