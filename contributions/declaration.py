"""A declared lieu becomes a lieu like any other: a record (`Provenance`) of the source « contributions », attached to
our geography, then consolidated (lieux/consolidation/, docs/consolidation.md § 7) so that a declaration of a place
already described by a source joins that lieu instead of doubling it.

`declarer_lieu` has the signature planned for `lieux.modifications.declarer_lieu`: when that one exists, the
moderation may call it instead (contributions/moderation.py, `_creer_lieu`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from lieux import standard
from lieux.consolidation.execution import consolider
from lieux.models import Commune, Lieu, Provenance

SOURCE_CONTRIBUTIONS = "contributions"
SOURCE_AFFICHEE = "Contribution du public"  # the standard's `source` column of a declared lieu
REQUIS = ("nom", "adresse", "commune", "code_postal")


def _colonnes(valeurs: dict, ident: str) -> dict:
    """The record's values as columns of lieux_lieu (the shape of an import's staged row, imports/ligne.py)."""
    colonnes = {nom: valeurs[nom] for nom in standard.COLONNES
                if nom in valeurs and nom not in ("latitude", "longitude", "id")}
    for champ in standard.CHAMPS_MULTIPLES:
        if isinstance(colonnes.get(champ.nom), str):
            colonnes[champ.nom] = [v.strip() for v in colonnes[champ.nom].split(standard.SEPARATEUR) if v.strip()]
    colonnes["id"] = ident
    colonnes.setdefault("pivot", standard.PIVOT_INCONNU)
    colonnes["pivot"] = colonnes["pivot"] or standard.PIVOT_INCONNU
    colonnes.setdefault("source", SOURCE_AFFICHEE)
    colonnes["date_maj"] = str(colonnes.get("date_maj") or timezone.localdate())
    latitude, longitude = valeurs.get("latitude"), valeurs.get("longitude")
    if latitude not in (None, "") and longitude not in (None, ""):
        colonnes["localisation"] = f"SRID=4326;POINT({float(longitude)!r} {float(latitude)!r})"
        colonnes["precision_localisation"] = Lieu.Precision.SOURCE
    commune = Commune.objects.filter(code=valeurs.get("code_insee") or "").first()
    if commune is not None:
        colonnes.update(commune_officielle_id=commune.code, departement_id=commune.departement_id,
                        region_id=commune.region_id, epci_id=commune.epci_id)
    return colonnes


def _champs_du_modele(colonnes: dict) -> dict:
    """The same values as keyword arguments of `Lieu(...)`."""
    from django.contrib.gis.geos import GEOSGeometry

    champs = dict(colonnes)
    if "localisation" in champs:
        champs["localisation"] = GEOSGeometry(champs["localisation"])
    champs["date_maj"] = dt.date.fromisoformat(champs["date_maj"])
    return champs


@transaction.atomic
def declarer_lieu(valeurs: dict, *, par=None, origine: str) -> Lieu:
    """Create the lieu of a declaration (`origine`: its record's id in the source, « contribution-<pk> »); returns the
    lieu that holds the record after consolidation (an existing lieu when the declaration describes one)."""
    manquants = [nom for nom in REQUIS if not str(valeurs.get(nom) or "").strip()]
    if manquants:
        libelles = ", ".join(standard.CHAMPS_PAR_NOM[n].libelle.lower() for n in manquants)
        raise ValueError(f"Il manque à ce lieu : {libelles}.")
    colonnes = _colonnes(valeurs, origine)
    lieu = Lieu.objects.create(**_champs_du_modele(colonnes))
    brutes = json.dumps(valeurs, ensure_ascii=False, sort_keys=True, default=str)
    provenance = Provenance.objects.create(
        lieu=lieu, source=SOURCE_CONTRIBUTIONS, id_source=origine, donnees_brutes=json.loads(brutes),
        valeurs=colonnes, date_maj=colonnes["date_maj"], empreinte=hashlib.sha256(brutes.encode()).hexdigest(),
        recue_le=timezone.now(),
    )
    consolider(provenances=[provenance.pk])
    provenance.refresh_from_db()
    return Lieu.objects.get(pk=provenance.lieu_id)
