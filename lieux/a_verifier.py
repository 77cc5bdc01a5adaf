"""The coordinators' « À vérifier » queue and the quality per source (docs/qualite.md).

A lieu is in the queue when it is flagged (`Lieu.a_verifier_depuis`: an update campaign nobody answered…) or when its
quality score is under `qualite.SEUIL_BAS` and nobody checked it since its last change. The queue is ordered by
impact: the lieux people actually reach first (displays of the last 90 days, lieux/affichages.py), then the flagged
ones, then the lowest scores. Always within the account's territory (`q_perimetre`).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Exists, F, IntegerField, OuterRef, Q
from django.db.models.expressions import RawSQL

from lieux import affichages, qualite
from lieux.models import Lieu, QualiteLieu, VerificationLieu
from lieux.perimetres import q_perimetre


def _verifie_depuis_sa_modification():
    return Exists(VerificationLieu.objects.filter(lieu_id=OuterRef("pk"), le__gte=OuterRef("modifie_le")))


def file(utilisateur, seuil: int = qualite.SEUIL_BAS):
    """The active lieux to check in the account's territory, most reached first, each with `impact` (displays over
    the last days), `score_qualite` and `pertes_qualite` annotated."""
    signales = Q(a_verifier_depuis__isnull=False)
    faibles = Q(qualite__score__lt=seuil) & ~Q(verifie_depuis_modification=True)
    return (Lieu.objects.actifs().filter(q_perimetre(utilisateur, "commune_officielle"))
            .annotate(verifie_depuis_modification=_verifie_depuis_sa_modification())
            .filter(signales | faibles)
            .annotate(impact=RawSQL(affichages.sql_impact('"lieux_lieu"."uid"'), [], output_field=IntegerField()),
                      score_qualite=F("qualite__score"), pertes_qualite=F("qualite__pertes"))
            .order_by("-impact", F("a_verifier_depuis").asc(nulls_last=True), F("score_qualite").asc(nulls_last=True),
                      "nom"))


def nombre(utilisateur) -> int:
    return file(utilisateur).count()


def raisons(lieu) -> list[str]:
    """Why `lieu` (from `file`) is in the queue, in French: its flag's reason, then its lost points."""
    motifs = []
    if lieu.a_verifier_depuis:
        motifs.append(lieu.motif_a_verifier or "signalé « à vérifier »")
    motifs += [f"{p['libelle']} : −{p['points']}" for p in (lieu.pertes_qualite or [])]
    return motifs


def marquer_verifie(lieu: Lieu, par) -> VerificationLieu:
    """Clear the lieu's flag (its data and `date_maj` stay as they are) and record who checked it, when."""
    with transaction.atomic():
        score = QualiteLieu.objects.filter(lieu_id=lieu.pk).values_list("score", flat=True).first()
        verification = VerificationLieu.objects.create(lieu=lieu, par=par, motif=lieu.motif_a_verifier[:300],
                                                       score=score)
        # an update() of the two bookkeeping fields: `modifie_le` (the lieu's data) stays, so the check is after it
        Lieu.objects.filter(pk=lieu.pk).update(a_verifier_depuis=None, motif_a_verifier="")
    return verification


# --- per source -----------------------------------------------------------------------------------------------

def par_source(utilisateur) -> list[dict]:
    """For each import source, over its active records' active lieux in the account's territory: how many, the mean
    and median score, and how many in each range of `qualite.TRANCHES`."""
    lieux = Lieu.objects.actifs().filter(q_perimetre(utilisateur, "commune_officielle")).values("uid")
    sous_requete, parametres = lieux.query.sql_with_params()
    tranches = ", ".join(f"count(*) filter (where q.score between {bas} and {haut})" for bas, haut, _ in qualite.TRANCHES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""select p.source, count(distinct p.lieu_id), round(avg(q.score))::int,
                       percentile_cont(0.5) within group (order by q.score), {tranches}
                from lieux_provenance p join lieux_qualite q on q.lieu_id = p.lieu_id
                where p.actif and p.lieu_id in ({sous_requete})
                group by p.source order by p.source""", parametres)
        lignes = cursor.fetchall()
    return [{"source": source, "lieux": n, "moyenne": moyenne, "mediane": round(mediane),
             "tranches": [{"libelle": libelle, "nombre": compte}
                          for (_, _, libelle), compte in zip(qualite.TRANCHES, comptes, strict=True)]}
            for source, n, moyenne, mediane, *comptes in lignes]
