"""Precomputed availability, and the orientation's narrow search projection of each lieu.

One row per lieu: its opening intervals as one int4multirange (`creneaux`, key space in lieux/horaires.py) and a
copy of what the orientation filters on — `actif`, `localisation`, `valeurs` (services, prise en charge, publics as
small integer codes) — under one GiST index (localisation, creneaux, valeurs). Every orientation query is then an
index scan over ~100-byte rows, never a Python loop over lieux:

    ouverts_a(Lieu.objects.actifs(), instant)                     # « ouvert maintenant » (the map's filter)
    ouverts_pendant(qs, [(0, 840, 960)])                          # ouvert lundi 14:00–16:00
    disponibles(qs, maintenant=t, creneaux=[(None, None, None)])  # OR of both, unknown hours kept
    qs.filter(q_horaires_inconnus())                              # « horaires non renseignés »

The rows follow the lieux: post_save below for single saves; importers call `rafraichir_ouvertures(uids)` after
their bulk upserts; `manage.py refresh_ouvertures --perimees` catches up (and recomputes seasonal hours weekly).
A lieu without a row yet counts as « horaires non renseignés ».
"""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.db import models as gis_models
from django.contrib.postgres.indexes import GistIndex
from django.db import connection, models, transaction
from django.db.models import Lookup, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from psycopg.types.multirange import Int4Multirange
from psycopg.types.range import Range

from lieux import horaires as h
from lieux import standard
from lieux.masque import BITS

from .lieu import Lieu

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


# --- an int4multirange column (Django has no multirange field) ---------------------------------------------------


class Int4MultirangeField(models.Field):
    """A PostgreSQL int4multirange, read and written as a list of half-open (start, end) integer pairs."""

    description = "Intervalles d'entiers (int4multirange)"

    def db_type(self, connection):
        return "int4multirange"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, str):  # not adapted by psycopg (e.g. a raw cursor with another loader)
            raise TypeError("int4multirange attendu sous forme de Multirange psycopg")
        return [(r.lower, r.upper) for r in value]

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None or isinstance(value, Int4Multirange):
            return value
        return Int4Multirange([Range(int(a), int(b), "[)") for a, b in value])


@Int4MultirangeField.register_lookup
class Chevauche(Lookup):
    """`creneaux__chevauche=[(a, b), …]`: some interval overlaps one of these (`&&`, which GiST answers; the
    multirange opclass keys on the overall bounds, so the index narrows and PostgreSQL rechecks the row)."""

    lookup_name = "chevauche"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} && %s::int4multirange", [*lhs_params, texte_multirange(self.rhs)]


def texte_multirange(intervalles) -> str:
    """'{[a,b),[c,d)}': the literal PostgreSQL reads (used in COPY and in lookups)."""
    return "{" + ",".join(f"[{int(a)},{int(b)})" for a, b in intervalles) + "}"


# --- the model ----------------------------------------------------------------------------------------------------


class Ouverture(models.Model):
    class Etat(models.TextChoices):
        RENSEIGNES = h.RENSEIGNES, "horaires renseignés"
        NON_RENSEIGNES = h.NON_RENSEIGNES, "horaires non renseignés"
        ILLISIBLES = h.ILLISIBLES, "horaires illisibles"

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


def cles_disponibilite(maintenant: dt.datetime | None = None, creneaux=(), inconnus: bool = True):
    """The one multirange to overlap with for « open now OR during one of the slots (OR unknown hours) »."""
    cles = []
    if maintenant is not None:
        cles += h.cles_ouvert_a(maintenant)
    if creneaux:
        cles += h.cles_pendant(creneaux)
    if inconnus:
        cles += h.CLE_INCONNUE
    return h.fusionner(cles)


def disponibles(queryset, maintenant: dt.datetime | None = None, creneaux=(), inconnus: bool = True,
                prefixe: str = "ouverture__"):
    """Open now OR during one of the slots (the orientation's « Disponibilité »), unknown hours kept if asked.

    `queryset` holds lieux (`prefixe` "ouverture__") or Ouverture rows (`prefixe` "")."""
    cles = cles_disponibilite(maintenant, creneaux, inconnus)
    if not cles:
        return queryset.none()
    condition = Q(**{f"{prefixe}creneaux__chevauche": cles})
    if inconnus and prefixe:
        condition |= Q(**{f"{prefixe[:-2]}__isnull": True})
    return queryset.filter(condition)


def ouverts_a(queryset, instant: dt.datetime, inconnus: bool = False):
    """`queryset` (lieux) narrowed to those open at `instant`; `inconnus=True` keeps the lieux with unknown hours."""
    return disponibles(queryset, maintenant=instant, inconnus=inconnus)


def ouverts_pendant(queryset, creneaux, inconnus: bool = False):
    return disponibles(queryset, creneaux=creneaux, inconnus=inconnus)


# --- refreshing -----------------------------------------------------------------------------------------------------


def _case_fuseau(colonne: str) -> str:
    branches = " ".join(f"when '{prefixe}' then '{nom}'" for prefixe, nom in FUSEAUX.items())
    return f"case left({colonne}, 3) {branches} else '{PARIS}' end"


# the bits of the map mask (lieux/masque.py) that carry the values of CODES: `valeurs` is a function of them
_BITS_VALEURS = {bit: (champ, valeur) for (champ, valeur), bit in BITS.items() if champ in CODES}
CLE_VALEURS = sum(_BITS_VALEURS)


def valeurs_de_masque(cle: int) -> list[tuple[int, int]]:
    """`valeurs` (codes of CODES as intervals) of a lieu whose masque_carte & CLE_VALEURS is `cle`."""
    intervalles = []
    for bit, (champ, valeur) in _BITS_VALEURS.items():
        if cle & bit:
            intervalles += codes(champ, [valeur])
    return h.fusionner(intervalles)


COLONNES = "horaires, etat, creneaux, regle_feries, variable, fuseau, actif, localisation, valeurs, calcule_le"
MISE_A_JOUR = ", ".join(f"{c} = excluded.{c}" for c in COLONNES.split(", "))


def rafraichir_ouvertures(lieu_uids=None, le: dt.date | None = None) -> int:
    """Recompute the rows of these lieux (all when None) from the lieux; returns rows written.

    Each distinct (`horaires`, time zone) is analysed once in Python, then one INSERT … SELECT … ON CONFLICT
    writes every row: a million lieux cost a few thousand analyses plus one SQL statement.
    """
    uids = None if lieu_uids is None else sorted({int(u) for u in lieu_uids})  # once each (ON CONFLICT)
    if uids is not None and not uids:
        return 0
    # a join on the unnested ids, not `uid = any(%s)`: with stale statistics the planner once guessed a handful of
    # rows for 100,000 ids and chose a plan taking 30 s
    lieux, params = (("unnest(%s::bigint[]) as u(uid) join lieux_lieu l on l.uid = u.uid", [uids]) if uids is not None
                     else ("lieux_lieu l", []))
    fuseau = _case_fuseau("l.code_postal")
    with transaction.atomic(), connection.cursor() as cursor:
        return _rafraichir(cursor, lieux, params, fuseau, le)


def _rafraichir(cursor, lieux: str, params: list, fuseau: str, le: dt.date | None) -> int:
    cursor.execute(
        f"select distinct l.horaires, {fuseau}, coalesce(l.masque_carte, 0) & %s from {lieux}",
        [CLE_VALEURS, *params],
    )
    triplets = cursor.fetchall()
    analyses = {texte: h.analyser(texte, le) for texte in {t for t, _, _ in triplets}}
    # dropped at the end too: inside an outer transaction (tests, an import run) `on commit` comes too late
    cursor.execute("drop table if exists tmp_ouvertures")
    cursor.execute(
        "create temporary table tmp_ouvertures (horaires text, fuseau text, cle bigint, etat varchar(15),"
        " creneaux int4multirange, regle_feries boolean, variable boolean, valeurs int4multirange) on commit drop"
    )
    with cursor.cursor.copy("copy tmp_ouvertures from stdin") as copy:
        for texte, zone, cle in triplets:
            a = analyses[texte]
            copy.write_row((texte, zone, cle, a.etat, texte_multirange(a.cles(zone)), a.feries is not None,
                            a.variable, texte_multirange(valeurs_de_masque(cle))))
    cursor.execute(
        f"""insert into lieux_ouverture (lieu_id, {COLONNES})
            select l.uid, l.horaires, t.etat, t.creneaux, t.regle_feries, t.variable, t.fuseau,
                   l.statut = 'actif' and l.localisation is not null, l.localisation, t.valeurs, now()
            from {lieux} join tmp_ouvertures t
              on t.horaires = l.horaires and t.fuseau = {fuseau} and t.cle = coalesce(l.masque_carte, 0) & %s
            on conflict (lieu_id) do update set {MISE_A_JOUR}""",
        [*params, CLE_VALEURS],
    )
    ecrits = cursor.rowcount
    cursor.execute("drop table tmp_ouvertures")
    return ecrits


def uids_perimes(age_max: dt.timedelta = dt.timedelta(days=7)) -> list[int]:
    """Lieux whose row is missing or older than the lieu, computed from other hours, or variable and too old."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select l.uid from lieux_lieu l left join lieux_ouverture o on o.lieu_id = l.uid
               where o.lieu_id is null or o.horaires <> l.horaires or l.modifie_le > o.calcule_le
                  or o.actif <> (l.statut = 'actif' and l.localisation is not null)
                  or (o.variable and o.calcule_le < now() - %s)""",
            [age_max],
        )
        return [uid for (uid,) in cursor.fetchall()]


CHAMPS_SUIVIS = {"horaires", "code_postal", "statut", "localisation", *CODES}


def enregistrer_ouverture(lieu: Lieu, le: dt.date | None = None) -> None:
    """One lieu, one statement (the post_save path)."""
    a = h.analyser(lieu.horaires, le)
    zone = fuseau_de(lieu.code_postal)
    valeurs = h.fusionner(c for champ in CODES for c in codes(champ, getattr(lieu, champ) or []))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""insert into lieux_ouverture (lieu_id, {COLONNES})
                values (%s, %s, %s, %s::int4multirange, %s, %s, %s, %s, %s::geography, %s::int4multirange, now())
                on conflict (lieu_id) do update set {MISE_A_JOUR}""",
            [lieu.uid, lieu.horaires or "", a.etat, texte_multirange(a.cles(zone)), a.feries is not None, a.variable,
             zone, lieu.statut == Lieu.Statut.ACTIF and lieu.localisation is not None,
             lieu.localisation.ewkt if lieu.localisation is not None else None, texte_multirange(valeurs)],
        )


@receiver(post_save, sender=Lieu, dispatch_uid="ouverture_apres_enregistrement")
def _apres_enregistrement(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not CHAMPS_SUIVIS & set(update_fields):
        return
    enregistrer_ouverture(instance)
