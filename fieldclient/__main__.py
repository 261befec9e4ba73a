"""`fieldclient` / `python -m fieldclient`: start the desktop client.

Argument handling and the display check import no Qt, so `--version` and a machine
without a display answer at once, with a clear message instead of a Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fieldclient import version

NO_DISPLAY = ("fieldclient needs a display, and none was found (DISPLAY and "
              "WAYLAND_DISPLAY are not set). Start it from a desktop session, or set "
              "QT_QPA_PLATFORM=offscreen for automated use.")


class _ShowVersion(argparse.Action):
    """--version, with the version looked up only when asked for (it costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"fieldclient {version()}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldclient",
                                description="EMS field client: sign in and write ePCRs.")
    p.add_argument("--data-dir", type=Path,
                   help="where the encrypted store lives (default: FIELDCLIENT_DATA_DIR, "
                        "or the per-user data folder)")
    p.add_argument("--server", metavar="URL", help="the agency server (pre-provisions it)")
    p.add_argument("--version", action=_ShowVersion, nargs=0,
                   help="show the version and exit")
    p.add_argument("--self-check", action="store_true",
                   help="check this installation offscreen (temporary data, throwaway "
                        "keyring), print what was checked, and exit 0 if all is well")
    return p


def display_problem(environ: dict[str, str] | None = None,
                    platform: str = sys.platform) -> str | None:
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.self_check:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window, display or not
        from fieldclient.ui.self_check import run as self_check

        return self_check()
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from fieldclient.ui.app import run  # Qt is imported only from here on

    return run(data_dir=args.data_dir, server_url=args.server)


if __name__ == "__main__":
    sys.exit(main())
