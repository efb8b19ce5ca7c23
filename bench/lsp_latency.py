"""How long after an edit the language server's diagnostics come back, on the shipped story.

    python bench/lsp_latency.py [--edits N]

Starts `goldilocks lsp` in a subprocess through pygls's own client (as an editor would), opens a
scene file of the shipped story, then makes N edits in turn: one that breaks a `goto` and one
that mends it. Each figure is the time from sending the change to receiving the diagnostics for
it (the whole folder is checked again each time). Prints the median and the worst; the target is
300 ms. The first check (opening the file: imports, first parse of every expression) is shown
apart.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SCENE_FILE = ROOT / "scenes" / "act2_squeeze.yaml"


async def measure(edits: int) -> tuple[float, list[float]]:
    client = LanguageClient("bench", "1")
    arrived = asyncio.Queue[types.PublishDiagnosticsParams]()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    await client.start_io(sys.executable, "-m", "game", "lsp", cwd=str(ROOT))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=None)
    )
    client.initialized(types.InitializedParams())
    uri = SCENE_FILE.as_uri()
    text = SCENE_FILE.read_text(encoding="utf-8")
    target = text.index("goto: ") + len("goto: ")
    broken = text[:target] + "nowhere_at_all_" + text[target:]

    started = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    # the shipped story has no problem, so opening it publishes nothing: a hover sent after the
    # open is answered once the open's check is done (the server takes messages in order)
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    first = time.perf_counter() - started

    times = []
    for version in range(2, edits + 2):
        body = broken if version % 2 == 0 else text
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=body)],
            )
        )
        await _settled(arrived, want_uri=uri, want_problems=version % 2 == 0)
        times.append(time.perf_counter() - started)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, times


async def _settled(
    arrived: asyncio.Queue[types.PublishDiagnosticsParams], want_uri: str, want_problems: bool
) -> None:
    """Until the diagnostics for `want_uri` show the broken goto (or no longer do)."""
    while True:
        params = await asyncio.wait_for(arrived.get(), 30)
        if params.uri != want_uri:
            continue
        has = any(d.code == "missing-scene" for d in params.diagnostics)
        if has == want_problems:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    first, times = asyncio.run(measure(args.edits))
    ms = [t * 1000 for t in times]
    print(f"open (first check, imports included): {first * 1000:.0f} ms")
    print(
        f"edit -> diagnostics, {len(ms)} edits: median {statistics.median(ms):.0f} ms, "
        f"worst {max(ms):.0f} ms (target 300 ms)"
    )


if __name__ == "__main__":
    main()
