"""Teacher accounts (placeholder until the auth blueprint lands)."""

from flask import Blueprint

from ..extensions import login_manager

bp = Blueprint("auth", __name__, url_prefix="/teacher")


@login_manager.user_loader
def load_user(login_id: str):
    return None
