"""DORA synchronisation: a local fake data·inclusion API serving N schema-faithful structures and services, then
the real v0-era services dump. `DORA_STRUCTURES_V0=/path/file.json make bench BENCH_ARGS="--only 4_dora"` also
joins the dump with a v0 structures file (e.g. mednum-cli's `assets/input/data-inclusion/data-inclusion.json`)."""

import os
import resource
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from bench.base_bench import chrono
from imports.dora.application import synchronise
from imports.dora.client import ClientDataInclusion
from imports.dora.lecteurs import ClientFichiers
from imports.geocodage import ClientBAN
from lieux.models import Lieu
from tests.outils_dora import COMMUNES, JETON, FauxDataInclusion, service, structure

TAILLE = 5000
DUMP = settings.SHARED_DIR / "data" / "mednumcli__data-inclusion-services.json"


def _jeu(taille):
    codes = list(COMMUNES)
    structures = [structure(i, codes[i % len(codes)]) for i in range(1, taille + 1)]
    services = [service(i, i) for i in range(1, taille + 1)]
    return structures, services


def _pourcentage_valides(run):
    texte = next((r["texte"] for r in run.remarques if "sont dans un lieu valide" in r["texte"]), "")
    return texte.split(" sont dans")[0]


def run(args):
    call_command("load_geography", verbosity=0)
    hors_ligne = ClientBAN(url="http://127.0.0.1:9")  # the payloads have their points: no geocoding wanted
    Lieu.objects.filter(provenances__source="dora").delete()
    lignes = []
    structures, services = _jeu(TAILLE)
    with FauxDataInclusion(structures, services) as faux:
        client = ClientDataInclusion(url=faux.url, jeton=JETON, taille_page=1000)
        premiere, duree = chrono(synchronise, client=client, ban=hors_ligne)
        lignes.append((f"synchronisation DORA, {TAILLE} lieux créés (API locale)", f"{duree:.1f} s",
                       f"{TAILLE / duree:,.0f} lieux/s ; {premiere.get_statut_display()}".replace(",", " ")))
        seconde, duree = chrono(synchronise, client=ClientDataInclusion(url=faux.url, jeton=JETON), ban=hors_ligne)
        lignes.append(("même synchronisation, rien de changé", f"{duree:.1f} s",
                       f"{seconde.inchanges} inchangés, aucun lieu réécrit"))
    lignes.append(("mémoire maximale du processus", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} Mo", ""))
    Lieu.objects.filter(provenances__source="dora").delete()

    reel, duree = chrono(synchronise, client=ClientFichiers(DUMP), essai=True, ban=hors_ligne)
    lignes.append(("vidage v0 réel (4 261 services), essai à blanc", f"{duree:.1f} s",
                   f"{reel.lignes_lues} lieux candidats, {reel.rejetes} rejetés (aucune structure dans le fichier)"))
    structures_v0 = os.environ.get("DORA_STRUCTURES_V0")
    if structures_v0 and Path(structures_v0).is_file():
        joint, duree = chrono(synchronise, client=ClientFichiers(DUMP, structures_v0), essai=True, ban=hors_ligne)
        lignes.append(("vidage v0 + structures v0, essai à blanc", f"{duree:.1f} s",
                       f"{joint.lignes_lues - joint.rejetes}/{joint.lignes_lues} lieux valides ; "
                       f"{_pourcentage_valides(joint)} dans un lieu valide (cible ≥ 90 %)"))
    return lignes
