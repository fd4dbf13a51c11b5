from .realtime import HEARTBEAT_SECONDS, IDLE_AFTER_SECONDS


def live_socket(request):
    """The timings every page's socket script reads from the page (data attributes)."""
    return {
        "live_heartbeat_ms": HEARTBEAT_SECONDS * 1000,
        "live_idle_after_ms": IDLE_AFTER_SECONDS * 1000,
    }
