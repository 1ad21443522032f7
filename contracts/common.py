"""Small value types shared by several contracts."""

from __future__ import annotations

import hashlib
import uuid
from enum import StrEnum
from pathlib import PurePath
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

# Namespace for ids derived from other ids (uuid5): a resumed saga re-derives the
# same message ids, which is what lets receivers deduplicate redeliveries.
AICMO_NAMESPACE = uuid.UUID("6f1c2a0e-4b7d-5e8a-9c3f-0d2b1e4a7c55")
_NAMESPACE_BYTES = AICMO_NAMESPACE.bytes


# The validation context key under which a receiver tolerates fields it does not know:
# context={IGNORE_UNKNOWN: set()} drops them, naming each (as "Model.field") in that set.
IGNORE_UNKNOWN = "ignore_unknown"


class Contract(BaseModel):
    """Base of every message model: immutable, strict about unknown fields.

    Strict unless validated with an IGNORE_UNKNOWN context, which contracts.dispatch passes
    only for a message of a newer minor version than the receiver's: its sender may have
    added fields, at any depth. Pydantic hands the context down to every nested model, so
    this one hook covers the whole payload, and every other path (a brief read from a file,
    a same-version message, a stored result) stays strict with no second set of models.
    The price is one Python call per model validated (about 0.4 us when strict)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_unknown_fields(cls, data: Any, info: ValidationInfo) -> Any:
        ignored = info.context.get(IGNORE_UNKNOWN) if info.context else None
        if ignored is None or not isinstance(data, dict):
            return data
        unknown = [key for key in data if key not in cls.model_fields]
        if not unknown:
            return data
        ignored.update(f"{cls.__name__}.{key}" for key in unknown)
        return {key: value for key, value in data.items() if key in cls.model_fields}

    @model_validator(mode="after")
    def _no_nul_characters(self) -> Any:
        """No text of any message holds NUL: PostgreSQL's text cannot store it (SQLite's
        can), so a campaign must not be accepted on one store and fail on the other.
        Nested models check their own fields."""
        # Runs for every model validated, hundreds of thousands of times a batch: the
        # common field (a string, or no text at all) costs one isinstance and one C scan.
        for name, value in self.__dict__.items():
            if isinstance(value, str):
                if "\x00" not in value:
                    continue
            elif not isinstance(value, _SEQUENCES) or not _holds_nul(value):
                continue
            raise ValueError(f"{name} contains a NUL character (\\x00), which no text "
                             f"may hold")
        return self


# A dict is a raw payload (a brief in a submission, an envelope's payload): the model it is
# validated into later checks it, and says which field.
_SEQUENCES = (list, tuple, frozenset, set)


def _holds_nul(items: list[Any] | tuple[Any, ...] | frozenset[Any] | set[Any]) -> bool:
    """Whether a string item of `items` holds NUL."""
    return any(isinstance(item, str) and "\x00" in item for item in items)


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
    """A UUID5 string derived from `parts`: the same parts always give the same id.

    uuid.uuid5 spelled out (the first 16 bytes of the SHA-1 of namespace and name, with
    the version and variant bits set), without building a UUID object: every message
    and reply id is one of these, and this is twice as fast.
    tests/unit/test_derived_id.py holds it to uuid.uuid5."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join(map(str, parts)).encode(),
                                    usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


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

    @property
    def label(self) -> str:
        """The channel's name as a client reads it (in packs and on the review page)."""
        return _CHANNEL_LABELS[self]

    @property
    def in_sentence(self) -> str:
        """The channel's name inside running text ("on LinkedIn, email and short video"):
        lower case where English writes it so, and without the label's qualifiers."""
        return _CHANNEL_NAMES_IN_SENTENCE[self]


_CHANNEL_LABELS = {
    Channel.LINKEDIN: "LinkedIn", Channel.X: "X", Channel.INSTAGRAM: "Instagram",
    Channel.EMAIL: "Email", Channel.FACEBOOK: "Facebook",
    Channel.GOOGLE_ADS: "Google Ads (responsive search)", Channel.META_ADS: "Meta Ads",
    Channel.BLOG: "Blog", Channel.SHORT_VIDEO: "Short video",
}
_CHANNEL_NAMES_IN_SENTENCE = {
    Channel.LINKEDIN: "LinkedIn", Channel.X: "X", Channel.INSTAGRAM: "Instagram",
    Channel.EMAIL: "email", Channel.FACEBOOK: "Facebook", Channel.GOOGLE_ADS: "Google Ads",
    Channel.META_ADS: "Meta ads", Channel.BLOG: "blog", Channel.SHORT_VIDEO: "short video",
}


class Severity(StrEnum):
    BLOCKER = "BLOCKER"
    MAJOR = "MAJOR"
    MINOR = "MINOR"


# What outreach and invoices call the agency when no identity is configured.
DEFAULT_AGENCY_NAME = "AICMO Agency"


def _stripped(value: str) -> str:
    return value.strip()


class AgencyIdentity(Contract):
    """Who the agency is, as its invoices print it and its outreach signs it.

    Configured once (wiring.Settings.agency, or AICMO_AGENCY_* in the environment); an
    invoice keeps the identity it was issued under, so later changes never alter it."""

    name: Annotated[str, AfterValidator(_stripped), Field(min_length=1, max_length=200)]
    address: str = Field(default="", max_length=500,
                         description="postal address, one line per line of the letterhead")
    tax_id: str = Field(default="", max_length=64,
                        description="the agency's VAT / tax registration number")
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                              description="where a client writes about an invoice")


class PackFile(Contract):
    """One file of a delivered pack, as its manifest lists it (delivery writes it; QC checks
    the pack against it)."""

    path: str = Field(description="relative to the pack directory")
    sha256: str
    bytes: int
    media_type: str = "application/octet-stream"
