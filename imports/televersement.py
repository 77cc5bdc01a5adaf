"""Request bodies refused early: before they are read, and before an uploaded file grows past its limit on disk.

- `LimiteCorpsRequete` (middleware): a request whose declared Content-Length exceeds what its sender may send is
  answered 413 (French page) without reading its body. Anonymous visitors and accounts without access to the admin
  only fill small public forms (« Signaler une erreur », the login form): CORPS_PUBLIC_MAX; staff may upload an import
  file: IMPORT_MAX_UPLOAD_SIZE plus the multipart envelope.
- `TeleversementLimite` (first of FILE_UPLOAD_HANDLERS): counts the bytes of a request's files as they arrive and
  skips the file (`SkipFile`: the handlers after it drop what they wrote) as soon as they exceed the request's limit;
  the form then sees a `FichierInterrompu` and shows its size error (imports.forms).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse

CORPS_PUBLIC_MAX = 64 * 1024  # bytes: a report with a long message is 5 KB
ENVELOPPE_MULTIPART = 1024 * 1024  # the other fields and boundaries of the import form, around the file


def _mo(octets: int) -> str:
    mega = octets / (1024 * 1024)
    return f"{mega:.0f} Mo" if mega >= 1 else f"{max(1, octets // 1024)} Ko"


def _personnel(request) -> bool:
    utilisateur = getattr(request, "user", None)
    return bool(utilisateur is not None and utilisateur.is_authenticated and utilisateur.is_staff)


def corps_public_max() -> int:
    return getattr(settings, "CORPS_PUBLIC_MAX", CORPS_PUBLIC_MAX)


def limite_fichiers(request) -> int:
    """Bytes of files this request may upload: an import file for staff, a public form's worth otherwise."""
    return settings.IMPORT_MAX_UPLOAD_SIZE if _personnel(request) else corps_public_max()


def limite_corps(request) -> int:
    """Bytes of body this request may declare."""
    return settings.IMPORT_MAX_UPLOAD_SIZE + ENVELOPPE_MULTIPART if _personnel(request) else corps_public_max()


def reponse_trop_volumineuse(longueur: int, limite: int, personnel: bool = False) -> HttpResponse:
    if personnel:
        texte = (f"Votre envoi fait {_mo(longueur)} : la limite d'un fichier de lieux est de "
                 f"{_mo(settings.IMPORT_MAX_UPLOAD_SIZE)}. Découpez-le (par département, par exemple) ou "
                 "enregistrez-le en CSV, plus léger qu'un classeur Excel.")
        retour = '<a href="/admin/imports/importrun/importer/">Retour à l\'import de fichier</a>'
    else:
        texte = (f"Votre envoi fait {_mo(longueur)} : la limite est de {_mo(limite)}. Raccourcissez votre message "
                 "ou, pour un fichier de lieux, connectez-vous à l'espace des coordinateurs avant de l'envoyer.")
        retour = '<a href="/">Retour à l\'accueil</a>'
    html = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Envoi trop volumineux</title></head>'
        f"<body><main><h1>Envoi trop volumineux</h1><p>{texte}</p><p>{retour}</p></main></body></html>"
    )
    return HttpResponse(html, status=413, content_type="text/html; charset=utf-8")


class LimiteCorpsRequete:
    """After AuthenticationMiddleware and CsrfViewMiddleware (its `process_view` runs once the body is parsed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            longueur = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            longueur = 0
        # the session is read only for a large body (embeds and the map's JSON never pay for it)
        if longueur > corps_public_max() and longueur > (limite := limite_corps(request)):
            return reponse_trop_volumineuse(longueur, limite, personnel=_personnel(request))
        return self.get_response(request)

    def process_view(self, request, vue, args, kwargs):
        """A file skipped by TeleversementLimite is put back as a `FichierInterrompu`: the form says why.

        A multipart body is parsed here if CsrfViewMiddleware has not done it (a view exempt from CSRF, the test
        client): the view would parse it anyway, with the same handlers."""
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return
        request.FILES  # noqa: B018 — parses the body now
        for champ, fichier in request.__dict__.get("televersements_interrompus", {}).items():
            request.FILES.setlist(champ, [fichier])


class FichierInterrompu(UploadedFile):
    """An upload stopped at `taille` bytes, beyond `limite`: empty, its `size` says it was too large."""

    interrompu = True

    def __init__(self, nom: str, taille: int, limite: int):
        super().__init__(io.BytesIO(b""), name=nom, content_type="application/octet-stream", size=taille)
        self.limite = limite


class TeleversementLimite(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.recus = 0  # bytes of every file of the request so far

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length and self.recus + content_length > limite_fichiers(self.request):
            self._interrompt(self.recus + content_length)

    def receive_data_chunk(self, raw_data, start):
        self.recus += len(raw_data)
        if self.recus > limite_fichiers(self.request):
            self._interrompt(self.recus)
        return raw_data

    def _interrompt(self, taille: int):
        if self.request is not None:
            interrompus = self.request.__dict__.setdefault("televersements_interrompus", {})
            interrompus[self.field_name] = FichierInterrompu(self.file_name or "", taille,
                                                             limite_fichiers(self.request))
        raise SkipFile

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) gives the file
