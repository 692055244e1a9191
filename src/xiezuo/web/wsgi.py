"""WSGI entry point for gunicorn: `gunicorn xiezuo.web.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.web.settings")
application = get_wsgi_application()
