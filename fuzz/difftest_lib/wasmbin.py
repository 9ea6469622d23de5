"""A minimal reader of WebAssembly 2.0 binaries: just what the tester needs to call exports and to map exported
globals and memories to their indices (types, imports, functions, globals, memories, exports, start)."""

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128", 0x70: "funcref", 0x6F: "externref"}
EXPORT_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global"}


class WasmInfo:
    def __init__(self):
        self.types = []          # [(params, results)] as type names
        self.func_types = []     # type index of every function (imports first)
        self.global_types = []   # [(type name, mutable)] of every global (imports first)
        self.memories = 0        # imported + defined
        self.exports = []        # [(name, kind, index)] in export order
        self.imports = []        # [(module, name, kind)]
        self.start = None

    def func_type(self, index):
        return self.types[self.func_types[index]]

    def exported(self, kind):
        return [(n, i) for n, k, i in self.exports if k == kind]


class _Reader:
    def __init__(self, b, pos=0, end=None):
        self.b, self.pos, self.end = b, pos, len(b) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ValueError("unexpected end")
        v = self.b[self.pos]
        self.pos += 1
        return v

    def uleb(self):
        result = shift = 0
        while True:
            v = self.byte()
            result |= (v & 0x7F) << shift
            shift += 7
            if not v & 0x80:
                return result

    def sleb(self):
        result = shift = 0
        while True:
            v = self.byte()
            result |= (v & 0x7F) << shift
            shift += 7
            if not v & 0x80:
                if v & 0x40:
                    result -= 1 << shift
                return result

    def bytes(self, n):
        if self.pos + n > self.end:
            raise ValueError("unexpected end")
        v = self.b[self.pos:self.pos + n]
        self.pos += n
        return v

    def name(self):
        return self.bytes(self.uleb()).decode("utf-8", "replace")

    def valtype(self):
        return VALTYPES.get(self.byte(), "?")

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()

    def const_expr(self):
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x23, 0xD2):
                self.sleb() if op == 0x41 else self.uleb()
            elif op == 0x42:
                self.sleb()
            elif op == 0x43:
                self.bytes(4)
            elif op == 0x44:
                self.bytes(8)
            elif op == 0xD0:
                self.byte()
            elif op == 0xFD:
                self.uleb()
                self.bytes(16)
            elif op in (0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E):
                pass   # extended-const arithmetic
            else:
                raise ValueError(f"unknown constant opcode {op:#x}")


def parse(b):
    """Parses a module's sections (raises ValueError on malformed input)."""
    if b[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    info = WasmInfo()
    r = _Reader(b, 8)
    while r.pos < len(b):
        sid = r.byte()
        size = r.uleb()
        s = _Reader(b, r.pos, r.pos + size)
        r.pos += size
        if sid == 1:
            for _ in range(s.uleb()):
                if s.byte() != 0x60:
                    raise ValueError("non-function type")
                params = [s.valtype() for _ in range(s.uleb())]
                results = [s.valtype() for _ in range(s.uleb())]
                info.types.append((params, results))
        elif sid == 2:
            for _ in range(s.uleb()):
                mod, name, kind = s.name(), s.name(), s.byte()
                info.imports.append((mod, name, EXPORT_KINDS.get(kind, "?")))
                if kind == 0:
                    info.func_types.append(s.uleb())
                elif kind == 1:
                    s.byte()
                    s.limits()
                elif kind == 2:
                    s.limits()
                    info.memories += 1
                elif kind == 3:
                    info.global_types.append((s.valtype(), s.byte() == 1))
        elif sid == 3:
            info.func_types += [s.uleb() for _ in range(s.uleb())]
        elif sid == 5:
            info.memories += s.uleb()
        elif sid == 6:
            for _ in range(s.uleb()):
                info.global_types.append((s.valtype(), s.byte() == 1))
                s.const_expr()
        elif sid == 7:
            for _ in range(s.uleb()):
                name, kind, index = s.name(), s.byte(), s.uleb()
                info.exports.append((name, EXPORT_KINDS.get(kind, "?"), index))
        elif sid == 8:
            info.start = s.uleb()
    return info
