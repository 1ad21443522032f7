"""`aicmo leads | review | invoices | pay | followups | report`: the client lifecycle.

Lists are answered by the owning module from its own data; decisions go through the
supervisor, which wakes the campaign's saga. In embedded mode (no --address) a review
decision waits until the campaign's batch is settled again before Ray stops, so the work
it starts is done, not merely resumed next time.
"""

from __future__ import annotations

import argparse
import csv
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cli_common import (
    EXIT_OK,
    InputError,
    emit,
    open_runtime,
    review_options,
    review_settings,
    runtime_options,
)
from contracts.client_review import ChangeKind, Decision, RequestedChange


def read_leads(path: Path) -> list[dict[str, Any]]:
    """Rows of a .csv (with a header) or .jsonl lead file, as the file has them: cam
    validates each row and reports the bad ones."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix.lower() == ".csv":
        rows = [dict(row) for row in csv.DictReader(text.splitlines())]
    else:
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    if not rows:
        raise InputError(f"{path} holds no leads")
    return rows


def parse_change(text: str) -> RequestedChange:
    """KIND[:ASSET_ID[:PHRASE]], e.g. new_hook:a-3 or remove_phrase::world-class."""
    kind, _, rest = text.partition(":")
    asset_id, _, phrase = rest.partition(":")
    try:
        return RequestedChange(kind=ChangeKind(kind), asset_id=asset_id or None,
                               phrase=phrase or None)
    except ValueError as exc:
        kinds = ", ".join(k.value for k in ChangeKind)
        raise InputError(f"--change {text!r}: expected KIND[:ASSET_ID[:PHRASE]] with KIND one "
                         f"of {kinds} ({exc})") from exc


def _show(args: argparse.Namespace, model: Any, lines: list[str]) -> int:
    emit(model.model_dump_json(indent=2) if args.json else "\n".join(lines))
    return EXIT_OK


def _with_runtime(args: argparse.Namespace, work: Any) -> int:
    runtime = open_runtime(args)
    try:
        return work(runtime)
    finally:
        runtime.shutdown()


def cmd_leads(args: argparse.Namespace) -> int:
    if args.action == "import":
        rows = read_leads(Path(args.file))
        return _with_runtime(args, lambda rt: _show(args, r := rt.import_leads(
            rows, Path(args.file).name), [
            f"{len(r.accepted)} accepted, {len(r.duplicates)} duplicate(s), "
            f"{len(r.invalid)} invalid",
            *(f"  row {i.index + 1}: {'; '.join(i.problems)}" for i in r.invalid),
            *(f"  row {d.index + 1}: duplicate of {d.email}" for d in r.duplicates)]))
    return _with_runtime(args, lambda rt: _show(args, r := rt.leads(args.grade, args.limit), [
        f"{lead.grade}  {lead.score:.3f}  {lead.email:<32} {lead.company}  {lead.status}"
        for lead in r.leads] or ["no leads"]))


def cmd_close(args: argparse.Namespace) -> int:
    brief = None
    if args.brief:
        try:
            brief = json.loads(Path(args.brief).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the brief {args.brief}: {exc}") from exc
    try:
        fee = Decimal(args.fee)
    except InvalidOperation as exc:
        raise InputError(f"--fee {args.fee!r} is not an amount") from exc

    def close(rt: Any) -> int:
        done = rt.sign_client(args.lead_id, args.deal_id, contract_months=args.months,
                              monthly_fee=fee, currency=args.currency, brief=brief,
                              campaign_id=args.campaign_id, out_dir=args.out,
                              review=review_settings(args))
        if done.batch_id:
            rt.batch(done.batch_id).wait()
        return _show(args, done, [
            f"signed {done.signed.client_name} ({done.signed.client_id}) until "
            f"{done.signed.contract_end}",
            f"first campaign: batch {done.batch_id}" if done.batch_id else "no brief yet"])
    return _with_runtime(args, close)


def cmd_review(args: argparse.Namespace) -> int:
    if args.action == "list":
        status = None if args.status == "all" else args.status
        return _with_runtime(args, lambda rt: _show(args, r := rt.reviews(status), [
            f"{v.campaign_id}  round {v.round}  {v.status}  qc {v.qc_score}  "
            f"{v.assets} assets  due {v.due_at:%Y-%m-%d %H:%M}"
            + ("  ESCALATED" if v.escalated_at else "") for v in r.reviews] or ["no reviews"]))
    decision = {"approve": Decision.APPROVED, "request-changes": Decision.CHANGES_REQUESTED,
                "reject": Decision.REJECTED}[args.action]
    changes = [parse_change(c) for c in args.change]

    def decide(rt: Any) -> int:
        accepted = rt.feedback(args.campaign_id, decision, changes=changes, note=args.note,
                               reviewer=args.reviewer)
        if accepted.batch_id:
            view = rt.batch(accepted.batch_id).wait()
            state = next((c for c in view.campaigns if c.campaign_id == args.campaign_id), None)
            emit(f"{args.campaign_id}: {state.state} "
                 f"{state.outcome or ('awaiting review' if state.awaiting_review else '')}"
                 if state else f"{args.campaign_id}: recorded")
        return EXIT_OK
    return _with_runtime(args, decide)


def cmd_invoices(args: argparse.Namespace) -> int:
    return _with_runtime(args, lambda rt: _show(args, r := rt.invoices(args.status), [
        f"{i.number}  {i.status:<8} {i.currency} {i.total:>12}  balance {i.balance:>12}  "
        f"due {i.due_on}  {i.client_name} ({i.campaign_id})" for i in r.invoices]
        or ["no invoices"]))


def cmd_pay(args: argparse.Namespace) -> int:
    try:
        amount = Decimal(args.amount)
        received_on = date.fromisoformat(args.on) if args.on else date.today()
    except (InvalidOperation, ValueError) as exc:
        raise InputError(f"pay: {exc}") from exc
    return _with_runtime(args, lambda rt: _show(args, r := rt.record_payment(
        args.invoice_id, amount, args.currency, received_on=received_on,
        payment_id=args.payment_id), [
        f"{r.invoice.number}: {'recorded' if r.applied else 'already recorded'}; "
        f"paid {r.invoice.amount_paid} of {r.invoice.total} {r.invoice.currency}, "
        f"balance {r.invoice.balance}, {r.invoice.status}"]))


def cmd_followups(args: argparse.Namespace) -> int:
    due_by = date.fromisoformat(args.by) if args.by else date.today()
    return _with_runtime(args, lambda rt: _show(args, r := rt.follow_ups(due_by), [
        f"{f.due_on}  {f.kind:<18} {f.client_id}  {f.note}" for f in r.follow_ups]
        or [f"nothing due by {due_by}"]))


def cmd_report(args: argparse.Namespace) -> int:
    return _with_runtime(args, lambda rt: _show(args, r := rt.report(args.batch_id, args.out), [
        f"report for {r.batch_id} ({r.campaigns} campaigns):", f"  {r.html_path}",
        f"  {r.json_path}"]))


def add_lifecycle(sub: Any) -> None:
    leads = sub.add_parser("leads", help="import, list and close leads")
    actions = leads.add_subparsers(dest="action", required=True)
    load = actions.add_parser("import", help="ingest a .csv or .jsonl lead file")
    load.add_argument("file")
    listing = actions.add_parser("list", help="leads by score")
    listing.add_argument("--grade", choices=["A", "B", "C", "D"])
    listing.add_argument("--limit", type=int, default=100)
    close = actions.add_parser("close", help="close a lead's deal (and start its campaign)")
    close.add_argument("lead_id")
    close.add_argument("--deal-id", required=True)
    close.add_argument("--months", type=int, default=12, help="contract length")
    close.add_argument("--fee", required=True, help="monthly fee, e.g. 4500.00")
    close.add_argument("--currency", default="USD")
    close.add_argument("--brief", help="a JSON brief: the client's first campaign")
    close.add_argument("--campaign-id")
    close.add_argument("--out", default="packs")
    review_options(close)
    for parser_ in (load, listing, close):
        runtime_options(parser_)
    load.set_defaults(func=cmd_leads)
    listing.set_defaults(func=cmd_leads)
    close.set_defaults(func=cmd_close)
    _add_review(sub)
    invoices = sub.add_parser("invoices", help="invoices, by status")
    invoices.add_argument("--status", choices=["draft", "sent", "paid", "overdue", "void"])
    pay = sub.add_parser("pay", help="record a payment against an invoice (idempotent)")
    pay.add_argument("invoice_id")
    pay.add_argument("amount")
    pay.add_argument("currency")
    pay.add_argument("--on", help="date received (default: today)")
    pay.add_argument("--payment-id", help="default: derived from the payment's facts")
    followups = sub.add_parser("followups", help="retention follow-ups")
    followups.add_argument("when", choices=["due"])
    followups.add_argument("--by", help="due on or before this date (default: today)")
    report = sub.add_parser("report", help="write a batch's HTML report and its JSON twin")
    report.add_argument("batch_id")
    report.add_argument("--out", default="reports")
    for parser_, func in ((invoices, cmd_invoices), (pay, cmd_pay),
                          (followups, cmd_followups), (report, cmd_report)):
        runtime_options(parser_)
        parser_.set_defaults(func=func)


def _add_review(sub: Any) -> None:
    review = sub.add_parser("review", help="client review: list, approve, request changes, "
                                           "reject")
    actions = review.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="review rounds (default: pending)")
    listing.add_argument("--status", default="pending",
                         choices=["pending", "approved", "changes_requested", "rejected",
                                  "withdrawn", "all"])
    runtime_options(listing)
    listing.set_defaults(func=cmd_review)
    for name in ("approve", "request-changes", "reject"):
        decide = actions.add_parser(name, help=f"{name} a campaign's open review round")
        decide.add_argument("campaign_id")
        decide.add_argument("--note", default="")
        decide.add_argument("--reviewer", default="client")
        decide.add_argument("--change", action="append", default=[],
                            help="KIND[:ASSET_ID[:PHRASE]] (request-changes; repeatable)")
        runtime_options(decide)
        decide.set_defaults(func=cmd_review)
