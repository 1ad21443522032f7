"""`aicmo review list | show | approve | request-changes | reject`: client review.

A reviewer never decides blind: `list` and `show` print every asset's id (the one
`--change new_hook:ASSET_ID` takes), its channel and its copy; `show` adds the strategy in
short and each length a platform limits, measured as that platform counts it. `list
--brief` (and `--csv`) keep the one-line summary per round. Decisions go through the
supervisor, which wakes the campaign's saga; in embedded mode (no --address) a decision
waits until the campaign's batch is settled again before Ray stops.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Any

from actors._text import plural
from cli.inputs import parse_change
from cli.options import EXIT_OK, add_command, open_runtime
from cli.output import emit, emit_list, when
from contracts.client_review import Decision, RequestedChange
from contracts.production import Asset, AssetMeasure
from contracts.views import ReviewAsset, ReviewDetail, StrategySummary

# The columns of `review list --csv` (and the objects of `--brief --json`).
REVIEW_FIELDS = ["campaign_id", "client_name", "round", "status", "qc_score", "assets",
                 "requested_at", "due_at", "escalated_at"]
WIDTH = 92  # copy is wrapped to this many columns, indent included
COPY = " " * 6  # where an asset's copy starts, under its id


def cmd_review(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _with_runtime(args, lambda rt: _list(args, rt))
    if args.action == "show":
        return _with_runtime(args, lambda rt: _show(args, rt.review(args.campaign_id)))
    changes = [parse_change(c) for c in args.change]  # a bad one is refused before Ray starts
    return _with_runtime(args, lambda rt: _decide(args, rt, changes))


def _with_runtime(args: argparse.Namespace, work: Any) -> int:
    runtime = open_runtime(args, reads_only=True)
    try:
        return work(runtime)
    finally:
        runtime.shutdown()


def _list(args: argparse.Namespace, rt: Any) -> int:
    status = None if args.status == "all" else args.status
    reviews = rt.reviews(status).reviews
    if args.brief or args.format == "csv":
        emit_list(args.format, reviews, REVIEW_FIELDS, _review_line, "no reviews")
        return EXIT_OK
    # One view per campaign: its latest round (with --status all, earlier rounds of the same
    # campaign are listed too; their decisions show on the latest one).
    campaigns = list(dict.fromkeys(r.campaign_id for r in reviews))
    details = [rt.review(campaign_id) for campaign_id in campaigns]
    if args.format == "json":
        emit_list("json", details, [], _preview, "")
    else:
        emit("\n\n".join(_preview(d) for d in details) if details else "no reviews")
    return EXIT_OK


def _show(args: argparse.Namespace, detail: ReviewDetail) -> int:
    if args.json:
        emit(detail.model_dump_json(indent=2))
        return EXIT_OK
    lines = [*_heading(detail), *_decision(detail), *_strategy(detail.strategy),
             "", f"{plural(len(detail.assets), 'asset')}:"]
    for item in detail.assets:
        lines += ["", *_asset(item.asset, full=True), *_measures(item)]
    emit("\n".join(lines))
    return EXIT_OK


def _review_line(review: Any) -> str:
    return (f"{review.campaign_id}  round {review.round}  {review.status}  "
            f"qc {review.qc_score}  {plural(review.assets, 'asset')}  due {when(review.due_at)}"
            + ("  ESCALATED" if review.escalated_at else ""))


def _preview(detail: ReviewDetail) -> str:
    """A review in a list: its line, then each asset's id, channel and copy."""
    lines = [_heading(detail)[0]]
    for item in detail.assets:
        lines += _asset(item.asset, full=False)
    return "\n".join(lines)


def _heading(detail: ReviewDetail) -> list[str]:
    return [f"{detail.campaign_id}  round {detail.round}  {detail.status}  qc {detail.qc_score}"
            f"  {plural(len(detail.assets), 'asset')}  due {when(detail.due_at)}"
            + ("  ESCALATED" if detail.escalated_at else ""),
            f"  client {detail.client_name}, brand {detail.brand}; requested "
            f"{when(detail.requested_at)}"]


def _decision(detail: ReviewDetail) -> list[str]:
    if detail.decided_at is None:
        return []
    lines = [f"  decided {when(detail.decided_at)} by {detail.reviewer or 'unknown'}"
             + (f": {detail.note}" if detail.note else "")]
    for change in detail.changes:
        target = change.asset_id or "every asset"
        what = f" {change.phrase!r}" if change.phrase else ""
        lines.append(f"    {change.kind.value}{what} on {target}"
                     + (f" ({change.note})" if change.note else ""))
    return lines


def _strategy(summary: StrategySummary | None) -> list[str]:
    if summary is None:
        return ["", "strategy: none on record"]
    channels = ", ".join(f"{c.channel.value} {c.budget_share_pct}%" for c in summary.channels)
    return ["", "strategy:",
            *_wrapped("positioning", summary.positioning), *_wrapped("audience", summary.audience),
            *_wrapped("pillars", "; ".join(summary.pillars)), *_wrapped("channels", channels),
            *_wrapped("call to action", summary.call_to_action)]


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(f"{label}: {text}", WIDTH, initial_indent="  ",
                         subsequent_indent="    ") or [f"  {label}:"]


def _asset(asset: Asset, full: bool) -> list[str]:
    """An asset's id, channel and kind, then its copy: what the audience reads first (`full`:
    every field the platform shows), then the body, each paragraph wrapped and indented."""
    lines = [f"  {asset.asset_id}  {asset.channel.value} {asset.kind}"]
    fields = _fields(asset) if full else _fields(asset)[:1]
    for label, value in fields:
        lines += _paragraph(value, f"{label}: ")
    for n, paragraph in enumerate(asset.body.split("\n")):
        lines += _paragraph(paragraph, "body: " if n == 0 else "")
    return lines


def _fields(asset: Asset) -> list[tuple[str, str]]:
    """The asset's short fields, the one its audience reads first leading: its hook, else
    its subject, title or first headline."""
    named = [("hook", asset.hook), ("subject", asset.subject), ("title", asset.title),
             *((f"headline {i}", h) for i, h in enumerate(asset.headlines, 1)),
             ("preheader", asset.preheader),
             *((f"description {i}", d) for i, d in enumerate(asset.descriptions, 1)),
             ("cta", asset.cta)]
    return [(label, value) for label, value in named if value]


def _paragraph(text: str, label: str) -> list[str]:
    """`text` wrapped under COPY; a label hangs in front of its first line, the rest of the
    lines align with the text after it."""
    hang = COPY + " " * len("body: ")
    first = COPY + label if label else hang
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=hang,
                         break_long_words=False, break_on_hyphens=False) or [""]


def _measures(item: ReviewAsset) -> list[str]:
    return [f"{COPY}[{_measure(m)}]" for m in item.measures]


def _measure(m: AssetMeasure) -> str:
    over = f"  OVER LIMIT by {m.length - m.limit}" if m.over else ""
    return f"{m.field} {m.length}/{m.limit} {m.unit}{over}"


def _decide(args: argparse.Namespace, rt: Any, changes: list[RequestedChange]) -> int:
    decision = {"approve": Decision.APPROVED, "request-changes": Decision.CHANGES_REQUESTED,
                "reject": Decision.REJECTED}[args.action]
    accepted = rt.feedback(args.campaign_id, decision, changes=changes, note=args.note,
                           reviewer=args.reviewer)
    state = None
    if accepted.batch_id:
        view = rt.batch(accepted.batch_id).wait()
        state = next((c for c in view.campaigns if c.campaign_id == args.campaign_id), None)
    emit(json.dumps(_decision_document(accepted, state)) if args.json else
         f"{args.campaign_id}: {state.state} "
         f"{state.outcome or ('awaiting review' if state.awaiting_review else '')}"
         if state else f"{args.campaign_id}: recorded")
    return EXIT_OK


def _decision_document(accepted: Any, state: Any) -> dict[str, Any]:
    """`review approve|request-changes|reject --json`: the decision recorded and where the
    campaign stands once its batch settled again (state, outcome: null when unknown)."""
    return {**accepted.model_dump(mode="json"),
            "state": state.state if state else None,
            "outcome": state.outcome.value if state and state.outcome else None,
            "awaiting_review": bool(state and state.awaiting_review)}


def add_review(sub: Any) -> None:
    """review list|show|approve|request-changes|reject."""
    review = add_command(sub, "review", "client review: list, show, approve, request changes, "
                                        "reject")
    actions = review.add_subparsers(dest="action", required=True)
    listing = add_command(actions, "list", "review rounds with every asset's id, channel and "
                                           "copy (default: pending)", lists=True)
    listing.add_argument("--status", default="pending",
                         choices=["pending", "approved", "changes_requested", "rejected",
                                  "withdrawn", "all"])
    listing.add_argument("--brief", action="store_true", help="one line per round")
    show = add_command(actions, "show", "a campaign's latest review round whole: strategy, "
                                        "assets, lengths against each platform's limits")
    show.add_argument("campaign_id")
    for parser_ in (listing, show):
        parser_.set_defaults(func=cmd_review)
    for name in ("approve", "request-changes", "reject"):
        decide = add_command(actions, name, f"{name} a campaign's open review round")
        decide.add_argument("campaign_id")
        decide.add_argument("--note", default="")
        decide.add_argument("--reviewer", default="client")
        decide.add_argument("--change", action="append", default=[],
                            help="KIND[:ASSET_ID[:PHRASE]] (request-changes; repeatable)")
        decide.set_defaults(func=cmd_review)
