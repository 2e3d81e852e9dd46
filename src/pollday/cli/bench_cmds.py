"""`pollday bench`: print the benchmark figures as one JSON object, and a summary on stderr.

The bench package (and through it fpdf, the decoders and Textual) is imported inside
the command, so other pollday commands never pay for it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pollday.cli.errors import EXIT_REFUSED, friendly_errors

SIZE_NAMES = ("smoke", "full")


@click.command("bench")
@click.option("--size", type=click.Choice(SIZE_NAMES), default="smoke", show_default=True,
              help="smoke: every figure once, quickly, on the 1x election (for CI); "
                   "full: numbers worth quoting, at 1x and 10x (several minutes).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the JSON to this file.")
@click.option("--workdir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder for the scratch databases (default: the system's temporary folder). Put it on the disk "
                   "the election database will live on: the SQLite floors are measured there.")
@click.option("--only", "only", multiple=True, metavar="FIGURE",
              help="Measure only this figure (repeatable), e.g. --only scan_to_commit_ms.")
@friendly_errors
def bench_command(size: str, out_path: Path | None, workdir: Path | None, only: tuple[str, ...]) -> None:
    """Measure speed and scale, each figure next to its floor measured in the same run.

    Prints one JSON object on stdout and a short summary on stderr. Goals missed do not
    change the exit code; a figure whose measurement failed exits with 1.
    """
    from pollday.bench.runner import FIGURES, run_bench, summary
    from pollday.bench.sizes import SIZES

    known = {name for name, _, _ in FIGURES}
    unknown = sorted(set(only) - known)
    if unknown:
        raise click.BadParameter(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                                 param_hint="--only")
    result = run_bench(SIZES[size], workdir, lambda message: click.echo(f"bench: {message}", err=True),
                       frozenset(only) if only else None)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    click.echo(text)
    if out_path is not None:
        out_path.write_text(text + "\n", encoding="utf-8")
    click.echo(summary(result), err=True)
    if result["overview"]["errors"]:
        sys.exit(EXIT_REFUSED)
