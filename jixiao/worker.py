"""`python -m jixiao.worker`: one file in a fresh interpreter, for executors that cannot fork (Dask).

Reads {"task": Task fields, "digest": sha256 or null} as JSON on stdin and writes the FileResult as
JSON on stdout; the parent enforces the time and memory limits and reads a crash from the exit code.
"""
import signal

# Before the (slow) imports: Ctrl-C is the parent's business, and must not print a traceback here.
signal.signal(signal.SIGINT, signal.SIG_IGN)

import json  # noqa: E402
import sys  # noqa: E402

from jixiao.batch import Task, run_task  # noqa: E402


def main() -> None:
    message = json.load(sys.stdin)
    result = run_task(Task(**message["task"]), message["digest"])
    json.dump(result.to_json(), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
