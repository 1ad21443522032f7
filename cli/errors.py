"""What the CLI says when the system refuses a request, and the exit code it gives.

The driver raises a DriverError subclass by kind (driver.errors): what was asked for
does not exist (NotFound), contradicts what exists (Conflict), or is malformed (Invalid)
are the user's to fix: exit 2. A fault on the far side (Unavailable) is the runtime's:
exit 4. A not-found names what was not found in the command's own terms.
"""

from __future__ import annotations

import argparse

from cli.options import EXIT_INPUT, EXIT_RUNTIME
from driver.errors import CampaignTaken, DriverError, NotFound, Unavailable

# What a command's not-found means, said with the command's own arguments.
_MISSING = {
    "status": "no batch named {batch_id}",
    "report": "no batch named {batch_id}",
    "cancel": "no batch or campaign named {target}",
    "review": "no open review for campaign {campaign_id}",
    "pay": "no invoice {invoice_id}",
    "dlq": "no dead letter {letter_id}",
}


def refusal(exc: DriverError, args: argparse.Namespace) -> tuple[str, int]:
    """The line to print (without the `aicmo: ` prefix) and the exit code."""
    if isinstance(exc, Unavailable):
        return f"the system failed ({exc.code}): {exc}", EXIT_RUNTIME
    if isinstance(exc, CampaignTaken):
        return _taken(exc, args), EXIT_INPUT
    template = _MISSING.get(getattr(args, "command", ""))
    if isinstance(exc, NotFound) and template:
        try:
            said = template.format(**vars(args))
        except (KeyError, IndexError):  # an action without that argument (a list)
            said = None
        if said:
            return said, EXIT_INPUT
    return f"refused ({exc.code}): {exc}", EXIT_INPUT


def _taken(exc: CampaignTaken, args: argparse.Namespace) -> str:
    briefs = getattr(args, "briefs", None) or "FILE"
    return (f"campaign {exc.campaign_id} already belongs to batch {exc.batch_id}: see it with "
            f"`aicmo status {exc.batch_id}`, resume it with `aicmo run {briefs} --batch-id "
            f"{exc.batch_id}`, or give the briefs new campaign ids")
