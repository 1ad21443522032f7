"""cam's contracts: every one has a factory that survives validation and a frame, and the
actor answers exactly the commands and queries the contract file lists."""

from __future__ import annotations

import pytest

from actors.cam import CamActor
from contracts import cam
from contracts.codec import (
    decode_replies,
    decode_request,
    encode_replies,
    encode_request,
    parse_envelope,
)
from contracts.envelope import reply_to
from tests.stores import store_config
from tests.support import T0, envelope
from tests.unit.factories.cam import FACTORIES

pytestmark = pytest.mark.usefixtures("each_store")

CONTRACTS = {model.__name__: model for model in (*cam.COMMANDS, *cam.QUERIES, *cam.REPLIES)}


def test_every_contract_has_a_factory():
    assert set(FACTORIES) == set(CONTRACTS)


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_factory_instance_survives_validation(name):
    instance = FACTORIES[name]()
    model = CONTRACTS[name]
    assert type(instance) is model
    assert model.model_validate(instance.model_dump(mode="python")) == instance


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_factory_instance_survives_a_frame(name):
    instance = FACTORIES[name]()
    [raw], _ = decode_request(encode_request(envelope(instance)))
    assert CONTRACTS[name].model_validate(parse_envelope(raw).payload) == instance
    [back] = decode_replies(encode_replies([reply_to(envelope(instance), instance, T0)], False))
    assert CONTRACTS[name].model_validate(back.payload) == instance


def test_routes_match_the_contract(tmp_path):
    actor = CamActor(store_config(tmp_path, "cam"))
    routes = {route.model: route.is_query for route in actor.routes()}
    assert {m for m, is_query in routes.items() if not is_query} == set(cam.COMMANDS)
    assert {m for m, is_query in routes.items() if is_query} == set(cam.QUERIES)
