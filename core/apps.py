from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The base every app builds on: history and the audit chain, the workflow engine, API tokens, accounts."""

    name = "core"
    verbose_name = "Regie"

    def ready(self):
        # Registers the system checks and the `any_of` lookup; connects the audit chain's and the history's signal
        # receivers.
        from axes.signals import user_locked_out
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_delete
        from simple_history.signals import pre_create_historical_m2m_records, pre_create_historical_record

        from . import checks, logging, lookups  # noqa: F401
        from .auditchain.seal import seal_m2m_rows
        from .history import note_api_token, protect_history_authors
        from .logging import log_lockout
        from .second_factor import mark_pending

        pre_create_historical_m2m_records.connect(seal_m2m_rows, dispatch_uid="audit-chain-m2m")
        pre_create_historical_record.connect(note_api_token, dispatch_uid="history-api-token")
        user_logged_in.connect(mark_pending, dispatch_uid="second-factor-pending")
        user_locked_out.connect(log_lockout, dispatch_uid="security-log-lockout")
        pre_delete.connect(protect_history_authors, sender=settings.AUTH_USER_MODEL, dispatch_uid="history-authors")
