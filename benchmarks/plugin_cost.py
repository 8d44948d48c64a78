"""What the typedrnn mypy plugin costs: mypy with and without it, side by side.

    python benchmarks/plugin_cost.py            # user code re-checked, torch from the cache
    python benchmarks/plugin_cost.py --cold     # also full runs without any cache
    python benchmarks/plugin_cost.py --project ~/src/flair flair   # a real code base

The programs are the examples and the plugin's test corpus, its packages of several
modules among them. Each warm run checks fresh copies of them (new module names, so
mypy checks them again) against a cache
that already holds torch, which is what a CI run sees after its first one; each cold
run starts from an empty cache. Runs with and without the plugin alternate, and the
median of ``--repeat`` runs of each is reported. The target is at most 1.25x.

mypy runs with Python's default bytecode cache, also where the environment turns
it off (``PYTHONDONTWRITEBYTECODE``): mypy itself is compiled, the plugin is
not, and recompiling the plugin's source on every run is a cost users never see.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "mypy_corpus"
PROGRAMS = (
    sorted((ROOT / "examples").glob("*.py"))
    + sorted(CORPUS.glob("*.py"))
    + sorted(path.parent for path in CORPUS.glob("*/__init__.py"))
)


def write_config(directory: Path, with_plugin: bool) -> Path:
    config = directory / ("with.ini" if with_plugin else "without.ini")
    lines = ["[mypy]", f"cache_dir = {directory / ('cache-with' if with_plugin else 'cache-without')}"]
    if with_plugin:
        lines.append("plugins = typedrnn.mypy_plugin")
    config.write_text("\n".join(lines) + "\n")
    return config


def copy_programs(directory: Path, run: int) -> list[str]:
    package = directory / f"programs_{run}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for path in PROGRAMS:
        if path.is_dir():
            shutil.copytree(path, package / path.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, package / path.name)
    return sorted(str(path) for path in package.rglob("*.py"))


def time_mypy(config: Path, files: list[str], cwd: Path) -> float:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), *files],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"mypy failed:\n{result.stderr}{result.stdout[-2000:]}")
    return elapsed


def measure_project(project: Path, targets: list[str], repeat: int, cold: bool) -> None:
    """A real code base: each warm run starts from a cache that holds torch and not the project."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        (directory / "warmup.py").write_text("import torch\nimport torch.nn.functional\nimport torch.nn.utils.rnn\n")
        labels = {"without plugin": False, "with plugin": True}
        bases: dict[str, Path] = {}
        for label, with_plugin in labels.items():
            base = directory / f"base-{with_plugin}"
            base.mkdir()
            time_mypy(project_config(base, with_plugin), [str(directory / "warmup.py")], directory)
            bases[label] = base
        print(f"{project.name}: {' '.join(targets)}")
        print(f"{'':32}{'without plugin':>16}{'with plugin':>14}{'ratio':>8}")
        rows = [("project checked, torch cached", True)] + ([("cold, torch included", False)] if cold else [])
        for title, warm in rows:
            timings: dict[str, list[float]] = {label: [] for label in labels}
            for number in range(repeat):
                for label, with_plugin in labels.items():
                    run = directory / f"run-{title[:4]}-{number}-{with_plugin}"
                    if warm:
                        shutil.copytree(bases[label], run)
                    else:
                        run.mkdir()
                    timings[label].append(time_mypy(project_config(run, with_plugin), targets, project))
            without, with_plugin = (statistics.median(timings[label]) for label in labels)
            print(f"{title:32}{without:>15.2f}s{with_plugin:>13.2f}s{with_plugin / without:>7.2f}x")


def project_config(directory: Path, with_plugin: bool) -> Path:
    """What a project whose dependencies are not all installed writes, with the cache in ``directory``."""
    config = directory / "mypy.ini"
    lines = ["[mypy]", f"cache_dir = {directory / 'cache'}", "ignore_missing_imports = True"]
    if with_plugin:
        lines.append("plugins = typedrnn.mypy_plugin")
    config.write_text("\n".join(lines) + "\n")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="also time one run without any cache")
    parser.add_argument("--project", type=Path, help="a code base to time instead of the corpus")
    parser.add_argument("targets", nargs="*", help="with --project: what mypy checks there (default: .)")
    arguments = parser.parse_args()
    if arguments.project is not None:
        measure_project(arguments.project.resolve(), arguments.targets or ["."], arguments.repeat, arguments.cold)
        return

    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        configs = {
            "without plugin": write_config(directory, False),
            "with plugin": write_config(directory, True),
        }
        print(f"{len(PROGRAMS)} programs (examples and corpus)")
        for number, config in enumerate(configs.values()):
            # The first run fills each cache with torch.
            time_mypy(config, copy_programs(directory, number), directory)
        timings: dict[str, list[float]] = {label: [] for label in configs}
        run = 10
        for _ in range(arguments.repeat):
            for label, config in configs.items():
                run += 1
                timings[label].append(time_mypy(config, copy_programs(directory, run), directory))

        without, with_plugin = (statistics.median(timings[label]) for label in configs)
        print(f"{'':32}{'without plugin':>16}{'with plugin':>14}{'ratio':>8}")
        print(
            f"{'programs re-checked, warm cache':32}{without:>15.2f}s{with_plugin:>13.2f}s{with_plugin / without:>7.2f}x"
        )
        if arguments.cold:
            cold_timings: dict[str, list[float]] = {label: [] for label in configs}
            for repeat in range(arguments.repeat):
                for label, with_plugin in (("without plugin", False), ("with plugin", True)):
                    fresh = directory / f"cold-{repeat}-{with_plugin}"
                    fresh.mkdir()
                    config = write_config(fresh, with_plugin)
                    run += 1
                    cold_timings[label].append(time_mypy(config, copy_programs(directory, run), directory))
            first, second = (statistics.median(cold_timings[label]) for label in configs)
            print(f"{'cold, torch included':32}{first:>15.2f}s{second:>13.2f}s{second / first:>7.2f}x")


if __name__ == "__main__":
    main()
