#!/usr/bin/env python3
"""Time commands alternately, round by round, so that a changing load falls on all of them.

    python3 bench/alternate.py [--rounds N] [--warmup W] NAME=COMMAND NAME=COMMAND ...

Each round runs every command once, in turn, output discarded; the first W rounds are
warm-ups. Per command: median and quartiles of the wall time, mean CPU time (user + system,
from the child's rusage via os.wait4), and the ratios of each to the last command (the
peer, e.g. pdftotext). hyperfine runs each command's runs in a block, which a load that
moves between blocks skews; this is its alternative for a shared machine.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time


def run(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = ap.parse_args()
    cmds = []
    for c in args.commands:
        name, _, command = c.partition("=")
        cmds.append((name, shlex.split(command)))
    walls = {n: [] for n, _ in cmds}
    cpus = {n: [] for n, _ in cmds}
    for r in range(args.warmup + args.rounds):
        for name, argv in cmds:
            wall, cpu = run(argv)
            if r >= args.warmup:
                walls[name].append(wall)
                cpus[name].append(cpu)
    peer = cmds[-1][0]
    pw, pc = statistics.median(walls[peer]), statistics.mean(cpus[peer])
    load = os.getloadavg()[0]
    print(f"{args.rounds} alternating rounds after {args.warmup} warm-ups; load {load:.1f}")
    print(f"{'command':<24} {'wall median':>12} {'q1..q3 ms':>16} {'CPU mean':>10} "
          f"{'wall ratio':>10} {'CPU ratio':>10}")
    for name, _ in cmds:
        w = sorted(walls[name])
        q = statistics.quantiles(w, n=4) if len(w) > 1 else [w[0]] * 3
        med, cpu = statistics.median(w), statistics.mean(cpus[name])
        print(f"{name:<24} {med * 1e3:>10.1f}ms {q[0] * 1e3:>7.1f}..{q[2] * 1e3:<7.1f} "
              f"{cpu * 1e3:>8.1f}ms {med / pw:>10.3f} {cpu / pc:>10.3f}")


if __name__ == "__main__":
    main()
