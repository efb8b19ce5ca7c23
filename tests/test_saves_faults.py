"""A save interrupted at any step of the write leaves a loadable slot: the old game or the new.

Three ways in: an error raised inside each system call of the write path (disk full, permission
denied, Ctrl-C), a process that dies at each of those calls without any clean-up (`os._exit` in a
forked child, what `kill -9` or a power cut looks like to the files), and real `kill -9`s of a
process saving in a loop.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import STARTER
from game.engine import Engine, GameState, load_story
from game.engine.saves import SaveError, SaveStore

ENGINE = Engine(load_story(STARTER))
OLD = ENGINE.choose(ENGINE.new_game(seed=5), 0)
NEW = ENGINE.choose(OLD, 0)
NEWER = ENGINE.choose(NEW, 0)

# Every call the write path makes that can fail (os.open also covers opening the temp file).
OPERATIONS: list[tuple[Any, str]] = [
    (os, "open"),
    (os, "write"),
    (os, "fsync"),
    (os, "close"),
    (os, "replace"),
    (os, "mkdir"),
    (os, "read"),
]


@contextmanager
def failing_at(number: int | None, fail: Callable[[str], None]) -> Iterator[list[str]]:
    """Count the write path's calls; on call `number`, call `fail(name)` instead (it raises)."""
    calls: list[str] = []
    originals = [(owner, name, getattr(owner, name)) for owner, name in OPERATIONS]

    def wrap(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            if len(calls) == number:
                fail(name)
            return original(*args, **kwargs)

        return wrapped

    try:
        for owner, name, original in originals:
            setattr(owner, name, wrap(name, original))
        yield calls
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def write_path_calls(folder: Path) -> list[str]:
    """The calls one save of NEW over OLD makes, in order."""
    store = SaveStore(folder, ENGINE.story)
    store.save("slot", OLD)
    with failing_at(None, lambda name: None) as calls:
        store.save("slot", NEW)
    return calls


def test_the_write_path_makes_the_calls_these_tests_interrupt(tmp_path: Path) -> None:
    calls = write_path_calls(tmp_path)
    for needed in ("open", "write", "fsync", "close", "replace", "read"):
        assert needed in calls
    assert calls.count("replace") == 2  # the backup, then the slot


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_loads_old_or_new(store: SaveStore, *allowed: GameState) -> GameState:
    state = store.load("slot").state
    assert any(state == a and state.history == a.history for a in allowed)
    assert [s.damaged for s in store.list()] == [None]
    return state


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.EIO, "Input/output error"),
    ],
    ids=["disk-full", "read-only", "io-error"],
)
def test_an_error_at_any_step_leaves_the_old_or_the_new_save(
    tmp_path: Path, error: OSError
) -> None:
    total = len(write_path_calls(tmp_path / "count"))
    for number in range(1, total + 1):
        folder = tmp_path / f"run{number}"
        store = SaveStore(folder, ENGINE.story)
        store.save("slot", OLD)
        store.save("slot", NEW)  # so there is a backup of OLD, and NEWER is the one interrupted

        def fail(name: str) -> None:
            raise error

        with failing_at(number, fail) as calls:
            try:
                store.save("slot", NEWER)
                failed = False
            except SaveError as exc:
                failed = True
                assert str(exc).startswith(f"cannot save to {store.path('slot')}: ")
                assert "\n" not in str(exc)
        step = f"failing call {number} ({calls[number - 1]})"
        state = assert_loads_old_or_new(store, NEW, NEWER)
        assert (state == NEW) == failed, step  # an error means nothing changed, and is said
        assert leftovers(store.folder) == [], step


def test_ctrl_c_in_the_middle_of_a_save_leaves_the_old_save_and_no_temp_file(
    tmp_path: Path,
) -> None:
    total = len(write_path_calls(tmp_path / "count"))
    for number in range(1, total + 1):
        store = SaveStore(tmp_path / f"run{number}", ENGINE.story)
        store.save("slot", NEW)

        def interrupt(name: str) -> None:
            raise KeyboardInterrupt

        with failing_at(number, interrupt), pytest.raises(KeyboardInterrupt):
            store.save("slot", NEWER)
        assert_loads_old_or_new(store, NEW, NEWER)
        assert leftovers(store.folder) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to die mid-save")
def test_dying_at_any_step_of_a_save_leaves_the_old_or_the_new_save(tmp_path: Path) -> None:
    """The child dies with no clean-up at all (os._exit), at each call of the write path."""
    total = len(write_path_calls(tmp_path / "count"))
    for number in range(1, total + 1):
        store = SaveStore(tmp_path / f"run{number}", ENGINE.story)
        store.save("slot", NEW)
        pid = os.fork()
        if pid == 0:  # the child: save, dying at call `number`
            try:
                with failing_at(number, lambda name: os._exit(9)):
                    store.save("slot", NEWER)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status)
        assert_loads_old_or_new(store, NEW, NEWER)
        backup = store.folder / "slot.json.bak"
        if backup.exists():  # the backup, if written, is a whole save too
            backup.replace(store.folder / "restored.json")
            assert store.load("restored").state in (NEW, NEWER)


SAVER = """
import sys
from pathlib import Path
from game.engine import Engine, load_story
from game.engine.saves import SaveStore
engine = Engine(load_story(sys.argv[1]))
store = SaveStore(Path(sys.argv[2]), engine.story)
states = [engine.new_game(seed=1)]
for _ in range(3):
    states.append(engine.choose(states[-1], 0))
store.save("slot", states[0])
print("ready", flush=True)
turn = 1
while True:
    store.save("slot", states[turn % len(states)])
    turn += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
@pytest.mark.parametrize("delay", [0.01, 0.05, 0.13])
def test_kill_9_while_saving_in_a_loop_leaves_a_whole_save(tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "saves"
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SAVER), str(STARTER), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    store = SaveStore(folder, ENGINE.story)
    state = store.load("slot").state
    engine = Engine(store.story)
    assert state.scene in engine.story.scenes
    assert [s.damaged for s in store.list()] == [None]


# -- a save folder that cannot be written ------------------------------------------------------


def test_a_save_folder_that_is_a_file_gives_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("not a folder", encoding="utf-8")
    store = SaveStore(blocker, ENGINE.story)
    with pytest.raises(SaveError) as caught:
        store.save("slot", NEW)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"cannot save to {store.path('slot')}: ")
    assert store.list() == []
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores permissions; the simulated read-only test covers this",
)
def test_a_read_only_save_folder_gives_one_line_and_keeps_the_old_save(tmp_path: Path) -> None:
    store = SaveStore(tmp_path, ENGINE.story)
    store.save("slot", OLD)
    store.folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="read-only"):
            store.save("slot", NEW)
    finally:
        store.folder.chmod(0o700)
    assert store.load("slot").state == OLD


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "the folder is read-only"),
        (OSError(errno.EROFS, "Read-only file system"), "the folder is read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    ],
)
def test_read_only_or_full_folders_are_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, said: str
) -> None:
    store = SaveStore(tmp_path, ENGINE.story)
    store.save("slot", OLD)
    before = store.path("slot").read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match=said):
        store.save("slot", NEW)
    monkeypatch.undo()
    assert store.path("slot").read_bytes() == before
    assert leftovers(store.folder) == []
