"""Import boundaries: runtime -> supervisors, actors -> contracts; only runtime knows Ray.
The driver (request frames, typed refusals, the lifecycle API) sits beside the supervisors
and reaches them only by message: it imports contracts and infra, and runtime, cli and
service import it.

An AST walk over the repository's own source, so imports inside functions, relative
imports and `importlib.import_module("...")` with a literal name are all seen.
tests/, bench/ and examples/ are not application code and are not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("contracts", "actors", "supervisors", "infra", "driver", "cli", "runtime",
            "service")
TOP_MODULES = ("wiring",)


@dataclass(frozen=True)
class SourceFile:
    module: str  # dotted name, e.g. actors.qc.actor
    is_package: bool  # an __init__.py: relative imports resolve against itself
    source: str


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <level dots><target> import ...` inside `module`."""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[: max(0, len(parts) - (level - 1))]
    return ".".join([*base, *([target] if target else [])])


def _dynamic_import(node: ast.Call) -> str | None:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports_of(file: SourceFile) -> set[str]:
    """Every absolute module name the file may import, wherever in the file it does so."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = (_resolve(file.module, file.is_package, node.level, node.module)
                      if node.level else node.module or "")
            found.add(target)
            # `from actors import strategy` imports the module actors.strategy.
            found.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and (name := _dynamic_import(node)):
            found.add(name)
    return found


@dataclass(frozen=True)
class Rule:
    name: str
    scope: tuple[str, ...]  # module prefixes the rule applies to
    forbidden: Callable[[str, str], bool]  # (importer, imported) -> is it a violation?

    def applies_to(self, module: str) -> bool:
        return any(_under(module, s) for s in self.scope)

    def violations(self, file: SourceFile) -> list[str]:
        if not self.applies_to(file.module):
            return []
        return sorted(f"{file.module} imports {name}" for name in imports_of(file)
                      if self.forbidden(file.module, name))


def _any_of(*prefixes: str) -> Callable[[str, str], bool]:
    return lambda _importer, imported: any(_under(imported, p) for p in prefixes)


def _other_actor_module(importer: str, imported: str) -> bool:
    """actors.<a> importing actors.<b>: allowed only when b is a itself or a private shared
    helper package (actors._kernel)."""
    mine, theirs = importer.split("."), imported.split(".")
    if len(mine) < 2 or len(theirs) < 2 or theirs[0] != "actors":
        return False
    return theirs[1] != mine[1] and not theirs[1].startswith("_")


def _driver_reach(importer: str, imported: str) -> bool:
    """driver/ builds request frames and reads replies: it may import contracts and infra
    (and itself), nothing else of the system, and no Ray: runtime puts it on Ray."""
    ours = (*PACKAGES, *TOP_MODULES, "ray")
    allowed = ("contracts", "infra", "driver")
    return (any(_under(imported, p) for p in ours)
            and not any(_under(imported, p) for p in allowed))


def _web_service_reach(importer: str, imported: str) -> bool:
    """service/ renders what the driver API returns: contracts, and the driver's typed
    errors (driver.errors); the runtime hands it the API object at start."""
    return _any_of("actors", "supervisors", "runtime", "wiring", "cli", "infra", "ray")(
        importer, imported)


RULES = [
    Rule("contracts are pure data", ("contracts",),
         _any_of("actors", "supervisors", "infra", "runtime", "wiring", "cli", "ray",
                 "sqlalchemy")),
    Rule("infra is plumbing", ("infra",),
         _any_of("actors", "supervisors", "runtime", "wiring", "cli", "contracts", "ray")),
    Rule("actors sit below the supervisors", ("actors",),
         _any_of("supervisors", "runtime", "wiring", "cli", "ray")),
    Rule("actor modules are independent", ("actors",), _other_actor_module),
    Rule("supervisors talk to actors only by message", ("supervisors",),
         _any_of("actors", "driver", "runtime", "wiring", "cli", "ray")),
    Rule("the driver speaks contracts only", ("driver",), _driver_reach),
    Rule("the web service uses the system only through the driver API", ("service",),
         _web_service_reach),
    Rule("only runtime knows ray", (*(p for p in PACKAGES if p != "runtime"), *TOP_MODULES),
         _any_of("ray")),
]


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def repository_sources() -> list[SourceFile]:
    paths = [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    paths += [ROOT / f"{m}.py" for m in TOP_MODULES if (ROOT / f"{m}.py").exists()]
    files = []
    for path in paths:
        module, is_package = _module_name(path)
        files.append(SourceFile(module, is_package, path.read_text(encoding="utf-8")))
    return files


SOURCES = repository_sources()


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_holds_over_the_repository(rule):
    checked = [f for f in SOURCES if rule.applies_to(f.module)]
    assert checked, f"rule {rule.name!r} matched no source file"
    violations = [v for f in checked for v in rule.violations(f)]
    assert violations == []


def test_every_actor_module_is_checked():
    packages = {f.module.split(".")[1] for f in SOURCES
                if f.module.startswith("actors.") and f.is_package}
    assert {"_kernel", "onboarding", "strategy", "production", "qc", "delivery"} <= packages


def test_actor_modules_import_their_own_files_relatively():
    """A module names its own parts relatively (`from ._copy_context import ...`), so an
    absolute `actors.<own module>` import anywhere in it is a slip."""
    slips = [f"{f.module} imports {node.module}" for f in SOURCES
             if f.module.startswith("actors.") and not f.module.startswith("actors._")
             for node in ast.walk(ast.parse(f.source))
             if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
             and _under(node.module, ".".join(f.module.split(".")[:2]))]
    assert slips == []


def test_runtime_is_the_one_place_that_imports_ray():
    [runtime] = [f for f in SOURCES if f.module == "runtime"]
    assert any(_under(name, "ray") for name in imports_of(runtime))


# --- the checker itself: it must flag what it claims to ------------------------------------

def rule_named(name: str) -> Rule:
    [rule] = [r for r in RULES if r.name == name]
    return rule


@pytest.mark.parametrize(("module", "is_package", "source", "rule", "expected"), [
    ("contracts.brief", False, "import ray\n", "contracts are pure data", "ray"),
    ("contracts.brief", False, "from sqlalchemy.orm import Session\n",
     "contracts are pure data", "sqlalchemy.orm"),
    ("contracts.brief", False, "from . import codec\nfrom ..infra import clock\n",
     "contracts are pure data", "infra.clock"),
    ("infra.store", False, "from contracts.envelope import Envelope\n", "infra is plumbing",
     "contracts.envelope"),
    ("actors.qc.actor", False, "def f():\n    import supervisors.saga\n",
     "actors sit below the supervisors", "supervisors.saga"),
    ("actors.qc.actor", False, "def f():\n    from actors.strategy import _plan\n",
     "actor modules are independent", "actors.strategy"),
    ("actors.qc.actor", False, "from .. import strategy\n", "actor modules are independent",
     "actors.strategy"),
    ("actors.qc.actor", False, "from ..strategy._plan import derive_strategy\n",
     "actor modules are independent", "actors.strategy._plan"),
    ("actors.qc", True, "from ..delivery import DeliveryActor\n",
     "actor modules are independent", "actors.delivery"),
    ("actors._kernel.module", False, "from actors.onboarding import OnboardingActor\n",
     "actor modules are independent", "actors.onboarding"),
    ("supervisors.saga", False, "class S:\n    def go(self):\n        from actors import qc\n",
     "supervisors talk to actors only by message", "actors.qc"),
    ("supervisors.saga", False, "import importlib\nimportlib.import_module('runtime')\n",
     "supervisors talk to actors only by message", "runtime"),
    ("cli", False, "import ray.util.metrics as m\n", "only runtime knows ray", "ray.util.metrics"),
    ("service.app", False, "from supervisors.saga import Saga\n",
     "the web service uses the system only through the driver API", "supervisors.saga"),
    ("service.app", False, "from ray import serve\n",
     "the web service uses the system only through the driver API", "ray"),
    ("driver.api", False, "from supervisors.saga import SagaRun\n",
     "the driver speaks contracts only", "supervisors.saga"),
    ("driver.requests", False, "import wiring\n", "the driver speaks contracts only", "wiring"),
    ("supervisors.intake", False, "from driver.errors import Conflict\n",
     "supervisors talk to actors only by message", "driver.errors"),
    ("infra.clock", False, "if False:\n    ray = __import__('ray')\n", "only runtime knows ray",
     "ray"),
])
def test_checker_flags_a_synthetic_violation(module, is_package, source, rule, expected):
    found = rule_named(rule).violations(SourceFile(module, is_package, source))
    assert f"{module} imports {expected}" in found


@pytest.mark.parametrize(("module", "is_package", "source"), [
    ("actors.qc.actor", False, "from .._kernel import Route\nfrom . import _rules\n"),
    ("actors.qc", True, "from .actor import QcActor\nfrom actors.qc._rules import evaluate\n"),
    ("actors.strategy.actor", False, "from contracts.strategy import GenerateStrategy\n"
     "from infra.store import Tx\nimport sqlalchemy\n"),
    ("supervisors.batch", False, "from contracts.routing import shard_for\n"
     "from infra.clock import Clock\nimport rayleigh\n"),
    ("runtime", False, "import ray\nfrom actors.qc import QcActor\n"),
    ("driver.errors", False, "from contracts.envelope import ErrorCode\n"
     "from infra.clock import SystemClock\nfrom .requests import answer\n"),
    ("service.app", False, "from driver.errors import DriverError\n"),
])
def test_checker_passes_allowed_imports(module, is_package, source):
    file = SourceFile(module, is_package, source)
    assert [v for rule in RULES for v in rule.violations(file)] == []


def test_relative_imports_resolve_against_the_package():
    def names(module: str, is_package: bool, source: str) -> set[str]:
        return imports_of(SourceFile(module, is_package, source))

    assert names("actors.qc.actor", False, "from ._rules import evaluate\n") == {
        "actors.qc._rules", "actors.qc._rules.evaluate"}
    assert names("actors.qc", True, "from .actor import QcActor\n") == {
        "actors.qc.actor", "actors.qc.actor.QcActor"}
    assert names("actors.qc.actor", False, "from ...contracts import qc\n") == {
        "contracts", "contracts.qc"}


def test_cli_commands_write_their_output_through_emit():
    """While a command runs, fd 1 is stderr (cli.output.own_stdout): a bare print would
    send the command's output to stderr. Prints to a named file (stderr) are fine."""
    bare = []
    for path in sorted((ROOT / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bare += [f"cli/{path.name}:{node.lineno}" for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                 and node.func.id == "print" and not any(k.arg == "file" for k in node.keywords)]
    assert bare == [], f"use cli.output.emit: {bare}"
