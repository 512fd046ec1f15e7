"""kg and SPARQL servers: push a build, query it remotely, serve it locally.

    push(build, endpoint)            the Graph Store HTTP Protocol, one graph per CV   (push.py)
    remote_query(endpoint, query)    the SPARQL 1.1 Protocol, same QueryResult as local (query.py)
    serve(out_dir)                   an Oxigraph server over the built store           (server.py)
    Endpoint.at(url, server=...)     URL shapes of Oxigraph, Fuseki, GraphDB, Virtuoso, QLever (endpoint.py)
"""
from kg.remote.endpoint import Endpoint, server_kinds
from kg.remote.push import PushReport, push
from kg.remote.query import fetch_graph, remote_query
from kg.remote.server import OxigraphServer, serve, start_server

__all__ = ["Endpoint", "OxigraphServer", "PushReport", "fetch_graph", "push", "remote_query", "serve",
           "server_kinds", "start_server"]
