"""The supervisor's review desk: client review between a parked saga and the client.

- A client's review decision is recorded with client review, then the parked saga wakes.
- Review deadlines are watched on the injected clock; at a deadline the batch's policy
  escalates the review (and keeps waiting) or decides it.
Every message sent from here has an id derived from what it is about, so a repeat of the
same request or deadline is recognised by client review.
"""

from __future__ import annotations

import random
from datetime import datetime

from contracts.client_review import Decision, EscalateReview, FeedbackRecorded, RecordFeedback
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from contracts.supervisor import FeedbackAccepted, SubmitFeedback
from infra.clock import Clock
from supervisors.campaign_reads import review_settings
from supervisors.courier import Asker
from supervisors.errors import SupervisorError
from supervisors.open_sagas import OpenSagas
from supervisors.ports import MessagePort
from supervisors.saga import SagaRun

TIMEOUT_REVIEWER = "policy:review-timeout"


class ReviewDesk:
    def __init__(self, port: MessagePort, clock: Clock, rng: random.Random,
                 open_sagas: OpenSagas):
        self._clock = clock
        self._ask = Asker(port, clock, rng)
        self._sagas = open_sagas
        self._escalated: set[tuple[str, int]] = set()

    def forget(self, campaign_id: str) -> None:
        """The campaign's saga finished: its escalations need no remembering."""
        self._escalated = {key for key in self._escalated if key[0] != campaign_id}

    async def feedback(self, cmd: SubmitFeedback, message_id: str) -> FeedbackAccepted:
        recorded: FeedbackRecorded = await self._ask(
            "client_review", RecordFeedback(campaign_id=cmd.campaign_id, decision=cmd.decision,
                                            changes=cmd.changes, note=cmd.note,
                                            reviewer=cmd.reviewer),
            derived_id(message_id, "feedback"), cmd.campaign_id)
        self._sagas.wake(cmd.campaign_id)
        return FeedbackAccepted(campaign_id=cmd.campaign_id, round=recorded.round,
                                decision=recorded.decision,
                                batch_id=self._sagas.batch_of(cmd.campaign_id))

    async def review_deadlines(self) -> None:
        now = self._clock.now()
        for run in list(self._sagas.runs.values()):
            if not run.waiting or not (run.step or "").startswith("feedback_"):
                continue
            round_ = int(run.step.rsplit("_", 1)[1])  # type: ignore[union-attr]
            requested = run.results.get(f"review_{round_}")
            if requested is None or requested.due_at > now:
                continue
            await self._timed_out(run, round_, review_settings(run).on_timeout,
                                  requested.due_at)

    async def _timed_out(self, run: SagaRun, round_: int, policy: str, due: datetime) -> None:
        campaign_id = run.campaign_id
        if policy == "escalate":
            if (campaign_id, round_) not in self._escalated:
                await self._ask("client_review", EscalateReview(
                    campaign_id=campaign_id, round=round_,
                    reason=f"no decision by {due.isoformat()}"),
                    derived_id(campaign_id, "escalate", round_), campaign_id)
                self._escalated.add((campaign_id, round_))
            return
        decision = Decision.APPROVED if policy == "approve" else Decision.REJECTED
        try:
            await self._ask("client_review", RecordFeedback(
                campaign_id=campaign_id, decision=decision, reviewer=TIMEOUT_REVIEWER,
                note=f"no decision by {due.isoformat()}: the batch's policy {policy}s"),
                derived_id(campaign_id, "timeout", round_), campaign_id)
        except SupervisorError as exc:
            if exc.info.code is not ErrorCode.CONFLICT:  # already decided: just wake it
                raise
        self._sagas.wake(campaign_id)
