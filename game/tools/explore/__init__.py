"""Walking every branch of a story: a breadth-first explorer, then seeded random playthroughs.

The explorer is ChoiceScript's quicktest made exhaustive: it plays every enabled choice and every
outcome that can happen (weight > 0) from every state it reaches, merging states that nothing ahead
can tell apart (see relevance.py), until nothing new turns up or the bound on states is hit. What
it sees on the way (which conditions came out true or false, which template branches showed, which
choices were offered together) is what the lints judge. Random playthroughs (ChoiceScript's
randomtest) then walk the explored graph with seeded dice, exactly as
`goldilocks play --seed S --choices ...` would.

The explorer is one class built in layers, one job each: states.py (how states are kept, the
graph of them), moves.py (where a choice takes a state), observe.py (evaluating Jinja2 with what
it showed recorded), offers.py (a state's ways out), reached.py (what was reached, trapped
states), playthroughs.py (random playthroughs) and search.py (the walks: `explore`, `seek`).
"""

from game.tools.explore.playthroughs import MAX_TURNS, Playthrough, Playthroughs
from game.tools.explore.search import (
    MIN_SHARE,
    PROGRESS_EVERY,
    SEARCH_BREADTH,
    SEARCH_MAX_STATES,
    TRIES,
    WHOLE_FIRST,
    Explorer,
)
from game.tools.explore.states import (
    DEFAULT_MAX_STATES,
    DROPPED,
    Edge,
    Key,
    Node,
    Observations,
    Place,
    Step,
    Way,
    collector_paused,
)

__all__ = [
    "DEFAULT_MAX_STATES",
    "DROPPED",
    "MAX_TURNS",
    "MIN_SHARE",
    "PROGRESS_EVERY",
    "SEARCH_BREADTH",
    "SEARCH_MAX_STATES",
    "TRIES",
    "WHOLE_FIRST",
    "Edge",
    "Explorer",
    "Key",
    "Node",
    "Observations",
    "Place",
    "Playthrough",
    "Playthroughs",
    "Step",
    "Way",
    "collector_paused",
]
