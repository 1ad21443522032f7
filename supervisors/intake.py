"""Intake of a new batch: checks that refuse it whole, and each campaign's saga log row.

A brief that fails validation is refused on its own: its row is written finished, as
rejected with the reasons, and the rest of the batch runs.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from contracts.brief import CampaignBrief
from contracts.codec import encode_value
from contracts.dispatch import describe
from contracts.envelope import ErrorCode
from contracts.routing import shard_for
from contracts.supervisor import Outcome, SubmitBatch
from infra.store import chunks
from supervisors import saga_log as t
from supervisors.errors import SupervisorError
from supervisors.project import ProjectState
from supervisors.saga_log import SagaLog


def _repeated_ignoring_case(ids: list[str]) -> list[str]:
    # Packs are folders named by campaign id, and on a disk that folds case (macOS, Windows)
    # "Acme" and "acme" would be one folder.
    counts = Counter(i.casefold() for i in ids)
    return sorted({i for i in ids if counts[i.casefold()] > 1})


async def check_new(saga_log: SagaLog, cmd: SubmitBatch) -> None:
    """Refuse a new batch whose output dir is relative, whose campaign ids repeat (letter
    case aside) or whose campaign ids are taken."""
    if not os.path.isabs(cmd.out_dir):
        raise SupervisorError(ErrorCode.BAD_PAYLOAD,
                              f"out_dir must be an absolute path, got {cmd.out_dir!r}")
    ids = [c.campaign_id for c in cmd.campaigns]
    repeats = _repeated_ignoring_case(ids)
    if repeats:
        raise SupervisorError(ErrorCode.BAD_PAYLOAD, "campaign ids repeat within the batch "
                              f"(letter case aside): {', '.join(repeats[:10])}")
    taken = []
    for chunk in chunks(ids):
        taken += await saga_log.fetch(
            select(t.sagas.c.campaign_id, t.sagas.c.batch_id)
            .where(t.sagas.c.campaign_id.in_(chunk)))
    if taken:
        first = taken[0]
        raise SupervisorError(ErrorCode.CONFLICT, f"campaign {first['campaign_id']} already "
                              f"belongs to batch {first['batch_id']}")


def saga_row(cmd: SubmitBatch, position: int, message_id: str, now: datetime,
         deal: dict[str, Any], pools: dict[str, int]) -> dict[str, Any]:
    """The saga log row of a batch's campaign: what the saga starts from, fixed now."""
    item = cmd.campaigns[position]
    row: dict[str, Any] = {
        "campaign_id": item.campaign_id, "batch_id": cmd.batch_id, "position": position,
        "status": "running", "state": ProjectState.CREATED.value, "step": None,
        "outcome": None, "reason": None, "compensation_failures": "[]", "summary": "{}",
        "started_at": None, "finished_at": None, "updated_at": now.isoformat()}
    try:
        CampaignBrief.model_validate(item.brief)
    except ValidationError as exc:  # refused at intake: recorded, never started
        return {**row, "status": "done", "state": ProjectState.CANCELLED.value,
                "outcome": Outcome.REJECTED.value, "reason": describe("brief", exc),
                "input": encode_value({"brief": item.brief}), "finished_at": now.isoformat()}
    routes = {pool: f"{pool}/{shard_for(item.campaign_id, n)}"
              for pool, n in pools.items()}
    # prepared_at comes from the supervisor's clock once, at intake, and is logged: the
    # pack states it, and a resumed saga renders the same bytes.
    row["input"] = encode_value({"brief": item.brief, "seed": cmd.seed,
                                 "batch_id": cmd.batch_id, "deal": deal,
                                 "review": cmd.review.model_dump(mode="json"),
                                 "out_dir": cmd.out_dir, "routes": routes,
                                 "qc_rounds": cmd.qc_rounds,
                                 "pack_formats": cmd.pack_formats,
                                 "prepared_at": now.isoformat(),
                                 "causation_id": message_id})
    return row
