from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import run
from tests.factories import SETUP_ENTRIES


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_apply_runs_each_line_and_reports(db: Path, tmp_path: Path) -> None:
    commands = write_lines(
        tmp_path / "night.jsonl",
        "# open the poll, then add a clerk",
        '{"cmd": "poll.open", "args": {}}',
        "",
        '{"cmd": "user.add", "args": {"username": "clerk7", "full_name": "Zoë Ní Bhriain", "role": "reception"}}',
    )
    result = run("apply", "--db", db, "--user", "manager", commands, pin="3333")
    assert result.exit_code == 0, result.output
    assert "applied 2 command(s)" in result.output
    status = json.loads(run("status", "--db", db, "--json").output)
    assert status["poll_state"] == "open"
    assert status["users"] == 10
    assert "Zoë Ní Bhriain" in run("user", "list", "--db", db).output


def test_apply_stops_at_the_first_refusal_with_line_and_reason(db: Path, tmp_path: Path) -> None:
    commands = write_lines(
        tmp_path / "bad.jsonl",
        '{"cmd": "poll.open", "args": {}}',
        '{"cmd": "poll.open", "args": {}}',
        '{"cmd": "poll.close", "args": {}}',
    )
    result = run("apply", "--db", db, "--user", "manager", commands, pin="3333")
    assert result.exit_code == 1
    assert "bad.jsonl line 2: refused: the poll was already opened at" in result.output
    assert "1 command(s) before it were applied" in result.output
    status = json.loads(run("status", "--db", db, "--json").output)
    assert status["poll_state"] == "open"
    assert status["journal_length"] == SETUP_ENTRIES + 3  # sign-in, applied open, refused open


def test_apply_refuses_bad_json_and_journals_it(db: Path, tmp_path: Path) -> None:
    commands = write_lines(tmp_path / "typo.jsonl", '{"cmd": "poll.open", "args": {}', "")
    result = run("apply", "--db", db, "--user", "manager", commands, pin="3333")
    assert result.exit_code == 1
    assert "typo.jsonl line 1: not valid JSON" in result.output
    assert json.loads(run("status", "--db", db, "--json").output)["journal_length"] == SETUP_ENTRIES + 2


def test_apply_with_wrong_pin_or_unknown_user(db: Path, tmp_path: Path) -> None:
    commands = write_lines(tmp_path / "c.jsonl", '{"cmd": "poll.open", "args": {}}')
    wrong = run("apply", "--db", db, "--user", "manager", commands, pin="0000")
    assert wrong.exit_code == 1 and "wrong PIN" in wrong.output
    unknown = run("apply", "--db", db, "--user", "mallory", commands, pin="0000")
    assert unknown.exit_code == 1 and "no user named 'mallory'" in unknown.output
    no_pin = run("apply", "--db", db, "--user", "manager", commands)
    assert no_pin.exit_code == 2 and "set POLLDAY_PIN" in no_pin.output
    assert json.loads(run("status", "--db", db, "--json").output)["poll_state"] == "not_open"


def test_observer_cannot_change_anything(db: Path, tmp_path: Path) -> None:
    commands = write_lines(tmp_path / "c.jsonl", '{"cmd": "poll.open", "args": {}}')
    result = run("apply", "--db", db, "--user", "observer", commands, pin="9999")
    assert result.exit_code == 1 and "may not open the poll" in result.output


def test_verify_export_replay_digest(db: Path, tmp_path: Path) -> None:
    open_and_close = ('{"cmd": "poll.open", "args": {}}', '{"cmd": "poll.close", "args": {}}')
    commands = write_lines(tmp_path / "c.jsonl", *open_and_close)
    assert run("apply", "--db", db, "--user", "manager", commands, pin="3333").exit_code == 0
    verified = run("journal", "verify", "--db", db)
    assert verified.exit_code == 0 and f"journal verified: {SETUP_ENTRIES + 3} entries" in verified.output
    export = tmp_path / "journal.jsonl"
    assert run("journal", "export", "--db", db, "--out", export).exit_code == 0
    assert len(export.read_text().splitlines()) == SETUP_ENTRIES + 3
    replayed = tmp_path / "replayed.db"
    result = run("journal", "replay", export, "--db", replayed)
    assert result.exit_code == 0, result.output
    assert run("digest", "--db", replayed).output == run("digest", "--db", db).output
    assert run("journal", "verify", "--db", replayed).exit_code == 0


def test_verify_names_the_tampered_row(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE journal SET terminal = 'elsewhere' WHERE seq = 1")
    conn.commit()
    conn.close()
    result = run("journal", "verify", "--db", db)
    assert result.exit_code == 1
    assert "journal does NOT verify: journal entry 1: its content does not match its hash" in result.output


def test_replay_of_a_tampered_export_fails_and_leaves_no_database(db: Path, tmp_path: Path) -> None:
    export = tmp_path / "journal.jsonl"
    run("journal", "export", "--db", db, "--out", export)
    entries = [json.loads(line) for line in export.read_text().splitlines()]
    entries[0]["command"] = entries[0]["command"].replace("Harrowden East", "Harrowden West")
    export.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n")
    target = tmp_path / "replayed.db"
    result = run("journal", "replay", export, "--db", target)
    assert result.exit_code == 2
    assert "journal entry 1 replays with a different hash" in result.output
    assert not target.exists()


def test_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01 definitely not sqlite" * 100)
    missing = tmp_path / "none.db"
    for args in (("status", "--db", junk), ("journal", "verify", "--db", junk), ("digest", "--db", missing)):
        result = run(*args)
        assert result.exit_code == 2
        assert result.output.startswith("pollday: ")
        assert "Traceback" not in result.output


def test_user_set_pin_then_sign_in_with_it(db: Path, tmp_path: Path) -> None:
    result = run("user", "set-pin", "--db", db, "--user", "reception", "--as", "manager", pin="3333", new_pin="8080")
    assert result.exit_code == 0, result.output
    bad = run("user", "set-pin", "--db", db, "--user", "reception", "--as", "manager", pin="3333", new_pin="80")
    assert bad.exit_code == 2 and "a PIN has 4 to 12 digits" in bad.output
    commands = write_lines(tmp_path / "c.jsonl", '{"cmd": "poll.open", "args": {}}')
    assert "wrong PIN" in run("apply", "--db", db, "--user", "reception", commands, pin="6666").output
    refused = run("apply", "--db", db, "--user", "reception", commands, pin="8080")
    assert "may not open the poll" in refused.output  # signed in with the new PIN; reception cannot open the poll
