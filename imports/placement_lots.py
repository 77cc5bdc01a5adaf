"""A batch of rows placed: their points checked against the commune polygons in one SQL query, the unknown communes
looked up from the points in another, the missing or wrong points geocoded by the BAN in batches of 1,000.

Only the batching lives here: what each finding means for a row is decided by the plain functions of
`imports.placement`.
"""

from __future__ import annotations

from . import placement, requetes
from .geocodage import ClientBAN
from .ligne import LigneImportee
from .territoires import IndexCommunes


class Placement:
    def __init__(self, index: IndexCommunes, ban: ClientBAN):
        self.index = index
        self.ban = ban

    def place(self, lignes: list[LigneImportee], existants: list[dict | None]) -> list[LigneImportee]:
        """The rows placed (new values, in the same order): points checked (swapped when that fixes them), unknown
        communes found from the points, missing or wrong points geocoded."""
        lignes = list(lignes)
        index = self.index
        a_verifier, sans_commune, a_geocoder = {}, {}, []
        for i, ligne in enumerate(lignes):
            p, code = ligne.position, ligne.rattachement.commune
            ville = index.commune_de(code) if code else None
            if p.latitude is not None and ville is not None and ville.a_geometrie:
                a_verifier[i] = (ville.code, p.latitude, p.longitude)
            elif p.latitude is not None and ville is None:
                lignes[i] = ligne = placement.sans_commune(ligne)
                sans_commune[i] = (ligne.position.latitude, ligne.position.longitude)
            elif p.latitude is None and code:
                a_geocoder.append(i)
        for i, verification in requetes.verifie_points(a_verifier).items():
            lignes[i], a_geocoder_aussi = placement.juge_point(lignes[i], verification, index.par_code[a_verifier[i][0]])
            if a_geocoder_aussi:
                a_geocoder.append(i)
        trouvees = requetes.communes_contenant(sans_commune)
        for i, ligne in enumerate(lignes):
            if ligne.commune_introuvable:
                commune = index.par_code[trouvees[i]] if i in trouvees else None
                lignes[i] = placement.rattache_par_le_point(ligne, commune, index)
        # a row without an address (read through a profile) is not sent: the BAN would answer with its commune
        adresses = [placement.adresse(lignes[i], i, index) for i in a_geocoder if lignes[i].valeurs_standard["adresse"]]
        resultats = self.ban.geocode(adresses) if adresses else {}
        indisponible = self.ban.raison_hors_ligne if self.ban.hors_ligne else ""
        for i in a_geocoder:
            lignes[i] = placement.place_sans_point(lignes[i], resultats.get(i), existants[i], index, indisponible)
        return lignes
