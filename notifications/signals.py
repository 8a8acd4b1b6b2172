"""At worker start-up, deliver what the outbox still holds (the broker may have been down)."""

import logging

from celery.signals import worker_ready
from django.db import close_old_connections, connections

logger = logging.getLogger("regie.notifications")


@worker_ready.connect
def deliver_pending_at_start(**kwargs) -> None:
    from .services import deliver_pending

    close_old_connections()
    try:
        mailed = deliver_pending()
    except Exception:
        logger.exception("Delivering the outbox at worker start-up failed; the beat task tries again")
    else:
        if mailed:
            logger.info("Delivered %s pending notification(s) at worker start-up", mailed)
    finally:
        connections.close_all()  # the pool's processes open their own
