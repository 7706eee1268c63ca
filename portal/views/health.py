"""The health check for load balancers and uptime monitors."""

from flask import Blueprint, jsonify

from portal.extensions import limiter
from portal.services.health import database_reachable, rate_limit_storage_state

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    if not database_reachable():
        return jsonify(status="unavailable", database="unreachable"), 503
    report = {"status": "ok", "database": "ok"}
    rate_limits = rate_limit_storage_state()
    if rate_limits is not None:
        # Sign-in still works without Redis (limits per process), so this is not a 503.
        report["rate_limits"] = rate_limits
        if rate_limits != "ok":
            report["status"] = "degraded"
    return jsonify(report)
