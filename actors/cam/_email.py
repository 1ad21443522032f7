"""Email addresses: is it one, and the normalized form leads are deduplicated by."""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")
_MAX_LENGTH = 254
# Gmail ignores dots in the local part and serves googlemail.com as the same mailbox.
_GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def is_email(text: str) -> bool:
    """True when `text` (already stripped) is a plausible address with a usable mailbox."""
    if len(text) > _MAX_LENGTH or not _EMAIL.match(text):
        return False
    return bool(normalize_email(text).partition("@")[0])


def normalize_email(text: str) -> str:
    """One spelling per mailbox: lower case, no "+tag", and for Gmail no dots in the local
    part and gmail.com for googlemail.com. Call on a valid address."""
    local, _, domain = text.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in _GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
