"""Every step of the campaign saga is timed under the module it talks to (reporting's
latency by module), so a new step cannot show up as a module of its own."""

from __future__ import annotations

from contracts import registry
from supervisors.campaign import campaign_saga
from supervisors.outbox import module_of_step


def test_every_campaign_step_maps_to_a_module() -> None:
    steps = [step.name for step in campaign_saga().steps]
    assert "pack_check" in steps
    unknown = {name: module_of_step(name) for name in steps
               if module_of_step(name) not in registry.modules()}
    assert unknown == {}


def test_the_pack_check_is_qcs_and_rounds_keep_their_module() -> None:
    assert [module_of_step(s) for s in ("pack_check", "pack", "qc_2", "revise_1")] == [
        "qc", "delivery", "qc", "production"]
