"""The health check for load balancers and uptime monitors."""

from flask import Blueprint, jsonify

from portal.extensions import limiter
from portal.services.health import database_reachable

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    if database_reachable():
        return jsonify(status="ok", database="ok")
    return jsonify(status="unavailable", database="unreachable"), 503
