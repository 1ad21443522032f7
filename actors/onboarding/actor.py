"""The onboarding module: captures a campaign's intake and normalizes the brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from actors._kernel import ModuleActor, NotFound, Route, Tx
from actors._kernel.errors import Conflict
from contracts.brief import NormalizedBrief
from contracts.common import Contract
from contracts.envelope import Envelope
from contracts.onboarding import (
    BriefDiscarded,
    BriefNormalized,
    BriefRejected,
    BriefView,
    DiscardBrief,
    GetBrief,
    NormalizeBrief,
)

from . import _tables as t
from ._review import normalize, review


class OnboardingActor(ModuleActor):
    module = "onboarding"
    metadata = t.metadata
    processed = t.processed
    head = t.briefs
    migrations = Path(__file__).parent / "migrations"

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(NormalizeBrief, self._normalize),
            Route(DiscardBrief, self._discard),
            Route(GetBrief, self._get, is_query=True),
        ]

    async def _normalize(self, tx: Tx, cmd: NormalizeBrief,
                         env: Envelope) -> BriefNormalized | BriefRejected:
        current = await tx.rows(t.briefs).get(cmd.campaign_id)  # prefetched
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {cmd.campaign_id} was discarded; its brief is closed")
        problems = review(cmd.brief)
        brief = None if problems else normalize(cmd.brief)
        row = {
            "campaign_id": cmd.campaign_id,
            "status": "rejected" if problems else "live",
            "client_name": cmd.brief.client_name,
            "brief_json": brief.model_dump_json() if brief else None,
            "problems_json": json.dumps(problems),
            "reason": None,
            "updated_at": self.clock.now().isoformat(),
        }
        tx.rows(t.briefs).put(row)
        if brief is None:
            return BriefRejected(campaign_id=cmd.campaign_id, problems=problems)
        return BriefNormalized(campaign_id=cmd.campaign_id, brief=brief)

    async def _discard(self, tx: Tx, cmd: DiscardBrief, env: Envelope) -> BriefDiscarded:
        current = await tx.rows(t.briefs).get(cmd.campaign_id)  # prefetched
        row = {
            "campaign_id": cmd.campaign_id,
            "status": "discarded",
            "client_name": current["client_name"] if current else "",
            "brief_json": None,
            "problems_json": current["problems_json"] if current else "[]",
            "reason": cmd.reason,
            "updated_at": self.clock.now().isoformat(),
        }
        tx.rows(t.briefs).put(row)
        was_live = current is not None and current["status"] == "live"
        return BriefDiscarded(campaign_id=cmd.campaign_id, was_live=was_live)

    async def _get(self, tx: Tx, query: GetBrief, env: Envelope) -> BriefView:
        row = await tx.rows(t.briefs).get(query.campaign_id)
        if row is None:
            raise NotFound(f"no brief for campaign {query.campaign_id}")
        brief_json = row["brief_json"]
        brief = NormalizedBrief.model_validate_json(brief_json) if brief_json else None
        return BriefView(campaign_id=query.campaign_id, status=row["status"], brief=brief,
                         problems=json.loads(row["problems_json"]),
                         updated_at=row["updated_at"])
