"""A row's commune in the Code officiel géographique, its postcode confirmed, its point checked against the polygon.

The communes (≈ 35 000, codes, names, postcodes, aliases of communes déléguées) are loaded once per run into a
small in-memory index: resolving a name is a dict lookup, and `rattacher` is a plain function of the index and the
row. Points are checked against the polygons by batch, in SQL (`imports.requetes`), then judged by
`imports.placement`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from .normalisation.adresse import cle_commune
from .ligne import LigneImportee, Message, Rattachement, avertissement, erreur, info, remplace

_CACHE: dict = {}  # one index per process, as long as the geography is the same


@dataclass(frozen=True)
class CommuneInfo:
    code: str
    nom: str
    codes_postaux: tuple[str, ...]
    departement: str | None
    region: str | None
    epci: str | None
    parente: str | None  # Paris, Lyon, Marseille for an arrondissement
    a_geometrie: bool
    longitude: float | None
    latitude: float | None


def departements_du_code_postal(cp: str) -> tuple[str, ...]:
    if cp[:2] in ("97", "98"):
        return (cp[:3],)
    if cp[:2] == "20":
        return ("2A", "2B")
    return (cp[:2],)


class IndexCommunes:
    def __init__(self, communes: list[CommuneInfo], alias: dict[str, list[str]] | None = None):
        self.par_code = {c.code: c for c in communes}
        self.par_cp: dict[str, list[str]] = defaultdict(list)
        self.par_nom: dict[str, list[str]] = defaultdict(list)
        self.arrondissements: dict[str, list[str]] = defaultdict(list)
        for c in communes:
            for cp in c.codes_postaux:
                self.par_cp[cp].append(c.code)
            if c.parente:
                self.arrondissements[c.parente].append(c.code)
            else:
                self.par_nom[cle_commune(c.nom)[0]].append(c.code)
        self._cles_noms = {c.code: self._noms(c) for c in communes}
        for code, noms in (alias or {}).items():
            for nom in noms:
                cle = cle_commune(nom)[0]
                if code not in self.par_nom[cle]:
                    self.par_nom[cle].append(code)

    @classmethod
    def charger(cls) -> IndexCommunes:
        """The index of the communes in the database, rebuilt only when the geography was reloaded."""
        with connection.cursor() as cursor:
            cursor.execute("select count(*), coalesce(obj_description('lieux_commune'::regclass, 'pg_class'), '') "
                           "from lieux_commune")
            version = (connection.settings_dict["NAME"], *cursor.fetchone())
        if _CACHE.get("version") != version:
            _CACHE.update(version=version, index=cls._lire())
        return _CACHE["index"]

    @classmethod
    def _lire(cls) -> IndexCommunes:
        with connection.cursor() as cursor:
            cursor.execute(
                """select code, nom, codes_postaux, departement_id, region_id, epci_id, commune_parente_id,
                          geom is not null, st_x(point), st_y(point), alias
                   from lieux_commune"""
            )
            communes, alias = [], {}
            for *champs, noms_alias in cursor.fetchall():
                champs[2] = tuple(champs[2] or ())
                communes.append(CommuneInfo(*champs))
                if noms_alias:
                    alias[champs[0]] = noms_alias
        return cls(communes, alias)

    def commune_de(self, code: str) -> CommuneInfo | None:
        """The commune itself (Marseille for one of its arrondissements)."""
        commune = self.par_code.get(code)
        if commune and commune.parente:
            return self.par_code.get(commune.parente, commune)
        return commune

    def _noms(self, commune: CommuneInfo) -> frozenset[str]:
        cles = {cle_commune(commune.nom)[0]}
        if commune.parente and commune.parente in self.par_code:
            cles.add(cle_commune(self.par_code[commune.parente].nom)[0])
        return frozenset(cles)

    def _illisible(self, nom: str, codes: list[str]) -> list[str]:
        """The communes among `codes` whose name matches a name with unreadable characters (regional exports)."""
        motif = _motif_illisible(nom)
        return [c for c in codes if not self.par_code[c].parente and motif.match(cle_commune(self.par_code[c].nom)[0])]

    def porte_le_nom(self, code: str, cle: str) -> bool:
        return cle in self._cles_noms[code] or code in self.par_nom.get(cle, ())

    def _arrondissement(self, code: str, cp: str, numero: int | None) -> str:
        """An arrondissement of a city from the postcode (or the number in « MARSEILLE 11 »), else the city."""
        enfants = self.arrondissements.get(code, [])
        par_cp = [c for c in enfants if cp in self.par_code[c].codes_postaux]
        if len(par_cp) == 1:
            return par_cp[0]
        # « Lyon 1er Arrondissement » is 69381: the number is read from the name, not from the code
        return next((c for c in enfants if numero is not None and cle_commune(self.par_code[c].nom)[1] == numero), code)

    def cherche(self, nom: str, cp: str) -> CommuneInfo | None:
        """The commune named `nom` with postcode `cp` (either may be empty), when there is exactly one."""
        cle, numero = cle_commune(nom)
        if cp and cp not in self.par_cp:
            cp = ""  # a postcode no commune has (« 06922 » for 69220): decide on the name alone
        par_cp = self.par_cp.get(cp, []) if cp else []
        candidats: list[str] = []
        if cle and par_cp:
            candidats = [c for c in par_cp if self.porte_le_nom(c, cle)]
            villes = {self.par_code[c].parente or c for c in candidats}
            if len(villes) == 1 and len(candidats) > 1:  # a city and its arrondissement share the postcode
                ville = villes.pop()
                candidats = [self._arrondissement(ville, cp, numero)]
        if not candidats and cle:
            meme_nom = [c for c in self.par_nom.get(cle, []) if not self.par_code[c].parente]
            if cp:
                departements = departements_du_code_postal(cp)
                candidats = [c for c in meme_nom if (self.par_code[c].departement or c[:3]) in departements]
            else:
                candidats = meme_nom  # no postcode: the name must be unique in France
        if not candidats and par_cp:
            actuelles = [c for c in par_cp if not self.par_code[c].parente]
            if cle:  # « Saint-Auban » for Château-Arnoux-Saint-Auban: a part of the official name
                actuelles = [c for c in actuelles if f" {cle} " in f" {cle_commune(self.par_code[c].nom)[0]} "]
            candidats = actuelles if len(actuelles) == 1 else []
        if not candidats and "\ufffd" in nom and cp:
            candidats = self._illisible(nom, self.par_cp.get(cp, []))
        if len(candidats) == 1:
            code = candidats[0]
            if self.par_code[code].parente is None and numero is not None:
                code = self._arrondissement(code, cp, numero)
            return self.par_code[code]
        return None


_JOKER = "xqx"


def _motif_illisible(nom: str) -> re.Pattern:
    """« BRIAN�ON » (a Latin-1 byte decoded as UTF-8 upstream: « � ») as a pattern where « � » is one or two
    letters (« ç » is one, « œ » written « oe » two)."""
    cle = cle_commune(nom.replace("\ufffd", _JOKER))[0]
    return re.compile("^" + re.escape(cle).replace(_JOKER, "[a-z]{1,2}") + "$")


def _confirme_commune(index: IndexCommunes, v: dict, messages: list[Message]) -> CommuneInfo | None:
    nom, cp, code = v["commune"], v["code_postal"], v["code_insee"]
    if code and code in index.par_code:
        commune = index.par_code[code]
        cle = cle_commune(nom)[0]
        if nom and not index.porte_le_nom(code, cle) and cp not in commune.codes_postaux:
            autre = index.cherche(nom, cp)
            if autre is not None and index.commune_de(autre.code).code != index.commune_de(code).code:
                messages.append(avertissement("code_insee", f"{code} est le code de {commune.nom}, pas de {nom} "
                                              f"({cp}) — corrigé en {index.commune_de(autre.code).code}"))
                v["code_insee"] = index.commune_de(autre.code).code
                return autre
        if commune.parente is None and cp:
            return index.par_code[index._arrondissement(code, cp, cle_commune(nom)[1])]
        return commune
    commune = index.cherche(nom, cp)
    if code and commune is not None:
        messages.append(avertissement("code_insee", f"{code} n'existe pas (ou plus) dans le Code officiel "
                                      f"géographique — remplacé par {index.commune_de(commune.code).code} "
                                      f"({commune.nom})"))
        v["code_insee"] = ""
    elif code:
        messages.append(avertissement("code_insee", f"{code} n'existe pas (ou plus) dans le Code officiel "
                                      "géographique — ignoré"))
        v["code_insee"] = ""
    return commune


def _seule_du_nom(index: IndexCommunes, nom: str, cp: str) -> CommuneInfo | None:
    """The only commune of that name in the département the postcode points to (None if none or several)."""
    if not nom:
        return None
    cle = cle_commune(nom)[0]
    departements = departements_du_code_postal(cp)
    codes = [c for c in index.par_nom.get(cle, []) if not index.par_code[c].parente
             and (index.par_code[c].departement or c[:3]) in departements]
    if not codes and "\ufffd" in nom:
        codes = [c for c in index._illisible(nom, list(index.par_code))
                 if (index.par_code[c].departement or c[:3]) in departements]
    return index.par_code[codes[0]] if len(codes) == 1 else None


def rattachement_a(commune: CommuneInfo | None, avant: Rattachement = Rattachement()) -> Rattachement:
    """`avant` attached to `commune` (its code and territory keys; all None without a commune)."""
    if commune is None:
        return remplace(avant, commune=None, departement=None, region=None, epci=None)
    return remplace(avant, commune=commune.code, departement=commune.departement, region=commune.region,
                               epci=commune.epci)


def rattacher(index: IndexCommunes, ligne: LigneImportee) -> tuple[LigneImportee, CommuneInfo | None]:
    """The row attached to its COG commune: commune, code_postal and code_insee confirmed or completed, territory
    keys set; with the COG commune it lies in, or None (then `rattachement.introuvable` says whether the file named
    one that the COG does not know: its point may still tell, see `imports.placement`).

    Errors (row rejected) when the postcode or the commune name is missing and cannot be completed.
    """
    v = dict(ligne.valeurs_standard)
    messages: list[Message] = []
    avant = ligne.rattachement
    commune = None
    if avant.cp_a_confirmer:
        brut, cp = avant.cp_a_confirmer, v["code_postal"]
        trouvee = index.cherche(v["commune"], cp) if v["commune"] else index.commune_de(v["code_insee"] or "")
        if trouvee is not None and cp in trouvee.codes_postaux + index.commune_de(trouvee.code).codes_postaux:
            messages.append(avertissement("code_postal", f"{brut} n'est pas un code postal à 5 chiffres — corrigé "
                                          f"en {cp}"))
        elif (nommee := _seule_du_nom(index, v["commune"], cp)) is not None:
            # « 6046 » for Colomars (its INSEE code): the commune's name decides, its own postcode completes the row
            messages.append(avertissement("code_postal", f"{brut} n'est pas un code postal à 5 chiffres, ni celui de "
                                          f"{nommee.nom} — remplacé par le sien"))
            v["code_postal"] = ""
        else:
            messages.append(erreur("code_postal", f"{brut} n'est pas un code postal à 5 chiffres (et {cp} ne "
                                   f"correspond pas à la commune « {v['commune']} »)"))
            v["code_postal"] = ""
            return ligne.avec(*messages, valeurs_standard=v, rattachement=rattachement_a(None, avant)), None
    if avant.insee_a_confirmer and v["code_insee"] not in index.par_code:
        v["code_insee"] = ""
    commune = _confirme_commune(index, v, messages)
    ville = index.commune_de(commune.code) if commune else None
    introuvable = avant.introuvable
    if commune is None:
        introuvable = bool(v["commune"] or v["code_postal"])
    else:
        if not v["commune"]:
            messages.append(avertissement("commune", f"commune absente — complétée par {ville.nom} "
                                          f"(code INSEE {v['code_insee'] or ville.code})"))
        elif cle_commune(v["commune"])[0] != cle_commune(ville.nom)[0]:
            messages.append(info("commune", f"« {v['commune']} » écrit selon le Code officiel géographique : "
                                 f"{ville.nom}"))
        v["commune"] = ville.nom
        postaux = commune.codes_postaux or ville.codes_postaux
        if v["code_postal"] and v["code_postal"] not in index.par_cp and postaux:
            messages.append(avertissement("code_postal", f"{v['code_postal']} n'est le code postal d'aucune commune "
                                          f"— remplacé par {postaux[0]} ({ville.nom})"))
            v["code_postal"] = postaux[0]
        if not v["code_insee"]:
            v["code_insee"] = ville.code
        if not v["code_postal"]:
            postaux = commune.codes_postaux or ville.codes_postaux
            if postaux:
                v["code_postal"] = postaux[0]
                messages.append(avertissement("code_postal", f"code postal absent ou invalide — complété par "
                                              f"{postaux[0]} ({ville.nom})"))
    if commune is None and not (v["commune"] or v["code_postal"] or v["code_insee"]) \
            and ligne.position.latitude is not None:
        # the file names no commune at all but gives a point: the commune containing it will tell (see
        # imports.placement.rattache_par_le_point, after the points are looked up in one query)
        rattachement = remplace(rattachement_a(None, avant), introuvable=True)
        return ligne.avec(*messages, valeurs_standard=v, rattachement=rattachement), None
    if not v["commune"]:
        messages.append(erreur("commune", "commune absente"))
    if not v["code_postal"]:
        messages.append(erreur("code_postal", "code postal absent ou invalide, et la commune ne permet pas de le "
                               "retrouver"))
    rattachement = remplace(rattachement_a(commune, avant), introuvable=introuvable)
    return ligne.avec(*messages, valeurs_standard=v, rattachement=rattachement), commune
