"""`make bench`: every bench/bench_*.py module measured, one table printed.

Each module exposes `run(args) -> list[tuple[str, str, str]]` (measure, value, target/comment). Benchmarks work on a
separate database (`<name>_bench`) so the development data is never touched. `make bench BENCH_ARGS="--only demo"`
runs a subset; `--sizes 100000,1000000` sets the demo sizes.
"""

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="modules à lancer, séparés par des virgules (ex. demo,geographie)")
    parser.add_argument("--sizes", default="100000,1000000", help="tailles des jeux de démonstration")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]

    from bench import base_bench

    base_bench.preparer()  # points Django at the bench database, creates/migrates it
    modules = sorted(p.stem for p in (RACINE / "bench").glob("bench_*.py"))
    voulus = {f"bench_{m}" for m in args.only.split(",") if m}
    lignes = []
    for nom in modules:
        if voulus and not any(nom == v or nom.startswith(v + "_") for v in voulus):  # « 11 » = bench_11_…
            continue
        debut = time.perf_counter()
        module = importlib.import_module(f"bench.{nom}")
        print(f"… {nom}", file=sys.stderr, flush=True)
        lignes += module.run(args)
        print(f"  ({time.perf_counter() - debut:.0f} s)", file=sys.stderr, flush=True)
    largeurs = [max(len(str(l[i])) for l in lignes + [("mesure", "valeur", "cible")]) for i in range(3)]
    print()
    for ligne in [("mesure", "valeur", "cible / remarque"), ("-" * largeurs[0], "-" * largeurs[1], "-" * 16)] + lignes:
        print(f"{ligne[0]:<{largeurs[0]}}  {ligne[1]:>{largeurs[1]}}  {ligne[2]}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    main()
