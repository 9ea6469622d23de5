/* The runtime contract the harness mirrors: artifact format (docs/AOT-FORMAT.md), VM context layout
 * (Sources/SwasmRuntime/VMContext.swift), function references and table descriptors
 * (Sources/SwasmRuntime/RuntimeHelper.swift), trap codes and the helper table order. Keep in sync. */
#ifndef SWASM_AOT_H
#define SWASM_AOT_H

#include <stdint.h>

/* ---- artifact ---- */
#define AOT_MAGIC "SWASMAOT"
#define AOT_VERSION 2
#define AOT_ARCH_X86_64 1
#define AOT_ARCH_AARCH64 2
#define AOT_FLAG_EXPLICIT_BOUNDS 1u
#define AOT_FLAG_METERED 2u
#define AOT_FLAG_CANONICAL_NANS 4u
#define AOT_FLAG_INTERRUPTIBLE 8u
#define AOT_FLAG_X86_SSE41 0x100u
#define AOT_FLAG_X86_SSE42 0x200u
#define AOT_FLAG_X86_AVX 0x400u
#define AOT_FLAG_X86_POPCNT 0x800u
#define AOT_FLAG_X86_LZCNT 0x1000u
#define AOT_FLAG_X86_BMI1 0x2000u
#define AOT_FLAGS_KNOWN 0x3f0fu
#define AOT_HEADER_SIZE 32

enum aot_section {
    SEC_CODE = 1, SEC_TYPES, SEC_IMPORTS, SEC_FUNCTIONS, SEC_TABLES, SEC_MEMORIES, SEC_GLOBALS,
    SEC_EXPORTS, SEC_START, SEC_ELEMENTS, SEC_DATA, SEC_TRAPSITES, SEC_COSTMODEL, SEC_NAMES,
    SEC_CALLSITES, SEC_MAX = SEC_CALLSITES
};

enum aot_cexpr_kind { CE_I32, CE_I64, CE_F32, CE_F64, CE_V128, CE_REFNULL, CE_REFFUNC, CE_GLOBALGET };

enum wasm_valtype { VT_I32 = 0x7F, VT_I64 = 0x7E, VT_F32 = 0x7D, VT_F64 = 0x7C, VT_V128 = 0x7B,
                    VT_FUNCREF = 0x70, VT_EXTERNREF = 0x6F };

enum wasm_extern_kind { EK_FUNC = 0, EK_TABLE = 1, EK_MEMORY = 2, EK_GLOBAL = 3 };

/* ---- VM context (192 bytes, 64-byte aligned) ---- */
enum vmctx_offset {
    VM_MEMORY_BASE = 0, VM_MEMORY_BYTES = 8, VM_STACK_LIMIT = 16, VM_GAS = 24, VM_TRAP_CODE = 32,
    VM_INTERRUPT = 36, VM_TRAP_PC = 40, VM_TRAP_ADDRESS = 48, VM_ENTRY_SP = 56, VM_GLOBALS = 64, VM_TABLES = 72,
    VM_FUNCTIONS = 80, VM_TYPE_IDS = 88, VM_HELPERS = 96, VM_INSTANCE = 104, VM_PREVIOUS_ENTRY_SP = 112,
    VM_BACKTRACE = 120, VM_INTERRUPT_THREAD = 128, VM_INTERRUPT_SAVED_GAS = 136,
    VM_INTERRUPT_GAS_ZEROED = 144, VM_SIZE = 192, VM_ALIGN = 64
};

/* Function reference {code, vmctx, typeID u32, hostIndex u32}; null = 0. */
typedef struct funcref {
    void *code;
    void *vmctx;
    uint32_t type_id;
    uint32_t host_index;
} funcref_t;

/* Table descriptor {elements, count}; generated code reads count as u32 at +8. */
typedef struct table_desc {
    uint64_t *elements;
    uint64_t count;
} table_desc_t;

/* TrapCode raw values. */
enum trap_code {
    TRAP_NONE = 0, TRAP_UNREACHABLE = 1, TRAP_MEMORY_OOB, TRAP_TABLE_OOB, TRAP_UNINITIALIZED_ELEMENT,
    TRAP_UNDEFINED_ELEMENT, TRAP_INDIRECT_CALL_TYPE, TRAP_INTEGER_OVERFLOW, TRAP_DIVIDE_BY_ZERO,
    TRAP_INVALID_CONVERSION, TRAP_STACK_EXHAUSTED, TRAP_OUT_OF_GAS, TRAP_HOST_ERROR,
    TRAP_INTERRUPTED, TRAP_CODE_COUNT
};

/* RuntimeHelper order (helpersBase + 8 * index). */
enum runtime_helper {
    H_HOST_CALL, H_MEMORY_GROW, H_MEMORY_SIZE, H_MEMORY_FILL, H_MEMORY_COPY, H_MEMORY_INIT, H_DATA_DROP,
    H_TABLE_GET, H_TABLE_SET, H_TABLE_SIZE, H_TABLE_GROW, H_TABLE_FILL, H_TABLE_COPY, H_TABLE_INIT,
    H_ELEM_DROP, H_COUNT
};

/* Entry trampoline: (vmctx, code, buffer, M, hostIndex) -> 0 returned / 1 trapped.
 * Buffer: M 16-byte slots (arguments in, results out), then x0/rax at [16M] and v0/xmm0 at [16M+16]. */
typedef int32_t (*entry_fn)(void *vmctx, const void *code, void *buffer, int64_t slots, uint32_t host_index);

/* backtraceBuffer: [0] = frame count, [1...63] = return addresses (filled by the trap exit). */
#define BACKTRACE_CAPACITY 63

#define WASM_PAGE 65536u
#define MAX_PAGES_32 65536u
/* Guarded memory: 8 GiB + 64 KiB PROT_NONE reservation. */
#define GUARDED_RESERVATION ((8ull << 30) + 65536ull)
#define TABLE_LIMIT 10000000u

#endif
