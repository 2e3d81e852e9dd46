"""Scanner profiles: every shipped one loads, and every mistake names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pollday.devices.profiles import (
    Connection,
    Parity,
    ProfileError,
    Terminator,
    available_profiles,
    find_profile,
    load_profile,
)

REPO_SCANNERS = Path(__file__).resolve().parents[2] / "scanners"
SHIPPED = sorted(REPO_SCANNERS.glob("*.toml"))
GOOD = """\
name = "zebra"
connection = "serial"
port = "/dev/ttyACM0"
baud = 9600
"""


def write_profile(folder: Path, name: str, text: str) -> Path:
    (folder / "scanners").mkdir(exist_ok=True)
    path = folder / "scanners" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, name: str = "zebra") -> list[str]:
    monkeypatch.chdir(tmp_path)
    path = write_profile(tmp_path, name, text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return str(caught.value).splitlines()


def test_the_expected_profiles_ship() -> None:
    names = {path.stem for path in SHIPPED}
    assert {"generic", "simulated", "keyboard-wedge", "honeywell-xenon", "zebra-ds2208",
            "datalogic-quickscan"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_profile_loads(path: Path) -> None:
    profile = load_profile(path)
    assert profile.name == path.stem
    assert profile.description
    assert profile == find_profile(profile.name, [REPO_SCANNERS])
    if profile.connection == Connection.KEYBOARD_WEDGE:
        assert profile.port == "" and profile.min_length >= 8
    assert profile.max_frame_length >= 64


def test_model_profiles_carry_their_factory_framing() -> None:
    honeywell = find_profile("honeywell-xenon", [REPO_SCANNERS])
    assert (honeywell.baud, honeywell.data_bits, honeywell.parity, honeywell.stop_bits) == (115200, 8, Parity.NONE, 1)
    assert honeywell.terminator == Terminator.CRLF
    assert find_profile("datalogic-quickscan", [REPO_SCANNERS]).terminator == Terminator.CR
    assert find_profile("simulated", [REPO_SCANNERS]).port == "loop://"
    assert find_profile("generic", [REPO_SCANNERS]).port == ""


def test_a_good_file_with_defaults(tmp_path: Path) -> None:
    profile = load_profile(write_profile(tmp_path, "zebra", GOOD + 'prefix = "\\u001d"\nsymbologies = ["QR Code"]\n'))
    assert profile.prefix == b"\x1d" and profile.symbologies == ("QR Code",)
    assert (profile.terminator, profile.stx_start, profile.good_read_delay_ms) == (Terminator.CR, False, 500)
    assert profile.source == (tmp_path / "scanners" / "zebra.toml").resolve()


def test_error_names_the_file_and_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems(tmp_path, monkeypatch, GOOD.replace("9600", '"fast"')) == [
        "scanners/zebra.toml: baud: 'fast' is not a whole number"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = GOOD + 'parity = "mark"\nstop_bits = 3\nspeeed = 1\nstx_start = "yes"\ndata_bits = true\n'
    found = problems(tmp_path, monkeypatch, text)
    assert found[0].startswith("scanners/zebra.toml: speeed: unknown key (")
    assert found[1:] == [
        "scanners/zebra.toml: data_bits: True is not one of 7, 8",
        "scanners/zebra.toml: parity: 'mark' is not one of none, even, odd",
        "scanners/zebra.toml: stop_bits: 3 is not one of 1, 1.5, 2",
        "scanners/zebra.toml: stx_start: 'yes' is not true or false",
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("baudrate = 9600\n", "scanners/zebra.toml: baudrate: unknown key (did you mean 'baud'?)"),
        ("colour = 1\n", "scanners/zebra.toml: colour: unknown key (known keys: name, description,"),
        ("max_frame_length = 4\n", "scanners/zebra.toml: max_frame_length: 4 is not between 8 and 8192"),
        ("good_read_delay_ms = -1\n", "scanners/zebra.toml: good_read_delay_ms: -1 is not between 0 and 10000"),
        ('terminator = "EOT"\n', "scanners/zebra.toml: terminator: 'EOT' is not one of CR, LF, CRLF, TAB, ETX"),
        ('symbologies = "QR"\n', "scanners/zebra.toml: symbologies: 'QR' is not a list of names"),
        ('url = "loop://"\n', "scanners/zebra.toml: url: give either port or url, not both"),
        ('suffix = "\\r"\n', "scanners/zebra.toml: suffix: contains a framing character"),
        ('prefix = "' + "x" * 21 + '"\n', "scanners/zebra.toml: prefix: '" + "x" * 21 + "' is longer than 20"),
        ('connection = "usb"\n', "scanners/zebra.toml: connection: 'usb' is not one of serial, keyboard-wedge"),
    ],
)
def test_each_kind_of_mistake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, expected: str) -> None:
    connection = "" if extra.startswith("connection") else 'connection = "serial"\n'
    text = GOOD.replace('connection = "serial"\n', connection) + extra
    found = problems(tmp_path, monkeypatch, text)
    assert any(line.startswith(expected) for line in found), found


def test_baud_must_be_a_standard_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [line] = problems(tmp_path, monkeypatch, GOOD.replace("9600", "96000"))
    assert line.startswith("scanners/zebra.toml: baud: 96000 is not a standard baud rate (1200, 2400,")


def test_missing_keys_and_bad_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems(tmp_path, monkeypatch, "baud = 9600\n") == [
        "scanners/zebra.toml: name: missing: every profile needs one",
        "scanners/zebra.toml: connection: missing: every profile needs one",
    ]
    [line] = problems(tmp_path, monkeypatch, "name = zebra\n")
    assert line.startswith("scanners/zebra.toml: is not valid TOML: ")


def test_name_must_match_the_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems(tmp_path, monkeypatch, GOOD, name="zebra-desk2") == [
        "scanners/zebra-desk2.toml: name: 'zebra' differs from the file name 'zebra-desk2.toml'; make them the "
        "same so that --profile zebra-desk2 finds this file"
    ]


def test_keyboard_wedge_has_no_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [line] = problems(tmp_path, monkeypatch, GOOD.replace('"serial"', '"keyboard-wedge"'))
    assert line.startswith("scanners/zebra.toml: port: a keyboard-wedge scanner types into the pollday screen")


def test_find_profile_prefers_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_profile(tmp_path, "generic", 'name = "generic"\nconnection = "serial"\ndescription = "ours"\n')
    assert find_profile("generic").description == "ours"
    assert find_profile("zebra-ds2208").source == (REPO_SCANNERS / "zebra-ds2208.toml").resolve()
    assert {"generic", "zebra-ds2208"} <= set(available_profiles())
    assert available_profiles()["generic"] == tmp_path / "scanners" / "generic.toml"


def test_find_profile_explains_what_exists(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"no scanner profile named 'nope' \(looked in .*generic"):
        find_profile("nope", [REPO_SCANNERS])
    with pytest.raises(ProfileError, match="is not a profile name"):
        find_profile("../../etc/passwd", [REPO_SCANNERS])
