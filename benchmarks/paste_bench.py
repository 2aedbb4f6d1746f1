"""Paste latency under Xvfb: hotkey → popup focused, and Enter → the reply arriving in another window.

Run: .venv/bin/python benchmarks/paste_bench.py [--runs 50] [--wm none|openbox]. Uses the
end-to-end harness (tests/e2e): a real target process and quickreply's X11 backend and paste
service in a second process; keys are sent with XTEST through xdotool. Prints numbers only.
Goals (issue 6): median/p95 ≤ 50 ms to the popup and ≤ 150 ms to the text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.xsession import Proc, set_clipboard, start_xvfb, wait_for, xdotool  # noqa: E402

E2E = ROOT / "tests" / "e2e"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--wm", choices=("none", "openbox"), default="none")
    args = parser.parse_args()
    server, env = start_xvfb()
    procs: list[Proc] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            if args.wm == "openbox":
                procs.append(Proc(["openbox", "--sm-disable"], env, Path(tmp) / "wm.log"))
                time.sleep(0.5)
            target = Proc(
                [sys.executable, str(E2E / "target_app.py"), str(Path(tmp) / "t.txt")],
                env,
                Path(tmp) / "target.log",
            )
            procs.append(target)
            target.wait_line("target ready", timeout=10)
            reply = "亲，您好！今天16点前付款当天发出，请放心。"
            driver = Proc([sys.executable, str(E2E / "driver_app.py"), reply], env, Path(tmp) / "driver.log")
            procs.append(driver)
            driver.wait_line("armed", timeout=10)
            to_popup, to_text = [], []
            for n in range(1, args.runs + 1):
                set_clipboard(env, f"clip-{n}")
                start = time.time()
                xdotool(env, "key", "ctrl+alt+k")
                shown = float(driver.wait_line("popup shown", count=n).split()[-1])
                xdotool(env, "key", "Return")
                entered = float(driver.wait_line("enter", count=n).split()[1])
                arrived = wait_for(
                    lambda n=n: next(
                        (
                            float(line.split()[1])
                            for line in target.lines()
                            if line.startswith("changed") and int(line.split()[2]) == len(reply) * n
                        ),
                        None,
                    ),
                    timeout=5,
                    what=f"paste {n}",
                )
                driver.wait_line("restored", count=n)
                to_popup.append((shown - start) * 1000)
                to_text.append((arrived - entered) * 1000)
        finally:
            for proc in reversed(procs):
                proc.stop()
            server.terminate()
            server.wait(5)
    print(f"paste latency under Xvfb ({args.runs} runs, window manager: {args.wm})")
    print(f"{'':28}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'goal':>12}")
    for name, values, goal in (
        ("hotkey → popup focused", to_popup, 50),
        ("Enter → text in the target", to_text, 150),
    ):
        median, p95 = statistics.median(values), percentile(values, 0.95)
        verdict = "meets" if median <= goal and p95 <= goal else "misses"
        print(f"{name:28}{median:>10.1f}{p95:>9.1f}{max(values):>9.1f}   ≤ {goal} ms {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
