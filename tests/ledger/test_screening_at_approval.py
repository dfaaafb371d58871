"""Approving an order screens its consignee and end user (real screening against the bundled sample)."""

import pytest

from chipcontrols.ledger import Refused

from ledger_helpers import approve, order, party


def test_an_entity_listed_consignee_blocks_an_otherwise_uncontrolled_order(ledger):
    listed = party(ledger, name="Xian Semi Electronic Co., Ltd", country="CN", hq_country="CN")
    o = order(ledger, destination="CN", chip="H20", consignee_id=listed["id"], ship_date="2024-06-01")
    with pytest.raises(Refused) as refused:
        approve(ledger, o["reference"], determine=True)
    assert refused.value.details["reason"] == "license_required"


def test_a_clean_consignee_is_approved(ledger):
    clean = party(ledger, name="Zebra Orchard Bakery Co", country="CN", hq_country="CN")
    o = order(ledger, destination="CN", chip="H20", consignee_id=clean["id"], ship_date="2024-06-01")
    assert approve(ledger, o["reference"], determine=True)["status"] == "approved"
