"""The benchmark's own logic: reading wrk's output, judging the goals, keeping the notes.

(The measurements themselves need gunicorn, wrk and Chromium and run with `make bench`.)
"""

from argparse import Namespace

from bench import run as bench

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8311/events/1
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms  600.00us  20.00ms   90.00%
  Latency Distribution
     50%    3.05ms
     75%    3.40ms
     90%    3.90ms
     99%  850.00us
  25000 requests in 10.00s, 80.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2500.50
Transfer/sec:      8.00MB
"""


def test_wrk_output_is_read_in_milliseconds():
    assert bench.parse_wrk(WRK_OUTPUT) == {"rps": 2500.5, "p50": 3.05, "p99": 0.85, "errors": 3}


def _results(*, session_rps: float, journey_ms: float, queries_large: int) -> object:
    row = {"rps": session_rps, "p50": 3.0, "p99": 5.0, "errors": 0}
    floor = {"rps": 3000.0, "p50": 1.0, "p99": 2.0, "errors": 0}
    return bench.Results(
        load={"one session": {"bytes": 3000, "cached": row, "rendered": row, "floor": floor}},
        journey={
            "families": 3,
            "requests": 8,
            "median_ms": journey_ms,
            "max_ms": journey_ms,
            "steps": [("GET /events/1 200", 2.0)],
        },
        first_load={"one session": {"bytes": 40 * 1024, "requests": 3, "by_type": {}}},
        queries={0.01: {"one session": 4}, 1.0: {"one session": queries_large}},
    )


def _goal_lines(results) -> list[str]:
    return [line for line in bench.goals(results) if line.startswith("| ") and "Goal" not in line]


def test_goals_are_met_or_not_met_by_the_numbers():
    good = _goal_lines(_results(session_rps=1500, journey_ms=20, queries_large=4))
    bad = _goal_lines(_results(session_rps=900, journey_ms=30, queries_large=5))

    assert all(line.endswith("| met |") for line in good), good
    assert [line.split("|")[1].strip() for line in bad if "not met" in line] == [
        "Session page ≥ 1,000 req/s",
        "Booking ≤ 25 ms server time",
        "Queries per page constant and ≤ 10",
    ]
    assert "NOT constant" in "".join(bad)


def test_a_new_run_replaces_the_tables_and_keeps_the_notes(tmp_path):
    output = tmp_path / "benchmarks.md"
    output.write_text("# Old tables\n" + bench.NOTES_MARKER + "\n\nWhat we learnt.\n")
    args = Namespace(duration=10, connections=8, families=3)
    info = dict.fromkeys(
        ["machine", "os", "python", "flask", "sqlalchemy", "gunicorn", "psycopg", "postgresql"],
        "x",
    ) | {"wrk": "wrk", "chromium": "chromium"}

    text = bench.report(_results(session_rps=1500, journey_ms=20, queries_large=4), args, info)
    bench.write_report(output, text)

    written = output.read_text()
    assert "# Old tables" not in written
    assert written.startswith("# Benchmarks")
    assert written.endswith(bench.NOTES_MARKER + "\n\nWhat we learnt.\n")
