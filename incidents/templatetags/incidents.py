from django import template

from incidents import badges

register = template.Library()

register.simple_tag(badges.status_badge, name="incident_status")
