"""Consolidation: precision and recall of the linkage on the labelled pairs of bench/paires/, and the time of an
incremental run (5 000 new records against 100 000).

The labelled pairs (bench/paires/paires_etiquetees.csv, judged by hand, see bench/paires/README.md) name two rows
by file and id; the rows are read here from ../shared/data, never copied. Each file is linked as production would:
`paires_candidates` over the whole file (or both files), then `preparer` + `comparer` on the candidate pairs; a
labelled pair that blocking does not propose counts as `DIFFERENTS`.

The timing uses the pure Python blocking; `chronometre_incremental` is the one function to swap for the database
version (PostGIS `ST_DWithin`) once the models exist. No database is involved here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DONNEES = RACINE.parent / "shared" / "data"
PAIRES = RACINE / "bench" / "paires" / "paires_etiquetees.csv"

PACA = "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"
CNFS = "cartoclient__lieux-de-mediation-numerique.cnfs.json"
FRANCE_SERVICES = "fsmap__france_services.csv"




CIBLE_PRECISION, CIBLE_RAPPEL = 0.95, 0.90


# --- readers: each file's rows as dicts with the standard's field names, `id` a string unique in the file ------

def _json(nom: str) -> list[dict]:
    lignes = json.loads((DONNEES / nom).read_text(encoding="utf-8"))
    return [dict(e, id=str(e["id"])) for e in lignes]


def _nombre(valeur: str) -> float | None:
    try:
        x = float(valeur)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def lire_france_services(chemin: Path | None = None) -> list[dict]:
    """France services 2020 (anct-carto, CSV + BAN geocoder columns) read into the standard's keys.

    `lib_france_services` is the desk's place name (« Valserhône », « PIMMS de Libercourt »): the lieu's name is
    « France services » followed by it, as the national list shows it. The commune is the geocoder's
    (`result_city`, spelt in full) when there is one, else `lib_com` (upper case, « ST BRIEUC »); the point is
    the geocoder's. `MATRICULE` is the id (unique in the file)."""
    with open(chemin or DONNEES / FRANCE_SERVICES, encoding="utf-8", newline="") as f:
        lignes = list(csv.DictReader(f))
    resultat = []
    for x in lignes:
        lib = " ".join(x["lib_france_services"].split())
        nom = lib if "france service" in lib.lower() else f"France services {lib}"
        adresse = " ".join(x["ADRESSE"].split())
        resultat.append({
            "id": x["MATRICULE"].strip(),
            "nom": nom,
            "adresse": adresse,
            "code_postal": x["CODE_POSTAL"].strip(),
            "commune": (x["result_city"] if x["result_city"] not in ("", "NA") else x["lib_com"]).strip(),
            "code_insee": x["insee_com"].strip() if x["insee_com"] != "NA" else "",
            "latitude": _nombre(x["latitude"]),
            "longitude": _nombre(x["longitude"]),
            "telephone": x["TELEPHONE"],
            "courriel": x["CONTACT.MAIL"],
            "itinerance": "itinérant" if x["ITINERANCE"].strip().lower() == "oui" else "",
            "source": "france-services-2020",
        })
    return resultat


def lire_cnfs() -> list[dict]:
    """Conseillers numériques 2022: already the standard's keys (v0 variant); the source is the file."""
    return [dict(e, source="cnfs-2022") for e in _json(CNFS)]


def departement(e: dict) -> str:
    cp = str(e.get("code_postal") or "").strip().zfill(5)
    return cp[:3] if cp.startswith("97") else cp[:2]


LECTEURS = {PACA: lambda: _json(PACA), CNFS: lire_cnfs, FRANCE_SERVICES: lire_france_services}
# files linked together: PACA on its own (pairs across its `source` column), CNFS 2022 with France services
JEUX = {"PACA (sous-sources)": (PACA,), "CNFS 2022 × France services 2020": (CNFS, FRANCE_SERVICES)}


# The labelled pairs fall in two fixed halves by a hash of the pair (its two keys, sorted): rules are studied on
# « réglage » only, « contrôle » says whether they hold on pairs nobody tuned them on (bench/paires/README.md).
REGLAGE, CONTROLE = "réglage", "contrôle"


def moitie(paire: dict) -> str:
    cle = "|".join(sorted([f"{paire['fichier_a']}:{paire['id_a']}", f"{paire['fichier_b']}:{paire['id_b']}"]))
    return REGLAGE if int(hashlib.sha256(cle.encode()).hexdigest(), 16) % 2 == 0 else CONTROLE


def lire_paires(chemin: Path = PAIRES) -> list[dict]:
    with open(chemin, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- precision and recall on the labelled pairs ------------------------------------------------------------

@dataclass
class Resultat:
    """One labelled pair and what the linkage made of it (`propose`: blocking proposed it at all)."""

    jeu: str
    paire: dict
    propose: bool
    decision: str  # Decision.value; DIFFERENTS when blocking did not propose the pair
    score: float | None
    raisons: tuple[str, ...]

    @property
    def meme(self) -> bool:
        return self.paire["etiquette"] == "meme"


def jeu_de(paire: dict) -> str:
    fichiers = {paire["fichier_a"], paire["fichier_b"]}
    for jeu, noms in JEUX.items():
        if fichiers <= set(noms):
            return jeu
    raise ValueError(f"paire hors des jeux connus : {sorted(fichiers)}")


def evaluer(paires: list[dict] | None = None) -> list[Resultat]:
    """Each labelled pair through the production path: blocking over the whole file(s), then the score."""
    from lieux.consolidation.appariement import apparier
    from lieux.consolidation.score import Decision

    paires = lire_paires() if paires is None else paires
    resultats = []
    for jeu, fichiers in JEUX.items():
        du_jeu = [p for p in paires if jeu_de(p) == jeu]
        if not du_jeu:
            continue
        enregistrements, position = [], {}
        for fichier in fichiers:
            for e in LECTEURS[fichier]():
                position[(fichier, e["id"])] = len(enregistrements)
                enregistrements.append(e)
        _, comparaisons = apparier(enregistrements)  # a full run (`consolider --tout`), every pair kind
        for p in du_jeu:
            i, j = position[(p["fichier_a"], p["id_a"])], position[(p["fichier_b"], p["id_b"])]
            c = comparaisons.get((min(i, j), max(i, j)))
            if c is not None:
                resultats.append(Resultat(jeu, p, True, c.decision.value, c.score, c.raisons))
            else:
                resultats.append(Resultat(jeu, p, False, Decision.DIFFERENTS.value, None, ()))
    return resultats


@dataclass
class Mesures:
    meme: int  # pairs labelled « même lieu »
    different: int
    vrais_meme: int  # labelled meme, decided MEME
    faux_meme: int  # labelled different, decided MEME: a false merge
    meme_en_revue: int  # labelled meme, decided DOUTEUX
    meme_proposes: int  # labelled meme, proposed by blocking

    @property
    def precision(self) -> float:
        fusions = self.vrais_meme + self.faux_meme
        return self.vrais_meme / fusions if fusions else 1.0

    @property
    def rappel(self) -> float:
        return self.vrais_meme / self.meme if self.meme else 1.0

    @property
    def rappel_avec_revue(self) -> float:
        """Share of true pairs merged or sent to a person (MEME or DOUTEUX)."""
        return (self.vrais_meme + self.meme_en_revue) / self.meme if self.meme else 1.0

    @property
    def taux_fausses_fusions(self) -> float:
        return self.faux_meme / self.different if self.different else 0.0

    @property
    def rappel_blocage(self) -> float:
        return self.meme_proposes / self.meme if self.meme else 1.0


def mesurer(resultats: list[Resultat]) -> Mesures:
    meme = [r for r in resultats if r.meme]
    different = [r for r in resultats if not r.meme]
    return Mesures(
        meme=len(meme), different=len(different),
        vrais_meme=sum(r.decision == "meme" for r in meme),
        faux_meme=sum(r.decision == "meme" for r in different),
        meme_en_revue=sum(r.decision == "douteux" for r in meme),
        meme_proposes=sum(r.propose for r in meme),
    )


# --- time of an incremental run: 5 000 new records against 100 000 ------------------------------------------

def synthetiser(nombre: int, seed: int = 11) -> list[dict]:
    """`nombre` records from the real rows of the three files, copied with each copy moved elsewhere in France.

    Each copy shifts every point by one offset (a few degrees: copies overlap, as the national density does) plus
    a jitter of a few metres, and moves the département part of the postcode and INSEE code, so that a copy
    neither lands on its original's commune block nor on its points. Telephones, e-mails and SIRETs are
    rewritten per copy (shared within a copy as in the original, never across copies). Names stay: their
    variety is the real one."""
    rng = random.Random(seed)
    modeles = _json(PACA) + lire_cnfs() + lire_france_services()
    resultat = []
    copie = 0
    while len(resultat) < nombre:
        d_lat, d_lon = rng.uniform(-3.0, 3.0), rng.uniform(-3.5, 3.5)
        for e in modeles:
            if len(resultat) >= nombre:
                break
            x = dict(e, id=f"{copie}-{e['id']}")
            if copie:
                for cle in ("latitude", "longitude"):
                    if isinstance(x.get(cle), (int, float)) and x[cle]:
                        x[cle] = x[cle] + (d_lat if cle == "latitude" else d_lon) + rng.uniform(-1e-4, 1e-4)
                for cle in ("code_postal", "code_insee"):
                    code = str(x.get(cle) or "")
                    if len(code) == 5 and code[:2].isdigit():
                        x[cle] = f"{(int(code[:2]) + 7 * copie) % 95 + 1:02d}{code[2:]}"
                for cle in ("telephone", "courriel", "pivot"):
                    if x.get(cle):
                        x[cle] = (_telephone_copie(x[cle], copie) if cle == "telephone"
                                  else f"{x[cle]}-{copie}")
            resultat.append(x)
        copie += 1
    return resultat


def _telephone_copie(telephone: str, copie: int) -> str:
    chiffres = "".join(c for c in str(telephone) if c.isdigit())[-9:]
    return "0" + str((int(chiffres or 0) + copie * 7919) % 10**9).zfill(9) if chiffres else ""


def chronometre_incremental(enregistrements: list[dict], nouveaux: list[int]) -> tuple[float, int, dict]:
    """Seconds to find the candidates of `nouveaux` (positions) among all `enregistrements` and score them all,
    with the number of pairs and the decisions. The one function to swap for the database version."""
    from collections import Counter

    from lieux.consolidation.appariement import apparier

    debut, processeur = time.perf_counter(), time.process_time()
    paires, comparaisons = apparier(enregistrements, nouveaux=nouveaux)
    decisions = Counter(c.decision.value for c in comparaisons.values())
    decisions["processeur"] = time.process_time() - processeur
    return time.perf_counter() - debut, len(paires), dict(decisions)


COLONNES_CSV = ("id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "latitude", "longitude",
                "telephone", "courriels", "typologie", "date_maj", "source")


def _csv(enregistrements: list[dict], chemin: Path) -> None:
    """The synthetic records as a standard CSV (what a source would send): the importer reads, normalises, places."""
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(COLONNES_CSV)
        for e in enregistrements:
            pivot = "".join(c for c in str(e.get("pivot") or "") if c.isalnum())[:14]
            ecrivain.writerow([
                e["id"], pivot if len(pivot) >= 9 else "", e.get("nom") or "", e.get("commune") or "",
                e.get("code_postal") or "", e.get("code_insee") or "", e.get("adresse") or "",
                e.get("latitude") or "", e.get("longitude") or "", e.get("telephone") or "",
                e.get("courriel") or "", "", "2024-01-15", e.get("source") or "bench"])


def chronometre_base(enregistrements: list[dict], nouveaux: int) -> dict:
    """In the bench database, through the real importer: the records but the last `nouveaux` imported as one source
    (matched in full by that first import), then the last ones as another source; then the matching of those new
    records alone (`consolider(pks)`: read all records, block, score, store the pairs, regroup), timed. Everything
    written is removed afterwards."""
    from django.core.management import call_command
    from django.db import transaction

    from imports.models import ImportRun, Source
    from lieux.consolidation.execution import consolider
    from lieux.models import Lieu, Provenance

    sources = ("bench-consolidation-base", "bench-consolidation-nouveaux")
    mesures: dict = {}
    with tempfile.TemporaryDirectory() as dossier:
        base, neufs = Path(dossier) / "base.csv", Path(dossier) / "nouveaux.csv"
        _csv(enregistrements[:-nouveaux], base)
        _csv(enregistrements[-nouveaux:], neufs)
        try:
            for chemin, source, cle in ((base, sources[0], "import_base"), (neufs, sources[1], "import_nouveaux")):
                debut = time.perf_counter()
                call_command("import_lieux", str(chemin), source=source, partial=True, verbosity=0)
                mesures[cle] = time.perf_counter() - debut
                mesures[cle + "_bilan"] = ImportRun.objects.filter(source__nom=source).latest("pk").consolidation
            pks = list(Provenance.objects.filter(source=sources[1]).values_list("pk", flat=True))
            with transaction.atomic():
                charge = os.getloadavg()[0]
                debut, processeur = time.perf_counter(), time.process_time()
                bilan = consolider(pks)
                mesures["incremental"] = time.perf_counter() - debut
                # this process's CPU time: on a machine shared with other work the wall time says more about the
                # neighbours than about the code (PostgreSQL's own work is in its process, not counted here)
                mesures["incremental_processeur"] = time.process_time() - processeur
                mesures["charge"] = (charge, os.getloadavg()[0])
                mesures["bilan"] = bilan
                transaction.set_rollback(True)
        finally:
            uids = list(Provenance.objects.filter(source__in=sources).values_list("lieu_id", flat=True))
            absorbes = list(Lieu.objects.filter(fusionne_dans_id__in=uids).values_list("uid", flat=True))
            Lieu.objects.filter(uid__in=uids + absorbes).delete()
            ImportRun.objects.filter(source__nom__in=sources).delete()
            Source.objects.filter(nom__in=sources).delete()
    return mesures


def _fr(x: float, chiffres: int = 2) -> str:
    return f"{x:.{chiffres}f}".replace(".", ",")


def run(args):
    lignes = []
    resultats = evaluer()
    parts = [(None, None), *((jeu, None) for jeu in JEUX), (None, REGLAGE), (None, CONTROLE)]
    for jeu, partie in parts:
        m = mesurer([r for r in resultats if (jeu is None or r.jeu == jeu)
                     and (partie is None or moitie(r.paire) == partie)])
        if not m.meme + m.different:
            continue
        titre = "consolidation, paires étiquetées" + ("" if jeu is None else f" — {jeu}") + (
            "" if partie is None else f" — moitié de {partie}")
        lignes += [
            (f"{titre} : paires (même lieu / différents)",
             f"{m.meme + m.different} ({m.meme} / {m.different})", "bench/paires/README.md"),
            (f"{titre} : précision de MEME", _fr(m.precision),
             f"≥ 0,95 ; {m.vrais_meme} justes sur {m.vrais_meme + m.faux_meme} fusions automatiques"),
            (f"{titre} : rappel de MEME", _fr(m.rappel),
             f"≥ 0,90 ; {m.vrais_meme} des {m.meme} paires « même lieu »"),
            (f"{titre} : rappel MEME + DOUTEUX (fusion ou revue)", _fr(m.rappel_avec_revue),
             f"{m.vrais_meme + m.meme_en_revue} des {m.meme} ; le reste est perdu sans revue"),
            (f"{titre} : fausses fusions (différents décidés MEME)", _fr(m.taux_fausses_fusions, 3),
             f"{m.faux_meme} des {m.different} paires « différents »"),
            (f"{titre} : rappel du blocage", _fr(m.rappel_blocage),
             f"{m.meme_proposes} des {m.meme} paires « même lieu » proposées"),
        ]
    nombre, nouveaux = 100_000, 5_000
    enregistrements = synthetiser(nombre)
    derniers = list(range(nombre - nouveaux, nombre))
    duree, n_paires, decisions = chronometre_incremental(enregistrements, derniers)
    lignes.append((
        "rapprochement incrémental : 5 000 nouveaux dans 100 000", f"{duree:.1f} s",
        f"cible < 30 s ; Python pur (blocage + score), temps processeur {decisions['processeur']:.1f} s ; "
        f"{n_paires} paires candidates, "
        f"MEME / DOUTEUX / DIFFERENTS : {decisions.get('meme', 0)} / {decisions.get('douteux', 0)} / "
        f"{decisions.get('differents', 0)}"))
    m = chronometre_base(enregistrements, nouveaux)
    b = m["bilan"]
    lignes += [
        ("rapprochement en base : import de 95 000 enregistrements (rapprochement complet compris)",
         f"{m['import_base']:.1f} s", m["import_base_bilan"][:150]),
        ("rapprochement en base : import de 5 000 nouveaux dans 100 000 (rapprochement compris)",
         f"{m['import_nouveaux']:.1f} s", m["import_nouveaux_bilan"][:150]),
        ("rapprochement en base : 5 000 nouveaux contre 100 000 (consolider)", f"{m['incremental']:.1f} s",
         f"cible < 30 s sur 2 cœurs ; temps processeur {m['incremental_processeur']:.1f} s ; charge de la machine "
         f"{m['charge'][0]:.1f} → {m['charge'][1]:.1f} ; "
         + ", ".join(f"{k} {v:.1f} s" for k, v in b.durees.items())
         + f" ; {b.comparees} paires comparées"),
    ]
    return lignes


if __name__ == "__main__":
    import os
    import sys

    import django

    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    django.setup()
    for ligne in run(None):
        print(*ligne, sep="  ")
