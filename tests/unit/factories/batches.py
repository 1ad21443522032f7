"""One filled-in instance of each contract of the supervisor's batches: submitting, watching,
cancelling (merged into factories.contracts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from contracts.common import Contract
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    CampaignOutcome,
    CampaignSubmission,
    CancelAccepted,
    CancelCampaigns,
    GetBatch,
    GetSaga,
    ListBatches,
    Outcome,
    ReviewSettings,
    SagaView,
    StepTiming,
    SubmitBatch,
)
from tests.support import T0, brief_dict
from tests.unit.factories import CEST, CID


def batch_view() -> BatchView:
    return BatchView(
        batch_id="b-1", total=2, finished=1, counts={"delivered": 1, "in_flight": 1},
        states={"DELIVERED": 1, "QC_APPROVED": 1}, done=False, version=7,
        created_at=datetime(2027, 1, 4, 11, 0, tzinfo=CEST),
        campaigns=[CampaignOutcome(campaign_id=CID, state="DELIVERED", step=None,
                                   outcome=Outcome.DELIVERED, pack_dir="/packs/c-1", qc_score=91,
                                   started_at=T0, finished_at=T0 + timedelta(minutes=3))])


FACTORIES: dict[str, Callable[[], Contract]] = {
    "SubmitBatch": lambda: SubmitBatch(
        batch_id="b-1", out_dir="/srv/packs", window=8, seed=1, qc_rounds=3,
        pack_formats="data", review=ReviewSettings(policy="auto", days=1.5),
        campaigns=[CampaignSubmission(campaign_id=CID, brief=brief_dict())]),
    "GetBatch": lambda: GetBatch(batch_id="b-1", wait_seconds=2.5, include_campaigns=True),
    "ListBatches": lambda: ListBatches(limit=5),
    "CancelCampaigns": lambda: CancelCampaigns(target="b-1", reason="client paused"),
    "CancelAccepted": lambda: CancelAccepted(target="b-1", cancelling=3, already_finished=2),
    "BatchAccepted": lambda: BatchAccepted(batch_id="b-1", total=2, created=True),
    "BatchView": batch_view,
    "BatchList": lambda: BatchList(batches=[batch_view()]),
    "GetSaga": lambda: GetSaga(campaign_id=CID),
    "SagaView": lambda: SagaView(
        campaign=batch_view().campaigns[0], batch_id="b-1", brand="Northwind", client_name="NW",
        steps=[StepTiming(step="produce", kind="do", status="done", attempts=2, started_at=T0,
                          finished_at=T0 + timedelta(seconds=3), error=None),
               StepTiming(step="produce", kind="undo", status="failed", attempts=1,
                          error="unavailable: timeout")],
        routes={"production": "production/1", "qc": "qc/0"}),
}
