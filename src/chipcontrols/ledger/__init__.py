"""The ledger: a system of record for parties, orders, determinations, licenses, caps and an audit log.

    from chipcontrols.ledger import Ledger, orders
    ledger = Ledger()                      # SQLite under data_dir(), or Ledger("postgresql://...")
    ledger.upgrade()
    with ledger.transaction() as s:
        orders.approve(s, "alice", "PO-1")
"""

from chipcontrols.ledger.db import DatabaseUnavailable, Ledger, SchemaNotReady, resolve_url
from chipcontrols.ledger.refusals import NotFound, Refused

__all__ = ["DatabaseUnavailable", "Ledger", "NotFound", "Refused", "SchemaNotReady", "resolve_url"]
