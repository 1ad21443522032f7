"""Small value types shared by several contracts."""

from __future__ import annotations

import uuid
from enum import StrEnum
from pathlib import PurePath
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Namespace for ids derived from other ids (uuid5): a resumed saga re-derives the
# same message ids, which is what lets receivers deduplicate redeliveries.
AICMO_NAMESPACE = uuid.UUID("6f1c2a0e-4b7d-5e8a-9c3f-0d2b1e4a7c55")


class Contract(BaseModel):
    """Base of every message model: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# Integers that end up in SQLite columns must fit its signed 64 bits.
Seed = Annotated[int, Field(ge=-(2**63), lt=2**63)]
Round = Annotated[int, Field(ge=0, le=100)]
# Deal, batch and campaign ids name folders, zips and report files, and a deal's id names
# its first batch: one path-safe component, checked once, where the id comes in.
ID_MAX_LENGTH = 64
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
EntityId = Annotated[str, Field(pattern=ID_PATTERN)]
# Contracts that only look a campaign up keep accepting any id that was ever valid.
CAMPAIGN_ID_PATTERN = ID_PATTERN


def _not_a_zip_name(value: str) -> str:
    # A pack is <out>/<id>/ and <out>/<id>.zip: campaign "acme.zip" would be named like
    # campaign acme's zip. Case-insensitively, since some disks fold case.
    if value.casefold().endswith(".zip"):
        raise ValueError(f"a campaign id may not end in .zip, got {value!r}")
    return value


# A new campaign's id: an EntityId that cannot collide with another campaign's zip.
CampaignId = Annotated[str, Field(pattern=ID_PATTERN), AfterValidator(_not_a_zip_name)]


def _absolute_dir(value: str) -> str:
    # The receiving actor's working directory is nobody's business: say where.
    if not PurePath(value).is_absolute():
        raise ValueError(f"out_dir must be an absolute path, got {value!r}")
    return value


# A directory a receiving actor writes to (packs, reports): absolute, or refused.
AbsoluteDir = Annotated[str, AfterValidator(_absolute_dir)]


def new_id() -> str:
    """A fresh random UUID string, for ids that need no reproducibility."""
    return str(uuid.uuid4())


def derived_id(*parts: object) -> str:
    """A UUID5 string derived from `parts`: the same parts always give the same id."""
    return str(uuid.uuid5(AICMO_NAMESPACE, "/".join(str(p) for p in parts)))


def client_id_for(client_name: str) -> str:
    """A client's stable id, from its name (case and spacing do not matter). Onboarding,
    client acquisition and billing derive it the same way, so their records line up."""
    return derived_id("client", " ".join(client_name.casefold().split()))


class Channel(StrEnum):
    """Channels production can write for."""

    LINKEDIN = "linkedin"
    X = "x"
    INSTAGRAM = "instagram"
    EMAIL = "email"
    FACEBOOK = "facebook"
    GOOGLE_ADS = "google_ads"  # responsive search ads
    META_ADS = "meta_ads"
    BLOG = "blog"
    SHORT_VIDEO = "short_video"  # Reels / Shorts / TikTok scripts


class Severity(StrEnum):
    BLOCKER = "BLOCKER"
    MAJOR = "MAJOR"
    MINOR = "MINOR"
