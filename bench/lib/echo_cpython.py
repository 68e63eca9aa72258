# Anchor for the echo benchmark: two real CPython processes ping-pong UDP datagrams on 127.0.0.1,
# running the very files the simulator runs (echo_server.py, echo_client.py).
# Usage: python3 echo_cpython.py SECONDS  → prints one JSON line {"roundTrips": N, "seconds": S}
import json
import os
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    seconds = sys.argv[1] if len(sys.argv) > 1 else "3"
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "echo_server.py"), "0"], stdout=subprocess.PIPE, text=True
    )
    port = server.stdout.readline().split()[1]
    client = subprocess.run(
        [sys.executable, os.path.join(HERE, "echo_client.py"), "127.0.0.1", port, seconds],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    server.wait(timeout=5)
    result = json.loads(client.stdout.strip().split("\n")[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of both processes, start-up and warm-up included (≈40 ms of it)
    result["cpuSeconds"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))
