"""The one port the web service talks through: the driver API (runtime.Runtime on Ray).
Tests may put a fake behind it; the service never reaches past it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from contracts.billing import Invoice, InvoiceList, PaymentRecorded
from contracts.client_review import Decision, RequestedChange, ReviewList
from contracts.dead_letters import DeadLetterList, DeadLetterResolved
from contracts.reporting import ReportBuilt
from contracts.supervisor import BatchView, FeedbackAccepted, ReviewSettings
from contracts.views import CampaignDetail, ReviewDetail


class Progress(Protocol):
    """A batch to poll (runtime.BatchHandle)."""

    batch_id: str
    created: bool

    def progress(self, wait_seconds: float = 0.0, include_campaigns: bool = False
                 ) -> BatchView: ...


class SystemApi(Protocol):
    def submit(self, briefs: Iterable[Any], *, batch_id: str | None = None,
               out_dir: str | Path = "packs", window: int = 64, seed: int = 0,
               qc_rounds: int = 2, pack_formats: str = "full",
               review: ReviewSettings | None = None) -> Progress: ...

    def batches(self, limit: int = 20) -> list[BatchView]: ...

    def batch(self, batch_id: str) -> Progress: ...

    def campaign(self, campaign_id: str) -> CampaignDetail: ...

    def reviews(self, status: str | None = "pending", limit: int = 1000) -> ReviewList: ...

    def review(self, campaign_id: str) -> ReviewDetail: ...

    def feedback(self, campaign_id: str, decision: Decision | str, *,
                 changes: Iterable[RequestedChange] = (), note: str = "",
                 reviewer: str = "client") -> FeedbackAccepted: ...

    def invoices(self, status: str | None = None, limit: int = 1000) -> InvoiceList: ...

    def invoice(self, invoice: str) -> Invoice: ...

    def record_payment(self, invoice: str, amount: Decimal, currency: str, *,
                       received_on: date, payment_id: str | None = None
                       ) -> PaymentRecorded: ...

    def dead_letters(self, status: str | None = "open", limit: int = 1000
                     ) -> DeadLetterList: ...

    def retry_dead_letter(self, letter_id: str) -> DeadLetterResolved: ...

    def discard_dead_letter(self, letter_id: str, reason: str = "discarded by operator"
                            ) -> DeadLetterResolved: ...

    def report(self, batch_id: str, out_dir: str | Path = "reports") -> ReportBuilt: ...
