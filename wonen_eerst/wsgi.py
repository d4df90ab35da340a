import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wonen_eerst.settings")

application = get_wsgi_application()

from wonen_eerst.pdf import start_converters  # noqa: E402  (needs the settings configured above)

start_converters()
