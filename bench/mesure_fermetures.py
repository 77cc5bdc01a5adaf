"""What temporary closures cost the map's « ouvert maintenant » count: the same count with 1,000 closures among the
demo lieux (a third of them exceptional hours, all covering today) and with none.

    .venv/bin/python bench/mesure_fermetures.py          # on the database of .env (demo lieux needed)

Prints medians in milliseconds as JSON (docs/fermetures.md). The closures are created in a transaction rolled back
at the end: the database is left as it was. Not part of `make bench`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")

NOMBRE, FOIS = 1000, 15


class _Annuler(Exception):
    pass


def _mediane(fonction) -> float:
    fonction()  # warm-up
    durees = []
    for _ in range(FOIS):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return round(statistics.median(durees), 1)


def main():
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from lieux.filtres import FiltresLieux
    from lieux.models import FermetureTemporaire, Lieu

    maintenant = timezone.localtime().replace(hour=10, minute=30, second=0, microsecond=0)  # today, 10:30

    def compter(parametres):
        return lambda: FiltresLieux(parametres, maintenant=maintenant).selection().lieux.count()

    requetes = {"ouvert maintenant": {"ouvert_actuellement": "true"},
                "samedi matin": {"creneau": "sa-09:00-12:00"}}
    lieux = list(Lieu.objects.actifs().values_list("uid", flat=True))
    resultats = {"lieux actifs": len(lieux)}
    for nom, parametres in requetes.items():
        resultats[f"{nom} : lieux, sans fermeture"] = compter(parametres)()
        resultats[f"{nom} : ms, sans fermeture"] = _mediane(compter(parametres))
    aujourd_hui = timezone.localdate()
    tirage = random.Random(16)
    scenarios = {
        # every closure covers today: the worst case (1,000 lieux to take out, 333 answered in Python)
        "toutes aujourd'hui": lambda: (aujourd_hui - dt.timedelta(days=tirage.randint(0, 3)),
                                       aujourd_hui + dt.timedelta(days=tirage.randint(0, 10))),
        # spread over the coming year, 1 to 14 days each: what a year of holidays and works looks like
        "réparties sur un an": lambda: (debut := aujourd_hui + dt.timedelta(days=tirage.randint(-7, 365)),
                                        debut + dt.timedelta(days=tirage.randint(0, 13))),
    }
    for scenario, dates in scenarios.items():
        try:
            with transaction.atomic():
                fermetures = []
                for i, uid in enumerate(tirage.sample(lieux, min(NOMBRE, len(lieux)))):
                    debut, fin = dates()
                    fermetures.append(FermetureTemporaire(
                        lieu_id=uid, debut=debut, fin=fin, message="congés",
                        type="horaires_exceptionnels" if i % 3 == 0 else "fermeture",
                        horaires="10:00-12:00" if i % 3 == 0 else ""))
                FermetureTemporaire.objects.bulk_create(fermetures)
                for nom, parametres in requetes.items():
                    resultats[f"{nom} : lieux, {NOMBRE} fermetures {scenario}"] = compter(parametres)()
                    resultats[f"{nom} : ms, {NOMBRE} fermetures {scenario}"] = _mediane(compter(parametres))
                raise _Annuler
        except _Annuler:
            pass
    print(json.dumps(resultats, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
