from __future__ import annotations

from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.services.audit import AuditKind, audit_lines
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService, SignInRefused
from tests.factories import POLL_OPENS, small_election


def test_audit_lines_classify_and_filter(tmp_path: Path) -> None:
    service = ElectionService.create(tmp_path / "count.db", small_election(), ElectionMode.OFFICIAL,
                                     clock=ManualClock(POLL_OPENS))
    manager = service.sign_in("manager", "3333")
    with pytest.raises(SignInRefused):
        service.sign_in("ro", "0000")
    service.execute(manager, {"cmd": "poll.open", "args": {}})
    service.execute(service.session_for("observer"), {"cmd": "poll.close", "args": {}})
    service.execute(manager, {"cmd": "user.deactivate", "args": {"username": "assistant", "reason": "went home"}})
    refused = audit_lines(service, [AuditKind.REFUSED])
    assert [(line.actor, line.command) for line in refused] == [("observer", "poll.close")]
    assert "may not close the poll" in refused[0].detail
    corrections = audit_lines(service, [AuditKind.CORRECTION])
    assert [line.command for line in corrections] == ["user.deactivate"]
    assert "reason=went home" in corrections[0].detail
    sign_ins = audit_lines(service, [AuditKind.SIGN_IN])
    assert {line.command for line in sign_ins} == {"auth.sign_in", "auth.pin_rejected"}
    everything = audit_lines(service)
    assert everything[0].seq > everything[-1].seq
    assert not any("scrypt$" in line.detail for line in everything)
    assert [line.actor for line in audit_lines(service, actor="observer")] == ["observer"]
    assert [line.command for line in audit_lines(service, text="went home")] == ["user.deactivate"]
