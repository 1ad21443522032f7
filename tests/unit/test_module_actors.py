"""Every module actor in-process: routes agree with contracts, and the shared frame entry
point. Each module's own behaviour is in test_module_actors_<module>.py."""

from __future__ import annotations

import importlib

import pytest

import contracts.codec as codec
from actors.billing import BillingActor
from actors.cam import CamActor
from actors.client_review import ClientReviewActor
from actors.delivery import DeliveryActor
from actors.onboarding import OnboardingActor
from actors.production import ProductionActor
from actors.qc import QcActor
from actors.reporting import ReportingActor
from actors.retention import RetentionActor
from actors.strategy import StrategyActor
from contracts import registry
from contracts.codec import decode_replies, encode_request
from contracts.envelope import ErrorCode
from contracts.qc import GetEvaluation
from tests.stores import store_config
from tests.support import FakeClock, call, envelope
from tests.unit.factories.modules import error_of, evaluate_cmd, later

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def qc(started_actor):
    return await started_actor(QcActor, "qc-0")


# --- every module: routes and contracts agree, both directions ---------------------------

@pytest.mark.parametrize(("actor_class", "module"), [
    (CamActor, "cam"), (OnboardingActor, "onboarding"), (StrategyActor, "strategy"),
    (ProductionActor, "production"), (QcActor, "qc"), (DeliveryActor, "delivery"),
    (ClientReviewActor, "client_review"), (BillingActor, "billing"),
    (RetentionActor, "retention"), (ReportingActor, "reporting"),
])
def test_routes_match_the_module_contract(tmp_path, actor_class, module):
    actor = actor_class(store_config(tmp_path, module), FakeClock())
    routes = {r.model.__name__: r for r in actor.all_routes()}
    contract = importlib.import_module(f"contracts.{module}")
    assert {n: r.model for n, r in routes.items()} == registry.accepted_by(module)
    assert {n for n, r in routes.items() if r.is_query} == {q.__name__ for q in contract.QUERIES}
    assert len(routes) == len(actor.routes()) + 1, "a message type is routed twice"


# --- the shared frame entry point ---------------------------------------------------------

async def test_late_redelivery_of_an_applied_command_gets_its_stored_reply(qc):
    env = envelope(evaluate_cmd())
    [first] = await call(qc, env)
    later(qc, 120)
    [again] = await call(qc, env)
    assert again == first


async def test_oversize_frame_is_reported_as_too_large(qc, monkeypatch):
    frame = encode_request([envelope(GetEvaluation(campaign_id="c-1"))])
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame) - 1)
    answer = await qc.handle(frame)
    monkeypatch.undo()
    [reply] = decode_replies(answer)
    assert error_of(reply) == (ErrorCode.TOO_LARGE, False)
