"""Where a lieu is: its point judged against its commune's polygon, swapped when that fixes it, taken from the
national address base (BAN) when missing or wrong, and, as a last resort, its commune's point flagged as approximate.

A better position is never replaced by a worse one: an unchanged address keeps the position already known, and a
source point slightly outside its commune is kept rather than moved to the commune's centre.

Plain functions of one row and of what was found for it (a point-in-polygon check, a BAN result, the lieu already
known): each returns a new row with its messages. The batches, the SQL and the BAN calls are in
`imports.placement_lots`.
"""

from __future__ import annotations

from .geocodage import Adresse, Resultat
from .ligne import LigneImportee, Position, avertissement, erreur, info, remplace
from .requetes import Verification
from .territoires import CommuneInfo, IndexCommunes, rattachement_a

DISTANCE_PLAUSIBLE_KM = 10  # a source point this close to its commune is kept when the address cannot be found
CHAMP = "latitude/longitude"


def _inverse(ligne: LigneImportee, ou: str) -> LigneImportee:
    p = ligne.position
    position = _deplace(p, p.longitude, p.latitude)
    return ligne.avec(avertissement(CHAMP, f"latitude et longitude inversées (le point tombait hors de {ou}, inversé "
                                           f"il y tombe) — corrigées en ({position.latitude}, {position.longitude})"),
                      position=position)


def _deplace(position: Position, latitude, longitude, **autres) -> Position:
    return remplace(position, latitude=latitude, longitude=longitude, **autres)


def sans_commune(ligne: LigneImportee) -> LigneImportee:
    """A point whose commune is unknown: swapped when normalising found it in France only once swapped."""
    return _inverse(ligne, "France") if ligne.position.inversion_probable else ligne


def juge_point(ligne: LigneImportee, verification: Verification, ville: CommuneInfo) -> tuple[LigneImportee, bool]:
    """The row once its point was checked against `ville`'s polygon, and whether it must now be geocoded."""
    if verification.dedans:
        return ligne, False
    if verification.inverse_dedans:
        return _inverse(ligne, ville.nom), False
    p = ligne.position
    message = avertissement(CHAMP, f"le point ({p.latitude}, {p.longitude}) est à {verification.distance_km:.0f} km "
                                   f"de {ville.nom} — position recherchée à l'adresse")
    # a point close to its commune is better than the commune's centre if nothing else is found
    repli = (p.latitude, p.longitude) if verification.distance_km <= DISTANCE_PLAUSIBLE_KM else p.repli
    return ligne.avec(message, position=_deplace(p, None, None, repli=repli)), True


def rattache_par_le_point(ligne: LigneImportee, commune: CommuneInfo | None, index: IndexCommunes) -> LigneImportee:
    """A row whose commune the COG does not know, attached to the commune containing its point (when there is one)."""
    v = ligne.valeurs_standard
    if not (v["commune"] or v["code_postal"] or v["code_insee"]):
        return _complete_par_le_point(ligne, commune, index)
    ecrite = f"« {v['commune']} » ({v['code_postal'] or 'sans code postal'})"
    if commune is None:
        return ligne.avec(avertissement("commune", f"{ecrite} introuvable dans le Code officiel géographique : lieu "
                                                   "non rattaché à un territoire"))
    return ligne.avec(info("commune", f"{ecrite} n'est pas une commune du Code officiel géographique : rattaché à "
                                      f"{index.commune_de(commune.code).nom} d'après ses coordonnées"),
                      rattachement=rattachement_a(commune, ligne.rattachement))


def _complete_par_le_point(ligne: LigneImportee, commune: CommuneInfo | None, index: IndexCommunes) -> LigneImportee:
    """A row naming no commune, postcode nor INSEE code: all three completed from the commune containing its point,
    with a warning (never silent); rejected when the point is in no commune of France."""
    if commune is None:
        return ligne.avec(erreur("commune", "commune absente, et le point n'est dans aucune commune : lieu impossible "
                                            "à rattacher"))
    ville = index.commune_de(commune.code)
    postaux = commune.codes_postaux or ville.codes_postaux
    v = {**ligne.valeurs_standard, "commune": ville.nom, "code_insee": commune.code,
         "code_postal": postaux[0] if postaux else ""}
    if not v["code_postal"]:
        return ligne.avec(erreur("code_postal", f"code postal absent, et {ville.nom} n'en a pas"), valeurs_standard=v)
    message = avertissement("commune", f"commune, code postal et code INSEE absents — complétés d'après les "
                                       f"coordonnées : {ville.nom} ({v['code_postal']}, code INSEE {commune.code})")
    return ligne.avec(message, valeurs_standard=v, rattachement=rattachement_a(commune, ligne.rattachement))


def adresse(ligne: LigneImportee, cle: int, index: IndexCommunes) -> Adresse:
    """What the BAN is asked for this row: a result is accepted in its commune or one of its arrondissements."""
    v, code = ligne.valeurs_standard, ligne.rattachement.commune
    ville = index.commune_de(code)
    codes = frozenset({ville.code, code} | {
        c for c in index.par_cp.get(v["code_postal"], ()) if index.par_code[c].parente == ville.code
    })
    return Adresse(cle, v["adresse"], v["code_postal"], v["commune"], codes)


def place_sans_point(ligne: LigneImportee, resultat: Resultat | None, existant: dict | None, index: IndexCommunes,
                     indisponible: str = "") -> LigneImportee:
    """A row without a usable point, placed by the best of: the BAN's result, the position already known at the same
    address, the source's point close to its commune, its commune's centre. `indisponible`: why the BAN could not be
    asked (empty when it could)."""
    v, p = ligne.valeurs_standard, ligne.position
    if resultat is not None and resultat.accepte:
        return ligne.avec(info(CHAMP, f"position trouvée à l'adresse par la Base adresse nationale "
                                      f"(« {resultat.libelle} », score {resultat.score:.2f})"),
                          position=_deplace(p, resultat.latitude, resultat.longitude, precision="adresse"))
    if (existant and existant["precision"] in ("source", "adresse") and existant["latitude"] is not None
            and (existant["adresse"], existant["code_postal"], existant["commune"])
            == (v["adresse"], v["code_postal"], v["commune"])):
        return ligne.avec(info(CHAMP, "adresse inchangée : la position déjà connue est conservée"),
                          position=_deplace(p, existant["latitude"], existant["longitude"],
                                            precision=existant["precision"]))
    if p.repli:
        return ligne.avec(avertissement(CHAMP, "adresse non trouvée : le point de la source, proche de la commune, "
                                               "est conservé"),
                          position=_deplace(p, *p.repli))
    commune = index.par_code[ligne.rattachement.commune]
    if commune.latitude is None:
        commune = index.commune_de(commune.code)
    if commune.latitude is None:
        return ligne.avec(avertissement(CHAMP, "aucune position connue pour ce lieu ni pour sa commune"))
    pourquoi = (resultat.raison if resultat is not None else f"géocodage indisponible : {indisponible}" if indisponible
                else "adresse introuvable")
    return ligne.avec(avertissement(CHAMP, f"placé approximativement au centre de {commune.nom} ({pourquoi})"),
                      position=_deplace(p, commune.latitude, commune.longitude, precision="commune"))
