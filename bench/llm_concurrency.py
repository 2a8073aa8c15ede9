"""Bench: LLM-bound triage against the concurrency limit, and the cached re-run.

N papers go through the real LLM path (`build_classifier` -> `LLMClassifier` -> `OpenAICompleter` ->
the openai client -> HTTP) to a local fake server (`fake_openai.FakeOpenAIProcess`, a child process so
it does not share the client's GIL) that answers every request after a fixed latency L. For each
concurrency C the wall time (median of `--repeat` runs, each with a fresh cache) is compared with the
ideal N·L/(batch·C); the target is within 1.2x of ideal at C=16. Two bounds explain the gap: the
whole-round floor ceil(batches/C)·L, and the classifier's first batch, which runs alone so the
structured-output ladder settles before requests go out in parallel (+1 L). The client's own cost per
request is measured at L=0, C=1. Then the same papers again with the warm cache: zero requests.

    python bench/llm_concurrency.py [--n 500] [--latency 0.2] [--batch 8] [--concurrency 1 4 16] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import command, figure, project_config, synthetic_papers  # noqa: E402
from fake_openai import FakeOpenAIProcess  # noqa: E402

from curator.classify import build_classifier  # noqa: E402
from curator.config import Config  # noqa: E402
from curator.models import Paper  # noqa: E402


def bench_config(batch: int, concurrency: int, cache_dir: Path) -> Config:
    config = project_config()
    llm = config.llm.model_copy(update={
        "batch_size": batch, "concurrency": concurrency, "cache_dir": str(cache_dir), "model": "bench-model",
    })
    return config.model_copy(update={"llm": llm})


def run_once(config: Config, papers: list[Paper], server: FakeOpenAIProcess) -> tuple[float, int, int]:
    """(wall seconds, requests the server saw, papers the LLM classified) for one triage."""
    classifier = build_classifier(config, kind="llm", llm_mode="live")
    before = server.count
    started = time.perf_counter()
    results = classifier.classify(papers)
    wall = time.perf_counter() - started
    llm_papers = sum(1 for r in results if r.classifier == "llm")
    return wall, server.count - before, llm_papers


def use_server(server: FakeOpenAIProcess) -> None:
    os.environ["OPENAI_BASE_URL"] = server.base_url
    os.environ["OPENAI_API_KEY"] = "bench-not-a-key"


def concurrency_figure(args: argparse.Namespace, concurrency: int, papers: list[Paper], tmp: Path,
                       server: FakeOpenAIProcess) -> Path:
    """Print the figure for one concurrency; returns the cache folder of its last run."""
    walls = []
    for attempt in range(args.repeat):
        cache_dir = tmp / f"c{concurrency}-{attempt}{'-warm' if args.warm_ladder else ''}"
        config = bench_config(args.batch, concurrency, cache_dir)
        if args.warm_ladder:
            # As in the weekly job, whose cache persists: an earlier run left the server's mode remembered
            # (other papers, so no answer is cached), and the classifier skips its solo probing batch.
            run_once(config, synthetic_papers(args.batch, offset=10 * args.n), server)
        wall, requests, llm_papers = run_once(config, papers, server)
        walls.append(wall)
    wall = statistics.median(walls)
    batches = math.ceil(args.n / args.batch)
    ideal = args.n * args.latency / (args.batch * concurrency)
    floor = math.ceil(batches / concurrency) * args.latency
    solo = (1 + math.ceil((batches - 1) / concurrency)) * args.latency
    ladder = "remembered ladder" if args.warm_ladder else f"first run, solo first batch: floor {solo:.2f} s"
    figure(
        f"llm triage N={args.n} L={args.latency * 1000:.0f}ms batch={args.batch} concurrency={concurrency}"
        + (" warm-ladder" if args.warm_ladder else ""),
        f"{wall:.2f} s (median of {args.repeat}) vs ideal {ideal:.2f} s = {wall / ideal:.2f}x; whole-round floor "
        f"{floor:.2f} s ({ladder}); {requests} requests, {llm_papers}/{args.n} by the LLM",
        command("--n", str(args.n), "--latency", str(args.latency), "--batch", str(args.batch),
                "--concurrency", str(concurrency), "--repeat", str(args.repeat),
                *(["--warm-ladder"] if args.warm_ladder else [])),
    )
    return cache_dir


def overhead_figure(args: argparse.Namespace, papers: list[Paper], tmp: Path) -> None:
    """The client's own time per request (prompt, hash, cache, openai client, parsing) at zero latency."""
    with FakeOpenAIProcess(latency=0.0) as server:
        use_server(server)
        run_once(bench_config(args.batch, 1, tmp / "warmup"), papers[: args.batch], server)
        wall, requests, _ = run_once(bench_config(args.batch, 1, tmp / "zero"), papers, server)
    figure(f"llm client time per request (L=0, concurrency 1, batch={args.batch})",
           f"{wall / requests * 1000:.1f} ms ({requests} requests in {wall:.2f} s)",
           command("--n", str(args.n), "--batch", str(args.batch), "--concurrency"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.2, help="server latency per request, seconds")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[1, 4, 16])
    parser.add_argument("--repeat", type=int, default=3, help="runs per concurrency; the median is shown")
    parser.add_argument("--warm-ladder", action="store_true",
                        help="the server's structured-output mode is remembered from an earlier run (steady state)")
    args = parser.parse_args(argv)
    papers = synthetic_papers(args.n)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        overhead_figure(args, papers, tmp)
        with FakeOpenAIProcess(latency=args.latency) as server:
            use_server(server)
            cache_dir = tmp / "none"
            for concurrency in args.concurrency:
                cache_dir = concurrency_figure(args, concurrency, papers, tmp, server)
            if args.concurrency:
                wall, requests, llm_papers = run_once(
                    bench_config(args.batch, args.concurrency[-1], cache_dir), papers, server)
                figure(f"llm triage cached re-run N={args.n}",
                       f"{wall:.2f} s, {requests} requests, {llm_papers}/{args.n} papers answered from the cache",
                       command("--n", str(args.n), "--concurrency", str(args.concurrency[-1]), "--repeat", "1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
