"""The invariants a chaos run must keep, read straight from each owning module's database.

Every module keeps its own SQLite file per shard (cam, onboarding, strategy,
production-<i>, qc-<i>, delivery-<i>, client_review, billing, retention, reporting) and
the supervisor keeps the saga log (supervisor.db). Nothing here
asks a running actor: it opens the files with sqlite3, as an auditor would, plus the packs
on disk. Shared by bench/chaos.py and tests/e2e/test_chaos.py.

- every campaign ends in exactly one terminal outcome (the log), and the modules agree;
- delivered => exactly one pack (row, files, manifest) and one applied BuildPack, exactly
  one live invoice and one applied IssueInvoice, the campaign record closed as delivered;
- compensated (and rejected) => no live rows in any module;
- no message applied twice: ids unique across databases, every applied id is the one the
  saga derives for its (campaign, step, do|undo), at most one per (type, step, kind).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from actors.delivery import verify_pack
from contracts.common import derived_id
from supervisors.campaign import campaign_saga

TERMINAL = {"delivered", "compensated", "rejected", "compensation_failed", "cancelled"}
# A row is live unless its module tombstoned it; rejected briefs were never live work.
# Keyed by (module, table): cam and retention both have a "campaigns" table. Reporting is
# append-only history, and a review a client decided keeps its decision: neither is live.
LIVE = {("cam", "campaigns"): "status != 'cancelled'",
        ("onboarding", "briefs"): "status = 'live'",
        ("strategy", "strategies"): "status != 'discarded'",
        ("production", "productions"): "status != 'discarded'",
        ("production", "assets"): "status != 'discarded'",
        ("qc", "evaluations"): "status != 'discarded'",
        ("client_review", "reviews"): "status = 'pending'",
        ("delivery", "packs"): "status != 'revoked'",
        ("billing", "invoices"): "status != 'void'",
        ("retention", "campaigns"): "status != 'cancelled'",
        ("retention", "follow_ups"): "status = 'scheduled'"}
# Where a delivered campaign's work lives, one live row each ('module.table')
DELIVERED_ROWS = ("cam.campaigns", "onboarding.briefs", "strategy.strategies",
                  "production.productions", "qc.evaluations", "delivery.packs",
                  "billing.invoices", "retention.campaigns")
# ... and at least one each (a client's renewal follow-up may sit with an earlier campaign)
DELIVERED_SOME = ("production.assets", "retention.follow_ups")
STEPS = tuple(step.name for step in campaign_saga().steps)
SHOWN = 3  # offenders quoted per failed check
# feedback_<r> asks client review for the decision: a query, which no module records.
QUERY_STEP = "feedback_"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Applied:
    """One processed_messages row: a command some module applied."""

    db: str
    message_id: str
    type: str
    campaign_id: str
    at: datetime


@dataclass(frozen=True)
class Outage:
    """A kill: `db` is the victim's database stem ('qc-1', 'supervisor'); it was killed at
    `down_at` and a new process answered at `back_at`."""

    db: str
    down_at: datetime
    back_at: datetime


@dataclass
class Snapshot:
    """What the databases say about one batch, read once."""

    sagas: list[dict]  # the batch's saga rows, by position
    steps: list[dict]  # their saga_steps rows
    live: dict[str, Counter[str]]  # campaign -> 'db.table' -> live rows
    strategies: Counter[str]  # campaign -> strategy rows (versions) of any status
    packs: dict[str, list[dict]]  # campaign -> packs rows, with their db
    applied: list[Applied]
    out_dir: Path

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(str(s["outcome"]) for s in self.sagas)


def _rows(db: Path, sql: str, args: Iterable = ()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, tuple(args))]
    finally:
        conn.close()


def _tables(db: Path) -> set[str]:
    return {r["name"] for r in _rows(db, "select name from sqlite_master where type='table'")}


def read(data_dir: str | Path, batch_id: str) -> Snapshot:
    log = Path(data_dir) / "supervisor.db"
    sagas = _rows(log, "select * from sagas where batch_id = ? order by position", (batch_id,))
    ours = {s["campaign_id"] for s in sagas}
    steps = [r for r in _rows(log, "select campaign_id, step, kind, status, attempts, "
                              "message_id, updated_at from saga_steps") if r["campaign_id"] in ours]
    [batch] = _rows(log, "select out_dir from batches where batch_id = ?", (batch_id,))
    snap = Snapshot(sagas, steps, {c: Counter() for c in ours}, Counter(), {}, [],
                    Path(batch["out_dir"]))
    for db in sorted(Path(data_dir).glob("*.db")):
        if db.stem != "supervisor":
            _read_module(db, ours, snap)
    return snap


def module_of(db: Path) -> str:
    """'production-1' -> 'production': a module's shards share its tables."""
    return db.stem.split("-", 1)[0]


def _read_module(db: Path, ours: set[str], snap: Snapshot) -> None:
    tables = _tables(db)
    for (module, table), live in LIVE.items():
        if module != module_of(db) or table not in tables:
            continue
        for r in _rows(db, f"select campaign_id, count(*) n from {table} where {live} "
                           "group by campaign_id"):
            if r["campaign_id"] in ours:
                snap.live[r["campaign_id"]][f"{db.stem}.{table}"] += r["n"]
    if "strategies" in tables:
        for r in _rows(db, "select campaign_id from strategies"):
            snap.strategies[r["campaign_id"]] += 1
    if "packs" in tables:
        for r in _rows(db, "select * from packs"):
            snap.packs.setdefault(r["campaign_id"], []).append({**r, "db": db.stem})
    for r in _rows(db, "select message_id, type, correlation_id, processed_at "
                       "from processed_messages"):
        if r["correlation_id"] in ours:
            snap.applied.append(Applied(db.stem, r["message_id"], r["type"],
                                        r["correlation_id"],
                                        datetime.fromisoformat(r["processed_at"])))


def _check(name: str, offenders: list[str], checked: int, what: str) -> Check:
    if not offenders:
        return Check(name, True, f"{checked} {what} checked")
    shown = "; ".join(offenders[:SHOWN])
    return Check(name, False, f"{len(offenders)} of {checked} {what}: {shown}")


def terminal_outcomes(snap: Snapshot, submitted: int) -> Check:
    offenders = [f"{s['campaign_id']}: status={s['status']} outcome={s['outcome']}"
                 for s in snap.sagas if s["status"] != "done" or s["outcome"] not in TERMINAL]
    if len(snap.sagas) != submitted:
        offenders.insert(0, f"{len(snap.sagas)} sagas in the log for {submitted} submitted")
    return _check("every campaign in exactly one terminal outcome", offenders, submitted,
                  "campaigns")


def delivered_once(snap: Snapshot) -> Check:
    delivered = [s["campaign_id"] for s in snap.sagas if s["outcome"] == "delivered"]
    builds = Counter(a.campaign_id for a in snap.applied if a.type == "BuildPack")
    invoices = Counter(a.campaign_id for a in snap.applied if a.type == "IssueInvoice")
    offenders = [f"{c}: {p}" for c in delivered for p in _pack_problems(snap, c, builds[c])]
    offenders += [f"{c}: {invoices[c]} applied IssueInvoice" for c in delivered
                  if invoices[c] != 1]
    # Not billing's _invoices folder: no campaign id starts with "_" or ".".
    entries = snap.out_dir.iterdir() if snap.out_dir.exists() else ()
    on_disk = {p.name for p in entries if p.is_dir() and not p.name.startswith((".", "_"))}
    offenders += [f"{c}: pack on disk but not delivered" for c in on_disk - set(delivered)]
    return _check("delivered => exactly one pack and one invoice (one applied BuildPack and "
                  "IssueInvoice each)", offenders, len(delivered), "delivered campaigns")


def _pack_problems(snap: Snapshot, campaign: str, builds: int) -> list[str]:
    problems = [] if builds == 1 else [f"{builds} applied BuildPack"]
    packs = snap.packs.get(campaign, [])
    if [p["status"] for p in packs] != ["delivered"]:
        return [*problems, f"packs rows {[(p['db'], p['status']) for p in packs]}"]
    live = Counter()
    for key, n in snap.live[campaign].items():  # 'qc-1.evaluations' -> 'qc.evaluations'
        db, table = key.rsplit(".", 1)
        live[f"{db.split('-', 1)[0]}.{table}"] += n
    problems += [f"{live[key]} live {key} rows" for key in DELIVERED_ROWS if live[key] != 1]
    problems += [f"no live {key} rows" for key in DELIVERED_SOME if not live[key]]
    pack = packs[0]
    problems += verify_pack(pack["pack_dir"])
    manifest = Path(pack["pack_dir"]) / "manifest.json"
    if manifest.exists() and hashlib.sha256(manifest.read_bytes()).hexdigest() \
            != pack["manifest_sha256"]:
        problems.append("manifest on disk is not the one delivery recorded")
    return problems


def nothing_live(snap: Snapshot, outcome: str) -> Check:
    ended = [s for s in snap.sagas if s["outcome"] == outcome]
    offenders = [f"{s['campaign_id']}: {dict(snap.live[s['campaign_id']])}" for s in ended
                 if snap.live[s["campaign_id"]]]
    offenders += [f"{s['campaign_id']}: compensation failures {s['compensation_failures']}"
                  for s in ended if json.loads(s["compensation_failures"])]
    return _check(f"{outcome} => no live rows in any module", offenders, len(ended),
                  f"{outcome} campaigns")


def applied_once(snap: Snapshot) -> Check:
    """processed_messages is keyed by message id in each database; across databases, and per
    (campaign, type, step, do|undo), each command must have been applied at most once."""
    ids = {derived_id(s["campaign_id"], step, kind): (s["campaign_id"], step, kind)
           for s in snap.sagas for step in STEPS for kind in ("do", "undo")}
    # The outcome each finished saga reports to reporting (supervisors.outbox)
    ids.update({derived_id(s["campaign_id"], "outcome"): (s["campaign_id"], "outcome", "event")
                for s in snap.sagas})
    offenders = [f"{m}: applied in {n} databases"
                 for m, n in Counter(a.message_id for a in snap.applied).items() if n > 1]
    offenders += [f"{a.campaign_id}: {a.type} {a.message_id} in {a.db} is no saga step's id"
                  for a in snap.applied if ids.get(a.message_id, ("",))[0] != a.campaign_id]
    per_step = Counter((a.campaign_id, a.type, *ids.get(a.message_id, ("?", "?", "?"))[1:])
                       for a in snap.applied)
    offenders += [f"{key}: applied {n} times" for key, n in per_step.items() if n > 1]
    applied = Counter(a.message_id for a in snap.applied)
    offenders += [f"{r['campaign_id']}: logged done {r['step']}/{r['kind']} applied "
                  f"{applied[r['message_id']]} times" for r in snap.steps
                  if r["status"] == "done" and applied[r["message_id"]] != 1
                  and not r["step"].startswith(QUERY_STEP)]
    offenders += [f"{c}: {n} strategy versions" for c, n in snap.strategies.items()
                  if c in snap.live and n > 1]
    return _check("no message applied twice", offenders, len(snap.applied), "applied messages")


def expected_outcomes(snap: Snapshot, expected: Mapping[int, str]) -> Check:
    """Kills must not change what happens to a campaign: its brief decides."""
    offenders = [f"#{s['position']} {s['campaign_id']}: {s['outcome']}, expected "
                 f"{expected[s['position']]} ({s['reason']})"
                 for s in snap.sagas if s["outcome"] != expected.get(s["position"])]
    return _check("each campaign ends as its brief calls for", offenders, len(snap.sagas),
                  "campaigns")


def check_all(snap: Snapshot, expected: Mapping[int, str]) -> list[Check]:
    return [terminal_outcomes(snap, len(expected)), delivered_once(snap),
            nothing_live(snap, "compensated"), nothing_live(snap, "rejected"),
            applied_once(snap), expected_outcomes(snap, expected)]


def resent_messages(snap: Snapshot) -> int:
    """Extra sends after a failed attempt, as the saga log counts them. A resumed saga
    restarts its attempt count, so re-sends by a new supervisor are not in this figure."""
    return sum(max(0, r["attempts"] - 1) for r in snap.steps)


def deduplicated_redeliveries(snap: Snapshot, outages: Iterable[Outage]) -> int:
    """Logged step results that can only have come from a receiver's dedupe table: the
    command was applied before a kill of its receiver or of the supervisor, and its reply
    was taken in after a new process of that victim answered. A lower bound: other
    redeliveries (a reply that outlived its deadline) leave no trace in any database."""
    applied = {a.message_id: a for a in snap.applied}
    outages = list(outages)
    count = 0
    for row in snap.steps:
        hit = applied.get(row["message_id"])
        if row["status"] != "done" or hit is None:
            continue
        answered = datetime.fromisoformat(row["updated_at"])
        count += any(o.db in ("supervisor", hit.db) and hit.at < o.down_at
                     and answered > o.back_at for o in outages)
    return count


def leftovers(snap: Snapshot) -> int:
    """Hidden temp files of pack writes a kill interrupted (pid-named, never reused)."""
    if not snap.out_dir.exists():
        return 0
    return sum(1 for p in snap.out_dir.iterdir() if p.name.startswith(".") and ".tmp-" in p.name)
