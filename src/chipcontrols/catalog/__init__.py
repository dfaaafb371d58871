"""The accelerator catalog: specs as cited data, metrics computed from them."""

from chipcontrols.catalog.catalog import Catalog, default_catalog, load_catalog
from chipcontrols.catalog.metrics import Metrics, metrics_for

__all__ = ["Catalog", "Metrics", "default_catalog", "load_catalog", "metrics_for"]
