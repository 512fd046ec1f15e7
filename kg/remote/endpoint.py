"""Where a SPARQL server's protocols live, and one careful HTTP request to them.

An ``Endpoint`` is a server's base URL resolved to its three W3C services (SPARQL 1.1
Protocol query, SPARQL 1.1 Update, Graph Store HTTP Protocol) by the server's kind, from
``kg/data/servers.tsv``. Requests retry refused connections and 502/503/504 answers with
backoff, time out, and fail with one ``RemoteError`` line that never shows a credential.

Credentials come only from the environment or a netrc file, never from the command line:

    KG_ENDPOINT_TOKEN                         an ``Authorization: Bearer`` token, or
    KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD    HTTP Basic (Digest with KG_ENDPOINT_AUTH=digest), or
    ~/.netrc (or the file $NETRC names)       used by requests when neither is set.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.errors import RemoteError
from kg.servers import ServerKind, server_kinds  # noqa: F401  (kg.remote names them from here)

DEFAULT_SERVER = "oxigraph"
RETRY_STATUSES = (502, 503, 504)


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL server's query, update and graph-store URLs.

    >>> Endpoint.at("http://127.0.0.1:7878/query").store_url
    'http://127.0.0.1:7878/store'
    >>> Endpoint.at("http://localhost:3030/ds", server="fuseki").query_url
    'http://localhost:3030/ds/sparql'
    """

    query_url: str
    update_url: str
    store_url: str
    server: str = DEFAULT_SERVER
    graph_param: str = "graph"
    default_graph: Optional[str] = None
    timeout: float = 60.0
    retries: int = 3

    @classmethod
    def at(cls, url: str, server: str = DEFAULT_SERVER, **options) -> "Endpoint":
        """The endpoint of a ``server`` (oxigraph, fuseki, graphdb, virtuoso, qlever) at ``url``.

        ``url`` is the server's base URL; its query URL (what ``kg serve`` prints) works too.
        """
        kinds = server_kinds()
        if server not in kinds:
            raise RemoteError(f"unknown server kind {server!r} (use one of {', '.join(kinds)})")
        kind = kinds[server]
        parts = urlsplit(url.strip())
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise RemoteError(f"{safe_url(url)}: not an http(s) URL of a SPARQL server")
        if parts.username or parts.password:
            raise RemoteError(f"{safe_url(url)}: credentials in the URL are not accepted (they end up in shell "
                              "history); set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or use ~/.netrc")
        base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        if kind.query and base.endswith(kind.query):
            base = base[: -len(kind.query)]
        return cls(base + (kind.query or ""), base + (kind.update or ""), base + (kind.store or ""),
                   server=server, graph_param=kind.graph_param, default_graph=kind.default_graph, **options)

    def __str__(self) -> str:
        return safe_url(self.query_url)


def safe_url(url: str) -> str:
    """``url`` without userinfo or query string, fit to print."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<unprintable URL>"


_local = threading.local()


def session(endpoint: Endpoint) -> requests.Session:
    """This thread's HTTP session for ``endpoint``: keep-alive, retries, credentials from the environment."""
    cache = getattr(_local, "sessions", None)
    if cache is None:
        cache = _local.sessions = {}
    key = (endpoint.retries,)
    if key not in cache:
        retry = Retry(total=endpoint.retries, connect=min(2, endpoint.retries), read=0, status=endpoint.retries,
                      backoff_factor=0.3, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                      raise_on_status=False)
        http = requests.Session()
        http.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=8))
        http.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=8))
        http.headers["User-Agent"] = "kg (knowledge graphs from CVs)"
        cache[key] = http
    return cache[key]


def _auth():
    """Credentials from the environment; ``None`` lets requests read ~/.netrc."""
    token = os.environ.get("KG_ENDPOINT_TOKEN")
    if token:
        return _Bearer(token)
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user and password is not None:
        if os.environ.get("KG_ENDPOINT_AUTH", "basic").lower() == "digest":
            return requests.auth.HTTPDigestAuth(user, password)
        return requests.auth.HTTPBasicAuth(user, password)
    return None


class _Bearer(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def request(endpoint: Endpoint, method: str, url: str, *, ok=(200, 201, 204), **kwargs) -> requests.Response:
    """One HTTP request; any failure becomes a one-line ``RemoteError`` naming the server."""
    where = safe_url(url)
    try:
        response = session(endpoint).request(method, url, auth=_auth(), timeout=(10, endpoint.timeout), **kwargs)
    except requests.exceptions.Timeout:
        raise RemoteError(f"{where}: the server did not answer within {endpoint.timeout:g} s") from None
    except requests.exceptions.RequestException as error:
        raise RemoteError(f"{where}: cannot reach the server ({_reason(error)})") from None
    if response.status_code in ok:
        return response
    raise RemoteError(f"{where}: {describe_failure(response)}")


def describe_failure(response: requests.Response) -> str:
    """What a failing answer says, in one line."""
    code = response.status_code
    body = scrub(" ".join(response.text.split()))[:200] if response.text else ""
    if code == 401 or (code == 403 and not body):
        return (f"the server refused access (HTTP {code}); set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD "
                "(or KG_ENDPOINT_TOKEN), or add the host to ~/.netrc")
    return f"HTTP {code} {response.reason or ''}".rstrip() + (f": {body}" if body else "")


def scrub(text: str) -> str:
    """``text`` with userinfo in URLs and any configured secret removed."""
    text = re.sub(r"(\w+://)[^/\s@]+@", r"\1", text)
    for name in ("KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"):
        secret = os.environ.get(name)
        if secret:
            text = text.replace(secret, "***")
    return text


def _reason(error: Exception) -> str:
    text = str(error)
    for needle, reason in (("Connection refused", "connection refused"),
                           ("Name or service not known", "unknown host"),
                           ("nodename nor servname", "unknown host"),
                           ("Temporary failure in name resolution", "unknown host"),
                           ("Connection reset", "connection reset"),
                           ("Max retries exceeded", "no answer after retries"),
                           ("SSLError", "TLS handshake failed")):
        if needle in text:
            return reason
    return scrub(type(error).__name__)
