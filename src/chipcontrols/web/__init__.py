"""Server-rendered pages over the public functions: read-only, for people (the API serves programs)."""

from chipcontrols.web.app import create_web_app

__all__ = ["create_web_app"]
