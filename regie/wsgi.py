import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.production")

application = get_wsgi_application()

# What is loaded at start-up (Django, the apps, the URLconf and the views it imports) lives as long as the
# process: freeze it, so that the garbage collector's full collections, which otherwise scan it all and cost
# tens of milliseconds each, skip it.
import_module(settings.ROOT_URLCONF)
gc.freeze()
