"""Typed records shared by every layer. No I/O here."""

from chipcontrols.model.citation import Citation
from chipcontrols.model.chip import Chip
from chipcontrols.model.shipment import Item, Shipment

__all__ = ["Citation", "Chip", "Item", "Shipment"]
