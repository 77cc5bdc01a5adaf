"""A person's change to a lieu — a coordinator in the admin, an accepted contribution, a lieu's manager invited to
edit it — applied through one function, so that every such change is recorded the same way.

`modifier_lieu` writes the values (standard column names, plus `latitude`/`longitude`, plus the attachment to the
geography and the status, which are written but not locked), then returns the names of the fields that really
changed. Each changed field of the standard is locked against the next imports (lieux/verrous.py): it keeps the
person's value until the sources themselves change that field's value again; its lineage reads « saisie manuelle ».
`date_maj` and `source` describe the records, not the place: they are never locked.

`declarer_lieu` creates a new lieu from a declaration, as a record of the source « contributions »
(`Provenance`, id « contribution-<uid> »), attached to the geography, then consolidated like any other record: a
declaration of a place the map already has joins that lieu.

`reprendre_valeur_des_sources` drops a lock and gives the field back the value of the sources (« Prendre la valeur
du fichier » of the import report).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from lieux import standard, verrous
from lieux.historique_contexte import contexte
from lieux.models import Commune, Lieu, Provenance

SOURCE_CONTRIBUTIONS = "contributions"
NON_VERROUILLES = frozenset({"id", "date_maj", "source"})
# written when a person changes them, never locked: the attachment follows the address block of the sources
RATTACHEMENT = ("commune_officielle", "epci", "departement", "region", "precision_localisation", "statut", "id")
_ATTRIBUTS_SIMPLES = ("precision_localisation", "statut", "id")


def _champs_modifiables() -> set[str]:
    return (set(standard.COLONNES) - {"id", "latitude", "longitude"})


def en_json(valeur):
    """A value as a source record holds it (`Provenance.valeurs`): a date as « AAAA-MM-JJ », a list as a list, a
    point as EWKT."""
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    if isinstance(valeur, Point):
        return f"SRID=4326;POINT({valeur.x!r} {valeur.y!r})"
    if isinstance(valeur, tuple):
        return list(valeur)
    return valeur


def valeurs_du_lieu(lieu: Lieu) -> dict:
    """The lieu's values by the standard's column names (what a diff compares against)."""
    valeurs = {nom: getattr(lieu, nom) for nom in _champs_modifiables() if hasattr(lieu, nom)}
    if lieu.localisation is not None:
        valeurs["latitude"], valeurs["longitude"] = round(lieu.localisation.y, 6), round(lieu.localisation.x, 6)
    return {k: (str(v) if hasattr(v, "isoformat") else v) for k, v in valeurs.items()}


def _rattachement(lieu: Lieu, valeurs: dict) -> list[str]:
    modifies = []
    for nom in RATTACHEMENT:
        if nom not in valeurs:
            continue
        valeur = valeurs[nom]
        attribut = nom if nom in _ATTRIBUTS_SIMPLES else f"{nom}_id"
        nouveau = getattr(valeur, "pk", valeur)
        if getattr(lieu, attribut) != nouveau:
            setattr(lieu, attribut, nouveau)
            modifies.append(nom)
    return modifies


@transaction.atomic
def modifier_lieu(lieu: Lieu, valeurs: dict, *, par=None, origine: str = "") -> list[str]:
    """Write a person's values; lock the standard fields that changed against the next imports."""
    avant = valeurs_du_lieu(lieu)
    modifies = []
    for nom, valeur in valeurs.items():
        if nom in ("latitude", "longitude") or nom not in _champs_modifiables():
            continue
        if en_json(avant.get(nom)) != en_json(valeur):
            setattr(lieu, nom, valeur)
            modifies.append(nom)
    if "latitude" in valeurs and "longitude" in valeurs and valeurs["latitude"] is not None:
        latitude, longitude = round(float(valeurs["latitude"]), 6), round(float(valeurs["longitude"]), 6)
        if (avant.get("latitude"), avant.get("longitude")) != (latitude, longitude):
            lieu.localisation = Point(longitude, latitude, srid=4326)
            modifies += ["latitude", "longitude"]
    modifies += _rattachement(lieu, valeurs)
    if not modifies:
        return modifies
    saisies = {nom: en_json(getattr(lieu, nom)) for nom in modifies
               if nom in _champs_modifiables() and nom not in NON_VERROUILLES}
    if "latitude" in modifies:
        saisies["localisation"] = en_json(lieu.localisation)
    lieu.lignee = {**(lieu.lignee or {}), **{nom: [verrous.SAISIE_MANUELLE] for nom in saisies}}
    with contexte(origine or "modification dans l'espace des coordinateurs", par=par):  # its history's label
        lieu.save()
    verrous.poser(lieu, saisies, par=par, origine=origine)
    return modifies


@transaction.atomic
def reprendre_valeur_des_sources(lieu: Lieu, champ: str, *, par=None, origine: str = "") -> object:
    """Drop the lock of a field and write what the lieu's sources give for it now (their derivation, the lock of
    the other fields kept). Returns the value written."""
    from lieux.consolidation import ecriture

    verrous.lever(lieu, champ)
    sources = verrous.valeurs_des_sources(lieu.pk)
    valeur = sources.get(champ)
    lignee = {k: v for k, v in (lieu.lignee or {}).items() if k != champ}
    with contexte(origine or "valeur des sources reprise", par=par):  # its history's label
        ecriture.ecrire_valeurs({lieu.pk: ({champ: valeur}, lignee)})
    lieu.refresh_from_db()
    return valeur


@transaction.atomic
def deverrouiller(lieu: Lieu, champ: str, *, par=None, origine: str = "") -> bool:
    """« Lever la protection »: the field takes the value of the lieu's sources again (a lieu without source
    records keeps its value, only the lock goes). False when the field was not locked."""
    if not verrous.verrous_du_lieu(lieu, champ):
        return False
    if verrous.valeurs_des_sources(lieu.pk):
        reprendre_valeur_des_sources(lieu, champ, par=par, origine=origine)
    else:
        verrous.lever(lieu, champ)
        lieu.lignee = {k: v for k, v in (lieu.lignee or {}).items() if k != champ}
        lieu.save(update_fields=["lignee"])
    return True


# --- a declaration ------------------------------------------------------------------------------------------------


def _commune(valeurs: dict, point: Point | None) -> Commune | None:
    """The commune of a declaration: its INSEE code, else the commune whose outline holds the point, else its
    name and postcode."""
    communes = Commune.objects.select_related(None)
    if valeurs.get("code_insee"):
        trouvee = communes.filter(code=valeurs["code_insee"]).first()
        if trouvee:
            return trouvee
    if point is not None:
        trouvee = communes.filter(geom__intersects=point).order_by("type", "code").first()
        if trouvee:
            return trouvee
    if valeurs.get("commune") and valeurs.get("code_postal"):
        return communes.filter(nom__iexact=valeurs["commune"], codes_postaux__contains=[valeurs["code_postal"]]).first()
    return None


# the record's values: the lieu's columns a source record describes (as migration lieux 0014 wrote them)
_VALEURS_DU_LIEU = """
    update lieux_provenance p
    set valeurs = (select jsonb_object_agg(e.key, e.value) from jsonb_each(to_jsonb(l)) e where e.key = any(%s))
                  || jsonb_build_object('localisation', case when l.localisation is null then null
                                                             else 'SRID=4326;' || ST_AsText(l.localisation::geometry) end)
    from lieux_lieu l where l.uid = p.lieu_id and p.id = %s
"""


@transaction.atomic
def declarer_lieu(valeurs: dict, *, par=None, origine: str = "", id_source: str | None = None) -> Lieu:
    """A new lieu from a declaration (standard column names, plus `latitude`/`longitude`): a record of the source
    « contributions », attached to the commune of its INSEE code (or of its point), then consolidated. Returns the
    lieu that holds the record (an existing lieu when the declaration describes a place the map has already)."""
    from lieux.consolidation.ecriture import COLONNES_ENREGISTREMENT
    from lieux.consolidation.execution import consolider

    point = None
    if valeurs.get("latitude") not in (None, "") and valeurs.get("longitude") not in (None, ""):
        point = Point(round(float(valeurs["longitude"]), 6), round(float(valeurs["latitude"]), 6), srid=4326)
    champs = {k: v for k, v in valeurs.items() if k in _champs_modifiables()}
    champs.setdefault("pivot", standard.PIVOT_INCONNU)
    champs["pivot"] = champs["pivot"] or standard.PIVOT_INCONNU
    champs.setdefault("source", SOURCE_CONTRIBUTIONS)
    champs.setdefault("date_maj", timezone.localdate())
    commune = _commune(champs, point)
    if commune is not None:
        champs.setdefault("code_insee", commune.code)
        champs.update(commune_officielle_id=commune.code, epci_id=commune.epci_id,
                      departement_id=commune.departement_id, region_id=commune.region_id)
    with contexte(origine or "contribution (déclaration d'un lieu)", par=par):  # its history's label
        lieu = Lieu.objects.create(localisation=point, id="contribution", **champs)
        lieu.id = id_source or f"contribution-{lieu.uid}"
        lieu.save(update_fields=["id"])
    empreinte = hashlib.sha256(json.dumps(valeurs, sort_keys=True, default=str).encode()).hexdigest()
    provenance = Provenance.objects.create(
        lieu=lieu, source=SOURCE_CONTRIBUTIONS, id_source=lieu.id, date_maj=lieu.date_maj, actif=True,
        donnees_brutes={k: en_json(v) for k, v in valeurs.items()} | ({"origine": origine} if origine else {}),
        empreinte=empreinte, recue_le=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_VALEURS_DU_LIEU, [list(COLONNES_ENREGISTREMENT), provenance.pk])
    with contexte(origine or "contribution (déclaration d'un lieu)", par=par):
        consolider([provenance.pk])
    provenance.refresh_from_db()
    return Lieu.objects.get(pk=provenance.lieu_id)
