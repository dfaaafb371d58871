"""The HTTP service: JSON endpoints over the public functions and the ledger (FastAPI + Uvicorn)."""

from chipcontrols.api.app import create_app

__all__ = ["create_app"]
