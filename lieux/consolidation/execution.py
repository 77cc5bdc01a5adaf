"""`consolider()`: match new and changed source records against all others, then regroup the lieux they touch.

1. The active records are read (only what matching needs; the demo source and records without values stay out).
2. Blocking proposes pairs having at least one new or changed record (`nouveaux`; all records with `tout=True`),
   the score decides; same and doubtful pairs are stored (`PaireRapprochement`), replacing the old ones of those
   records.
3. The lieux touched (those of the new records and of their partners, closed over the stored « same » links and
   people's decisions) are regrouped (`groupes.regrouper`): people's decisions first, then the automatic links by
   score; a link against a « lieux différents » decision goes to the review queue instead.
4. Each group keeps one lieu (the one holding most of its records, then the oldest), records move to it, emptied
   lieux become « fusionné » (pointing to the one that took their records), a group without a lieu of its own (a
   split) gets a new one; the values and lineage of every changed lieu are derived again (`derivation.deriver`).
Runs inside the caller's transaction (an import's): all of it is written, or nothing.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.functions import Now

from lieux import verrous
from lieux.models import PROVENANCE_DEMO, DecisionRapprochement, PaireRapprochement, PrioriteSource, Provenance

from . import ecriture
from .appariement import apparier
from .derivation import Enregistrement, deriver
from .groupes import regrouper
from .score import Decision

CONFLIT = "contredit une décision « lieux différents » : à vérifier"

_ENREGISTREMENTS = f"""
    select p.id, p.lieu_id, p.source, p.id_source, v->>'nom', v->>'adresse', v->>'commune', v->>'code_postal',
           v->>'code_insee', st_y(g), st_x(g), v->>'pivot', v->>'telephone', v->'courriels'->>0,
           translate(v->>'typologie', '[]"', ''), v->>'itinerance'
    from lieux_provenance p
    cross join lateral (select p.valeurs as v) as j
    cross join lateral (select (nullif(v->>'localisation', ''))::geometry as g) as k
    where p.actif and p.source <> '{PROVENANCE_DEMO}' and p.valeurs <> '{{}}'::jsonb
    order by p.id
"""
_CHAMPS = ("pk", "lieu", "source_import", "id_source", "nom", "adresse", "commune", "code_postal", "code_insee",
           "latitude", "longitude", "pivot", "telephone", "courriel", "typologie", "itinerance")


@dataclass
class Bilan:
    enregistrements: int = 0
    comparees: int = 0
    meme: int = 0
    douteux: int = 0
    deplaces: int = 0
    lieux_crees: int = 0
    lieux_fusionnes: int = 0
    lieux_recalcules: int = 0
    conflits: int = 0
    durees: dict = field(default_factory=dict)
    verrous: list = field(default_factory=list)  # lieux.verrous.Evenement: person's values kept or locks lifted

    def __str__(self):
        return (f"{self.enregistrements} enregistrements, {self.comparees} paires comparées : {self.meme} même lieu, "
                f"{self.douteux} à vérifier ; {self.deplaces} enregistrements regroupés, {self.lieux_fusionnes} lieux "
                f"fusionnés, {self.lieux_crees} lieux créés par séparation, {self.lieux_recalcules} lieux recalculés"
                + (f" ; {len(self.verrous)} champs saisis à la main rencontrés (gardés ou levés)" if self.verrous else ""))


def _charger() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(_ENREGISTREMENTS)
        return [dict(zip(_CHAMPS, row, strict=True)) for row in cursor.fetchall()]


def _apparier(enregistrements: list[dict], nouveaux: list[int] | None, bilan: Bilan) -> list[PaireRapprochement]:
    """Score the candidate pairs; the same and doubtful ones, as unsaved rows (a < b)."""
    for e in enregistrements:
        e["source"] = e["source_import"]  # blocking's « source » is the import source (entre_sources)
    paires, comparaisons = apparier(enregistrements, nouveaux=nouveaux, cle=lambda e: e["pk"])
    gardees = []
    for (i, j), c in comparaisons.items():
        bilan.comparees += 1
        if c.decision == Decision.DIFFERENTS:
            continue
        a, b = sorted((enregistrements[i]["pk"], enregistrements[j]["pk"]))
        gardees.append(PaireRapprochement(
            a_id=a, b_id=b, score=c.score, distance_m=c.distance_m, raisons=list(c.raisons),
            cles=sorted(paires.raisons[(i, j)]),
            decision=PaireRapprochement.Decision.MEME if c.decision == Decision.MEME else
            PaireRapprochement.Decision.DOUTEUX))
    return gardees


def _decisions(par_cle: dict[tuple[str, str], int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """People's decisions between active records: (same, different) as pairs of record pks."""
    memes, differents = [], []
    for d in DecisionRapprochement.objects.all().iterator():
        a, b = par_cle.get((d.source_a, d.id_a)), par_cle.get((d.source_b, d.id_b))
        if a is not None and b is not None:
            (memes if d.decision == DecisionRapprochement.Decision.MEME else differents).append((a, b))
    return memes, differents


def _liens_meme(pks: list[int]) -> list[tuple[int, int, float]]:
    with connection.cursor() as cursor:
        cursor.execute("select a_id, b_id, score from lieux_pairerapprochement where decision = 'meme' "
                       "and (a_id = any(%s) or b_id = any(%s))", [pks, pks])
        return cursor.fetchall()


def consolider(provenances=None, lieux=(), tout: bool = False) -> Bilan:
    """Match the records `provenances` (pks of new or changed records; all with `tout`) and regroup the lieux they
    touch, with `lieux` (lieux whose records changed otherwise, e.g. one archived)."""
    bilan, debut = Bilan(), time.perf_counter()
    enregistrements = _charger()
    bilan.enregistrements = len(enregistrements)
    position = {e["pk"]: i for i, e in enumerate(enregistrements)}
    demandes = set(provenances or ())
    nouveaux = None if tout else [position[p] for p in demandes if p in position]
    bilan.durees["lecture"] = time.perf_counter() - debut

    debut = time.perf_counter()
    paires = _apparier(enregistrements, nouveaux, bilan) if tout or nouveaux else []
    bilan.durees["appariement"] = time.perf_counter() - debut
    if tout:
        PaireRapprochement.objects.all().delete()
    elif demandes:
        ids = list(demandes)
        PaireRapprochement.objects.filter(a_id__in=ids).delete()
        PaireRapprochement.objects.filter(b_id__in=ids).delete()
    PaireRapprochement.objects.bulk_create(paires, batch_size=5000)
    comparees = Provenance.objects.filter(actif=True) if tout else Provenance.objects.filter(pk__in=list(demandes))
    comparees.update(rapprochee_le=Now())
    bilan.meme = sum(p.decision == PaireRapprochement.Decision.MEME for p in paires)
    bilan.douteux = len(paires) - bilan.meme

    debut = time.perf_counter()
    lieu_de = {e["pk"]: e["lieu"] for e in enregistrements}
    par_lieu: dict[int, list[int]] = defaultdict(list)
    for e in enregistrements:
        par_lieu[e["lieu"]].append(e["pk"])
    memes_humains, differents_humains = _decisions({(e["source_import"], e["id_source"]): e["pk"]
                                                    for e in enregistrements})
    if tout:
        touches = set(par_lieu)
    else:
        touches = {lieu_de[p] for p in demandes if p in lieu_de} | set(lieux)
        touches |= {lieu_de[p.a_id] for p in paires} | {lieu_de[p.b_id] for p in paires}
    liens_auto: dict[tuple[int, int], float] = {}
    fait: set[int] = set()
    while touches - fait:  # closure over the stored « same » links and people's « same » decisions
        nouveaux_lieux = touches - fait
        fait |= nouveaux_lieux
        pks = [p for lieu in nouveaux_lieux for p in par_lieu.get(lieu, ())]
        for a, b, score in (_liens_meme(pks) if not tout else []):
            if a in lieu_de and b in lieu_de:
                liens_auto[(a, b)] = score
                touches |= {lieu_de[a], lieu_de[b]}
        ensemble = set(pks)
        for a, b in memes_humains:
            if a in ensemble or b in ensemble:
                touches |= {lieu_de[a], lieu_de[b]}
    if tout:
        liens_auto = {(p.a_id, p.b_id): p.score for p in paires if p.decision == PaireRapprochement.Decision.MEME}
    noeuds = [p for lieu in touches for p in par_lieu.get(lieu, ())]
    ordre = [l for l in memes_humains] + [l for l, _ in sorted(liens_auto.items(), key=lambda x: (-x[1], x[0]))]
    groupes, conflits = regrouper(noeuds, ordre, differents_humains)
    for a, b in conflits:
        a, b = min(a, b), max(a, b)
        bilan.conflits += PaireRapprochement.objects.filter(a_id=a, b_id=b, decision="meme").update(
            decision="douteux", raisons=[CONFLIT])
    _placer(groupes, lieu_de, touches, bilan)
    bilan.durees["regroupement"] = time.perf_counter() - debut
    return bilan


def _placer(groupes: list[set], lieu_de: dict[int, int], touches: set[int], bilan: Bilan) -> None:
    """Give each group one lieu, move records, mark emptied lieux, derive the values of the changed ones."""
    with connection.cursor() as cursor:
        # a lieu with a lineage, or with fields locked by a person (lieux/verrous.py), is derived again
        cursor.execute("select l.uid, l.lignee <> '{}'::jsonb or exists (select 1 from lieux_verrouchamp v "
                       "where v.lieu_id = l.uid) from lieux_lieu l where l.uid = any(%s)", [list(touches)])
        avec_lignee = dict(cursor.fetchall())
    pris: dict[int, int] = {}  # lieu → rank of the group that keeps it
    cibles: list[int | None] = []
    for rang, g in enumerate(sorted(groupes, key=lambda g: (-len(g), min(g)))):
        compte = Counter(lieu_de[p] for p in g)
        libres = sorted((l for l in compte if l not in pris), key=lambda l: (-compte[l], l))
        cible = libres[0] if libres else None
        if cible is not None:
            pris[cible] = rang
        cibles.append(cible)
    groupes = sorted(groupes, key=lambda g: (-len(g), min(g)))
    a_deriver: dict[int, set] = {}
    deplacements: dict[int, int] = {}
    vers: dict[int, int] = {}  # emptied lieu → lieu that took its records
    for g, cible in zip(groupes, cibles, strict=True):
        if cible is None:
            a_deriver[-min(g)] = g  # a new lieu, created below
            continue
        bouge = [p for p in g if lieu_de[p] != cible]
        for p in bouge:
            deplacements[p] = cible
            vers.setdefault(lieu_de[p], cible)
        if bouge or len(g) > 1 or avec_lignee.get(cible):
            a_deriver[cible] = g
    valeurs = _valeurs({p for g in a_deriver.values() for p in g})
    priorites = PrioriteSource.par_champ()
    derives = {lieu: deriver([valeurs[p] for p in g], priorites) for lieu, g in a_deriver.items()}
    for cle in [c for c in derives if c < 0]:
        premier = min(a_deriver[cle], key=lambda p: p)
        uid = ecriture.creer_lieu(valeurs[premier].valeurs.get("id") or str(premier), *derives.pop(cle))
        bilan.lieux_crees += 1
        for p in a_deriver[cle]:
            deplacements[p] = uid
            vers.setdefault(lieu_de[p], uid)
    if deplacements:
        with connection.cursor() as cursor:
            cursor.execute("update lieux_provenance p set lieu_id = d.lieu from unnest(%s::bigint[], %s::bigint[]) "
                           "as d(pk, lieu) where p.id = d.pk", [list(deplacements), list(deplacements.values())])
        bilan.deplaces = len(deplacements)
    bilan.verrous = verrous.appliquer(derives)  # fields a person changed keep their value (lieux/verrous.py)
    bilan.lieux_recalcules = ecriture.ecrire_valeurs(derives)
    vides = [l for l in touches if l not in pris]
    if vides:
        with connection.cursor() as cursor:
            # a lieu whose records all went elsewhere is « fusionné »; one left with archived records only, archived
            cursor.execute(
                """update lieux_lieu l set statut = case when d.vers is not null then 'fusionne' else 'archive' end,
                          fusionne_dans_id = d.vers, modifie_le = clock_timestamp()
                   from unnest(%s::bigint[], %s::bigint[]) as d(uid, vers)
                   where l.uid = d.uid and not exists (select 1 from lieux_provenance p
                                                       where p.lieu_id = l.uid and p.actif)""",
                [vides, [vers.get(l) for l in vides]])
            bilan.lieux_fusionnes = sum(1 for l in vides if vers.get(l))


def _valeurs(pks: set[int]) -> dict[int, Enregistrement]:
    with connection.cursor() as cursor:
        cursor.execute("select id, source, valeurs, date_maj, actif from lieux_provenance where id = any(%s)",
                       [list(pks)])
        return {pk: Enregistrement(pk=pk, source=s, valeurs=json.loads(v) if isinstance(v, str) else v, date_maj=d,
                                   actif=a)
                for pk, s, v, d, a in cursor.fetchall()}
