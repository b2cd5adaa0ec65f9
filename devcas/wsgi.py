"""WSGI entry point of the development ENT (`gunicorn devcas.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

# Forced, not defaulted: the test-suite that starts this server runs with Tremplin's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "devcas.settings"

application = get_wsgi_application()
