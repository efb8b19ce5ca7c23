"""Round trip: for any game, save then load gives the same game, and it goes on the same way."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import STARTER
from game.engine import Engine, GameState, load_story
from game.engine.saves import SaveStore

ENGINE = Engine(load_story(STARTER))
UNDO = -1

# A move is a pick among the enabled choices (taken modulo their number) or an undo.
moves = st.lists(st.one_of(st.integers(min_value=0, max_value=8), st.just(UNDO)), max_size=25)
seeds = st.integers(min_value=-(2**40), max_value=2**40)


def walk(state: GameState, moves: list[int]) -> GameState:
    for move in moves:
        if move == UNDO:
            state = ENGINE.undo(state)
            continue
        view = ENGINE.view(state)
        if view.ending is not None:
            break
        enabled = [c for c in view.choices if c.enabled]
        state = ENGINE.choose(state, enabled[move % len(enabled)].number - 1)
    return state


def assert_same_game(loaded: GameState, original: GameState) -> None:
    assert loaded == original
    assert loaded.seed == original.seed
    assert loaded.history == original.history
    assert ENGINE.view(loaded) == ENGINE.view(original)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, before=moves, after=moves)
def test_save_load_gives_an_equal_state_and_the_same_game_after(
    seed: int, before: list[int], after: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder), ENGINE.story)
        state = walk(ENGINE.new_game(seed=seed), before)
        store.save("slot", state)
        loaded = store.load("slot")
        assert loaded.notices == []
        assert_same_game(loaded.state, state)
        # continuing from the loaded game is the same as never having saved
        assert_same_game(walk(loaded.state, after), walk(state, after))
        # and undoing all the way back is the same too
        undo_all = [UNDO] * (len(state.history) + 1)
        assert_same_game(walk(loaded.state, undo_all), walk(state, undo_all))


@settings(max_examples=20, deadline=None)
@given(seed=seeds, path=moves)
def test_autosave_after_every_move_always_holds_the_game_so_far(seed: int, path: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder), ENGINE.story)
        state = ENGINE.new_game(seed=seed)
        for move in path:
            state = walk(state, [move])
            store.save("autosave", state)
            assert_same_game(store.load("autosave").state, state)
