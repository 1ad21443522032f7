"""Faults answer with a short message and an incident id, never with SQL or the values bound
to it (lead emails, phone numbers); the full detail is logged once, under that incident id,
where an operator looks."""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import text

from actors._kernel import Route, StoreConfig
from actors.cam import CamActor
from contracts.cam import GetLead, IngestLeads
from contracts.envelope import ErrorCode, ErrorInfo, ReplyEnvelope
from contracts.supervisor import DeadLetterList, ListDeadLetters
from supervisors.ports import MessagePort, Transport
from tests.support import FakeClock, brief_dict, call, envelope
from tests.unit.lifecycle_harness import Lifecycle

EMAIL, PHONE = "jane.roe@example.com", "+1 555 0100"
LEAD = {"name": "Jane Roe", "email": EMAIL, "company": "Acme", "phone": PHONE}
TWIN = {"name": "Jon Roe", "email": "jon.roe@example.com", "company": "Acme", "phone": PHONE}
SECRETS = (EMAIL, PHONE, "jon.roe", "INSERT", "SELECT", "[SQL", "parameters")
INCIDENT = re.compile(r"\(incident ([0-9a-f]{8})\)$")


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
async def cam(tmp_path):
    actor = FaultyCam(StoreConfig.sqlite_file(tmp_path, "cam"), FakeClock())
    await actor.start()
    yield actor
    await actor.close()


def constrain(db_file, ddl: str) -> None:
    """A rule the module does not know about: its next write breaks it."""
    with closing(sqlite3.connect(db_file)) as db:
        db.execute(ddl)
        db.commit()


async def test_a_failed_store_write_answers_without_sql_or_lead_details(cam, tmp_path, caplog):
    constrain(tmp_path / "cam.db", "CREATE TRIGGER consent BEFORE INSERT ON leads WHEN "
              "NEW.phone IS NOT NULL BEGIN SELECT RAISE(ABORT, 'phone without consent'); END")

    [reply] = await call(cam, envelope(IngestLeads(rows=[LEAD, TWIN], source_name="expo.csv")))

    assert reply.error is not None
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.IO_FAILED, True)
    assert reply.error.message.startswith("cam store: IntegrityError (incident ")
    record = logged_once(caplog, incident_of(reply.error))
    logged = detail(caplog, record)
    assert "INTO leads" in logged and "phone without consent" in logged
    assert EMAIL not in logged and PHONE not in logged  # the engine hides bound values


async def test_a_handler_fault_answers_without_sql_or_lead_details(cam, caplog):
    [reply] = await call(cam, envelope(GetLead(lead_id="l-1")))

    assert reply.error is not None
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.INTERNAL, True)
    assert reply.error.message.startswith("cam: OperationalError (incident ")
    logged = detail(caplog, logged_once(caplog, incident_of(reply.error)))
    assert "no such column: no_such_column" in logged
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


async def test_a_dead_letter_and_its_saga_keep_the_short_message(tmp_path, caplog):
    life = await Lifecycle(tmp_path).start()
    try:
        constrain(tmp_path / "data" / "cam.db", "CREATE TRIGGER frozen BEFORE INSERT ON "
                  "campaigns BEGIN SELECT RAISE(ABORT, 'campaigns are frozen'); END")
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
