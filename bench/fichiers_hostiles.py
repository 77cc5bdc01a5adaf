"""Hostile import files: peak memory and time of `imports.lecteurs.ouvrir` + reading every row, each case in a
fresh subprocess (growth of VmHWM). Usage: .venv/bin/python -m bench.fichiers_hostiles [dossier] [case…]
(numbers: docs/fichiers-hostiles.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path


def cas(dossier: Path) -> dict[str, Path]:
    """The hostile files, generated once in `dossier`."""
    import openpyxl

    dossier.mkdir(parents=True, exist_ok=True)
    fichiers = {}

    chemin = dossier / "colonnes.csv"  # 100,000 columns
    chemin.write_text(";".join(f"c{i}" for i in range(100_000)) + "\n" + ";".join("x" * 100_000) + "\n")
    fichiers["CSV de 100 000 colonnes"] = chemin

    chemin = dossier / "profond.json"  # nested 100,000 deep
    chemin.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    fichiers["JSON imbriqué sur 100 000 niveaux"] = chemin

    chemin = dossier / "valeur.json"  # one 32 MB value
    chemin.write_text('[{"nom": "' + "a" * (32 * 1024 * 1024) + '"}]')
    fichiers["JSON : une valeur de 32 Mo"] = chemin

    chemin = dossier / "cellule.csv"  # one 32 MB cell
    chemin.write_text('id;nom\n1;"' + "a" * (32 * 1024 * 1024) + '"\n')
    fichiers["CSV : une cellule de 32 Mo"] = chemin

    chemin = dossier / "vide.xlsx"  # 200 MB of blanks in a sheet, compressed 1000 times
    ecrit_xlsx(chemin, "<row r='1'><c r='A1'><v>1</v></c></row>" + " " * (200 * 1024 * 1024))
    fichiers["XLSX : 200 Mo de blancs compressés"] = chemin

    chemin = dossier / "bombe.xlsx"  # many rows of short repeated strings: a tiny zip, a huge sheet
    lignes = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{colonne(c)}{r}" t="inlineStr"><is><t>x</t></is></c>' for c in range(1, 51))
        + "</row>" for r in range(1, 40_001)
    )
    ecrit_xlsx(chemin, lignes)
    fichiers["XLSX bombe (40 000 × 50 cellules)"] = chemin

    chemin = dossier / "rangee.xlsx"  # one row of 1,000,000 cells
    ecrit_xlsx(chemin, '<row r="1">' + "".join(f'<c r="{colonne(c)}1"><v>1</v></c>' for c in range(1, 16_385)) * 61 + "</row>")
    fichiers["XLSX : une rangée de 1 000 000 cellules"] = chemin

    chemin = dossier / "ordinaire.csv"  # not hostile: what the checks cost on a large CSV
    chemin.write_text("id;nom;commune;code_postal;adresse;date_maj;services\n" + "".join(
        f"{i};Lieu {i};Angers;49000;{i} rue Toussaint;2024-04-02;Aide aux démarches administratives\n"
        for i in range(300_000)))
    fichiers["CSV ordinaire (300 000 lignes, pour comparer)"] = chemin

    chemin = dossier / "ordinaire.xlsx"  # not hostile: what the checks cost on a large real-looking workbook
    if not chemin.exists():
        classeur = openpyxl.Workbook()
        classeur.active.append(["id", "nom", "commune", "code_postal", "adresse", "date_maj", "services", "telephone"])
        for i in range(20_000):
            classeur.active.append([i, f"Lieu {i}", "Angers", "49000", f"{i} rue Toussaint", "2024-04-02",
                                    "Aide aux démarches administratives", "02 41 00 00 00"])
        classeur.save(chemin)
    fichiers["XLSX ordinaire (20 000 lignes, pour comparer)"] = chemin

    classeur = openpyxl.Workbook()
    classeur.active.append(["id", "nom"])
    classeur.active.append([1, "Médiathèque"])
    chemin = dossier / "classeur.csv"  # an XLSX renamed .csv
    classeur.save(chemin)
    fichiers["XLSX renommé en .csv"] = chemin
    chemin = dossier / "tronque.xlsx"
    chemin.write_bytes((dossier / "classeur.csv").read_bytes()[:3000])
    fichiers["XLSX tronqué"] = chemin
    return fichiers


def colonne(n: int) -> str:
    lettres = ""
    while n:
        n, reste = divmod(n - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


def ecrit_xlsx(chemin: Path, lignes: str, dimension: str = "A1:XFD1048576"):
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Feuille" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><dimension ref="{dimension}"/>'
                                               f"<sheetData>{lignes}</sheetData></worksheet>")


MESURE = """
import sys, time
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.test")
django.setup()
from imports.lecteurs import ouvrir

def kio(champ):
    for ligne in open("/proc/self/status"):
        if ligne.startswith(champ):
            return int(ligne.split()[1])

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # VmHWM := VmRSS: the peak below is the reading's
avant = kio("VmRSS")
debut = time.perf_counter()

def trop_long(*_):
    raise TimeoutError("arrêté après 100 s")

import signal
signal.signal(signal.SIGALRM, trop_long)
signal.alarm(100)
try:
    lecture = ouvrir(sys.argv[1])
    n = sum(1 for _ in lecture.lignes())
    issue = f"lu : {len(lecture.colonnes)} colonnes, {n} lignes"
except Exception as e:
    issue = f"{e.__class__.__name__} : {str(e)[:110]}"
duree = time.perf_counter() - debut
print(f"+{(kio('VmHWM') - avant) / 1024:.0f}\t{duree:.2f}\t{issue}")
"""


def main():
    dossier = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/fichiers-hostiles")
    choix = sys.argv[2:]
    for nom, chemin in cas(dossier).items():
        if choix and not any(c in nom for c in choix):
            continue
        try:
            sortie = subprocess.run([sys.executable, "-c", MESURE, str(chemin)], capture_output=True, text=True,
                                    timeout=120).stdout.strip()
        except subprocess.TimeoutExpired:
            sortie = "?\t>120\tinterrompu"
        memoire, duree, issue = (sortie.split("\t") + ["", "", ""])[:3]
        print(f"| {nom} | {chemin.stat().st_size / 1024:,.0f} Ko | {memoire} Mo | {duree} s | {issue} |")


if __name__ == "__main__":
    main()
