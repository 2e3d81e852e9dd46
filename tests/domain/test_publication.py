from __future__ import annotations

import json

from pollday.domain.publication import withheld_because


def text(command_name: str, **args: object) -> str:
    return json.dumps({"cmd": command_name, "args": args})


def test_what_a_public_journal_withholds() -> None:
    assert withheld_because(text("user.set_pin", username="ro", pin_hash="scrypt$..."), ()) == "credential"
    assert withheld_because(text("user.add", username="x", full_name="X", role="reception", pin_hash="s"), ()) \
        == "credential"
    assert withheld_because(text("user.add", username="x", full_name="X", role="reception"), ()) == ""
    assert withheld_because(text("postal.check_pvs", ballot_number="1234", dob="01/02/1960"), ()) == "personal data"
    assert withheld_because(text("postal.open_session", name="Session 1"), ()) == ""
    table = text("count.record_table", contest_id="parl.x.2026-05-07", table_id="T1")
    assert withheld_because(table, ()) == "figures not yet declared"
    assert withheld_because(table, {"parl.x.2026-05-07"}) == ""
    assert withheld_because(text("box.check_in", box_id="1", delivered_by="PO"), ()) == ""
    assert withheld_because(text("incident.open", category="opening", description="late",
                                 reporter_name="A. Voter", reporter_phone="07700 900123"), ()) == "personal data"
    assert withheld_because(text("incident.open", category="opening", description="late"), ()) == ""
    assert withheld_because(text("voter_id.tally", station_id="1", vac_used=2), ()) == ""
    assert withheld_because('"not a command"', ()) == "unreadable command"
