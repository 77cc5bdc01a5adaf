"""The views of the campaigns' admin (thin: lancement.py, tableau.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from lieux.perimetres import a_des_territoires, description_du_perimetre, est_national

from . import lancement, tableau
from .forms import LancementForm


def _contexte(model_admin, request, **valeurs) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **valeurs}


def lancer(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = LancementForm(request.POST or None)
    apercu = None
    if request.method == "POST" and form.is_valid():
        demande = form.demande()
        apercu = lancement.compter(request.user, demande.filtre)
        if apercu == 0:
            form.add_error(None, "Aucun lieu de votre territoire ne correspond : aucun lieu actif avec une adresse "
                                 "de courriel, hors adresses désinscrites et lieux déjà dans une campagne en cours.")
        elif request.POST.get("action") == "lancer":
            campagne = lancement.lancer(request.user, demande)
            messages.success(request, f"La campagne « {campagne.nom} » est lancée : {apercu} lieu(x) vont recevoir "
                                      "un courriel, par lots, dans les minutes qui viennent.")
            return redirect(reverse("admin:campagnes_campagne_change", args=[campagne.pk]))
    erreurs = [{"id": f"id_{nom}" if nom != "__all__" else "", "message": m}
               for nom, liste in form.errors.items() for m in liste] if form.is_bound else []
    return TemplateResponse(request, "admin/campagnes/lancer.html", _contexte(
        model_admin, request, title="Lancer une campagne de mise à jour", form=form, apercu=apercu, erreurs=erreurs,
        territoire=description_du_perimetre(request.user),
        sans_territoire=not (est_national(request.user) or a_des_territoires(request.user))))


def _campagne(model_admin, request, object_id):
    cle = unquote(object_id)
    campagne = model_admin.get_queryset(request).filter(pk=cle).first() if str(cle).isdigit() else None
    if campagne is None or not model_admin.has_view_permission(request, campagne):
        raise Http404("Campagne introuvable.")
    return campagne


def tableau_de_bord(model_admin, request, object_id):
    campagne = _campagne(model_admin, request, object_id)
    return TemplateResponse(request, "admin/campagnes/tableau.html", _contexte(
        model_admin, request, title=f"Campagne « {campagne.nom} »", campagne=campagne,
        colonnes=tableau_colonnes(), comptes=tableau.comptes(campagne, request.user), original=campagne))


def tableau_colonnes():
    return [libelle for _, libelle in tableau.COLONNES]


def export(model_admin, request, object_id):
    campagne = _campagne(model_admin, request, object_id)
    reponse = HttpResponse(tableau.export_csv(campagne, request.user), content_type="text/csv; charset=utf-8")
    nom = f"campagne-{campagne.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse
