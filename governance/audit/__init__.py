"""The audit page: every change to any governance object, for administrators and the business owner (VWS)."""
