"""ConfigurationIntegration moves from lieux to embed, its own app: only Django's state moves.

The table keeps its name (lieux_configurationintegration, created by lieux 0007), so no row is copied; the content
type is renamed so the permissions already granted to coordinators follow the model.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def renommer_type_de_contenu(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="embed", model="configurationintegration").exists():
        ContentType.objects.filter(app_label="lieux", model="configurationintegration").update(app_label="embed")


def rendre_type_de_contenu(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="lieux", model="configurationintegration").exists():
        ContentType.objects.filter(app_label="embed", model="configurationintegration").update(app_label="lieux")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('lieux', '0007_configurationintegration'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConfigurationIntegration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nom', models.CharField(help_text='Pour vous y retrouver, par exemple « Site du département ».', max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(help_text="L'adresse intégrée sera /embed/c/<identifiant>/ : ne le changez plus une fois le code collé sur un site.", max_length=80, unique=True, verbose_name="identifiant dans l'adresse")),
                        ('type', models.CharField(choices=[('carte', 'Carte'), ('orientation', "Parcours d'orientation")], default='carte', max_length=12, verbose_name='contenu')),
                        ('regions', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, help_text='Codes INSEE de régions (ex. 52). Séparés par des virgules.', size=None, verbose_name='régions')),
                        ('departements', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, help_text='Codes INSEE de départements (ex. 49, 2A, 974). Séparés par des virgules.', size=None, verbose_name='départements')),
                        ('epci', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, help_text="Numéros SIREN d'EPCI (ex. 244900015). Séparés par des virgules.", size=None, verbose_name='EPCI')),
                        ('communes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, help_text='Codes INSEE de communes (pas les codes postaux ; ex. 49007). Séparés par des virgules.', size=None, verbose_name='communes')),
                        ('filtres', models.CharField(blank=True, help_text="Comme dans l'adresse de la carte, ex. services=Aide aux démarches administratives&frais_a_charge=Gratuit. Les visiteurs peuvent les retirer.", max_length=1000, verbose_name='filtres présélectionnés')),
                        ('titre', models.CharField(blank=True, max_length=120, verbose_name='titre')),
                        ('logo', models.CharField(blank=True, help_text="Adresse https:// d'une image.", max_length=500, verbose_name='logo')),
                        ('couleur', models.CharField(blank=True, help_text='Code hexadécimal, ex. #1f8d49 ; la couleur du texte posé dessus est choisie pour rester lisible.', max_length=7, verbose_name='couleur principale')),
                        ('vue', models.CharField(choices=[('carte', 'La carte'), ('liste', 'La liste des lieux')], default='carte', max_length=5, verbose_name="affiché d'abord sur un écran étroit")),
                        ('zoom', models.PositiveSmallIntegerField(blank=True, help_text='De 3 à 19, avec le centre ; sinon la carte montre le territoire.', null=True, verbose_name='zoom initial')),
                        ('centre', models.CharField(blank=True, help_text='latitude,longitude', max_length=40, verbose_name='centre initial')),
                        ('liens', models.CharField(choices=[('cadre', 'Dans le cadre intégré'), ('onglet', 'Dans un nouvel onglet, sur ce site')], default='cadre', max_length=6, verbose_name='fiches des lieux ouvertes')),
                        ('cree_le', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                        ('modifiee_le', models.DateTimeField(auto_now=True, verbose_name='modifiée le')),
                        ('proprietaire', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='configurations_integration', to=settings.AUTH_USER_MODEL, verbose_name='propriétaire')),
                    ],
                    options={
                        'verbose_name': "configuration d'intégration",
                        'verbose_name_plural': "configurations d'intégration",
                        'ordering': ['nom'],
                        'db_table': 'lieux_configurationintegration',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(renommer_type_de_contenu, rendre_type_de_contenu),
    ]
