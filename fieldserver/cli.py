"""`fieldserver serve | worker | migrate`: the agency server, its mail worker, and its
schema upgrade (docs/deployment.md)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

import uvicorn
from platformdirs import user_data_dir

from fieldserver import db, demo, logs, upgrades
from fieldserver.clock import SystemClock
from fieldserver.mail import DEFAULT_SENDER, OutboxTransport, SmtpTransport, Transport
from fieldserver.mail_outbox import Courier, run_worker
from fieldserver.sealing import ENVIRONMENT, Sealer, SealingError
from fieldserver.server import ServerOptions, build, close, seed_demo_if_empty

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _smtp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError("use HOST:PORT, for example 127.0.0.1:1025")
    return host, int(port)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldserver", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server")
    _database_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--public-url", help="base URL used in emailed links "
                                            "(default: http://HOST:PORT)")
    serve.add_argument("--demo", action="store_true",
                       help="seed an empty database with demo data and print the accounts")
    serve.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate "
                       "chain (PEM); needs --tls-key. Without it, put a TLS proxy in front")
    serve.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--mail-worker", choices=("inline", "separate"), default="inline",
                       help="inline (default): this process delivers queued mail too; "
                       "separate: only `fieldserver worker` processes do")
    _sealing_and_mail_options(serve)
    worker = sub.add_parser("worker", help="deliver queued mail until stopped (SIGTERM)")
    _database_options(worker)
    _sealing_and_mail_options(worker)
    migrate = sub.add_parser("migrate", help="bring the database schema to this version's "
                             "newest, then exit")
    _database_options(migrate)
    return p


def _database_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data-dir", type=Path,
                         default=Path(os.environ.get("FIELDSERVER_DATA_DIR")
                                      or user_data_dir("fieldserver", appauthor=False)),
                         help="where the SQLite database, the mail outbox and the "
                         "default sealing key file live")
    command.add_argument("--db", dest="database_url",
                         default=os.environ.get("FIELDSERVER_DATABASE_URL"),
                         help="database URL (default: $FIELDSERVER_DATABASE_URL, else SQLite "
                         "in the data directory); postgresql://user:pass@host/db for "
                         "PostgreSQL")


def _sealing_and_mail_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--sealing-key-file", type=Path,
                         help="the keys that seal device keys and queued mail at rest, "
                         f"newest first (id:base64 per line); else ${ENVIRONMENT}, else a "
                         "key file made beside the database (keep it apart from the "
                         "database in production; every replica and worker needs it)")
    mail = command.add_mutually_exclusive_group()
    mail.add_argument("--mail-outbox", type=Path, help="write outgoing mail as .eml files here")
    mail.add_argument("--smtp", type=_smtp, help="deliver outgoing mail to HOST:PORT "
                      "(STARTTLS required, its certificate verified)")
    command.add_argument("--smtp-insecure", action="store_true",
                         help="with --smtp: send in clear where the server offers no "
                         "STARTTLS. Only for a test mail server on loopback")


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    os.umask(0o077)  # the database and the mail outbox hold secrets: owner-only
    logs.configure()
    data_dir: Path = args.data_dir
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = args.database_url or f"sqlite:///{data_dir / 'fieldserver.db'}"
    if args.command == "migrate":
        return _migrate(url)
    if args.smtp_insecure and (not args.smtp or args.smtp[0] not in LOOPBACK):
        cli.error("--smtp-insecure is only for a mail server on loopback (--smtp 127.0.0.1:PORT)")
    transport = _transport(args, data_dir)
    try:
        sealer = Sealer.configured(args.sealing_key_file, data_dir / "sealing-keys")
    except SealingError as exc:
        cli.error(str(exc))
    if args.command == "worker":
        return _work(url, transport, sealer)
    if (args.tls_cert is None) != (args.tls_key is None):
        cli.error("--tls-cert and --tls-key go together")
    return _serve(args, url, transport, sealer)


def _transport(args: argparse.Namespace, data_dir: Path) -> Transport:
    if args.smtp:
        return SmtpTransport(*args.smtp, insecure=args.smtp_insecure)
    return OutboxTransport(args.mail_outbox or data_dir / "mail-outbox")


def _migrate(url: str) -> int:
    engine = db.make_engine(url)
    try:
        before = upgrades.current(engine)
        upgrades.migrate(engine)
        after = upgrades.current(engine)
    finally:
        engine.dispose()
    print(f"The schema is at {after}" + (f" (was {before or 'empty'})." if before != after
                                         else " already."), flush=True)
    return 0


def _work(url: str, transport: Transport, sealer: Sealer) -> int:
    """Deliver mail until SIGTERM or Ctrl+C; the schema must be current (`migrate`)."""
    engine = db.make_engine(url)
    if upgrades.current(engine) != upgrades.head():
        print("The database schema is not this version's: run `fieldserver migrate`.",
              file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    courier = Courier(db.make_session_factory(engine), transport, sealer, SystemClock(),
                      DEFAULT_SENDER)
    print(f"fieldserver worker delivering mail to: {transport.describe()}", flush=True)
    try:
        run_worker(courier, stop)
    finally:
        engine.dispose()
    return 0


def _serve(args: argparse.Namespace, url: str, transport: Transport, sealer: Sealer) -> int:
    scheme = "https" if args.tls_cert else "http"
    options = ServerOptions(
        database_url=url,
        public_url=args.public_url or f"{scheme}://{args.host}:{args.port}",
        mail=transport,
        sealer=sealer,
        deliver_mail=args.mail_worker == "inline",
    )
    app, ctx = build(options)
    try:
        if args.demo:
            seeded, device_id = seed_demo_if_empty(ctx)
            print("Seeded the demo data." if seeded else "The database already holds data; "
                  "not seeding it again.")
            print(demo.describe(device_id))
        print(f"Mail goes to: {transport.describe()}" + (
            "" if options.deliver_mail else " (delivered by `fieldserver worker`)"))
        print(f"fieldserver listening on {options.public_url}  (Ctrl+C stops it)", flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_config=None,
                    ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key)
    finally:
        close(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
