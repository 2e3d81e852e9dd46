from dataclasses import replace
from datetime import timedelta

import pytest

from pollday.domain.commands import COMMANDS, CommandFormatError, parse_command
from pollday.domain.pins import FREE_ATTEMPTS
from pollday.domain.roles import Role
from pollday.domain.state import state_digest
from tests.domain.helpers import Harness
from tests.factories import pin_hash_for_tests, small_election


def cmd(name: str, **args: object) -> dict[str, object]:
    return {"cmd": name, "args": args}


def test_every_registered_command_has_name_summary_and_round_trips() -> None:
    assert len(COMMANDS) >= 10
    for name, cls in COMMANDS.items():
        assert cls.name == name and cls.summary
    command = parse_command(cmd("user.add", username="a1", full_name="A One", role="reception"))
    assert parse_command(command.to_json()) == command


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("poll.open", 'a command is a JSON object {"cmd": "<name>", "args": {...}}'),
        ({"cmd": "poll.explode", "args": {}}, "unknown command 'poll.explode'"),
        ({"cmd": "user.add", "args": []}, "user.add: 'args' must be a JSON object"),
        (cmd("user.add", username="x", full_name="X"), "user.add: missing argument 'role'"),
        (cmd("user.add", username="x", full_name="X", role="boss"), "user.add.role: 'boss' is not one of"),
        (cmd("user.add", username=7, full_name="X", role="reception"), "user.add.username: expected str, got int 7"),
        (cmd("poll.open", force=True), "poll.open: unknown argument(s) force"),
        (cmd("user.add", username="x", full_name="X", role="deputy_ro", powers="all"),
         "user.add.powers: expected a list"),
        (cmd("count.record_table", contest_id="c", table_id="T1", papers_given=1, votes={"a": float("nan")}),
         "count.record_table.votes.a: nan is not a number pollday can record"),
        (cmd("count.record_table", contest_id="c", table_id="T1", papers_given=1, votes={"a": float("inf")}),
         "inf is not a number pollday can record"),
    ],
)
def test_malformed_commands_are_refused_with_the_reason(raw: object, message: str) -> None:
    with pytest.raises(CommandFormatError) as caught:
        parse_command(raw)
    assert message in caught.value.reason


def test_election_is_defined_once_and_only_by_setup() -> None:
    harness = Harness()
    again = harness.run_as("pollday-init", cmd("election.define", definition=small_election().to_json(),
                                                 mode="official"), role=Role.SYSTEM)
    assert not again.applied and "already holds election 'harrowden-test'" in again.reason
    by_user = harness.run_as("ro", cmd("election.define", definition={}, mode="official"))
    assert not by_user.applied and "only by 'pollday init'" in by_user.reason


def test_invalid_definition_is_refused_listing_its_problems() -> None:
    broken = replace(small_election(), contests=())
    harness = Harness(define=False)
    decision = harness.run_as("pollday-init", cmd("election.define", definition=broken.to_json(), mode="official"),
                              role=Role.SYSTEM)
    assert not decision.applied
    assert "there are no contests" in decision.reason
    assert harness.state.rows("election") == []


def test_poll_opens_and_closes_once_in_order() -> None:
    harness = Harness()
    assert not harness.run_as("manager", cmd("poll.close")).applied
    assert harness.run_as("manager", cmd("poll.open")).applied
    assert [c["stage"] for c in harness.state.rows("contests")] == ["polling"]
    second = harness.run_as("manager", cmd("poll.open"))
    assert not second.applied and "already opened at 07:00" in second.reason  # shown in UK time (BST)
    assert harness.run_as("manager", cmd("poll.close")).applied
    assert harness.state.rows("election")[0]["poll_state"] == "closed"


def test_permissions_are_enforced_by_role() -> None:
    harness = Harness()
    refused = harness.run_as("observer", cmd("poll.open"))
    assert not refused.applied
    assert "may not open the poll" in refused.reason and "'run_election' permission" in refused.reason
    assert not harness.run_as("reception", cmd("user.add", username="x1", full_name="X", role="reception")).applied
    unknown = harness.run_as("nobody", cmd("poll.open"))
    assert not unknown.applied and "no user named 'nobody'" in unknown.reason


def test_only_the_ro_appoints_statutory_roles() -> None:
    harness = Harness()
    by_manager = harness.run_as("manager", cmd("user.add", username="d2", full_name="Dee Two", role="deputy_ro",
                                               powers=["declaration"]))
    assert not by_manager.applied and "only the Returning Officer may appoint" in by_manager.reason
    assert harness.run_as("ro", cmd("user.add", username="d2", full_name="Dee Two", role="deputy_ro",
                                    powers=["declaration"])).applied
    powers = harness.run_as("ro", cmd("user.add", username="c1", full_name="C", role="reception", powers=["recount"]))
    assert not powers.applied and "only a deputy returning officer holds written powers" in powers.reason
    system = harness.run_as("ro", cmd("user.add", username="s1", full_name="S", role="system"))
    assert not system.applied and "reserved" in system.reason


def test_the_last_ro_cannot_be_removed_or_demoted() -> None:
    harness = Harness()
    demote = harness.run_as("ro", cmd("user.change_role", username="ro", role="observer"))
    assert not demote.applied and "only active Returning Officer" in demote.reason
    second_ro = cmd("user.add", username="ro2", full_name="Second RO", role="returning_officer")
    assert harness.run_as("ro", second_ro).applied
    assert harness.run_as("ro2", cmd("user.change_role", username="ro", role="observer")).applied


def test_deactivation_needs_a_reason_and_blocks_the_account() -> None:
    harness = Harness()
    assert "give a reason" in harness.run_as("manager", cmd("user.deactivate", username="assistant", reason=" ")).reason
    assert harness.run_as("manager", cmd("user.deactivate", username="assistant", reason="left early")).applied
    refused = harness.run_as("assistant", cmd("auth.sign_in", username="assistant"))
    assert not refused.applied and "deactivated" in refused.reason
    assert harness.run_as("manager", cmd("user.reactivate", username="assistant")).applied
    assert not harness.run_as("manager", cmd("user.deactivate", username="manager", reason="x")).applied


def test_users_change_their_own_pin_but_not_others() -> None:
    harness = Harness()
    new_hash = pin_hash_for_tests("4242")
    assert harness.run_as("assistant", cmd("user.set_pin", username="assistant", pin_hash=new_hash)).applied
    assert not harness.run_as("assistant", cmd("user.set_pin", username="reception", pin_hash=new_hash)).applied
    ro_reset = harness.run_as("manager", cmd("user.set_pin", username="ro", pin_hash=new_hash))
    assert not ro_reset.applied and "only the Returning Officer may reset" in ro_reset.reason
    plain = harness.run_as("manager", cmd("user.set_pin", username="reception", pin_hash="4242"))
    assert not plain.applied and "must arrive hashed" in plain.reason


def test_wrong_pins_lock_the_account_with_growing_delays() -> None:
    harness = Harness()
    for _ in range(FREE_ATTEMPTS):
        assert harness.run_as("reception", cmd("auth.pin_rejected", username="reception")).applied
    assert harness.state.get("users", ("reception",))["locked_until"] is None
    assert harness.run_as("reception", cmd("auth.pin_rejected", username="reception")).applied
    user = harness.state.get("users", ("reception",))
    assert user["failed_pins"] == FREE_ATTEMPTS + 1 and user["locked_until"] is not None
    locked = harness.run_as("reception", cmd("auth.sign_in", username="reception"))
    assert not locked.applied and "locked after 4 wrong PINs until" in locked.reason
    harness.now += timedelta(seconds=31)
    assert harness.run_as("reception", cmd("auth.sign_in", username="reception")).applied
    assert harness.state.get("users", ("reception",))["failed_pins"] == 0


def test_a_sign_in_is_recorded_only_for_the_person_signing_in() -> None:
    harness = Harness()
    refused = harness.run_as("manager", cmd("auth.sign_in", username="ro"))
    assert not refused.applied and "only for the person signing in" in refused.reason


def test_refused_commands_change_nothing() -> None:
    harness = Harness()
    before = state_digest(harness.state.all_rows())
    for raw in [cmd("poll.close"), cmd("user.add", username="ro", full_name="Dup", role="observer"), "garbage",
                cmd("user.reactivate", username="ro")]:
        assert not harness.run_as("manager", raw).applied
    assert state_digest(harness.state.all_rows()) == before


def test_sign_out_is_journaled_for_oneself_only() -> None:
    harness = Harness()
    assert harness.run_as("reception", cmd("auth.sign_out", username="reception")).applied
    assert not harness.run_as("reception", cmd("auth.sign_out", username="ro")).applied
