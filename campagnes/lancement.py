"""Starting a campaign: which lieux it reaches (the coordinator's territory, narrowed by a filter), how many (the
preview), and the envois written in one INSERT … SELECT (20,000 lieux in a second or two), then the first sending
batch queued (campagnes/taches.py).

A lieu is reached when it is active, not a demo lieu, inside the account's territories (`q_perimetre`), matches the
filter, publishes at least one e-mail address (`courriels`, the first one is written to), that address has not
unsubscribed (`Desinscription`, compared by hash in SQL) and the lieu is not already in a campaign still running.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from lieux.models import Lieu
from lieux.models.lieu import UIDS_DEMO_SQL
from lieux.perimetres import description_du_perimetre, q_perimetre

from .models import SEL_EMPREINTE, Campagne


@dataclass(frozen=True)
class Filtre:
    departements: tuple[str, ...] = ()
    epcis: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    source: str = ""
    typologie: str = ""

    def en_json(self) -> dict:
        valeurs = {"departements": list(self.departements), "epcis": list(self.epcis),
                   "communes": list(self.communes), "source": self.source, "typologie": self.typologie}
        return {k: v for k, v in valeurs.items() if v}

    @classmethod
    def depuis_json(cls, valeurs: dict) -> Filtre:
        return cls(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in (valeurs or {}).items()
                      if k in cls.__dataclass_fields__})

    def q(self) -> Q:
        filtre = Q()
        if self.departements:
            filtre &= Q(departement_id__in=self.departements)
        if self.epcis:
            filtre &= Q(epci_id__in=self.epcis)
        if self.communes:
            filtre &= (Q(commune_officielle_id__in=self.communes)
                       | Q(commune_officielle__commune_parente_id__in=self.communes))
        if self.source:
            filtre &= Q(source__iexact=self.source)
        if self.typologie:
            filtre &= Q(typologie__contains=[self.typologie])
        return filtre


def lieux_du_perimetre(user, filtre: Filtre):
    """The active lieux of the account's territories matching the filter and publishing an address (before the
    unsubscribed addresses and the running campaigns are taken out, in SQL)."""
    return (Lieu.objects.actifs().filter(q_perimetre(user)).filter(filtre.q())
            .filter(courriels__len__gt=0).extra(where=[f"lieux_lieu.uid not in ({UIDS_DEMO_SQL})"]))


_COURRIEL = "lower(trim(c.courriels[1]))"
_CIBLES = f"""
    from ({{sql}}) c
    where {_COURRIEL} like '%%_@_%%'
      and not exists (select 1 from campagnes_desinscription d
                      where d.empreinte = encode(sha256(convert_to('{SEL_EMPREINTE}' || {_COURRIEL}, 'UTF8')), 'hex'))
      and not exists (select 1 from campagnes_envoi e join campagnes_campagne k on k.id = e.campagne_id
                      where e.lieu_id = c.uid and k.statut = 'en_cours')
"""


def _cibles(user, filtre: Filtre) -> tuple[str, list] | None:
    """The FROM … WHERE of the lieux reached; None when the filter can match nothing (an account without territory)."""
    try:
        sql, params = lieux_du_perimetre(user, filtre).values_list("uid", "courriels").query.sql_with_params()
    except EmptyResultSet:
        return None
    return _CIBLES.format(sql=sql), list(params)


def compter(user, filtre: Filtre) -> int:
    """The preview: how many lieux (so how many e-mails) the campaign would reach."""
    cibles = _cibles(user, filtre)
    if cibles is None:
        return 0
    with connection.cursor() as curseur:
        curseur.execute("select count(*) " + cibles[0], cibles[1])
        return curseur.fetchone()[0]


@dataclass
class Demande:
    nom: str
    filtre: Filtre = field(default_factory=Filtre)
    delai_relance_jours: int = 14
    duree_jours: int = 60
    confiance: bool = False


@transaction.atomic
def lancer(user, demande: Demande) -> Campagne:
    """Create the campaign and its envois (set-based), then queue the first sending batch once committed."""
    from . import taches

    maintenant = timezone.now()
    campagne = Campagne.objects.create(
        nom=demande.nom, cree_par=user, territoire=description_du_perimetre(user), filtre=demande.filtre.en_json(),
        delai_relance_jours=demande.delai_relance_jours, duree_jours=demande.duree_jours,
        confiance=demande.confiance, lancee_le=maintenant,
        fin_le=maintenant + dt.timedelta(days=demande.duree_jours),
    )
    cibles = _cibles(user, demande.filtre)
    if cibles is None:
        return campagne
    sql, params = cibles
    with connection.cursor() as curseur:
        curseur.execute(
            "insert into campagnes_envoi (campagne_id, lieu_id, courriel, nonce, reponse, a_relancer, erreur) "
            f"select %s, c.uid, {_COURRIEL}, "
            "substr(md5(random()::text || clock_timestamp()::text || c.uid), 1, 24), "
            "'', false, '' " + sql + " order by c.uid",
            [campagne.pk, *params])
    transaction.on_commit(lambda: taches.demarrer(campagne), robust=True)
    return campagne
