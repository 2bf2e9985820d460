"""The example command lines of the `zpro-nb` help texts, read from the real argparse output.

Every subcommand's ``--help`` may end with an ``examples:`` section: one command per line (a
trailing backslash continues it), optionally preceded by ``NAME=value`` assignments, and followed,
after two or more spaces, by what it does. ``...`` stands for a credential the reader fills in.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from dataclasses import dataclass

from zpro_nb import cli

PLACEHOLDER = "..."
_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


@dataclass(frozen=True)
class Example:
    """One example: the subcommand whose help shows it, the line as shown, its env and arguments."""

    command: str
    line: str
    env: dict[str, str]
    argv: list[str]

    def __str__(self) -> str:
        return self.line


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """The ``zpro-nb`` subcommands and their parsers, as the command line builds them."""
    parser = cli.build_parser()
    for action in parser._actions:  # argparse keeps its subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("zpro-nb has no subcommands")


def real_parser(command: str) -> argparse.ArgumentParser:
    """The parser behind ``zpro-nb <command> --help``: the sandbox parses its own options."""
    parser = subcommands()[command]
    if parser.add_help:
        return parser
    assert command == "sandbox", f"`zpro-nb {command}` parses its own options: add its parser here"
    from zpro_nb.emulator.server import build_parser

    return build_parser()


def help_text(command: str) -> str:
    """What ``zpro-nb <command> --help`` prints (through ``cli.main``, as a user runs it)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        cli.main([command, "--help"])
    return out.getvalue()


def example_lines(text: str) -> list[str]:
    """The command lines of the ``examples:`` section of a help text, continuations joined."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip().lower() == "examples:")
    except StopIteration:
        return []
    found: list[str] = []
    pending = ""
    for line in lines[start + 1 :]:
        if not line.strip() or not line.startswith(" "):
            break
        if pending:
            pending += " " + line.strip()
        else:
            pending = line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        found.append(re.split(r"\s{2,}", pending)[0])  # what it does follows after 2+ spaces
        pending = ""
    if pending:
        found.append(pending)
    return found


def parse_example(command: str, line: str) -> Example:
    """Split an example into its ``NAME=value`` assignments and the arguments after ``zpro-nb``."""
    words = shlex.split(line)
    env: dict[str, str] = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:1] == ["zpro-nb"], f"an example in `zpro-nb {command} --help` is not zpro-nb's: {line}"
    argv = words[1:]
    shown = [word for word in argv if not word.startswith("-")][:1]
    assert shown == [command], f"an example in `zpro-nb {command} --help` runs another command: {line}"
    return Example(command, line, env, argv)


def all_examples() -> list[Example]:
    """Every example of every subcommand's help, in order."""
    return [
        parse_example(command, line)
        for command in subcommands()
        for line in example_lines(help_text(command))
    ]
