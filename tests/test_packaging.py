"""Packaging: the wheel carries the resources and runs alone; the Linux desktop files validate and
agree with the app (id, icon, binary, version); the generated icons are up to date."""

from __future__ import annotations

import configparser
import inspect
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import pytest

import ensure_browser
from ensure_browser import APP_NAME, __version__

REPO = Path(__file__).resolve().parents[1]
APP_ID = "org.ensurestudy.EnsureBrowser"
DESKTOP = REPO / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = REPO / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
SCREENSHOTS = REPO / "docs" / "screenshots"


def _run(*cmd: str | Path, timeout: float = 60, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, check=False,
                          **kw)  # type: ignore[call-overload]


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: `make test` installs it (Debian packages desktop-file-utils, appstream)"
    return path


# -- the wheel -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the working tree (so the build leaves nothing in the repo)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(REPO / "ensure_browser", src / "ensure_browser", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    out = tmp / "dist"
    result = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out, src, timeout=180)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_resources_and_typing(wheel: Path) -> None:
    assert wheel.name == f"ensure_browser-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ensure_browser/py.typed" in names
    assert "ensure_browser/resources/icons/ensure-browser.svg" in names
    assert "ensure_browser/resources/icons/ensure-browser.png" in names
    assert "ensure_browser/resources/i18n/ensure_browser_de.qm" in names  # make translations
    assert any(re.fullmatch(r"ensure_browser/resources/media/[^/]+\.webm", n) for n in names)
    assert any(re.fullmatch(r"ensure_browser/resources/media/[^/]+\.mp3", n) for n in names)
    shipped = {n.removeprefix("ensure_browser/resources/") for n in names if n.startswith("ensure_browser/resources/")}
    on_disk = {p.relative_to(REPO / "ensure_browser" / "resources").as_posix()
               for p in (REPO / "ensure_browser" / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk <= shipped, f"not in the wheel: {sorted(on_disk - shipped)}"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert f"{APP_NAME} = ensure_browser.cli.main:main" in text


@pytest.mark.slow
def test_wheel_runs_from_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    """A venv holding only the wheel (dependencies reach it through a path entry, not an install):
    its ``ensure-browser`` script answers --version, and the resources load from the wheel's files."""
    venv = tmp_path / "venv"
    result = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert result.returncode == 0, result.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    # The project's dependencies without the project: a plain path line is not processed like a
    # site directory, so the editable install's finder in .venv stays inactive.
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    result = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet",
                  wheel, timeout=120)
    assert result.returncode == 0, result.stderr
    script = venv / ("Scripts/ensure-browser-cli.exe" if os.name == "nt" else "bin/ensure-browser-cli")
    result = _run(script, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"
    probe = (
        "import ensure_browser, sys; from ensure_browser.resources import app_icon_path, resource_path; "
        "print(ensure_browser.__file__); print(app_icon_path()); print(resource_path('media', 'audio.mp3'))"
    )
    result = _run(python, "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.split():
        assert Path(line).resolve().is_relative_to(site.resolve()), f"{line} is not from the wheel"
    result = _run(python, "-c", "from ensure_browser.ui.selftest import run_self_test; raise SystemExit(run_self_test())",
                  cwd=tmp_path, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: all required checks passed" in result.stdout


# -- Linux desktop integration ---------------------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = _run(_tool("desktop-file-validate"), DESKTOP)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates() -> None:
    result = _run(_tool("appstreamcli"), "validate", "--no-net", "--pedantic", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if re.match(r"[EWI]: ", line)]
    assert not problems, problems


def test_desktop_file_matches_the_app() -> None:
    from ensure_browser.ui.application import make_application

    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == ensure_browser.APP_DISPLAY_NAME
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert entry["Exec"].split()[0] in pyproject["project"]["gui-scripts"]
    # Wayland and the shells match windows to this file by the name the app announces.
    assert f'setDesktopFileName("{APP_ID}")' in inspect.getsource(make_application)


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("name") == ensure_browser.APP_DISPLAY_NAME
    assert root.findtext("project_license") == tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "license"]
    releases = root.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == __version__, "the newest release must be ensure_browser.__version__"
    dates = [date.fromisoformat(r.get("date", "")) for r in releases]
    assert dates == sorted(dates, reverse=True), "releases are listed newest first"
    binaries = [b.text for b in root.findall("provides/binary")]
    assert binaries == [_desktop_entry()["Exec"].split()[0]]


def test_screenshots_are_committed_reference_images() -> None:
    from struct import unpack

    images = ET.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert images
    for image in images:
        assert image.text
        local = SCREENSHOTS / image.text.rsplit("/", 1)[-1]
        assert local.is_file(), f"{image.text}: no {local.relative_to(REPO)} in the repository"
        header = local.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = unpack(">II", header[16:24])
        assert (image.get("width"), image.get("height")) == (str(width), str(height))


# -- icons -----------------------------------------------------------------------------------------


def test_icons_are_generated_from_the_one_source() -> None:
    result = _run(sys.executable, REPO / "packaging" / "make_icons.py", "--check",
                  env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    hicolor = sorted(p.relative_to(REPO / "resources" / "icons").as_posix()
                     for p in (REPO / "resources" / "icons" / "hicolor").rglob("*.png"))
    assert hicolor == sorted(f"hicolor/{n}x{n}/apps/{APP_ID}.png" for n in (16, 32, 48, 64, 128, 256, 512))
