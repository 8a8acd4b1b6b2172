"""How form widgets are rendered."""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(Jinja2):
    """Django's own widget templates through Jinja2: the same HTML at half the cost of the template engine,
    which counts on pages with many forms (an incident's actions, the list filters). A widget template only the
    template engine has, such as the admin's, is rendered by the template engine."""

    def __init__(self):
        super().__init__()
        self.fallback = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
