import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
application = get_wsgi_application()

# Load the routing model now, not on the first report (about 2 s of CPU): a new
# report is routed within a second from the first one on (docs/triage.md).
from cerdas.triage.store import warm  # noqa: E402 - needs the settings set up above

warm()
