"""Precomputed availability, and the orientation's narrow search projection of each lieu (a projection of lieux_lieu).

One row per lieu: its opening intervals as one int4multirange (`creneaux`, key space in lieux/horaires.py) and a
copy of what the orientation filters on — `actif`, `localisation`, `valeurs` (services, prise en charge, publics as
small integer codes) — under one GiST index (localisation, creneaux, valeurs). Every orientation query is then an
index scan over ~100-byte rows, never a Python loop over lieux:

    ouverts_a(Lieu.objects.actifs(), instant)                     # « ouvert maintenant » (the map's filter)
    ouverts_pendant(qs, [(0, 840, 960)])                          # ouvert lundi 14:00–16:00
    disponibles(qs, maintenant=t, creneaux=[(None, None, None)])  # OR of both, unknown hours kept
    qs.filter(q_horaires_inconnus())                              # « horaires non renseignés »

The rows are kept by PostgreSQL (lieux/projections/maintien_ouvertures.py, the rule in lieux/projections/__init__.py):
nothing here is called by a writer. A lieu without a row, or whose hours were never analysed (state « à analyser »),
counts as « horaires non renseignés ».
"""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.db import models as gis_models
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lieux import horaires as h
from lieux import standard
from lieux.models.lieu import Lieu

from .masque import BITS
from .multirange import Int4MultirangeField, texte_multirange  # noqa: F401 (texte_multirange: re-exported)

FUSEAUX = h.FUSEAUX
PARIS = "Europe/Paris"
fuseau_de = h.fuseau_de
# codes of the values in `valeurs` (order of the standard's enumerations)
CODES = {"services": (0, standard.SERVICES), "prise_en_charge_specifique": (100, standard.PRISE_EN_CHARGE_SPECIFIQUE),
         "publics_specifiquement_adresses": (200, standard.PUBLICS_SPECIFIQUEMENT_ADRESSES)}


def codes(champ: str, valeurs) -> list[tuple[int, int]]:
    """`valeurs` of a standard field as intervals of `valeurs` codes (unknown values are left out)."""
    debut, liste = CODES[champ]
    return h.fusionner((debut + liste.index(v), debut + liste.index(v) + 1) for v in valeurs if v in liste)


# --- the model ----------------------------------------------------------------------------------------------------


class Ouverture(models.Model):
    class Etat(models.TextChoices):
        RENSEIGNES = h.RENSEIGNES, "horaires renseignés"
        NON_RENSEIGNES = h.NON_RENSEIGNES, "horaires non renseignés"
        ILLISIBLES = h.ILLISIBLES, "horaires illisibles"
        # written by the trigger when no analysis of the text was there yet (a raw SQL writer): counted as unknown
        # hours until `manage.py refresh_ouvertures --perimees` analyses it
        A_ANALYSER = "a_analyser", "horaires à analyser"

    lieu = models.OneToOneField(Lieu, primary_key=True, on_delete=models.CASCADE, related_name="ouverture")
    horaires = models.TextField("horaires lus", blank=True, help_text="La chaîne `horaires` du lieu au calcul.")
    etat = models.CharField(max_length=15, choices=Etat.choices)
    creneaux = Int4MultirangeField(
        "créneaux d'ouverture", default=list,
        help_text="Minutes de la semaine type, des jours fériés et marqueur « inconnu » : voir lieux/horaires.py.",
    )
    regle_feries = models.BooleanField("règle propre aux jours fériés (PH)", default=False)
    variable = models.BooleanField("horaires variables selon les semaines", default=False)
    fuseau = models.CharField("fuseau horaire", max_length=40, default=PARIS)
    # copies of the lieu for the orientation's index (refreshed with the hours)
    actif = models.BooleanField("actif et localisé", default=False)
    localisation = gis_models.PointField(geography=True, srid=4326, null=True, blank=True, spatial_index=False)
    valeurs = Int4MultirangeField("services, prises en charge, publics (codes)", default=list)
    calcule_le = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "ouverture"
        verbose_name_plural = "ouvertures"
        indexes = [
            GistIndex(fields=["creneaux"], name="ouverture_creneaux_gist"),
            GistIndex(fields=["localisation", "creneaux", "valeurs"], name="ouverture_recherche_gist",
                      condition=Q(actif=True)),
        ]

    def __str__(self):
        return f"{self.lieu_id} : {self.get_etat_display()}"


# --- queries (Q objects on Lieu, and queryset functions) ----------------------------------------------------------


def q_ouverts_a(instant: dt.datetime, prefixe: str = "ouverture__") -> Q:
    """Open at `instant`, each lieu in its own time zone; on a public holiday, its `PH` rule if it has one."""
    return Q(**{f"{prefixe}creneaux__chevauche": h.cles_ouvert_a(instant)})


def q_ouverts_pendant(creneaux, prefixe: str = "ouverture__") -> Q:
    """Open at some point of one of `creneaux` in a typical week: [(jour 0–6 | None, début | None, fin | None)] with
    times in minutes of the day (None: « tous les jours », « toute la journée »)."""
    return Q(**{f"{prefixe}creneaux__chevauche": h.cles_pendant(creneaux)})


def q_horaires_inconnus(prefixe: str = "ouverture__") -> Q:
    """Hours not known: empty, unreadable, a lone comment — or not computed yet (no row)."""
    inconnus = Q(**{f"{prefixe}creneaux__chevauche": h.CLE_INCONNUE})
    return inconnus | Q(**{f"{prefixe[:-2]}__isnull": True}) if prefixe else inconnus


def cles_disponibilite(maintenant: dt.datetime | None = None, creneaux=(), inconnus: bool = True,
                       reference: dt.datetime | None = None):
    """The one multirange to overlap with for « open now OR during one of the slots (OR unknown hours) »; the slots
    are their coming dates from `reference` (public holidays of those dates: lieux/fermetures_requetes.py)."""
    from lieux.fermetures_requetes import cles_pendant_datees

    cles = []
    if maintenant is not None:
        cles += h.cles_ouvert_a(maintenant)
    if creneaux:
        cles += cles_pendant_datees(creneaux, reference or maintenant or timezone.now())
    if inconnus:
        cles += h.CLE_INCONNUE
    return h.fusionner(cles)


def disponibles(queryset, maintenant: dt.datetime | None = None, creneaux=(), inconnus: bool = True,
                prefixe: str = "ouverture__", reference: dt.datetime | None = None):
    """Open now OR during one of the slots (the orientation's « Disponibilité »), unknown hours kept if asked; the
    slots are their coming dates from `reference` (now by default). Temporary closures, exceptional hours and
    public holidays of those dates are applied at query time (lieux/fermetures_requetes.py).

    `queryset` holds lieux (`prefixe` "ouverture__") or Ouverture rows (`prefixe` "")."""
    from lieux.fermetures_requetes import corriger

    reference = reference or maintenant or timezone.now()
    cles = cles_disponibilite(maintenant, creneaux, inconnus, reference)
    if not cles:
        return queryset.none()
    condition = Q(**{f"{prefixe}creneaux__chevauche": cles})
    if inconnus and prefixe:
        condition |= Q(**{f"{prefixe[:-2]}__isnull": True})
    return queryset.filter(corriger(condition, prefixe, maintenant, creneaux, inconnus, reference))


def ouverts_a(queryset, instant: dt.datetime, inconnus: bool = False):
    """`queryset` (lieux) narrowed to those open at `instant`; `inconnus=True` keeps the lieux with unknown hours."""
    return disponibles(queryset, maintenant=instant, inconnus=inconnus)


def ouverts_pendant(queryset, creneaux, inconnus: bool = False):
    return disponibles(queryset, creneaux=creneaux, inconnus=inconnus)


# the bits of the map mask (lieux/projections/masque.py) that carry the values of CODES: `valeurs` is a function of them
BITS_VALEURS = {bit: (champ, valeur) for (champ, valeur), bit in BITS.items() if champ in CODES}
CLE_VALEURS = sum(BITS_VALEURS)


def valeurs_de_masque(cle: int) -> list[tuple[int, int]]:
    """`valeurs` (codes of CODES as intervals) of a lieu whose masque_carte & CLE_VALEURS is `cle`."""
    intervalles = []
    for bit, (champ, valeur) in BITS_VALEURS.items():
        if cle & bit:
            intervalles += codes(champ, [valeur])
    return h.fusionner(intervalles)
