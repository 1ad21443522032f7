"""One filled-in instance of each contract the supervisor's client desk answers (merged into
factories.contracts)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from contracts.brief import CampaignBrief
from contracts.client_review import ChangeKind, Decision, RequestedChange
from contracts.common import Contract
from contracts.dead_letters import (
    DeadLetter,
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    ListDeadLetters,
    RetryDeadLetter,
)
from contracts.supervisor import (
    BuildBatchReport,
    ClientOnboarded,
    FeedbackAccepted,
    ReviewSettings,
    SignClient,
    SubmitFeedback,
)
from tests.support import brief_dict
from tests.unit.factories.cam import AT, signed


def letter() -> DeadLetter:
    return DeadLetter(letter_id="l-1", campaign_id="c-1", step="produce",
                      destination="production/1", message_type="ProduceAssets",
                      message_id="m-1", attempts=6, error="produce: internal: boom",
                      status="retried", created_at=AT, resolved_at=AT)


FACTORIES: dict[str, Callable[[], Contract]] = {
    "SubmitFeedback": lambda: SubmitFeedback(
        campaign_id="c-1", decision=Decision.CHANGES_REQUESTED,
        changes=[RequestedChange(kind=ChangeKind.NEW_HOOK, asset_id="a-2")],
        note="sharper opener", reviewer="dana@client.io"),
    "FeedbackAccepted": lambda: FeedbackAccepted(campaign_id="c-1", round=1,
                                                 decision=Decision.REJECTED),
    "SignClient": lambda: SignClient(
        lead_id="l-1", deal_id="d-1", contract_months=12, monthly_fee=Decimal("4500.50"),
        currency="EUR", brief=CampaignBrief.model_validate(brief_dict()), campaign_id="c-1",
        out_dir="/srv/packs", seed=4, qc_rounds=1, pack_formats="data",
        review=ReviewSettings(policy="client", days=2.5, on_timeout="approve")),
    "ClientOnboarded": lambda: ClientOnboarded(signed=signed(), batch_id="deal-d-1"),
    "BuildBatchReport": lambda: BuildBatchReport(batch_id="b-1", out_dir="/srv/reports"),
    "ListDeadLetters": lambda: ListDeadLetters(status="open", limit=20),
    "RetryDeadLetter": lambda: RetryDeadLetter(letter_id="l-1"),
    "DiscardDeadLetter": lambda: DiscardDeadLetter(letter_id="l-1", reason="bad brief"),
    "DeadLetterList": lambda: DeadLetterList(letters=[letter()]),
    "DeadLetterResolved": lambda: DeadLetterResolved(letter=letter(), batch_id="b-1"),
}
