"""Precomputed availability: each lieu's weekly opening intervals in one int4multirange with a GiST index.

The key space of `creneaux` is described in lieux/horaires.py (even weeks, odd weeks, public holidays; minutes in
the lieu's own wall-clock time). Queries are index-assisted SQL, never Python loops over lieux:

    ouverts_a(Lieu.objects.actifs(), instant)                     # « ouvert maintenant »
    ouverts_pendant(qs, [(0, 840, 960)])                          # ouvert lundi 14:00–16:00
    disponibles(qs, maintenant=t, creneaux=[(None, None, None)])  # OR of both, unknown hours kept
    qs.filter(q_horaires_inconnus())                              # « horaires non renseignés »

A lieu is refreshed when saved (post_save below) and in bulk by `rafraichir_ouvertures(uids)` — importers call it
after their upserts — or `manage.py refresh_ouvertures`. A lieu without a row yet counts as « non renseignés ».
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.postgres.indexes import GistIndex
from django.db import connection, models, transaction
from django.db.models import Lookup, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from psycopg.types.multirange import Int4Multirange
from psycopg.types.range import Range

from lieux import horaires as h

from .lieu import Lieu

# Overseas lieux live in their own time zone; the hours string is read in local wall-clock time.
FUSEAUX = {
    "971": "America/Guadeloupe", "972": "America/Martinique", "973": "America/Cayenne", "974": "Indian/Reunion",
    "975": "America/Miquelon", "976": "Indian/Mayotte", "977": "America/St_Barthelemy", "978": "America/Marigot",
}
PARIS = "Europe/Paris"


def fuseau_de(code_postal: str | None) -> str:
    return FUSEAUX.get((code_postal or "")[:3], PARIS)


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
class Contient(Lookup):
    """`creneaux__contient=minute`: the multirange contains that integer (GiST-indexable `@>`)."""

    lookup_name = "contient"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::int4", [*lhs_params, int(self.rhs)]


@Int4MultirangeField.register_lookup
class Chevauche(Lookup):
    """`creneaux__chevauche=[(a, b), …]`: some interval overlaps one of these (GiST-indexable `&&`)."""

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
        help_text="Minutes de la semaine paire [0, 10080), impaire [10080, 20160), d'un jour férié [20160, 21600).",
    )
    regle_feries = models.BooleanField("règle propre aux jours fériés (PH)", default=False)
    variable = models.BooleanField("horaires variables selon les semaines", default=False)
    fuseau = models.CharField("fuseau horaire", max_length=40, default=PARIS)
    calcule_le = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "ouverture"
        verbose_name_plural = "ouvertures"
        indexes = [
            GistIndex(fields=["creneaux"], name="ouverture_creneaux_gist"),
            models.Index(fields=["lieu"], name="ouverture_inconnue",
                         condition=Q(etat__in=[h.NON_RENSEIGNES, h.ILLISIBLES])),
        ]

    def __str__(self):
        return f"{self.lieu_id} : {self.get_etat_display()}"


# --- queries (Q objects on Lieu, and queryset functions) ----------------------------------------------------------


def _fuseaux_utilises():
    return (PARIS, *dict.fromkeys(FUSEAUX.values()))


def q_ouverts_a(instant: dt.datetime, prefixe: str = "ouverture__") -> Q:
    """Lieux open at `instant` (each in its own time zone; public holidays: their `PH` rule, if any)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=ZoneInfo(PARIS))
    groupes: dict[tuple, list[str]] = {}  # time zones where `instant` falls on the same key share one test
    for nom in _fuseaux_utilises():
        zone = ZoneInfo(nom)
        ferie = h.est_ferie(instant.astimezone(zone).date())
        groupes.setdefault((h.cle(instant, zone), ferie and h.cle_ferie(instant, zone)), []).append(nom)
    condition = Q()
    for (cle, cle_ferie), noms in groupes.items():
        ouvert = Q(**{f"{prefixe}creneaux__contient": cle})
        if cle_ferie:
            ouvert = (Q(**{f"{prefixe}regle_feries": False}) & ouvert) | (
                Q(**{f"{prefixe}regle_feries": True, f"{prefixe}creneaux__contient": cle_ferie}))
        fuseaux = Q(**{f"{prefixe}fuseau": noms[0]}) if len(noms) == 1 else Q(**{f"{prefixe}fuseau__in": noms})
        condition |= fuseaux & ouvert
    return condition


def q_ouverts_pendant(creneaux, prefixe: str = "ouverture__") -> Q:
    """Lieux open at some point of one of `creneaux` in a typical week: [(jour 0–6 | None, début | None, fin | None)]
    with times in minutes of the day (None: « tous les jours », « toute la journée »)."""
    cles = h.fusionner(c for jour, debut, fin in creneaux for c in h.cles_creneau(jour, debut, fin))
    if not cles:
        return Q(pk__in=[])
    return Q(**{f"{prefixe}creneaux__chevauche": cles})


def q_horaires_inconnus(prefixe: str = "ouverture__") -> Q:
    """Lieux whose hours are not known: empty, unreadable, a lone comment, or not computed yet."""
    return Q(**{f"{prefixe}etat__in": [h.NON_RENSEIGNES, h.ILLISIBLES]}) | Q(**{f"{prefixe[:-2]}__isnull": True})


def ouverts_a(queryset, instant: dt.datetime, inconnus: bool = False):
    """`queryset` (lieux) narrowed to those open at `instant`; `inconnus=True` keeps the lieux with unknown hours."""
    return disponibles(queryset, maintenant=instant, inconnus=inconnus)


def ouverts_pendant(queryset, creneaux, inconnus: bool = False):
    return disponibles(queryset, creneaux=creneaux, inconnus=inconnus)


def disponibles(queryset, maintenant: dt.datetime | None = None, creneaux=(), inconnus: bool = True):
    """Open now OR during one of the slots (the orientation's « Disponibilité »), unknown hours kept if asked."""
    condition = Q(pk__in=[])
    if maintenant is not None:
        condition |= q_ouverts_a(maintenant)
    if creneaux:
        condition |= q_ouverts_pendant(creneaux)
    if inconnus:
        condition |= q_horaires_inconnus()
    return queryset.filter(condition)


# --- refreshing -----------------------------------------------------------------------------------------------------


def _case_fuseau(colonne: str) -> str:
    branches = " ".join(f"when '{prefixe}' then '{nom}'" for prefixe, nom in FUSEAUX.items())
    return f"case left({colonne}, 3) {branches} else '{PARIS}' end"


def rafraichir_ouvertures(lieu_uids=None, le: dt.date | None = None) -> int:
    """Recompute the availability of these lieux (all when None) from their `horaires`; returns rows written.

    Each distinct `horaires` string is analysed once in Python, then one INSERT … SELECT … ON CONFLICT joins them
    to the lieux: a million lieux take a few distinct strings' work plus one SQL statement.
    """
    uids = None if lieu_uids is None else [int(u) for u in lieu_uids]
    if uids is not None and not uids:
        return 0
    filtre, params = ("where l.uid = any(%s)", [uids]) if uids is not None else ("", [])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"select distinct l.horaires from lieux_lieu l {filtre}", params)
        analyses = {texte: h.analyser(texte, le) for (texte,) in cursor.fetchall()}
        # dropped at the end too: inside an outer transaction (tests, an import run) `on commit` comes too late
        cursor.execute("drop table if exists tmp_ouvertures")
        cursor.execute(
            "create temporary table tmp_ouvertures (horaires text, etat varchar(15), creneaux int4multirange,"
            " regle_feries boolean, variable boolean) on commit drop"
        )
        with cursor.cursor.copy("copy tmp_ouvertures from stdin") as copy:
            for texte, a in analyses.items():
                copy.write_row((texte, a.etat, texte_multirange(a.cles()), a.feries is not None, a.variable))
        cursor.execute(
            f"""insert into lieux_ouverture (lieu_id, horaires, etat, creneaux, regle_feries, variable, fuseau,
                                              calcule_le)
                select l.uid, l.horaires, t.etat, t.creneaux, t.regle_feries, t.variable,
                       {_case_fuseau('l.code_postal')}, now()
                from lieux_lieu l join tmp_ouvertures t on t.horaires = l.horaires {filtre}
                on conflict (lieu_id) do update set horaires = excluded.horaires, etat = excluded.etat,
                    creneaux = excluded.creneaux, regle_feries = excluded.regle_feries,
                    variable = excluded.variable, fuseau = excluded.fuseau, calcule_le = excluded.calcule_le""",
            params,
        )
        ecrits = cursor.rowcount
        cursor.execute("drop table tmp_ouvertures")
        return ecrits


def uids_perimes(age_max: dt.timedelta = dt.timedelta(days=7)) -> list[int]:
    """Lieux whose availability is missing, computed from other hours, or variable and older than `age_max`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select l.uid from lieux_lieu l left join lieux_ouverture o on o.lieu_id = l.uid
               where o.lieu_id is null or o.horaires <> l.horaires
                  or (o.variable and o.calcule_le < now() - %s)""",
            [age_max],
        )
        return [uid for (uid,) in cursor.fetchall()]


def enregistrer_ouverture(lieu: Lieu, le: dt.date | None = None) -> None:
    """One lieu, one statement (the post_save path)."""
    a = h.analyser(lieu.horaires, le)
    with connection.cursor() as cursor:
        cursor.execute(
            """insert into lieux_ouverture (lieu_id, horaires, etat, creneaux, regle_feries, variable, fuseau,
                                             calcule_le)
               values (%s, %s, %s, %s::int4multirange, %s, %s, %s, now())
               on conflict (lieu_id) do update set horaires = excluded.horaires, etat = excluded.etat,
                   creneaux = excluded.creneaux, regle_feries = excluded.regle_feries,
                   variable = excluded.variable, fuseau = excluded.fuseau, calcule_le = excluded.calcule_le""",
            [lieu.uid, lieu.horaires or "", a.etat, texte_multirange(a.cles()), a.feries is not None, a.variable,
             fuseau_de(lieu.code_postal)],
        )


@receiver(post_save, sender=Lieu, dispatch_uid="ouverture_apres_enregistrement")
def _apres_enregistrement(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"horaires", "code_postal"} & set(update_fields):
        return
    enregistrer_ouverture(instance)
