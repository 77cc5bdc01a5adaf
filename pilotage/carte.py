"""The choropleth's data: the sub-territories' simplified polygons as GeoJSON, each with its share of the population
farther than 10 km from a matching lieu (the same figures as the table beside the map)."""

from __future__ import annotations

import json

from django.db import connection

from . import chiffres as ch
from . import territoires as te

TOLERANCE = {"region": 0.01, "departement": 0.003, "commune": 0.0005}


def geojson(t: te.Territoire, f: ch.Filtre, url_de) -> dict:
    niveau = te.ENFANTS.get(t.niveau)
    if niveau is None:
        return {"type": "FeatureCollection", "features": []}
    rangs = {r.code: r for r in ch.par_sous_territoire(t, f, niveau)}
    table = {"region": "lieux_region", "departement": "lieux_departement", "commune": "lieux_commune"}[niveau]
    with connection.cursor() as cur:
        cur.execute(f"SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, %s), 4) FROM {table} "
                    f"WHERE code = ANY(%s) AND geom IS NOT NULL", [TOLERANCE[niveau], list(rangs)])
        formes = cur.fetchall()
    features = []
    for code, forme in formes:
        r = rangs[code]
        features.append({"type": "Feature", "geometry": json.loads(forme), "properties": {
            "code": code, "nom": r.nom, "part10": None if r.part(10) is None else round(r.part(10), 1),
            "lien": url_de(niveau, code)}})
    return {"type": "FeatureCollection", "features": features}
