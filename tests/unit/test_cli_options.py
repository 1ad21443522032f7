"""The CLI's shared options, without Ray: defined once, accepted before or after the
subcommand, read from AICMO_* variables (flag > environment > default), the one data dir,
and read-only commands that refuse a data dir holding no store."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cli.main import main, parser
from cli.options import InputError, require_store, resolve
from tests.unit import cli_fakes

# One invocation of every command, with its required arguments.
COMMANDS = [["run", "b.jsonl"], ["status"], ["status", "b-1"], ["cancel", "b-1"], ["demo"],
            ["leads", "import", "l.csv"], ["leads", "list"],
            ["leads", "close", "lead-1", "--deal-id", "d", "--fee", "1"], ["review", "list"],
            ["review", "show", "c-1"],
            ["review", "approve", "c-1"], ["review", "request-changes", "c-1"],
            ["review", "reject", "c-1"], ["invoices"], ["pay", "inv-1", "10", "USD"],
            ["followups", "due"], ["report", "b-1"], ["dlq", "list"], ["dlq", "retry", "l"],
            ["dlq", "discard", "l"], ["gc"], ["up"], ["down"]]
# The commands that only read: they must not create a store where none is.
READERS = [c for c in COMMANDS if c[0] not in ("run", "demo", "up", "down")
           and c[:2] not in (["leads", "import"], ["leads", "close"])]


@pytest.fixture(autouse=True)
def _no_aicmo_environment(monkeypatch, tmp_path):
    for name in ("DATA_DIR", "ADDRESS", "DATABASE_URL", "NUM_CPUS", "SHARDS", "RATE_CARD",
                 "VERBOSE", "DASHBOARD", "STATE_RESOURCE", "SHARD_RESOURCE"):
        monkeypatch.delenv(f"AICMO_{name}", raising=False)
    monkeypatch.chdir(tmp_path)


def parsed(*argv: str) -> argparse.Namespace:
    return resolve(parser().parse_args(list(argv)))


def _leaves(p: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [p]
    return [leaf for child in subs[0].choices.values() for leaf in _leaves(child)]


def test_each_shared_option_is_one_definition_shared_by_every_command():
    top = parser()
    shared = {a.dest: a for a in top._actions if a.dest not in ("help", "version", "command")}
    assert {"data_dir", "address", "database_url", "num_cpus", "shards", "rate_card", "json",
            "verbose", "dashboard", "state_resource", "shard_resource"} <= set(shared)
    leaves = _leaves(top)
    assert len(leaves) == len(COMMANDS) - 1  # status is listed with and without a batch id
    for leaf in leaves:
        mine = {a.dest: a for a in leaf._actions}
        assert all(mine[dest] is action for dest, action in shared.items()), leaf.prog


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_the_shared_options_after_it_and_before_it(command):
    after = parsed(*command, "--data-dir", "after", "--json", "-v", "--num-cpus", "3")
    before = parsed("--data-dir", "before", "--json", "--verbose", *command)
    assert after.data_dir == Path("after").resolve()
    assert before.data_dir == Path("before").resolve()
    assert (after.json, after.verbose, after.num_cpus) == (True, True, 3)
    assert (before.json, before.verbose) == (True, True)


def test_a_flag_after_the_subcommand_wins_over_one_before_it():
    assert parsed("--data-dir", "first", "status", "--data-dir", "second").data_dir == (
        Path("second").resolve())


def test_the_environment_fills_what_no_flag_gives_and_a_flag_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("AICMO_DATA_DIR", "from-env")
    monkeypatch.setenv("AICMO_NUM_CPUS", "6")
    monkeypatch.setenv("AICMO_ADDRESS", "ray://head:10001")
    monkeypatch.setenv("AICMO_SHARDS", "4")
    monkeypatch.setenv("AICMO_RATE_CARD", "card.json")
    from_env = parsed("status")
    assert from_env.data_dir == tmp_path / "from-env"
    assert (from_env.num_cpus, from_env.address, from_env.shards) == (6, "ray://head:10001", 4)
    assert from_env.rate_card == Path("card.json")
    flags = parsed("status", "--data-dir", "flag", "--num-cpus", "1")
    assert (flags.data_dir, flags.num_cpus) == (tmp_path / "flag", 1)


def test_without_flag_or_environment_the_defaults_hold(tmp_path):
    args = parsed("status")
    assert args.data_dir == tmp_path / ".aicmo" / "data"
    assert (args.address, args.database_url, args.num_cpus, args.shards) == (None,) * 4
    assert (args.json, args.csv, args.verbose, args.dashboard) == (False, False, False, False)
    assert args.format == "text"


def test_the_demo_keeps_its_own_data_dir_whatever_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("AICMO_DATA_DIR", "real-data")  # the demo clears its dir: never this
    assert parsed("demo").data_dir == tmp_path / ".aicmo" / "demo"
    assert parsed("demo", "--data-dir", "d").data_dir == tmp_path / "d"


def test_a_bad_environment_value_is_a_usage_error_naming_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("AICMO_NUM_CPUS", "many")
    assert main(["status"]) == 2
    assert "AICMO_NUM_CPUS" in capsys.readouterr().err


def test_json_and_csv_together_are_refused(capsys):
    assert main(["invoices", "--json", "--csv"]) == 2
    assert "choose one output format" in capsys.readouterr().err


def test_csv_is_offered_by_the_lists_only():
    for command in (["leads", "list"], ["review", "list"], ["invoices"], ["followups", "due"],
                    ["dlq", "list"], ["status"]):
        assert parsed(*command, "--csv").format == "csv"
    with pytest.raises(SystemExit):
        parser().parse_args(["cancel", "b-1", "--csv"])


def test_version_comes_from_the_installed_distribution(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"aicmo {version('aicmo')}"


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_reading_command_refuses_a_data_dir_without_a_store(command, tmp_path, capsys,
                                                              monkeypatch):
    cli_fakes.install(monkeypatch)  # were the check gone, no Ray would start in a unit test
    empty = tmp_path / "nothing-here"
    assert main([*command, "--data-dir", str(empty)]) == 2
    assert f"no AICMO data in {empty}: pass --data-dir or set AICMO_DATA_DIR" in (
        capsys.readouterr().err)
    assert not empty.exists()


def test_with_an_address_or_a_database_url_the_store_is_elsewhere(tmp_path):
    require_store(parsed("status", "--data-dir", str(tmp_path), "--address", "auto"))
    require_store(parsed("status", "--data-dir", str(tmp_path),
                         "--database-url", "postgresql+asyncpg://a@h/db"))
    with pytest.raises(InputError, match="no AICMO data"):
        require_store(parsed("status", "--data-dir", str(tmp_path)))
    (tmp_path / "supervisor.db").write_bytes(b"")
    require_store(parsed("status", "--data-dir", str(tmp_path)))


def test_an_agency_identity_missing_its_name_is_a_usage_error(monkeypatch, capsys):
    cli_fakes.install(monkeypatch)
    monkeypatch.setenv("AICMO_AGENCY_ADDRESS", "1 Main St")
    monkeypatch.delenv("AICMO_AGENCY_NAME", raising=False)
    Path("b.jsonl").write_text('{"client_name": "x"}\n')
    assert main(["run", "b.jsonl"]) == 2
    assert "AICMO_AGENCY_NAME must be set" in capsys.readouterr().err
