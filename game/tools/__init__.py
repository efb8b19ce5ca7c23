"""Author tools built on the engine: check (lint + explore), graph, schema, new-story."""
