"""The industry families the strategy knows, one module per kind of business, and the
order detection tries them in."""

from __future__ import annotations

from .business import INDUSTRIAL, SAAS
from .consumer import FOOD, RETAIL
from .education import EDUCATION
from .fallback import OTHER
from .leisure import FITNESS, GAMING, TRAVEL
from .nonprofit import NONPROFIT
from .property import REAL_ESTATE
from .regulated import REGULATED
from .sector import Sector

# Regulated first (their rules must win), then the narrower open families before retail,
# whose stems ("home", "store") are broad.
SECTORS: tuple[Sector, ...] = (*REGULATED, SAAS, EDUCATION, FOOD, INDUSTRIAL, REAL_ESTATE,
                               TRAVEL, NONPROFIT, FITNESS, GAMING, RETAIL)

__all__ = ["OTHER", "SECTORS", "Sector"]
