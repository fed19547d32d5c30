"""Every command, option and setting a user can reach is written down in docs/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from khronika.cli import app
from khronika.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands(group: Any, prefix: str = "khronika") -> list[tuple[str, Any]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):  # a group of subcommands
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


COMMANDS = _commands(typer.main.get_group(app))


def test_the_command_line_has_the_commands_the_docs_promise() -> None:
    names = [name for name, _ in COMMANDS]
    assert {"khronika init", "khronika ingest", "khronika documents list", "khronika search"} <= set(names)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_a_section_and_every_option_is_mentioned(name: str, command: Any) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert f"## {name}\n" in text, f"docs/cli.md has no '## {name}' section"
    section = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in section, f"docs/cli.md, section {name}, does not mention {opt}"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_a_one_line_help(name: str, command: Any) -> None:
    assert command.help, f"{name} has no docstring"
    assert len(command.help.strip().splitlines()) == 1, f"{name}: the help should be one line"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented_with_its_variable(field: str) -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert f"`{field}`" in text
    assert f"`KHRONIKA_{field.upper()}`" in text
