"""Which text encoding a file uses, and the repair of text that went through a wrong one.

Real exports come in UTF-8 (with or without BOM), Windows-1252, Mac OS Roman (old Excel for Mac: CR line endings,
« é » as 0x8E; the Nice file is one, whatever its README says), UTF-8 encoded twice (« Ã© » for « é ») or already
damaged upstream (U+FFFD « � » instead of the letter). We decide from a sample of the first bytes: UTF-8 first, then
Windows-1252 unless the Mac OS Roman reading is clearly more French (`_plutot_mac_roman`); the remark shows the first
accented word in both readings. Undecodable bytes further on become U+FFFD and are counted as damage rather than
stopping the import.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

TAILLE_ECHANTILLON = 256 * 1024
CARACTERE_ILLISIBLE = "\ufffd"

LIBELLES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 avec BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac OS Roman",
    "latin-1": "ISO-8859-1 (Latin-1)",
}

# Letters and signs a French text in a single-byte encoding is made of, and signs it practically never contains.
_PLAUSIBLES = set("éèêëàâäùûüôöîïçœæÉÈÊËÀÂÇÎÏÔÙÛÜ’«»°€\xa0")
_IMPLAUSIBLES = set(
    "ŽžŠšŸƒˆ˜‰‹›¤¦¨´¸¹²³µ¶·¼½¾×÷ÐðÞþÝýÃÕãõÅåØøıˇ˘˙˚˛˝√∂∑∏π∫ªº≈≠≤≥◊∆Ω∞±¬‡†•…¿¡ﬁﬂ"
)
_CONTROLES = {chr(c) for c in range(0x80, 0xA0)}

# A UTF-8 sequence read as Windows-1252 / Latin-1: a lead byte (Â Ã Å … ï) then continuation bytes.
_CONTINUATION = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\xc2-\xc3\xc5\xe2][{_CONTINUATION}]")
_SEQUENCE_MOJIBAKE = re.compile(f"[\xc2-\xf4][{_CONTINUATION}]{{1,3}}")


@dataclass(frozen=True)
class Encodage:
    nom: str  # Python codec name
    remarque: str = ""  # why, when it is not plain UTF-8

    @property
    def libelle(self) -> str:
        return LIBELLES.get(self.nom, self.nom)


def _score_francais(texte: str) -> int:
    """How much `texte` looks like French: accented lowercase letters score, odd symbols and controls cost."""
    score = 0
    precedent = " "
    for i, car in enumerate(texte):
        if ord(car) < 128:
            precedent = car
            continue
        if car in _PLAUSIBLES:
            score += 1
        if car in _IMPLAUSIBLES or car in _CONTROLES:
            score -= 3
        # an uppercase accented letter starts a word (« École ») or sits in an uppercase word (« HÔTEL »), never
        # after a lowercase letter nor inside a lowercase word (« aprÈs », « RÈparate »: é read as Mac OS Roman)
        suivant = texte[i + 1] if i + 1 < len(texte) else " "
        if car.isupper() and (precedent.islower() or (precedent.isalpha() and suivant.islower())):
            score -= 2
        # French guillemets open before a word and close after one: « glued after a letter or » before one is a
        # letter read wrongly (« ALEN«ON » for ALENÇON, « »ve » for Ève)
        if (car == "«" and precedent.isalpha()) or (car == "»" and suivant.isalpha()):
            score -= 3
        precedent = car
    return score


def _utf8_valide(echantillon: bytes, complet: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(echantillon, final=complet)
    except UnicodeDecodeError:
        return False
    return True


def detecte_encodage(echantillon: bytes, complet: bool = False) -> Encodage:
    """The encoding of a file from its first bytes (`complet`: the sample is the whole file)."""
    if echantillon.startswith(codecs.BOM_UTF8):
        return Encodage("utf-8-sig")
    if echantillon.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encodage("utf-16")
    if _utf8_valide(echantillon, complet):
        return Encodage("utf-8")
    # Mostly UTF-8 with a few broken bytes (a file cut or edited in another encoding): read it as UTF-8 and
    # count the damage, rather than turning every correct accent into two wrong characters.
    texte = echantillon.decode("utf-8", errors="replace")
    multioctets = sum(1 for c in texte if ord(c) > 127 and c != CARACTERE_ILLISIBLE)
    illisibles = texte.count(CARACTERE_ILLISIBLE)
    if multioctets >= 20 and illisibles * 10 < multioctets:
        return Encodage("utf-8", f"fichier UTF-8 comportant {illisibles} octets invalides")
    nom = "mac_roman" if _plutot_mac_roman(echantillon) else "cp1252"
    return Encodage(nom, f"le fichier n'est pas en UTF-8 : lu comme {LIBELLES[nom]}{_indice(echantillon, nom)}")


def _plutot_mac_roman(echantillon: bytes) -> bool:
    """Windows-1252 (a superset of Latin-1 for text) is what French exports use outside UTF-8; Mac OS Roman (old
    Excel for Mac) only when its reading is clearly more French: a higher score, never a tie. Classic Mac line
    endings (CR alone) count for it."""
    cp1252 = _score_francais(echantillon.decode("cp1252", errors="replace"))
    mac = _score_francais(echantillon.decode("mac_roman", errors="replace"))
    if b"\r" in echantillon and b"\n" not in echantillon:
        mac += 1
    return mac > cp1252


def _indice(echantillon: bytes, nom: str) -> str:
    """A few characters around the first accented letter, as read and as the other encoding would have read them: a
    person can check the choice (« Sainte Réparate », not « SainteÊRŽparate »)."""
    autre = "cp1252" if nom == "mac_roman" else "mac_roman"
    non_ascii = [i for i, octet in enumerate(echantillon[:65536]) if octet > 127]
    lettres = [i for i in non_ascii if echantillon[i:i + 1].decode(nom, errors="replace").isalpha()]
    for i in (lettres or non_ascii)[:1]:
        debut = max(0, i - 14)
        for separateur in (b"\r", b"\n", b";", b"\t", b","):
            debut = max(debut, echantillon.rfind(separateur, debut, i) + 1)
        fin = i + 14
        for separateur in (b"\r", b"\n", b";", b"\t", b","):
            position = echantillon.find(separateur, i, fin)
            fin = position if position != -1 else fin
        morceau = echantillon[debut:fin].strip()
        lu, sinon = morceau.decode(nom, errors="replace").strip(), morceau.decode(autre, errors="replace").strip()
        if lu != sinon:
            return f" (« {lu} » ; en {LIBELLES[autre]} on lirait « {sinon} »)"
    return ""


def contient_double_encodage(texte: str) -> bool:
    return bool(_MOJIBAKE.search(texte))


def _repare_sequence(correspondance: re.Match) -> str:
    sequence = correspondance.group()
    for codec in ("cp1252", "latin-1"):
        try:
            return sequence.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return sequence


def repare_double_encodage(texte: str) -> str:
    """« Ã©cole » → « école »: UTF-8 bytes that were decoded as Windows-1252 and encoded again; other text unchanged."""
    if not _MOJIBAKE.search(texte):
        return texte
    for codec in ("cp1252", "latin-1"):
        try:
            return texte.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return _SEQUENCE_MOJIBAKE.sub(_repare_sequence, texte)
