"""Run every benchmark and print one table. Figures only: nothing here asserts on time.

Run: ./scripts/bench.sh [--quick]   (or: python -m bench.run)
"""

from __future__ import annotations

import argparse
import logging
import sys

from bench import bundle, client, nemsis, reconnect, replicas, server, signing, ui
from bench.common import print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # keep the table readable
    print_table(server.run(args.quick) + replicas.run(args.quick) + client.run(args.quick)
                + reconnect.run(args.quick)
                + ui.run(args.quick) + signing.run(args.quick) + nemsis.run(args.quick)
                + bundle.run(args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
