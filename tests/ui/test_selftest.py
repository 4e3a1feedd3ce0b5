"""The self-test: every check passes here, and a failure shows as a FAIL line and exit status 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ensure_browser.ui import selftest
from ensure_browser.ui.selftest import Check, CheckFailed, run_checks, run_self_test


def test_every_check_passes_offscreen(qtbot: QtBot) -> None:
    out = io.StringIO()
    outcomes = run_checks(selftest.CHECKS, out)
    lines = out.getvalue().splitlines()
    assert [o.name for o in outcomes] == [c.name for c in selftest.CHECKS]
    assert len(lines) == len(selftest.CHECKS)
    failed = [line for o, line in zip(outcomes, lines, strict=True) if o.required and not o.ok]
    assert not failed, failed
    by_name = {o.name: o for o in outcomes}
    assert "QtPdf rendered page 1" in by_name["pdf"].detail
    assert "QSvgIconPlugin" in by_name["svg icon"].detail
    assert "audio.mp3" in by_name["media"].detail and "chunk_0.webm" in by_name["media"].detail
    assert "SecretService" in by_name["keyring"].detail  # discovered through keyring's entry points


def _fail(message: str) -> str:
    raise CheckFailed(message)


def test_a_failed_required_check_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "CHECKS", (
        Check("fine", lambda: "all good"),
        Check("broken", lambda: _fail("the widget fell off")),
        Check("optional", lambda: _fail("no keyring here"), required=False),
        Check("crash", lambda: 1 // 0),  # type: ignore[arg-type,return-value]
    ))
    out = io.StringIO()
    assert run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("OK    fine          all good")
    assert lines[2].startswith("FAIL  broken        the widget fell off")
    assert lines[3].startswith("WARN  optional      no keyring here")
    assert lines[4].startswith("FAIL  crash         ZeroDivisionError")
    assert lines[-1] == "self-test: FAILED: broken, crash"


def test_only_optional_failures_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "CHECKS", (Check("optional", lambda: _fail("nope"), required=False),))
    out = io.StringIO()
    assert run_self_test(out) == 0
    assert out.getvalue().splitlines()[-1] == "self-test: all required checks passed"


def test_a_missing_resource_is_named(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    from ensure_browser import resources

    real = resources.resource_path

    def without_media(*parts: str) -> Path | None:
        return None if parts[:1] == ("media",) else real(*parts)

    monkeypatch.setattr(resources, "resource_path", without_media)
    (outcome,) = run_checks((Check("media", selftest.check_media),), io.StringIO())
    assert not outcome.ok
    assert outcome.detail == "the bundled file media/audio.mp3 is missing"


def test_the_command_line_flag_runs_it(qtbot: QtBot, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ensure_browser.cli import main as app
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))  # the log file
    monkeypatch.setattr(selftest, "CHECKS", (Check("fine", lambda: "all good"),))
    assert app.main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("OK    fine")
    assert out[-1] == "self-test: all required checks passed"
