"""bench/overhead.py's job, in process: the real supervisor runs the 5-step saga over the
trivial step modules; one campaign in ten fails QC and is compensated in reverse."""

from pathlib import Path

import sqlalchemy as sa

from bench.overhead import expected_counts, run_batch
from bench.overhead_job import brief_lines, module_classes, work
from bench.overhead_system import InProcess


def test_a_step_formats_twenty_lines_of_about_two_kilobytes() -> None:
    brief = {"brand_name": "Acme", "objectives": ["awareness"], "budget": 1200}
    lines = brief_lines(brief)
    assert len(lines) == 20 and all(len(line) == 100 for line in lines)
    assert "brand_name: Acme" in lines[0]
    result = work("c-1", "qc", brief)
    assert result["chars"] == 20 * 100 + 19 and len(result["sha256"]) == 64


async def test_campaigns_deliver_and_every_tenth_compensates(tmp_path: Path) -> None:
    system = await InProcess(tmp_path / "data").start()
    try:
        _, view = await run_batch(system.ask, "ov", 20, tmp_path / "out")
        assert {k: v for k, v in view.counts.items() if v} == expected_counts(20)
        failed = {c.campaign_id for c in view.campaigns if c.outcome == "compensated"}
        assert failed == {"ov-00007", "ov-00017"}
        undone = {}
        for destination, module in system.modules.items():
            if destination == "reporting":
                continue
            table = module_classes()[destination.split("/")[0]].results
            async with module.engine.connect() as conn:
                rows = (await conn.execute(sa.select(table))).mappings().all()
            undone.update({(r["campaign_id"], destination.split("/")[0]): r["status"]
                           for r in rows if r["campaign_id"] in failed})
        # The three steps done before QC are undone (the engine's saga tests check the
        # reverse order); QC keeps its verdict, and pack never ran.
        assert undone == {**{(cid, step): "undone" for cid in failed
                             for step in ("normalize", "strategy", "produce")},
                          **{(cid, "qc"): "failed" for cid in failed}}
    finally:
        await system.close()
