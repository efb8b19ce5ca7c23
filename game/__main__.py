"""`python -m game` does what the `goldilocks` command does."""

from game.cli import main

raise SystemExit(main())
