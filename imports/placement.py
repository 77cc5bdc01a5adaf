"""Where a lieu is: its point checked against its commune's polygon, swapped when that fixes it, geocoded at its
address (BAN) when missing or wrong, and, as a last resort, its commune's point flagged as approximate.

A better position is never replaced by a worse one: an unchanged address keeps the position already known, and a
source point slightly outside its commune is kept rather than moved to the commune's centre.
"""

from __future__ import annotations

from . import territoires
from .geocodage import Adresse, ClientBAN
from .validation import LigneNormalisee

DISTANCE_PLAUSIBLE_KM = 10  # a source point this close to its commune is kept when the address cannot be found


class Placement:
    def __init__(self, index: territoires.IndexCommunes, ban: ClientBAN):
        self.index = index
        self.ban = ban

    # --- coordinates --------------------------------------------------------------------------------------------

    def place(self, lignes: list[LigneNormalisee], existants: list[dict | None]):
        """Check each point against its commune (swap when that fixes it), geocode the missing or wrong ones."""
        a_verifier, sans_commune, a_geocoder = {}, {}, []
        for i, ligne in enumerate(lignes):
            v = ligne.valeurs
            code = v.get("commune_officielle_id")
            ville = self.index.commune_de(code) if code else None
            if v["latitude"] is not None and ville is not None and ville.a_geometrie:
                a_verifier[i] = (ville.code, v["latitude"], v["longitude"])
            elif v["latitude"] is not None and ville is None:
                if ligne.inversion_probable:
                    v["latitude"], v["longitude"] = v["longitude"], v["latitude"]
                    ligne.avertit("latitude/longitude", "latitude et longitude inversées (le point tombait hors de "
                                  f"France, inversé il y tombe) — corrigées en ({v['latitude']}, {v['longitude']})")
                sans_commune[i] = (v["latitude"], v["longitude"])
            elif v["latitude"] is None and code:
                a_geocoder.append(i)
        for i, verification in territoires.verifie_points(a_verifier).items():
            ligne, v = lignes[i], lignes[i].valeurs
            ville = self.index.par_code[a_verifier[i][0]]
            if verification.dedans:
                continue
            if verification.inverse_dedans:
                v["latitude"], v["longitude"] = v["longitude"], v["latitude"]
                ligne.avertit("latitude/longitude", f"latitude et longitude inversées (le point tombait hors de "
                              f"{ville.nom}, inversé il y tombe) — corrigées en ({v['latitude']}, {v['longitude']})")
                continue
            ligne.avertit("latitude/longitude", f"le point ({v['latitude']}, {v['longitude']}) est à "
                          f"{verification.distance_km:.0f} km de {ville.nom} — position recherchée à l'adresse")
            if verification.distance_km <= DISTANCE_PLAUSIBLE_KM:
                ligne.repli = (v["latitude"], v["longitude"])  # better than the commune's centre if nothing else
            v["latitude"] = v["longitude"] = None
            a_geocoder.append(i)
        trouvees = territoires.communes_contenant(sans_commune)
        for i, ligne in enumerate(lignes):
            if not ligne.commune_introuvable:
                continue
            v = ligne.valeurs
            ecrite = f"« {v['commune']} » ({v['code_postal'] or 'sans code postal'})"
            if i not in trouvees:
                ligne.avertit("commune", f"{ecrite} introuvable dans le Code officiel géographique : lieu non "
                              "rattaché à un territoire")
                continue
            commune = self.index.par_code[trouvees[i]]
            v.update(commune_officielle_id=commune.code, departement_id=commune.departement, region_id=commune.region,
                     epci_id=commune.epci)
            ligne.informe("commune", f"{ecrite} n'est pas une commune du Code officiel géographique : rattaché à "
                          f"{self.index.commune_de(commune.code).nom} d'après ses coordonnées")
        self._geocode([lignes[i] for i in a_geocoder], [existants[i] for i in a_geocoder])

    def _geocode(self, lignes: list[LigneNormalisee], existants: list[dict | None]):
        adresses = []
        for i, ligne in enumerate(lignes):
            v = ligne.valeurs
            ville = self.index.commune_de(v["commune_officielle_id"])
            codes = frozenset({ville.code, v["commune_officielle_id"]} | {
                c for c in self.index.par_cp.get(v["code_postal"], ()) if self.index.par_code[c].parente == ville.code
            })
            adresses.append(Adresse(i, v["adresse"], v["code_postal"], v["commune"], codes))
        resultats = self.ban.geocode(adresses) if adresses else {}
        for i, ligne in enumerate(lignes):
            v = ligne.valeurs
            resultat = resultats.get(i)
            if resultat is not None and resultat.accepte:
                v["latitude"], v["longitude"] = resultat.latitude, resultat.longitude
                ligne.precision = "adresse"
                ligne.informe("latitude/longitude", f"position trouvée à l'adresse par la Base adresse nationale "
                              f"(« {resultat.libelle} », score {resultat.score:.2f})")
                continue
            existant = existants[i]
            if (existant and existant["precision"] in ("source", "adresse") and existant["latitude"] is not None
                    and (existant["adresse"], existant["code_postal"], existant["commune"])
                    == (v["adresse"], v["code_postal"], v["commune"])):
                v["latitude"], v["longitude"] = existant["latitude"], existant["longitude"]
                ligne.precision = existant["precision"]
                ligne.informe("latitude/longitude", "adresse inchangée : la position déjà connue est conservée")
                continue
            if ligne.repli:
                v["latitude"], v["longitude"] = ligne.repli
                ligne.avertit("latitude/longitude", "adresse non trouvée : le point de la source, proche de la "
                              "commune, est conservé")
                continue
            commune = self.index.par_code[v["commune_officielle_id"]]
            if commune.latitude is None:
                commune = self.index.commune_de(commune.code)
            if commune.latitude is None:
                ligne.avertit("latitude/longitude", "aucune position connue pour ce lieu ni pour sa commune")
                continue
            pourquoi = (resultat.raison if resultat is not None
                        else f"géocodage indisponible : {self.ban.raison_hors_ligne}" if self.ban.hors_ligne
                        else "adresse introuvable")
            v["latitude"], v["longitude"] = commune.latitude, commune.longitude
            ligne.precision = "commune"
            ligne.avertit("latitude/longitude", f"placé approximativement au centre de {commune.nom} ({pourquoi})")
