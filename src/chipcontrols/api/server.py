"""Run the service with Uvicorn (what `chipcontrols serve` calls)."""

from __future__ import annotations

import uvicorn

from chipcontrols.api.app import create_app
from chipcontrols.ledger import Ledger


def serve(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning") -> None:
    ledger = Ledger(db_url)
    ledger.require_schema()
    uvicorn.run(create_app(ledger=ledger), host=host, port=port, log_level=log_level, access_log=False)
