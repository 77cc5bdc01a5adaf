"""What keeping the projections costs a writer: a one-row `Lieu.save()` and a 10,000-row `QuerySet.update()`.

    BENCH_BASE=mediation_ecritures .venv/bin/python bench/mesure_ecritures.py

Runs in its own bench database (BENCH_BASE, else `<name>_bench`), with 20,000 demo lieux (generated when fewer),
and prints medians in milliseconds as JSON. The figures of docs/projections.md come from here, run on the code
before and after the triggers of lieux_ouverture. Not part of `make bench` (it generates and keeps demo lieux).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TAILLE, LOT = 20_000, 10_000


def _mediane(fonction, fois: int) -> float:
    durees = []
    for i in range(fois):
        debut = time.perf_counter()
        fonction(i)
        durees.append((time.perf_counter() - debut) * 1000)
    return round(statistics.median(durees), 1)


def main():
    from bench import base_bench

    base_bench.preparer()
    from django.core.management import call_command
    from django.db import transaction

    from lieux import demo
    from lieux.models import Lieu

    call_command("load_geography", verbosity=0)
    manquants = TAILLE - Lieu.objects.demo().count()
    if manquants > 0:
        demo.generer(manquants, seed=5)
    uids = list(Lieu.objects.demo().order_by("uid").values_list("uid", flat=True)[:LOT])
    lieu = Lieu.objects.get(uid=uids[0])
    textes = ("Mo-Fr 09:00-12:00", "Tu-Sa 10:00-12:30,14:00-18:00")

    def sauver(i):
        lieu.horaires = textes[i % 2]
        lieu.save()

    def statut(i):
        with transaction.atomic():
            Lieu.objects.filter(uid__in=uids).update(statut="archive" if i % 2 == 0 else "actif")

    def horaires(i):
        with transaction.atomic():
            Lieu.objects.filter(uid__in=uids).update(horaires=textes[i % 2])

    def nom(i):
        with transaction.atomic():
            Lieu.objects.filter(uid__in=uids).update(presentation_resume=f"essai {i}")

    resultats = {
        "save() d'un lieu (horaires changés)": _mediane(sauver, 40),
        f"update(statut) de {LOT} lieux": _mediane(statut, 6),
        f"update(horaires) de {LOT} lieux": _mediane(horaires, 6),
        f"update(presentation_resume) de {LOT} lieux": _mediane(nom, 6),
    }
    try:  # the code before lieux/projections/: update() left lieux_ouverture stale, the admin refreshed by hand
        from lieux.models.ouverture import rafraichir_ouvertures
    except ImportError:
        pass
    else:
        def statut_et_rafraichir(i):
            with transaction.atomic():
                Lieu.objects.filter(uid__in=uids).update(statut="archive" if i % 2 == 0 else "actif")
                rafraichir_ouvertures(uids)

        resultats[f"update(statut) de {LOT} lieux + rafraichir_ouvertures"] = _mediane(statut_et_rafraichir, 6)
    Lieu.objects.filter(uid__in=uids).update(statut="actif")
    print(json.dumps(resultats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
