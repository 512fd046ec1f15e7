"""A refused, failing or unreachable server gives one clear line and exit code 1; credentials come
from the environment or netrc and never show, not even in errors."""
import base64
import json

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import RemoteError
from kg.remote.server import free_port
from tests.remote.conftest import tiny_server

SECRET = "s3cret-pa55"
EMPTY_SELECT = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode()


def always(status, body=b"", content_type="text/plain"):
    return lambda handler: (status, content_type, body)


def one_line_failure(result):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("args", [["query", "headcount"], ["facts"], ["push", "SAMPLE"]])
def test_errors_unreachable_server(args, sample):
    url = f"http://127.0.0.1:{free_port()}"
    args = [str(sample) if a == "SAMPLE" else a for a in args]
    line = one_line_failure(CliRunner().invoke(main, args + ["--endpoint", url]))
    assert "cannot reach the server (connection refused)" in line and url in line


@pytest.mark.parametrize("args", [["query", "headcount"], ["push", "SAMPLE"]])
def test_errors_401_names_the_credential_settings(args, sample):
    args = [str(sample) if a == "SAMPLE" else a for a in args]
    with tiny_server(always(401, b"who are you?")) as url:
        line = one_line_failure(CliRunner().invoke(main, args + ["--endpoint", url]))
    assert "HTTP 401" in line and "KG_ENDPOINT_USER" in line


@pytest.mark.parametrize("args", [["query", "headcount"], ["push", "SAMPLE"], ["render"]])
def test_errors_500_is_one_line_with_the_server_message(args, sample, tmp_path):
    args = [str(sample) if a == "SAMPLE" else a for a in args]
    with tiny_server(always(500, b"disk on fire\nsecond line")) as url:
        line = one_line_failure(CliRunner().invoke(main, args + ["--endpoint", url, *(
            ["--out", str(tmp_path)] if args == ["render"] else [])]))
    assert "HTTP 500" in line and "disk on fire second line" in line


def test_errors_503_is_retried_then_succeeds():
    calls = []

    def flaky(handler):
        calls.append(handler.path)
        return (503, "text/plain", b"busy") if len(calls) < 3 else (200, "application/sparql-results+json",
                                                                      EMPTY_SELECT)

    with tiny_server(flaky) as url:
        assert kg.remote_query(kg.Endpoint.at(url), "SELECT ?n WHERE { }").rows == ()
    assert len(calls) == 3


def test_errors_credentials_in_the_url_are_refused_and_never_printed():
    result = CliRunner().invoke(main, ["query", "headcount", "--endpoint", f"http://alice:{SECRET}@127.0.0.1:9/"])
    line = one_line_failure(result)
    assert SECRET not in result.output and "alice" not in result.output
    assert "KG_ENDPOINT_USER" in line


def _expects_basic(user, password):
    wanted = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def answer(handler):
        if handler.headers.get("Authorization") != wanted:
            return 401, "text/plain", b"no"
        return 200, "application/sparql-results+json", EMPTY_SELECT
    return answer


def test_errors_credentials_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", SECRET)
    with tiny_server(_expects_basic("alice", SECRET)) as url:
        assert kg.remote_query(kg.Endpoint.at(url), "SELECT ?n WHERE { }").columns == ("n",)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    with tiny_server(_expects_basic("alice", SECRET)) as url:
        result = CliRunner().invoke(main, ["query", "SELECT ?n WHERE { }", "--endpoint", url])
    assert "HTTP 401" in one_line_failure(result) and SECRET not in result.output


def test_errors_credentials_from_netrc(monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login bob password {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with tiny_server(_expects_basic("bob", SECRET)) as url:
        assert kg.remote_query(kg.Endpoint.at(url), "SELECT ?n WHERE { }").columns == ("n",)


def test_errors_server_messages_are_scrubbed_of_secrets(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", SECRET)
    body = f"bad token {SECRET} for http://carol:{SECRET}@example.org/".encode()
    with tiny_server(always(500, body)) as url:
        with pytest.raises(RemoteError) as raised:
            kg.remote_query(kg.Endpoint.at(url), "SELECT ?n WHERE { }")
    assert SECRET not in str(raised.value) and "carol" not in str(raised.value)


def test_errors_unknown_server_kind_and_bad_url():
    with pytest.raises(RemoteError, match="unknown server kind"):
        kg.Endpoint.at("http://127.0.0.1:1", server="nope")
    with pytest.raises(RemoteError, match="not an http"):
        kg.Endpoint.at("ftp://127.0.0.1/")
