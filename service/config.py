"""What the web service needs besides the system itself: its secrets and where it keeps
the files it writes (packs, reports). Read once when a replica starts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

API_TOKEN_ENV = "AICMO_API_TOKEN"  # overrides the token file `aicmo up` writes
DEFAULT_LINK_DAYS = 14.0  # how long a client review link works unless the agency says
API_TOKEN_FILE, LINK_SECRET_FILE = "api-token", "link-secret"


class ConfigError(Exception):
    """The service cannot start: a secret is missing or empty."""


@dataclass(frozen=True)
class WebConfig:
    api_token: str
    link_secret: str
    packs_dir: Path  # every batch submitted over HTTP writes its packs here
    reports_dir: Path
    link_days: float = DEFAULT_LINK_DAYS

    @classmethod
    def from_dir(cls, secrets_dir: Path, packs_dir: Path, reports_dir: Path) -> WebConfig:
        """The token from AICMO_API_TOKEN, else the file; the link secret from its file."""
        token = os.environ.get(API_TOKEN_ENV) or _read(secrets_dir / API_TOKEN_FILE)
        return cls(api_token=token, link_secret=_read(secrets_dir / LINK_SECRET_FILE),
                   packs_dir=packs_dir, reports_dir=reports_dir)


def _read(path: Path) -> str:
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    if not value:
        raise ConfigError(f"{path} is empty")
    return value
