"""The ``cableparse`` command: arguments, messages and exit codes; every action is a library call.

Exit codes: 0 done; 1 the input could not be read as a cable (or a convert run rejected records with
``--strict``); 2 bad arguments; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from cableparse import __version__
from cableparse.errors import CableParseError

EXIT_OK = 0
EXIT_INPUT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cableparse",
        description="Turn US diplomatic cables (Cablegate, PlusD, telegram text) into typed records.",
    )
    parser.add_argument("--version", action="version", version=f"cableparse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    parse_command = commands.add_parser(
        "parse", help="parse one file (any container) and print its record(s)",
        description="Parse a file holding one cable (or a container of several) and print the record: "
        "pretty JSON for one cable, JSON Lines for several.",
    )
    parse_command.add_argument("file", help="the file to read; '-' for standard input")
    parse_command.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
    parse_command.add_argument("--strict", action="store_true", help="fail at the first anomaly instead of warning")
    parse_command.add_argument("--from", dest="container", metavar="KIND", default=None,
                               help="container kind, instead of detecting it (see 'cableparse convert --help')")

    commands.add_parser("schema", help="print the JSON Schema of the record")
    _add_convert(commands)
    return parser


def _add_convert(commands) -> None:
    from cableparse.model import ContainerKind

    convert = commands.add_parser(
        "convert", help="convert whole archives to JSON Lines or text files",
        description="Read every cable in the sources (files, folders, globs, .gz/.zip/.tar.gz, '-') and write "
        "one record per cable. Every input record ends up either in the output or in the rejects file.",
    )
    convert.add_argument("sources", nargs="+", help="files, folders, globs or archives; '-' for standard input")
    convert.add_argument("-o", "--output", required=True,
                         help="output file (jsonl) or folder (text); '-' writes JSON Lines to standard output")
    convert.add_argument("--format", choices=("jsonl", "text"), default="jsonl", help="output format (default jsonl)")
    convert.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: every core)")
    convert.add_argument("--rejects", default=None,
                         help="where to list rejected records (default: OUTPUT.rejects.jsonl)")
    convert.add_argument("--strict", action="store_true", help="reject a cable at its first anomaly")
    convert.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    convert.add_argument("--resume", action="store_true", help="continue an interrupted run where it stopped")
    convert.add_argument("--from", dest="container", choices=[kind.value for kind in ContainerKind], default=None,
                         help="container kind, instead of detecting it")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_argument_parser().parse_args(argv)
    try:
        if arguments.command == "parse":
            return _parse(arguments)
        if arguments.command == "schema":
            from cableparse.output.json import json_schema

            print(json.dumps(json_schema(), indent=2))
            return EXIT_OK
        if arguments.command == "convert":
            return _convert(arguments)
    except CableParseError as error:
        print(f"cableparse: error: {error.one_line()}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("cableparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_USAGE


def _parse(arguments: argparse.Namespace) -> int:
    from cableparse.reading import read

    cables = list(read(arguments.file, kind=arguments.container, strict=arguments.strict))
    if not cables:
        raise CableParseError("no cable found in the input", source=arguments.file, code="not-a-cable")
    for cable in cables:
        not_a_cable = next((w for w in cable.warnings if w.code == "not-a-cable"), None)
        if not_a_cable is not None:
            path = cable.source.path if cable.source else arguments.file
            raise CableParseError(f"this is not a cable: {not_a_cable.message}", source=path, code="not-a-cable")
    if arguments.format == "text":
        from cableparse.output.text import to_text

        sys.stdout.write("\n\f\n".join(to_text(cable) for cable in cables))
    elif len(cables) == 1:
        print(cables[0].model_dump_json(indent=2))
    else:
        for cable in cables:
            print(cable.model_dump_json())
    return EXIT_OK


def _convert(arguments: argparse.Namespace) -> int:
    from cableparse.convert import ConvertError, ConvertOptions, convert

    options = ConvertOptions(
        sources=arguments.sources,
        output=arguments.output,
        format=arguments.format,
        jobs=arguments.jobs,
        rejects=arguments.rejects,
        strict=arguments.strict,
        quiet=arguments.quiet,
        resume=arguments.resume,
        container=arguments.container,
    )
    try:
        summary = convert(options)
    except ConvertError as error:
        print(f"cableparse: error: {error}", file=sys.stderr)
        return EXIT_USAGE if error.usage else EXIT_INPUT_ERROR
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.rejected == 0 or not arguments.strict else EXIT_INPUT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
