"""The day-in-the-life tutorials run as written: every ``$`` command of their console blocks."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from clss_housing.cli import cli


ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "docs" / "day-in-the-life.md", ROOT / "docs" / "fr" / "journee.md",
         ROOT / "docs" / "nl" / "dag.md"]
#: ``$ CASE=$(clss-housing …)``: the command's output becomes the variable.
ASSIGN = re.compile(r"^(?P<name>[A-Z_]+)=\$\((?P<command>.*)\)$")
#: ``… # exit code 1: why``: the exit code the page says the command ends with.
EXPECTED = re.compile(r"\s+#\s*exit code (?P<code>\d+)\b.*$")


@dataclass(frozen=True)
class Step:
    """One ``$`` line of a console block."""

    line: int
    command: str
    variable: str | None
    exit_code: int


def console_steps(markdown: str) -> list[Step]:
    """Every ``$`` line of the ```` ```console ```` blocks of *markdown*, in order."""
    steps: list[Step] = []
    in_console = False
    for number, raw in enumerate(markdown.splitlines(), start=1):
        text = raw.strip()
        if text.startswith("```"):
            in_console = not in_console and text == "```console"
            continue
        if not in_console or not text.startswith("$ "):
            continue
        command = text[2:].strip()
        code = 0
        expected = EXPECTED.search(command)
        if expected is not None:
            code = int(expected["code"])
            command = command[: expected.start()]
        variable = None
        assigned = ASSIGN.match(command)
        if assigned is not None:
            variable, command = assigned["name"], assigned["command"]
        steps.append(Step(number, command, variable, code))
    return steps


def test_the_parser_reads_commands_variables_and_exit_codes() -> None:
    """It takes ``$`` lines of console blocks only, with assignments and expected codes."""
    page = (
        "```bash\n$ not run\n```\n"
        "```console\n$ X=$(clss-housing case open --tenant \"A B\")\noutput\n"
        "$ clss-housing letter render L1 --case $X  # exit code 1: facts missing\n```\n"
    )
    assert [
        Step(5, 'clss-housing case open --tenant "A B"', "X", 0),
        Step(7, "clss-housing letter render L1 --case $X", None, 1),
    ] == console_steps(page)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_day_in_the_life_runs_as_written(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command exits as the page says, in a fresh folder with the default casebook."""
    monkeypatch.chdir(tmp_path)
    for name in ("CLSS_HOUSING_DB", "CLSS_HOUSING_DEBUG", "CLSS_HOUSING_LANG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    steps = console_steps(page.read_text(encoding="utf-8"))
    assert len(steps) >= 15
    assert steps[0].variable == "CASE"
    variables: dict[str, str] = {}
    runner = CliRunner()
    for step in steps:
        words = shlex.split(step.command)
        assert "clss-housing" == words[0], f"line {step.line}: only clss-housing commands are run"
        words = [variables.get(w[1:], w) if w.startswith("$") else w for w in words[1:]]
        assert not [w for w in words if w.startswith("$")], f"line {step.line}: unknown variable"
        result = runner.invoke(cli, words)
        assert step.exit_code == result.exit_code, (
            f"line {step.line}: {step.command}\n{result.output}{result.exception!r}")
        if step.variable is not None:
            variables[step.variable] = result.stdout.strip()
            assert re.fullmatch(r"\d{4}-[0-9A-Z]{6}", variables[step.variable])
    assert (tmp_path / "clss-housing.db").exists()
    written = [words[words.index("--out") + 1] for words in map(shlex.split, (
        s.command for s in steps if s.exit_code == 0)) if "--out" in words]
    assert len(written) >= 3
    for name in written:
        assert (tmp_path / name).stat().st_size > 0, name
