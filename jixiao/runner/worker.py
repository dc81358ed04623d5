"""`python -m jixiao.runner.worker`: forks the per-file processes for callers that may not fork (Dask).

Reads one JSON line per file, {"task": Task fields, "limits": Limits fields, "digest": sha256 or
null}, runs it with batch.run_isolated (its own forked child, time and memory limits) and writes
the FileResult as one JSON line; ends when its input closes (its Dask worker is gone).
"""
import signal

# Before the (slow) imports: Ctrl-C is the caller's business, and must not print a traceback here.
signal.signal(signal.SIGINT, signal.SIG_IGN)

import json  # noqa: E402
import sys  # noqa: E402

from jixiao.runner.batch import Limits, Task, run_isolated  # noqa: E402


def main() -> None:
    for line in sys.stdin.buffer:
        message = json.loads(line)
        result = run_isolated(Task(**message["task"]), Limits(**message["limits"]), message["digest"])
        sys.stdout.buffer.write(json.dumps(result.to_json()).encode() + b"\n")
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
