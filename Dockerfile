FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      python3 python3-venv python3-dev gcc libgdal-dev gdal-bin libgeos-dev libproj-dev postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN python3 -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.lock
COPY . .
ENV PATH=/venv/bin:$PATH DJANGO_SETTINGS_MODULE=mediation.settings.production
RUN SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v0
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py load_geography && python manage.py generate_demo_lieux --if-empty && gunicorn mediation.wsgi -b 0.0.0.0:8000 -w ${WEB_CONCURRENCY:-3}"]
