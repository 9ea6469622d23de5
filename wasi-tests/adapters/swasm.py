"""swasm's runtime adapter for the upstream WASI testsuite runner (testsuite/run-tests), in the shape of
testsuite/adapters/wasmtime.py:

    SWASM=.build/release/swasm python3.12 wasi-tests/testsuite/run-tests -r wasi-tests/adapters/swasm.py

(the runner needs python3.12 with colorama and requests). The test command uses wasi-tests/run instead, which
needs nothing beyond the standard library.
"""
import os
import shlex
import subprocess
from typing import Dict, List, Optional, Tuple

SWASM = shlex.split(os.getenv("SWASM", "swasm"))


def get_name() -> str:
    return "swasm"


def get_version() -> str:
    result = subprocess.run(SWASM[0:1] + ["--version"], encoding="UTF-8", capture_output=True, check=True)
    return result.stdout.split()[1]


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    argv = SWASM + ["run"]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    if root:
        argv += ["--dir", f"{root}::/"]
    return argv + [test_path] + args
