"""The web service on Ray Serve: one FastAPI ingress deployment in the same Ray and
namespace as the actors, calling the supervisor with the same contract messages as any
driver (Runtime.attached). HTTP listens on 127.0.0.1 only.

The replicas are Serve actors that need no CPU: they wait on the supervisor, like the
module actors. Their secrets come from files in the service dir, read when a replica
starts, so they never travel in the deployment's (dashboard-visible) arguments.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from ray import serve

from runtime import NAMESPACE, Runtime
from service.app import build_app
from service.config import WebConfig
from wiring import Settings

APP_NAME = "aicmo-web"


@serve.ingress()
class WebService:
    """One replica of the web service."""

    def __init__(self, settings: dict[str, Any], secrets_dir: str, packs_dir: str,
                 reports_dir: str):
        _replica_grpc_on_loopback()
        self._system = Runtime.attached(Settings(**settings))
        self._config = WebConfig.from_dir(Path(secrets_dir), Path(packs_dir),
                                          Path(reports_dir))

    def __serve_build_asgi_app__(self) -> Any:
        return build_app(self._system, self._config)


def _replica_grpc_on_loopback() -> None:
    """Serve starts each replica's inter-deployment gRPC server on [::]:0, whatever the
    node's address, after the replica's constructor has run. This service is one deployment
    on one loopback-only node: nothing outside the machine has a reason to reach that
    server, so its address is rewritten to 127.0.0.1 here (the socket test checks it)."""
    from ray.serve._private import replica

    bind = replica.add_port_to_grpc_server
    if getattr(bind, "loopback_only", False):
        return

    def bind_loopback(server: Any, address: str) -> int:
        host, _, port = address.rpartition(":")
        return bind(server, f"127.0.0.1:{port}" if host in ("[::]", "0.0.0.0") else address)

    bind_loopback.loopback_only = True  # type: ignore[attr-defined]
    replica.add_port_to_grpc_server = bind_loopback


def deploy_web(runtime: Runtime, *, http_port: int, secrets_dir: Path,
               packs_dir: Path | None = None, reports_dir: Path | None = None) -> str:
    """Start Serve's HTTP proxy on 127.0.0.1:`http_port` and run the web app on it; the
    packs and reports it makes go next to the data dir unless given. Returns the URL."""
    data_dir = Path(runtime.settings.data_dir).resolve()
    serve.start(http_options={"host": "127.0.0.1", "port": http_port})
    deployment = serve.deployment(WebService, name="web",
                                  ray_actor_options={"num_cpus": 0})
    app = deployment.bind(asdict(runtime.settings), str(secrets_dir),
                          str(packs_dir or data_dir / "packs"),
                          str(reports_dir or data_dir / "reports"))
    serve.run(app, name=APP_NAME, route_prefix="/")
    return f"http://127.0.0.1:{http_port}/"


def stop_web() -> None:
    """Remove the web app and Serve's proxy from this Ray (the actors stay)."""
    serve.shutdown()


__all__ = ["APP_NAME", "NAMESPACE", "deploy_web", "stop_web"]
