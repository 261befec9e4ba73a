"""`fieldserver serve`: run the reference agency server."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import uvicorn
from platformdirs import user_data_dir

from fieldserver import demo, logs
from fieldserver.mail import OutboxTransport, SmtpTransport, Transport
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
    serve.add_argument("--data-dir", type=Path,
                       default=Path(os.environ.get("FIELDSERVER_DATA_DIR")
                                    or user_data_dir("fieldserver", appauthor=False)),
                       help="where the SQLite database and mail outbox live")
    serve.add_argument("--db", dest="database_url",
                       help="database URL (default: SQLite in the data directory); "
                            "postgresql://user:pass@host/db for PostgreSQL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--public-url", help="base URL used in emailed links "
                                            "(default: http://HOST:PORT)")
    serve.add_argument("--demo", action="store_true",
                       help="seed an empty database with demo data and print the accounts")
    serve.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate "
                       "chain (PEM); needs --tls-key. Without it, put a TLS proxy in front")
    serve.add_argument("--tls-key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--sealing-key-file", type=Path,
                       help="the keys that seal device keys at rest, newest first "
                       f"(id:base64 per line); else ${ENVIRONMENT}, else a key file made "
                       "beside the database (keep it apart from the database in production)")
    mail = serve.add_mutually_exclusive_group()
    mail.add_argument("--mail-outbox", type=Path, help="write outgoing mail as .eml files here")
    mail.add_argument("--smtp", type=_smtp, help="deliver outgoing mail to HOST:PORT "
                      "(STARTTLS required, its certificate verified)")
    serve.add_argument("--smtp-insecure", action="store_true",
                       help="with --smtp: send in clear where the server offers no "
                       "STARTTLS. Only for a test mail server on loopback")
    return p


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        cli.error("--tls-cert and --tls-key go together")
    scheme = "https" if args.tls_cert else "http"
    if args.smtp_insecure and (not args.smtp or args.smtp[0] not in LOOPBACK):
        cli.error("--smtp-insecure is only for a mail server on loopback (--smtp 127.0.0.1:PORT)")
    os.umask(0o077)  # the database and the mail outbox hold secrets: owner-only
    logs.configure()
    data_dir: Path = args.data_dir
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    transport: Transport
    if args.smtp:
        transport = SmtpTransport(*args.smtp, insecure=args.smtp_insecure)
    else:
        transport = OutboxTransport(args.mail_outbox or data_dir / "mail-outbox")
    try:
        sealer = Sealer.configured(args.sealing_key_file, data_dir / "sealing-keys")
    except SealingError as exc:
        cli.error(str(exc))
    options = ServerOptions(
        database_url=args.database_url or f"sqlite:///{data_dir / 'fieldserver.db'}",
        public_url=args.public_url or f"{scheme}://{args.host}:{args.port}",
        mail=transport,
        sealer=sealer,
    )
    app, ctx = build(options)
    try:
        if args.demo:
            seeded, device_id = seed_demo_if_empty(ctx)
            print("Seeded the demo data." if seeded else "The database already holds data; "
                  "not seeding it again.")
            print(demo.describe(device_id))
        print(f"Mail goes to: {transport.describe()}")
        print(f"fieldserver listening on {options.public_url}  (Ctrl+C stops it)", flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_config=None,
                    ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key)
    finally:
        close(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
