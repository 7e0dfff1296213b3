"""Teacher accounts (placeholder until the auth blueprint lands)."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/teacher")
