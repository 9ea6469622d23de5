"""wasmtime 50.0.1 engines to compare with (PyPI `wasmtime`), for the benchmark scripts."""
import wasmtime


def engines():
    """(name, engine) for Winch and Cranelift, one compile thread each (parallel compilation off)."""
    for name, strategy in (("wasmtime Winch", 2), ("wasmtime Cranelift", None)):
        cfg = wasmtime.Config()
        cfg.parallel_compilation = False
        if strategy is not None:
            wasmtime._ffi.wasmtime_config_strategy_set(cfg.ptr(), strategy)
        yield name, wasmtime.Engine(cfg)
