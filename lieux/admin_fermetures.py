"""Temporary closures and exceptional hours on the lieu's admin page (an inline): a coordinator declares them for the
lieux of their territory (the inline lives on the lieu's page, whose queryset is already scoped by
lieux/admin_perimetres.py). Applied at once: « ouvert maintenant » and the orientation read them at query time."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from lieux.models import FermetureTemporaire


class FermetureForm(forms.ModelForm):
    class Meta:
        model = FermetureTemporaire
        fields = ("debut", "fin", "type", "horaires", "message")
        widgets = {
            "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "horaires": forms.TextInput(attrs={"size": 40}),
            "message": forms.TextInput(attrs={"size": 60}),
        }


class FermetureInline(admin.TabularInline):
    model = FermetureTemporaire
    form = FermetureForm
    extra = 1
    fields = ("debut", "fin", "type", "horaires", "message", "declaree")
    readonly_fields = ("declaree",)
    verbose_name = "fermeture temporaire ou horaires exceptionnels"
    verbose_name_plural = "fermetures temporaires et horaires exceptionnels (congés, travaux, jours particuliers)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        utilisateur = request.user

        class FormsetDeclarant(formset):
            def save_new(self, form, commit=True):
                form.instance.cree_par = utilisateur
                return super().save_new(form, commit)

        return FormsetDeclarant

    @admin.display(description="déclarée")
    def declaree(self, fermeture):
        if not fermeture.pk:
            return "—"
        qui = fermeture.courriel_declarant or (fermeture.cree_par.get_username() if fermeture.cree_par else "")
        quand = f"le {fermeture.cree_le:%d/%m/%Y}"
        return f"{quand} par {qui}" if qui else quand
