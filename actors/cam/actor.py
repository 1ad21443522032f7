"""The client acquisition module: imports and qualifies leads, plans their outreach, closes
deals into clients, and keeps the campaign records the saga starts and ends with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from actors._kernel import Clock, Conflict, ModuleActor, NotFound, Route, StoreConfig, Tx
from contracts.cam import (
    CampaignCancelled,
    CampaignCompleted,
    CampaignRegistered,
    CampaignView,
    CancelCampaign,
    ClientSigned,
    ClientView,
    CloseDeal,
    CompleteCampaign,
    GetCampaign,
    GetClient,
    GetLead,
    IngestLeads,
    LeadList,
    LeadsIngested,
    LeadView,
    ListLeads,
    RegisterCampaign,
)
from contracts.common import DEFAULT_AGENCY_NAME, AgencyIdentity, Contract
from contracts.envelope import Envelope
from infra.metrics import Metrics

from . import _campaigns as campaigns
from . import _tables as t
from ._deals import client_row, deal_row, sign, signed_from_row
from ._leads import dedupe, parse_rows
from ._outreach import plan_outreach
from ._records import lead_row, outreach_row, step_of, summary_of
from ._scoring import DEFAULT_TARGET_INDUSTRIES, score_lead

_CAMPAIGN_COMMANDS = (RegisterCampaign, CompleteCampaign, CancelCampaign)


class CamActor(ModuleActor):
    """`target_industries` are the industries the agency goes after (default
    `_scoring.DEFAULT_TARGET_INDUSTRIES`), matched case-insensitively at word starts.
    Outreach is signed with `agency`'s name (None: contracts.common.DEFAULT_AGENCY_NAME)."""

    module = "cam"
    metadata = t.metadata
    processed = t.processed
    head = t.campaigns
    migrations = Path(__file__).parent / "migrations"

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 metrics: Metrics | None = None,
                 target_industries: tuple[str, ...] | None = None,
                 agency: AgencyIdentity | None = None):
        super().__init__(store, clock, metrics)
        self.target_industries = tuple(target_industries or DEFAULT_TARGET_INDUSTRIES)
        self.sender = agency.name if agency else DEFAULT_AGENCY_NAME

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(IngestLeads, self._ingest),
            Route(CloseDeal, self._close_deal),
            Route(RegisterCampaign, self._register),
            Route(CompleteCampaign, self._complete),
            Route(CancelCampaign, self._cancel),
            Route(ListLeads, self._list_leads, is_query=True),
            Route(GetLead, self._get_lead, is_query=True),
            Route(GetCampaign, self._get_campaign, is_query=True),
            Route(GetClient, self._get_client, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Campaign rows for campaign commands, lead and deal rows for deals, in bulk. Lead
        imports look their emails up themselves: only validation says which rows count."""
        messages = [message for _, message in commands]
        deals = [m for m in messages if isinstance(m, CloseDeal)]
        await tx.rows(t.campaigns).load(
            [m.campaign_id for m in messages if isinstance(m, _CAMPAIGN_COMMANDS)])
        await tx.rows(t.leads).load([m.lead_id for m in deals])
        await tx.rows(t.deals).load([m.deal_id for m in deals])

    async def _ingest(self, tx: Tx, cmd: IngestLeads, env: Envelope) -> LeadsIngested:
        parsed, invalid = parse_rows(cmd.rows)
        leads, outreach = tx.rows(t.leads), tx.rows(t.outreach_steps)
        existing = await leads.get_many(row.lead_id for row in parsed)
        fresh, duplicates = dedupe(parsed, {key for key, row in existing.items() if row})
        at = self.clock.now().isoformat()
        accepted = []
        for row in fresh:
            lead = lead_row(row, cmd.source_name, score_lead(row.lead, self.target_industries), at)
            summary = summary_of(lead)
            leads.put(lead)
            for step in plan_outreach(summary, self.sender) if summary.qualified else []:
                outreach.put(outreach_row(row.lead_id, step))
            accepted.append(summary)
        return LeadsIngested(accepted=accepted, duplicates=duplicates, invalid=invalid)

    async def _close_deal(self, tx: Tx, cmd: CloseDeal, env: Envelope) -> ClientSigned:
        lead = await tx.rows(t.leads).get(cmd.lead_id)
        if lead is None:
            raise NotFound(f"no lead {cmd.lead_id}")
        deal = await tx.rows(t.deals).get(cmd.deal_id)
        if lead["status"] == "won":
            if lead["deal_id"] == cmd.deal_id and deal is not None:
                return signed_from_row(deal)  # the same deal again: what it was answered
            raise Conflict(f"lead {cmd.lead_id} was already won under deal {lead['deal_id']}")
        if deal is not None:
            raise Conflict(f"deal {cmd.deal_id} already closed lead {deal['lead_id']}")
        signed: ClientSigned = sign(cmd, lead["company"], self.clock.now())
        won = {**lead, "status": "won", "client_id": signed.client_id, "deal_id": cmd.deal_id,
               "updated_at": signed.signed_at.isoformat()}
        tx.rows(t.leads).put(won)
        tx.rows(t.deals).put(deal_row(signed))
        tx.rows(t.clients).put(client_row(signed))
        return signed

    async def _register(self, tx: Tx, cmd: RegisterCampaign, env: Envelope) -> CampaignRegistered:
        return await campaigns.register(tx, cmd, self.clock.now())

    async def _complete(self, tx: Tx, cmd: CompleteCampaign, env: Envelope) -> CampaignCompleted:
        return await campaigns.complete(tx, cmd, self.clock.now())

    async def _cancel(self, tx: Tx, cmd: CancelCampaign, env: Envelope) -> CampaignCancelled:
        return await campaigns.cancel(tx, cmd, self.clock.now())

    async def _list_leads(self, tx: Tx, query: ListLeads, env: Envelope) -> LeadList:
        statement = select(t.leads)
        if query.grade is not None:
            statement = statement.where(t.leads.c.grade == query.grade)
        if query.qualified_only:
            statement = statement.where(t.leads.c.qualified.is_(True))
        statement = statement.order_by(t.leads.c.score.desc(), t.leads.c.email).limit(query.limit)
        rows = (await tx.conn.execute(statement)).mappings()
        return LeadList(leads=[summary_of(dict(row)) for row in rows])

    async def _get_lead(self, tx: Tx, query: GetLead, env: Envelope) -> LeadView:
        lead = await tx.rows(t.leads).get(query.lead_id)
        if lead is None:
            raise NotFound(f"no lead {query.lead_id}")
        outreach = tx.rows(t.outreach_steps)
        await outreach.load_where(t.outreach_steps.c.lead_id, [query.lead_id])
        steps = outreach.where(t.outreach_steps.c.lead_id, query.lead_id)  # keyed (lead, step)
        return LeadView(lead=summary_of(lead), outreach=[step_of(row) for row in steps],
                        client_id=lead["client_id"], deal_id=lead["deal_id"])

    async def _get_campaign(self, tx: Tx, query: GetCampaign, env: Envelope) -> CampaignView:
        return await campaigns.view(tx, query.campaign_id)

    async def _get_client(self, tx: Tx, query: GetClient, env: Envelope) -> ClientView:
        return await campaigns.client(tx, query.client_id)
