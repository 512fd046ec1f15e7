"""kg.limits: defaults, overrides from the environment and the command line, and the time budget."""
from __future__ import annotations

import doctest

import pytest
from click.testing import CliRunner

import kg
import kg.limits
from kg.cli import main
from kg.limits import Limits, check_time, time_budget
from kg.samples import sample_paths


def test_limits_doctests():
    assert doctest.testmod(kg.limits).failed == 0


def test_limits_environment_and_settings_override_the_defaults():
    limits = Limits.from_env({"KG_MAX_PDF_PAGES": "7", "KG_TIME_BUDGET": "1.5", "KG_MAX_LINES": "1_000"})
    assert (limits.max_pdf_pages, limits.time_budget, limits.max_lines) == (7, 1.5, 1000)
    assert limits.with_settings(["max-pdf-pages=9"]).max_pdf_pages == 9
    assert Limits.from_env({}) == Limits()


@pytest.mark.parametrize("environ", [{"KG_MAX_LINES": "many"}, {"KG_MAX_PDF_PAGES": "0"}, {"KG_TIME_BUDGET": "-1"}])
def test_limits_bad_values_are_one_line_errors(environ):
    with pytest.raises(kg.LimitError) as caught:
        Limits.from_env(environ)
    assert next(iter(environ)) in str(caught.value) and "\n" not in str(caught.value)


def test_limits_time_budget_stops_a_file_at_its_next_check():
    with time_budget(0, "cv.pdf"):
        with pytest.raises(kg.LimitError, match="cv.pdf: took longer than its time budget of 0 s"):
            check_time("page 1")
    check_time("outside any budget")  # no deadline: never raises


def test_limits_a_spent_budget_is_a_failure_not_a_crash():
    pdf = next(p for p in sample_paths() if p.suffix == ".pdf")
    result = kg.build([pdf, sample_paths()[0]], limits=Limits(time_budget=1e-9))
    assert len(result.failures) == 2
    assert all("time budget" in f.reason for f in result.failures)


def test_limits_cli_options_and_show_limits(tmp_path):
    shown = CliRunner().invoke(main, ["build", "--show-limits", "--limit", "max_pdf_pages=5"])
    assert shown.exit_code == 0 and "max_pdf_pages            5 " in shown.output and "KG_TIME_BUDGET" in shown.output
    pdf = next(p for p in sample_paths() if p.suffix == ".pdf")
    result = CliRunner().invoke(main, ["build", str(pdf), str(sample_paths()[0]), "--out", str(tmp_path),
                                       "--limit", "max_pdf_pages=1"])
    assert result.exit_code == 0 and "too many pages: 2 (limit 1; raise KG_MAX_PDF_PAGES)" in result.output
    bad = CliRunner(env={"KG_MAX_FILE_BYTES": "lots"}).invoke(main, ["build", "--out", str(tmp_path)])
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1


def test_limits_the_alarm_stops_a_loop_without_checks():
    """The backstop: pure Python that never calls check_time is stopped past the budget."""
    with pytest.raises(kg.LimitError, match="stopped by the alarm"):
        with time_budget(0.1, "loop.txt"):
            while True:
                pass
    with time_budget(5, "quick.txt"):
        pass
    import signal

    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_limits_the_alarm_stops_a_loop_in_another_thread():
    """Outside the main thread (Dask's workers) there is no SIGALRM; a timer stops the loop."""
    import threading

    outcome = {}

    def work():
        try:
            with time_budget(0.1, "loop.txt"):
                while True:
                    pass
        except kg.LimitError as error:
            outcome["error"] = str(error)
        with time_budget(5, "quick.txt"):   # a budget that ends in time leaves nothing behind
            pass
        total = 0
        for i in range(3_000_000):           # longer than the grace: a late alarm would land here
            total += i
        outcome["after"] = total

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert outcome["error"] == ("loop.txt: took longer than its time budget of 0.1 s "
                                "(stopped by the alarm; raise KG_TIME_BUDGET)")
    assert outcome["after"] == sum(range(3_000_000))
