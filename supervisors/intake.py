"""Intake of a batch: checks that refuse it whole, and each campaign's saga log row.

A brief that fails validation is refused on its own: its row is written finished, as
rejected with the reasons, and the rest of the batch runs.

A batch id submitted again is a resume: it is answered with the existing batch only if
the submission is the one the batch was made from (see `check_same`).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from contracts.brief import CampaignBrief
from contracts.campaign_input import CampaignInput, Deal
from contracts.codec import CodecError, decode_value, encode_value
from contracts.dispatch import describe
from contracts.envelope import ErrorCode
from contracts.routing import Destination
from contracts.supervisor import CampaignSubmission, Outcome, SubmitBatch, campaign_taken
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
    """Refuse a new batch whose campaign ids repeat (letter case aside) or are taken. (A
    relative output dir never gets here: SubmitBatch's AbsoluteDir refuses it.)"""
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
        raise SupervisorError(ErrorCode.CONFLICT,
                              campaign_taken(first["campaign_id"], first["batch_id"]))


async def check_same(saga_log: SagaLog, cmd: SubmitBatch) -> None:
    """Refuse a resubmission of an existing batch id whose campaigns differ from the ones
    the batch was made from.

    The comparison is the campaigns, in order: the same campaign ids and, for each, the
    same brief as the saga log stored at intake (every saga row keeps its brief, rejected
    ones too, and housekeeping never drops it), compared as values: key order, int/float
    spelling and a null field versus a missing one aside. No fingerprint is stored: the
    saga inputs are the record.
    The batch's settings (out dir, seed, window, review, formats) are not compared: a
    resume runs with those the batch was made with, whatever a later submission says."""
    rows = await saga_log.fetch(select(t.sagas.c.campaign_id, t.sagas.c.input)
                                .where(t.sagas.c.batch_id == cmd.batch_id)
                                .order_by(t.sagas.c.position))
    difference = _first_difference(rows, cmd.campaigns)
    if difference:
        raise SupervisorError(ErrorCode.CONFLICT, f"batch {cmd.batch_id} was submitted with "
                              f"other briefs: {difference}. To resume it, submit the briefs "
                              "it was made from; to run these, give them a new batch id")


def _first_difference(rows: list[dict[str, Any]],
                      campaigns: list[CampaignSubmission]) -> str | None:
    if len(rows) != len(campaigns):
        return f"briefs in the batch: {len(rows)}, in this submission: {len(campaigns)}"
    for position, (row, item) in enumerate(zip(rows, campaigns, strict=True)):
        if row["campaign_id"] != item.campaign_id:
            return (f"campaign {position + 1} is {row['campaign_id']} there, "
                    f"{item.campaign_id} here")
        fields = _differing_fields(row["input"], item.brief)
        if fields:
            return f"the brief of campaign {item.campaign_id} differs in {', '.join(fields)}"
    return None


def _differing_fields(stored_input: bytes, brief: dict[str, Any]) -> list[str]:
    """Top-level brief fields whose values differ (at most five named); [] when equal or
    when the stored input no longer decodes (the campaign ids matched: that has to do)."""
    try:
        stored = decode_value(stored_input)["brief"]
    except (CodecError, KeyError, TypeError):
        return []
    if not isinstance(stored, dict):
        return []
    # Compared in the stored form (tuples are lists, ...), a field set to null the same as
    # one left out: a contract that gained an optional field dumps it as null.
    stored = _without_nulls(stored)
    given = _without_nulls(decode_value(encode_value(brief)))
    if stored == given:
        return []
    keys = sorted(set(stored) | set(given), key=str)
    differing = [str(k) for k in keys if stored.get(k) != given.get(k)]
    return differing[:5] + ([f"{len(differing) - 5} more"] if len(differing) > 5 else [])


def _without_nulls(brief: dict[Any, Any]) -> dict[Any, Any]:
    return {key: value for key, value in brief.items() if value is not None}


def new_saga_row(campaign_id: str, batch_id: str, position: int, state: str,
                 stored_input: bytes, now: datetime) -> dict[str, Any]:
    """The saga log row of a saga not started yet (the `sagas` table)."""
    return {"campaign_id": campaign_id, "batch_id": batch_id, "position": position,
            "status": "running", "state": state, "step": None, "outcome": None,
            "reason": None, "input": stored_input, "compensation_failures": "[]",
            "summary": "{}", "started_at": None, "finished_at": None,
            "updated_at": now.isoformat()}


def campaign_input(cmd: SubmitBatch, position: int, message_id: str, now: datetime,
                   deal: Deal, pools: dict[str, int]) -> CampaignInput:
    """What the saga of a batch's campaign starts from. prepared_at comes from the
    supervisor's clock once, here: the pack states it, and a resumed saga renders the same
    bytes."""
    item = cmd.campaigns[position]
    routes = {pool: str(Destination.owning(pool, item.campaign_id, n))
              for pool, n in pools.items()}
    return CampaignInput(brief=item.brief, seed=cmd.seed, batch_id=cmd.batch_id, deal=deal,
                         review=cmd.review, out_dir=cmd.out_dir, routes=routes,
                         qc_rounds=cmd.qc_rounds, pack_formats=cmd.pack_formats,
                         prepared_at=now, causation_id=message_id)


def saga_row(cmd: SubmitBatch, position: int, message_id: str, now: datetime,
             deal: Deal, pools: dict[str, int]) -> dict[str, Any]:
    """The saga log row of a batch's campaign: what the saga starts from, fixed now."""
    item = cmd.campaigns[position]
    try:
        CampaignBrief.model_validate(item.brief)
    except ValidationError as exc:  # refused at intake: recorded, never started
        row = new_saga_row(item.campaign_id, cmd.batch_id, position,
                           ProjectState.CANCELLED.value, encode_value({"brief": item.brief}),
                           now)
        return {**row, "status": "done", "outcome": Outcome.REJECTED.value,
                "reason": describe("brief", exc), "finished_at": now.isoformat()}
    given = campaign_input(cmd, position, message_id, now, deal, pools)
    return new_saga_row(item.campaign_id, cmd.batch_id, position, ProjectState.CREATED.value,
                        encode_value(given.stored()), now)
