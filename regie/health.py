"""/healthz for operators' monitoring: database, cache, Celery broker and the notification outbox's backlog.

No log-in: it answers 200 when all is well and 500 otherwise, as JSON (or text, Atom, OpenMetrics on request)
naming each check and OK or what is wrong, never an address, a password or a record."""

from health_check.views import HealthCheckView


class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "core.health.CeleryBroker",
        "notifications.health.OutboxBacklog",
    )

    def render_to_response(self, context, **response_kwargs):
        # JSON instead of the library's HTML page, whose inline style the portal's CSP would refuse.
        return self.render_to_response_json(response_kwargs.get("status", 200))
