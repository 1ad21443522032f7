"""What a campaign's saga starts from, fixed at intake and kept in the saga log.

Not a message: the supervisor stores it (msgpack, the saga log's `input` column) and
reads it back when a saga resumes, possibly in a later release. `stored()` writes the
keys intake has always written, so rows of earlier releases read as these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field, field_serializer

from contracts.brief import CampaignBrief
from contracts.common import Contract, Seed
from contracts.routing import Destination
from contracts.supervisor import MAX_QC_ROUNDS, PackFormats, ReviewSettings


class Deal(Contract):
    """The signed deal a client's first campaign came with (ClientDesk.sign); empty for a
    campaign submitted in a batch."""

    lead_id: str | None = None
    deal_id: str | None = None
    contract_end: date | None = None


class CampaignInput(Contract):
    """A campaign saga's input: the brief as submitted and the batch's settings."""

    brief: dict[str, Any] = Field(
        description="as submitted: the record a resubmission is compared with; it validated "
                    "as a CampaignBrief at intake (see `campaign_brief`)")
    seed: Seed
    batch_id: str
    deal: Deal = Deal()
    review: ReviewSettings = ReviewSettings()
    out_dir: str
    routes: dict[str, str] = Field(
        description="pool -> the shard that owns this campaign's rows ('qc' -> 'qc/1'): "
                    "fixed at intake, so a resumed saga finds its rows if pool sizes change")
    qc_rounds: int = Field(default=2, ge=0, le=MAX_QC_ROUNDS)
    pack_formats: PackFormats = "full"
    prepared_at: datetime = Field(description="the supervisor's clock at intake: the pack "
                                              "states it, so a resumed saga renders the same")
    causation_id: str | None = Field(default=None, description="the SubmitBatch's message id")

    @field_serializer("prepared_at")
    def _iso(self, value: datetime) -> str:  # the form intake has always stored
        return value.isoformat()

    def campaign_brief(self) -> CampaignBrief:
        """The brief as the contract stands now (it may have tightened since intake)."""
        return CampaignBrief.model_validate(self.brief)

    def shard(self, pool: str) -> Destination:
        """This campaign's shard of `pool` (KeyError for a pool intake did not route)."""
        return Destination.parse(self.routes[pool])

    def stored(self) -> dict[str, Any]:
        """The saga log's form: every key intake has written since the first release (a
        deal's unset fields left out, as they always were)."""
        data = self.model_dump(mode="json", exclude={"brief"})
        data["deal"] = self.deal.model_dump(mode="json", exclude_none=True)
        return {"brief": self.brief, **data}
