"""Session reports (placeholder until the reports blueprint lands)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/teacher/sessions/<int:session_id>/report")


@bp.get("/")
def show(session_id: int):
    return "report"
