"""Faults answer with a short message and an incident id, never with SQL or the values bound
to it (lead emails, phone numbers); the full detail is logged once, under that incident id,
where an operator looks."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from actors._kernel import Route
from actors.cam import CamActor
from contracts.cam import GetLead, IngestLeads
from contracts.dead_letters import DeadLetterList, ListDeadLetters
from contracts.envelope import ErrorCode, ErrorInfo, ReplyEnvelope
from supervisors.ports import MessagePort, Transport
from tests.stores import Store, query
from tests.support import brief_dict, call, envelope
from tests.unit.lifecycle_harness import Lifecycle

EMAIL, PHONE = "jane.roe@example.com", "+1 555 0100"
LEAD = {"name": "Jane Roe", "email": EMAIL, "company": "Acme", "phone": PHONE}
TWIN = {"name": "Jon Roe", "email": "jon.roe@example.com", "company": "Acme", "phone": PHONE}
SECRETS = (EMAIL, PHONE, "jon.roe", "INSERT", "SELECT", "[SQL", "parameters")
INCIDENT = re.compile(r"\(incident ([0-9a-f]{8})\)$")
# What each store's driver raises, and says, for FaultyCam's broken lookup.
BROKEN_LOOKUP = {"sqlite": ("OperationalError", "no such column: no_such_column"),
                 "postgres": ("ProgrammingError", 'column "no_such_column" does not exist')}

pytestmark = pytest.mark.usefixtures("each_store")


def incident_of(error: ErrorInfo | None) -> str:
    assert error is not None
    assert not [s for s in SECRETS if s in error.message], error.message
    found = INCIDENT.search(error.message)
    assert found, error.message
    return found.group(1)


def logged_once(caplog: pytest.LogCaptureFixture, incident: str) -> logging.LogRecord:
    """The one record that carries the incident's full detail (its traceback)."""
    [record] = [r for r in caplog.records if incident in r.getMessage()]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    return record


def detail(caplog: pytest.LogCaptureFixture, record: logging.LogRecord) -> str:
    return caplog.handler.formatter.format(record)  # message and traceback, as logged


class FaultyCam(CamActor):
    """A cam actor whose lead lookup runs a broken query with the lead's contact details
    bound to it: the kind of bug a handler ships with."""

    def routes(self) -> list[Route]:
        return [Route(GetLead, self._broken_lookup, is_query=True),
                *(r for r in super().routes() if r.model is not GetLead)]

    async def _broken_lookup(self, tx, query, envelope):
        await tx.conn.execute(text("SELECT * FROM leads WHERE email = :email AND phone = "
                                   ":phone AND no_such_column = 1"),
                              {"email": EMAIL, "phone": PHONE})


@pytest.fixture
async def cam(started_actor):
    return await started_actor(FaultyCam, "cam")


def constrain(store: Store, data_dir, table: str, when: str, refusal: str) -> None:
    """A rule the module does not know about: an insert into the cam store's `table` of a
    row that makes `when` true is refused with `refusal`, as a constraint (IntegrityError)."""
    if store.kind == "sqlite":
        query(data_dir, "cam", f"CREATE TRIGGER refuse BEFORE INSERT ON {table} WHEN {when} "
                               f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END")
        return
    query(data_dir, "cam", f"CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
                           f"BEGIN RAISE EXCEPTION '{refusal}' USING ERRCODE = "
                           f"'check_violation'; END $$")
    query(data_dir, "cam", f"CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW "
                           f"WHEN ({when}) EXECUTE FUNCTION refuse()")


async def test_a_failed_store_write_answers_without_sql_or_lead_details(cam, tmp_path, caplog,
                                                                        each_store):
    constrain(each_store, tmp_path, "leads", "NEW.phone IS NOT NULL", "phone without consent")

    [reply] = await call(cam, envelope(IngestLeads(rows=[LEAD, TWIN], source_name="expo.csv")))

    assert reply.error is not None
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.IO_FAILED, True)
    assert reply.error.message.startswith("cam store: IntegrityError (incident ")
    record = logged_once(caplog, incident_of(reply.error))
    logged = detail(caplog, record)
    assert "INTO leads" in logged and "phone without consent" in logged
    assert EMAIL not in logged and PHONE not in logged  # the engine hides bound values


async def test_a_handler_fault_answers_without_sql_or_lead_details(cam, caplog, each_store):
    error_class, says = BROKEN_LOOKUP[each_store.kind]
    [reply] = await call(cam, envelope(GetLead(lead_id="l-1")))

    assert reply.error is not None
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.INTERNAL, True)
    assert reply.error.message.startswith(f"cam: {error_class} (incident ")
    logged = detail(caplog, logged_once(caplog, incident_of(reply.error)))
    assert says in logged
    assert EMAIL not in logged and PHONE not in logged


class LeakyTransport(Transport):
    """The receiver's process failed, and the error that comes back quotes its database."""

    async def call(self, destination: str, frame: bytes) -> bytes:
        raise ConnectionError(f"actor died\n[SQL: INSERT INTO leads (email, phone) VALUES "
                              f"(?, ?)]\n[parameters: ('{EMAIL}', '{PHONE}')]")


async def test_a_transport_fault_answers_its_first_line_and_an_incident(caplog):
    port = MessagePort(LeakyTransport())
    sent = envelope(GetLead(lead_id="l-1"))

    reply: ReplyEnvelope = await port.send("cam", sent, sent.sent_at)

    assert reply.error is not None
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.UNAVAILABLE, True)
    assert reply.error.message.startswith("cam unavailable: ConnectionError: actor died (incident ")
    logged_once(caplog, incident_of(reply.error))


async def test_a_dead_letter_and_its_saga_keep_the_short_message(tmp_path, caplog, each_store):
    life = await Lifecycle(tmp_path).start()
    try:
        constrain(each_store, tmp_path / "data", "campaigns", "TRUE", "campaigns are frozen")
        await life.submit("b", review="auto", briefs=[brief_dict(client_name=f"Jane {EMAIL}")])
        view = await life.settled("b")
        [letter] = (await life.ask(ListDeadLetters(), DeadLetterList)).letters
    finally:
        await life.close()
    [(step_error,)] = life.rows("supervisor", "SELECT error FROM saga_steps WHERE step = ?",
                                "register")

    assert view.counts == {"dead_letter": 1}
    for message in (letter.error, step_error):
        assert "register: io_failed: cam store: IntegrityError (incident " in message
        assert not [s for s in SECRETS if s in message], message


async def test_a_handler_whose_sql_fails_leaves_the_rest_of_its_frame_to_commit(cam, tmp_path,
                                                                                 each_store):
    """PostgreSQL aborts the whole transaction at a failed statement; SQLite carries on. On
    both, only the failing message is answered with the fault."""
    broken = envelope(GetLead(lead_id="l-1"))
    good = envelope(IngestLeads(rows=[{**LEAD, "phone": None}], source_name="expo.csv"))

    [first, second] = await call(cam, broken, good)

    assert first.error is not None and first.error.code == ErrorCode.INTERNAL
    assert second.ok, second.error
    assert query(tmp_path, "cam", "SELECT email FROM leads") == [(EMAIL,)]
