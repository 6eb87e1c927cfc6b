"""pywb's replay app under the /replay prefix: run by `rdarchive replay` with pywb's own interpreter.

pywb pins exact versions of its dependencies (redis 2.10.6, werkzeug 3.1.7,
gevent's monkey-patching of the whole process), so it lives in its own virtual
environment (`make install` puts it in .venv/pywb) and this file imports
nothing from rdarchive: it only needs the Python standard library and pywb.

    python pywb_server.py --config DIR/config.yaml --port N [--host 127.0.0.1]
"""

from gevent.monkey import patch_all  # type: ignore[import-untyped,import-not-found,unused-ignore]  # pywb's interpreter only

patch_all()

import argparse  # noqa: E402 (gevent must patch the process before anything else is imported)
import os  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: E402

PREFIX = "/replay"


def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [f"archived copies are under {PREFIX}/<timestamp>/<url>\n".encode()]


def no_live_web() -> None:
    """Replay only what the WARC files hold: pywb's loaders that fetch from the live web are switched off.

    Our collections have no live index, so pywb would not use them anyway; this
    makes "never from the live site" a property of the process, not of the config.
    """
    from pywb.warcserver.resource import responseloader  # type: ignore[import-untyped,import-not-found,unused-ignore]  # pywb's interpreter only

    for name in ("LiveWebLoader", "VideoLoader"):
        loader = getattr(responseloader, name, None)
        if loader is not None:
            loader.load_resource = lambda self, cdx, params: None


def exit_with_parent(parent: int, scratch: str) -> None:
    """End when the process that started us is gone (killed without stopping us): no orphan replay."""
    while os.getppid() == parent:
        gevent.sleep(1)
    if os.path.basename(scratch).startswith("rdarchive-replay-"):
        shutil.rmtree(scratch, ignore_errors=True)
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="pywb replay of rdarchive's WARC files")
    p.add_argument("--config", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--parent", type=int, help="exit when this process is gone")
    args = p.parse_args(argv)

    from pywb.apps.frontendapp import FrontEndApp  # type: ignore[import-untyped,import-not-found,unused-ignore]  # pywb's interpreter only
    from pywb.utils.geventserver import GeventServer, RequestURIWSGIHandler  # type: ignore[import-untyped,import-not-found,unused-ignore]  # pywb's interpreter only
    from werkzeug.middleware.dispatcher import DispatcherMiddleware  # type: ignore[import-untyped,import-not-found,unused-ignore]  # pywb's interpreter only

    config = os.path.abspath(args.config)
    if args.parent:
        gevent.spawn(exit_with_parent, args.parent, os.path.dirname(config))
    # pywb resolves its templates and collections folders against the working directory.
    os.chdir(os.path.dirname(config))
    no_live_web()
    app = DispatcherMiddleware(not_found, {PREFIX: FrontEndApp(config_file=config)})
    print(f"pywb replay listening on http://{args.host}:{args.port}{PREFIX}/", flush=True)
    GeventServer(app, port=args.port, hostname=args.host, handler_class=RequestURIWSGIHandler, direct=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
