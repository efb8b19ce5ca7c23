"""What came across and what did not: the lines the command prints and IMPORT-REPORT.md.

Every loss is listed with the `file.twee:line` it comes from; the report ends with the share of
story passages converted without loss.
"""

from __future__ import annotations

from game.tools.twee.convert import Conversion
from game.tools.twee.lower import MARK, Reported
from game.tools.twee.source import Problem
from game.tools.twee.write import REPORT_HEADING


def unique_losses(conversion: Conversion) -> list[Reported]:
    """Each loss once, even when its passage is included in many scenes, in file order."""
    seen: dict[tuple[str, str], Reported] = {}
    for reported in conversion.passage_losses + [r for d in conversion.drafts for r in d.losses]:
        key = (reported.where, reported.loss.what)
        seen.setdefault(key, reported)
    return sorted(seen.values(), key=lambda r: (r.passage.file, r.passage.line, r.loss.line))


def loss_line(reported: Reported) -> str:
    passage = reported.passage
    where = f"{passage.file}:{passage.line}" if reported.loss.line < 0 else reported.where
    return f"{where}: not converted: {reported.loss.what} (in passage '{passage.name}')"


def lossless_share(conversion: Conversion) -> tuple[int, int]:
    """(passages converted without loss, story passages)."""
    total = len(conversion.drafts)
    clean = sum(1 for d in conversion.drafts if not d.losses)
    return clean, total


def problem_lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def summary_line(conversion: Conversion) -> str:
    clean, total = lossless_share(conversion)
    percent = 100 * clean / total if total else 100.0
    return f"{clean} of {total} passages converted without loss ({percent:.0f}%)"


def markdown(conversion: Conversion, problems: list[Problem]) -> str:
    lines = [
        REPORT_HEADING,
        "",
        f"Story: {conversion.title} (format: {conversion.story_format}); "
        f"{len(conversion.scenes)} scenes, start: `{conversion.start}`.",
        "",
        "Where a construct could not be converted, the scene's text carries the mark "
        f"`{MARK.format(what='...')}`: search for `⟦Twine` to find each spot and rewrite it.",
        "",
        "## Not converted",
        "",
    ]
    losses = unique_losses(conversion)
    if losses:
        for reported in losses:
            lines.append(f"- `{loss_line(reported)}`")
            source = reported.loss.source.strip().replace("`", "'")
            if source and reported.loss.line >= 0:
                first = source.splitlines()[0][:100]
                lines.append(f"  - source: `{first}`{' ...' if len(source) > len(first) else ''}")
    else:
        lines.append("Nothing: every construct had a match.")
    lines += ["", "## Messages", ""]
    lines += [f"- `{line}`" for line in problem_lines(problems)] or ["None."]
    lines += ["", "## Passages", ""]
    for draft in conversion.drafts:
        state = "converted" if not draft.losses else f"{len(draft.losses)} loss(es)"
        lines.append(f"- {draft.passage.name} ({draft.passage.file}:{draft.passage.line}): {state}")
    lines += ["", f"**{summary_line(conversion)}.**", ""]
    return "\n".join(lines)
