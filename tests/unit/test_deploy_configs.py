"""The deployment files an operator uses (no running Ray): both cluster-launcher configs
pass Ray's own schema and agree on what matters (the project's Ray version, one auth
mode, a loopback dashboard, shards on the workers, the drivers pointed at the cluster
store), and the Grafana dashboard charts every metric the runtime exports."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from ray.autoscaler._private.util import prepare_config, validate_config

from infra.metrics import SPECS

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {"local": ROOT / "cluster.yaml", "aws": ROOT / "deploy" / "cluster-aws.yaml"}
DASHBOARD = ROOT / "deploy" / "grafana" / "aicmo-dashboard.json"
COMMAND_LISTS = ("initialization_commands", "setup_commands", "head_setup_commands",
                 "worker_setup_commands", "head_start_ray_commands",
                 "worker_start_ray_commands")
# What Prometheus sees: ray_<name>, counters with _total, histograms as series.
SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_sum", "_count")}


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load(CONFIGS[name].read_text())


@pytest.fixture(params=sorted(CONFIGS))
def config(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


def project_ray_requirement() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [ray] = [d for d in pyproject["project"]["dependencies"] if d.startswith("ray[")]
    return ray


def ray_start(config: dict[str, Any], role: str) -> str:
    [command] = [c for c in config[f"{role}_start_ray_commands"] if "ray start" in c]
    return command


def offered(config: dict[str, Any], role: str) -> set[str]:
    """Custom resources a role's nodes offer: from their node types (cloud providers pass
    these to `ray start`) and from --resources in the start command (local provider)."""
    types = config.get("available_node_types", {})
    head_type = config.get("head_node_type")
    names = {name for t, spec in types.items() if (t == head_type) == (role == "head")
             for name in spec.get("resources", {})}
    flag = re.search(r"--resources='([^']*)'", ray_start(config, role))
    return names | set(json.loads(flag[1]) if flag else {})


def test_config_passes_rays_schema_as_written_and_as_ray_up_prepares_it(config):
    validate_config(config)
    validate_config(prepare_config(copy.deepcopy(config)))


def test_every_node_installs_the_project_with_the_projects_ray_version(config):
    requirement = project_ray_requirement()
    assert requirement.startswith("ray[default,serve]==")
    [install] = [c for c in config["setup_commands"] if "pip install" in c and "-e" in c]
    assert f'"{requirement}"' in install and "-e ~/aicmo" in install
    assert config["file_mounts"]["~/aicmo"] == "."


def test_the_dashboard_binds_to_loopback_on_the_head(config):
    assert "--dashboard-host=127.0.0.1" in ray_start(config, "head").split()


def test_every_ray_process_uses_the_same_auth_mode_and_token():
    modes = set()
    for name in CONFIGS:
        config = load(name)
        assert config["file_mounts"]["~/.ray/auth_token"] == "~/.ray/auth_token"
        for role in ("head", "worker"):
            for command in config[f"{role}_start_ray_commands"]:
                found = re.findall(r"RAY_AUTH_MODE=(\w+)", command)
                assert found, f"{name} {role}: no RAY_AUTH_MODE in {command!r}"
                modes.update(found)
    assert modes == {"token"}


def test_shards_run_on_the_workers_and_only_the_head_offers_state(config):
    assert "aicmo_shard" in offered(config, "worker")
    assert "aicmo_shard" not in offered(config, "head")
    # aicmo_state is for the SQLite-on-the-head alternative only: if offered, by the head.
    assert "aicmo_state" not in offered(config, "worker")


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_drivers_use_the_cluster_store_without_pinning_state(name):
    text, config = CONFIGS[name].read_text(), load(name)
    # The job-submit example sets the store's URL up first and passes no --state-resource:
    # with the cluster store any actor may run anywhere; shards still ask for the workers.
    [example] = re.findall(r"ray job submit .*?--out \S+", text, re.DOTALL)
    before = text[:text.index(example)]
    assert "AICMO_DATABASE_URL" in before and "postgresql+asyncpg://" in before
    assert "AICMO_DATABASE_URL" in example or "aicmo-db.env" in example
    assert "--shard-resource aicmo_shard" in example
    assert "--state-resource" not in example
    # The administrator URL must not reach the actors through the raylets' environment.
    for role in ("head", "worker"):
        for command in config[f"{role}_start_ray_commands"]:
            assert "AICMO_DATABASE_URL" not in command


def test_every_command_is_valid_shell(config):
    for key in COMMAND_LISTS:
        for command in config.get(key, []):
            checked = subprocess.run(["bash", "-n", "-c", command], capture_output=True)
            assert checked.returncode == 0, f"{key}: {command!r}: {checked.stderr!r}"


def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def expressions(board: dict[str, Any]) -> list[str]:
    return [target["expr"] for panel in board["panels"] for target in panel.get("targets", [])]


def datasource_refs(node: Any) -> list[Any]:
    if isinstance(node, list):
        return [ref for item in node for ref in datasource_refs(item)]
    if not isinstance(node, dict):
        return []
    own = [node["datasource"]] if "datasource" in node else []
    return own + [ref for key, value in node.items() if key != "datasource"
                  for ref in datasource_refs(value)]


def test_the_dashboard_charts_every_exported_metric_and_no_other():
    board = dashboard()
    assert board["title"] and board["uid"] and board["panels"]
    used = {m for expr in expressions(board) for m in re.findall(r"\bray_aicmo_\w+", expr)}
    required = {f"ray_{s.name}{SUFFIXES[s.kind][0]}" for s in SPECS.values()}
    known = {f"ray_{s.name}{suffix}" for s in SPECS.values() for suffix in SUFFIXES[s.kind]}
    assert required <= used, f"not charted: {sorted(required - used)}"
    assert used <= known, f"not exported by the runtime: {sorted(used - known)}"


def test_the_dashboard_takes_its_prometheus_from_a_variable():
    board = dashboard()
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    assert "__inputs" not in board
    for panel in board["panels"]:
        if panel["type"] != "row":
            assert panel["targets"] and panel["datasource"]["uid"] == "${datasource}"
    for ref in datasource_refs(board):
        uid = ref["uid"] if isinstance(ref, dict) else ref
        assert uid == "${datasource}", f"hard-coded data source {ref!r}"
