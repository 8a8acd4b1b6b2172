"""Hooks that apps above changes listen to, so that changes never imports them (README, "Architecture")."""

from django.dispatch import Signal

# Sent inside the transaction of a post-implementation review, after it is saved:
# `change`, `actor`, and `successful` (the change had completed, not failed or rolled back).
change_reviewed = Signal()
