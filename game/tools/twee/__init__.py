"""`goldilocks import twee`: bring a Twine story, in Twee source form, into the story format.

The pipeline runs one way: `source` reads Twee files into passages, a per-format module (`harlowe`,
`sugarcube`, `chapbook`, `snowman`) turns each passage's markup into the same small tree of parts
(`parts`), `lower` turns that tree into scenes (text, choices, effects), `write` lays out the story
folder, and `report` says what came across and what did not.
"""
