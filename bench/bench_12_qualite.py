"""Quality score (docs/qualite.md): the time to compute it for every lieu, the nightly recomputation, and what its
triggers add to a bulk write.

- « calcul complet » : lieux_qualite emptied then rebuilt from scratch in one statement (what the migration does);
- « nuit, rien de changé » : `calculer_scores_qualite` when no score moved (reads everything, writes nothing);
- « nuit, un an plus tard » : the same with today + 400 days, most freshness losses moving (rolled back);
- « update de 10 000 lieux » : `update(presentation_resume=…)` (a column the score does not read) and
  `update(telephone=…)` (one it reads), with and without the quality triggers (rolled back).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from bench.bench_5_carte import _fmt, preparer_donnees


def _chrono(fonction, repetitions=3):
    mesures = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        mesures.append(time.perf_counter() - debut)
    return statistics.median(mesures)


def _en_transaction_annulee(fonction):
    from django.db import transaction

    def annulee():
        with transaction.atomic():
            fonction()
            transaction.set_rollback(True)
    return annulee


def run(args):
    from django.db import connection

    from lieux.models import Lieu
    from lieux.projections import qualite

    lignes = []
    for taille in sorted(args.sizes):
        if taille > 100_000:
            continue  # the target is 100,000 lieux; a million takes the machine for long
        t = _fmt(taille)
        preparer_donnees(taille)
        total = Lieu.objects.count()

        def complet():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {qualite.TABLE}")
            qualite.recalculer()

        duree = _chrono(_en_transaction_annulee(complet))
        lignes.append((f"score de qualité, calcul complet — {_fmt(total)} lieux", f"{duree:.1f} s",
                       "une instruction ensembliste (INSERT … SELECT)"))
        duree = _chrono(qualite.recalculer)
        lignes.append((f"calculer_scores_qualite, rien de changé — {t}", f"{duree:.1f} s", "lit tout, n'écrit rien"))
        plus_tard = dt.date.today() + dt.timedelta(days=400)
        ecrits = []
        duree = _chrono(_en_transaction_annulee(lambda: ecrits.append(qualite.recalculer(aujourd_hui=plus_tard))))
        lignes.append((f"calculer_scores_qualite, un an plus tard — {t}", f"{duree:.1f} s",
                       f"{ecrits[-1]} scores réécrits (fraîcheur)"))
        uids = list(Lieu.objects.order_by("uid").values_list("uid", flat=True)[:10_000])

        def ecrire(avec_declencheurs, valeurs):
            def f():
                with connection.cursor() as cursor:
                    if not avec_declencheurs:
                        for nom, table in (*qualite.DECLENCHEURS, qualite.DECLENCHEUR_LIGNE):
                            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {nom}")
                    Lieu.objects.filter(uid__in=uids).update(**valeurs)
            return _en_transaction_annulee(f)

        for libelle, valeurs in (("presentation_resume (non lu par le score)",
                                  {"presentation_resume": "Texte du banc d'essai"}),
                                 ("telephone (lu par le score)", {"telephone": ""})):
            sans, avec = _chrono(ecrire(False, valeurs)), _chrono(ecrire(True, valeurs))
            lignes.append((f"update({libelle}) de 10 000 lieux — {t}", f"{avec:.2f} s / {sans:.2f} s",
                           "avec / sans les déclencheurs du score"))
    return lignes
