"""numbtui's folders and files are owner-only whatever they were before, and the folders it
creates above its own are never group- or world-writable, whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from numbtui import cli, paths
from numbtui.recovery import save_record
from tests.record_helpers import make_record


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_existing_loose_folders_and_files_are_made_private(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, config, cache = paths.data_dir(), paths.config_dir(), paths.cache_dir()
    for folder in (data, config, cache, data / "backups"):
        folder.mkdir(parents=True)
        folder.chmod(0o755)
    loose = [paths.recovery_file(), paths.state_file(), paths.settings_file()]
    for file in loose:
        file.write_text("{}\n")
        file.chmod(0o644)
    assert save_record(make_record(), paths.database_file(), paths.recovery_file()).saved
    assert cli.main(["paths"]) == 0
    assert "private" not in capsys.readouterr().err
    for folder in (data, config, cache, data / "backups"):
        assert _mode(folder) == 0o700, folder
    for file in (*loose, paths.database_file()):
        assert _mode(file) == 0o600, file


def test_folders_made_above_numbtuis_own_are_never_world_writable(
    tmp_path: Path, umask_000: None
) -> None:
    top = tmp_path / "home"
    database = top / ".local" / "share" / "numbtui" / "history.sqlite3"
    recovery = top / "elsewhere" / "deeper" / "recovery.jsonl"
    assert save_record(make_record(), database, recovery).saved
    assert _mode(top / ".local") == 0o755
    assert _mode(top / ".local" / "share") == 0o755
    assert _mode(database.parent) == 0o700
    assert _mode(database) == 0o600
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    assert save_record(make_record(), blocker / "h.db", recovery).recovered
    assert _mode(top / "elsewhere") == 0o755
    assert _mode(recovery.parent) == 0o700
    assert _mode(recovery) == 0o600


def test_a_refused_tightening_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only disk needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "data").mkdir(mode=0o755)
        (disk / "data").chmod(0o755)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        monkeypatch.setenv("NUMBTUI_DATA_DIR", str(disk / "data"))
        assert cli.main(["paths"]) == 0
        err = capsys.readouterr().err
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
    warnings = [line for line in err.splitlines() if "private" in line]
    assert warnings == [
        f"numbtui: could not make {disk / 'data'} private (Read-only file system); "
        "others on this computer may be able to read it"
    ]
