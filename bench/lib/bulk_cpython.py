# Anchor for the tcp-bulk benchmark: two real CPython processes move bytes over TCP on 127.0.0.1,
# running the very files the simulator runs (bulk_server.py, bulk_client.py).
# Usage: python3 bulk_cpython.py SECONDS → prints one JSON line {"bytes": N, "seconds": S, "cpuSeconds": C}
import json
import os
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    seconds = sys.argv[1] if len(sys.argv) > 1 else "3"
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "bulk_server.py"), "0"], stdout=subprocess.PIPE, text=True
    )
    port = server.stdout.readline().split()[1]
    client = subprocess.run(
        [sys.executable, os.path.join(HERE, "bulk_client.py"), "127.0.0.1", port, seconds],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    server.wait(timeout=10)
    result = json.loads(client.stdout.strip().split("\n")[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpuSeconds"] = usage.ru_utime + usage.ru_stime  # both processes, start-up included
    print(json.dumps(result))
