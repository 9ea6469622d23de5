/* swasm-harness: loads swasm AOT artifacts exactly as the runtime does and runs a command script.
 * Builds for the host (x86-64) and, with aarch64-linux-gnu-gcc -static, for AArch64 (run under qemu).
 * See harness/README.md for the script format. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "swasm-aot.h"

#if defined(__x86_64__)
#define HOST_ARCH AOT_ARCH_X86_64
#define HOST_ARCH_NAME "x86_64"
#elif defined(__aarch64__)
#define HOST_ARCH AOT_ARCH_AARCH64
#define HOST_ARCH_NAME "aarch64"
#else
#error "unsupported host architecture"
#endif

static const char *const trap_messages[TRAP_CODE_COUNT] = {
    "no trap", "unreachable", "out of bounds memory access", "out of bounds table access",
    "uninitialized element", "undefined element", "indirect call type mismatch", "integer overflow",
    "integer divide by zero", "invalid conversion to integer", "call stack exhausted", "out of gas", "host error",
    "interrupted",
};

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "harness: fatal: ");
    vfprintf(stdout, fmt, ap);
    fprintf(stdout, "\n");
    va_end(ap);
    fflush(stdout);
    exit(2);
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) die("out of memory");
    return p;
}

static size_t host_page;
static size_t round_page(size_t n) { return (n + host_page - 1) & ~(host_page - 1); }

/* ======================================================================== artifact */

typedef struct { uint32_t np, nr; uint8_t *params, *results; } functype_t;
typedef struct { uint8_t has_max; uint32_t min, max; } limits_t;
typedef struct { uint8_t kind; uint64_t low, high; } cexpr_t;
typedef struct {
    uint32_t mlen, nlen; uint8_t *module, *name; uint8_t kind;
    uint32_t type_index;         /* func */
    uint8_t elem_type;           /* table */
    limits_t limits;             /* table, memory */
    uint8_t valtype, mutable_;   /* global */
} import_t;
typedef struct { uint8_t valtype, mutable_; cexpr_t init; } globaldef_t;
typedef struct { uint32_t nlen; uint8_t *name; uint8_t kind; uint32_t index; } export_t;
typedef struct { uint8_t mode, elem_type; uint32_t table; cexpr_t offset; uint32_t n; cexpr_t *items; } elemseg_t;
typedef struct { uint8_t mode; uint32_t memory; cexpr_t offset; uint32_t n; uint8_t *bytes; } dataseg_t;
typedef struct { uint64_t grow_per_page, bytes_per_unit, table_element, host_call; } costs_t;

typedef struct module {
    uint32_t arch, flags;
    uint32_t entry, trap_exit, host_stub, code_size;
    uint8_t *code;
    uint32_t ntypes; functype_t *types;
    uint32_t nimports; import_t *imports;
    uint32_t imported_funcs, ndefined; uint32_t *def_type, *def_offset;
    uint32_t ntables; uint8_t *table_elem; limits_t *table_limits;
    uint32_t nmemories; limits_t *memory_limits;
    uint32_t nglobals; globaldef_t *globals;
    uint32_t nexports; export_t *exports;
    uint32_t has_start, start;
    uint32_t nelems; elemseg_t *elems;
    uint32_t ndata; dataseg_t *data;
    int metered; costs_t costs;
    int interruptible;   /* AOT_FLAG_INTERRUPTIBLE: unmetered code checks VM_INTERRUPT, metered code is stopped via its gas */
    uint32_t ntrapsites, ncallsites; uint32_t *trapsites, *callsites;   /* {code offset, function, wasm offset} */
    /* derived index spaces (imports first) */
    uint32_t nfuncs; uint32_t *func_type;
    uint32_t imported_tables, imported_memories, imported_globals;
    uint32_t total_tables, total_memories, total_globals;
    uint8_t *global_type, *global_mut;   /* all globals */
    uint8_t *table_type;                 /* all tables */
} module_t;

typedef struct { const uint8_t *p, *end; const char *err; } reader_t;

static int rd_need(reader_t *r, size_t n) {
    if (r->err) return 0;
    if ((size_t)(r->end - r->p) < n) { r->err = "truncated section"; return 0; }
    return 1;
}
static uint8_t rd_u8(reader_t *r) { if (!rd_need(r, 1)) return 0; return *r->p++; }
static uint32_t rd_u32(reader_t *r) {
    if (!rd_need(r, 4)) return 0;
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4; return v;
}
static uint64_t rd_u64(reader_t *r) { uint64_t lo = rd_u32(r); return lo | (uint64_t)rd_u32(r) << 32; }
static uint8_t *rd_bytes(reader_t *r, uint32_t n) {
    if (!rd_need(r, n)) return NULL;
    uint8_t *b = xcalloc(n + 1, 1);
    memcpy(b, r->p, n); r->p += n; return b;
}
/* A count of items each at least `min_item` bytes: rejects counts the payload cannot hold. */
static uint32_t rd_count(reader_t *r, size_t min_item) {
    uint32_t n = rd_u32(r);
    if (r->err) return 0;
    if (min_item && (uint64_t)n * min_item > (uint64_t)(r->end - r->p)) { r->err = "count exceeds section"; return 0; }
    return n;
}
static limits_t rd_limits(reader_t *r) { limits_t l; l.has_max = rd_u8(r); l.min = rd_u32(r); l.max = rd_u32(r); return l; }
static cexpr_t rd_cexpr(reader_t *r) {
    cexpr_t e; e.kind = rd_u8(r); e.low = rd_u64(r); e.high = rd_u64(r);
    if (!r->err && e.kind > CE_GLOBALGET) r->err = "bad constant expression kind";
    return e;
}
static int valid_valtype(uint8_t t) {
    return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 || t == VT_V128 || t == VT_FUNCREF || t == VT_EXTERNREF;
}

static void module_derive(module_t *m, const char **err);

/* Reads and checks an artifact. Returns NULL with *err set on any problem (never crashes on bad input). */

/* The artifact checksum (docs/AOT-FORMAT.md; ArtifactFormat.checksum64 in SwasmABI is the same function). */
#define CK1 0x9E3779B185EBCA87ull
#define CK2 0xC2B2AE3D27D4EB4Full
static inline uint64_t ck_round(uint64_t acc, uint64_t word) {
    uint64_t x = acc ^ (word * CK2);
    return ((x << 31) | (x >> 33)) * CK1;
}
static inline uint64_t ck_word(const uint8_t *p) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) w = (w << 8) | p[k];
    return w;
}
static uint64_t aot_checksum64(const uint8_t *p, long n) {
    uint64_t a[4] = { CK1, CK2, ~CK1, ~CK2 };
    long i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; l++) a[l] = ck_round(a[l], ck_word(p + i + 8 * l));
    uint64_t h = (uint64_t)n * CK1;
    for (int l = 0; l < 4; l++) h = (h ^ ck_round(0, a[l])) * CK1 + CK2;
    for (; i + 8 <= n; i += 8) {
        uint64_t x = h ^ ck_round(0, ck_word(p + i));
        h = ((x << 27) | (x >> 37)) * CK1 + CK2;
    }
    uint64_t tail = 0;
    for (int shift = 0; i < n; i++, shift += 8) tail |= (uint64_t)p[i] << shift;
    h ^= ck_round(0, tail);
    h ^= h >> 33; h *= CK2; h ^= h >> 29; h *= CK1; h ^= h >> 32;
    return h;
}

static module_t *module_read(const char *path, const char **err) {
    static char msg[512];
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(msg, sizeof msg, "cannot open %s: %s", path, strerror(errno)); *err = msg; return NULL; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0) { fclose(f); *err = "cannot size file"; return NULL; }
    uint8_t *buf = xcalloc((size_t)size + 1, 1);
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) { fclose(f); free(buf); *err = "short read"; return NULL; }
    fclose(f);
    module_t *m = xcalloc(1, sizeof *m);
    reader_t hr = { buf, buf + size, NULL };
    if (size < AOT_HEADER_SIZE || memcmp(buf, AOT_MAGIC, 8) != 0) { *err = "not a swasm artifact (bad magic)"; goto fail; }
    hr.p += 8;
    uint32_t version = rd_u32(&hr);
    if (version != AOT_VERSION) { snprintf(msg, sizeof msg, "unsupported artifact version %u", version); *err = msg; goto fail; }
    m->arch = rd_u32(&hr);
    if (m->arch != HOST_ARCH) {
        snprintf(msg, sizeof msg, "artifact is for architecture %u, this host is %s", m->arch, HOST_ARCH_NAME);
        *err = msg; goto fail;
    }
    m->flags = rd_u32(&hr);
    if (m->flags & ~AOT_FLAGS_KNOWN) { *err = "unknown artifact flags"; goto fail; }
    m->interruptible = (m->flags & AOT_FLAG_INTERRUPTIBLE) != 0;
#if defined(__x86_64__)
    if (((m->flags & AOT_FLAG_X86_SSE41) && !__builtin_cpu_supports("sse4.1")) ||
        ((m->flags & AOT_FLAG_X86_SSE42) && !__builtin_cpu_supports("sse4.2")) ||
        ((m->flags & AOT_FLAG_X86_AVX) && !__builtin_cpu_supports("avx")) ||
        ((m->flags & AOT_FLAG_X86_POPCNT) && !__builtin_cpu_supports("popcnt")) ||
        ((m->flags & AOT_FLAG_X86_LZCNT) && !__builtin_cpu_supports("lzcnt")) ||
        ((m->flags & AOT_FLAG_X86_BMI1) && !__builtin_cpu_supports("bmi"))) {
        *err = "artifact needs CPU features this CPU lacks"; goto fail;
    }
#endif
    uint32_t nsec = rd_u32(&hr);
    uint64_t sum = rd_u64(&hr);
    if (aot_checksum64(buf + AOT_HEADER_SIZE, size - AOT_HEADER_SIZE) != sum) { *err = "checksum mismatch"; goto fail; }
    reader_t sr = { buf + AOT_HEADER_SIZE, buf + size, NULL };
    uint32_t last = 0;
    int have_code = 0;
    for (uint32_t s = 0; s < nsec; s++) {
        uint32_t id = rd_u32(&sr), reserved = rd_u32(&sr);
        uint64_t len = rd_u64(&sr);
        if (sr.err) { *err = "truncated section header"; goto fail; }
        if (reserved != 0) { *err = "nonzero reserved field"; goto fail; }
        if (id <= last || id > SEC_MAX) { snprintf(msg, sizeof msg, "section id %u out of order or unknown", id); *err = msg; goto fail; }
        last = id;
        if (len > (uint64_t)(sr.end - sr.p)) { *err = "section length exceeds file"; goto fail; }
        reader_t r = { sr.p, sr.p + len, NULL };
        uint64_t padded = (len + 7) & ~7ull;
        if (padded > (uint64_t)(sr.end - sr.p)) { *err = "section padding exceeds file"; goto fail; }
        sr.p += padded;
        switch (id) {
        case SEC_CODE:
            have_code = 1;
            m->entry = rd_u32(&r); m->trap_exit = rd_u32(&r); m->host_stub = rd_u32(&r); m->code_size = rd_u32(&r);
            m->code = rd_bytes(&r, m->code_size);
            if (!r.err && (m->entry >= m->code_size || m->trap_exit >= m->code_size || m->host_stub >= m->code_size))
                r.err = "stub offset outside the code";
            break;
        case SEC_TYPES:
            m->ntypes = rd_count(&r, 8);
            m->types = xcalloc(m->ntypes, sizeof *m->types);
            for (uint32_t i = 0; i < m->ntypes && !r.err; i++) {
                functype_t *t = &m->types[i];
                t->np = rd_count(&r, 1); t->params = rd_bytes(&r, t->np);
                t->nr = rd_count(&r, 1); t->results = rd_bytes(&r, t->nr);
                for (uint32_t k = 0; !r.err && k < t->np; k++) if (!valid_valtype(t->params[k])) r.err = "bad value type";
                for (uint32_t k = 0; !r.err && k < t->nr; k++) if (!valid_valtype(t->results[k])) r.err = "bad value type";
            }
            break;
        case SEC_IMPORTS:
            m->nimports = rd_count(&r, 10);
            m->imports = xcalloc(m->nimports, sizeof *m->imports);
            for (uint32_t i = 0; i < m->nimports && !r.err; i++) {
                import_t *im = &m->imports[i];
                im->mlen = rd_count(&r, 1); im->module = rd_bytes(&r, im->mlen);
                im->nlen = rd_count(&r, 1); im->name = rd_bytes(&r, im->nlen);
                im->kind = rd_u8(&r);
                switch (im->kind) {
                case EK_FUNC: im->type_index = rd_u32(&r); break;
                case EK_TABLE: im->elem_type = rd_u8(&r); im->limits = rd_limits(&r); break;
                case EK_MEMORY: im->limits = rd_limits(&r); break;
                case EK_GLOBAL: im->valtype = rd_u8(&r); im->mutable_ = rd_u8(&r); break;
                default: if (!r.err) r.err = "bad import kind";
                }
            }
            break;
        case SEC_FUNCTIONS:
            m->imported_funcs = rd_u32(&r);
            m->ndefined = rd_count(&r, 8);
            m->def_type = xcalloc(m->ndefined, 4); m->def_offset = xcalloc(m->ndefined, 4);
            for (uint32_t i = 0; i < m->ndefined && !r.err; i++) { m->def_type[i] = rd_u32(&r); m->def_offset[i] = rd_u32(&r); }
            break;
        case SEC_TABLES:
            m->ntables = rd_count(&r, 10);
            m->table_elem = xcalloc(m->ntables, 1); m->table_limits = xcalloc(m->ntables, sizeof(limits_t));
            for (uint32_t i = 0; i < m->ntables && !r.err; i++) { m->table_elem[i] = rd_u8(&r); m->table_limits[i] = rd_limits(&r); }
            break;
        case SEC_MEMORIES:
            m->nmemories = rd_count(&r, 9);
            m->memory_limits = xcalloc(m->nmemories, sizeof(limits_t));
            for (uint32_t i = 0; i < m->nmemories && !r.err; i++) m->memory_limits[i] = rd_limits(&r);
            break;
        case SEC_GLOBALS:
            m->nglobals = rd_count(&r, 19);
            m->globals = xcalloc(m->nglobals, sizeof *m->globals);
            for (uint32_t i = 0; i < m->nglobals && !r.err; i++) {
                m->globals[i].valtype = rd_u8(&r); m->globals[i].mutable_ = rd_u8(&r); m->globals[i].init = rd_cexpr(&r);
            }
            break;
        case SEC_EXPORTS:
            m->nexports = rd_count(&r, 9);
            m->exports = xcalloc(m->nexports, sizeof *m->exports);
            for (uint32_t i = 0; i < m->nexports && !r.err; i++) {
                export_t *e = &m->exports[i];
                e->nlen = rd_count(&r, 1); e->name = rd_bytes(&r, e->nlen); e->kind = rd_u8(&r); e->index = rd_u32(&r);
            }
            break;
        case SEC_START:
            m->has_start = rd_u32(&r); m->start = rd_u32(&r);
            break;
        case SEC_ELEMENTS:
            m->nelems = rd_count(&r, 27);
            m->elems = xcalloc(m->nelems, sizeof *m->elems);
            for (uint32_t i = 0; i < m->nelems && !r.err; i++) {
                elemseg_t *e = &m->elems[i];
                e->mode = rd_u8(&r); e->elem_type = rd_u8(&r); e->table = rd_u32(&r); e->offset = rd_cexpr(&r);
                e->n = rd_count(&r, 17);
                e->items = xcalloc(e->n, sizeof(cexpr_t));
                for (uint32_t k = 0; k < e->n && !r.err; k++) e->items[k] = rd_cexpr(&r);
                if (!r.err && e->mode > 2) r.err = "bad element segment mode";
            }
            break;
        case SEC_DATA:
            m->ndata = rd_count(&r, 26);
            m->data = xcalloc(m->ndata, sizeof *m->data);
            for (uint32_t i = 0; i < m->ndata && !r.err; i++) {
                dataseg_t *d = &m->data[i];
                d->mode = rd_u8(&r); d->memory = rd_u32(&r); d->offset = rd_cexpr(&r);
                d->n = rd_count(&r, 1); d->bytes = rd_bytes(&r, d->n);
                if (!r.err && d->mode > 1) r.err = "bad data segment mode";
            }
            break;
        case SEC_TRAPSITES:
        case SEC_CALLSITES: {   /* for backtraces: trap sites and return addresses of calls */
            uint32_t n = rd_count(&r, 12);
            uint32_t *sites = xcalloc((size_t)n * 3 + 1, 4);
            for (uint32_t i = 0; i < 3 * n && !r.err; i++) sites[i] = rd_u32(&r);
            if (id == SEC_TRAPSITES) { m->ntrapsites = n; m->trapsites = sites; }
            else { m->ncallsites = n; m->callsites = sites; }
            break;
        }
        case SEC_COSTMODEL: {
            uint32_t n = rd_count(&r, 4);
            for (uint32_t i = 0; i < n && !r.err; i++) rd_u32(&r);
            m->metered = 1;
            m->costs.grow_per_page = rd_u64(&r); m->costs.bytes_per_unit = rd_u64(&r);
            m->costs.table_element = rd_u64(&r); m->costs.host_call = rd_u64(&r);
            break;
        }
        case SEC_NAMES: {
            uint32_t n = rd_count(&r, 8);
            for (uint32_t i = 0; i < n && !r.err; i++) { rd_u32(&r); uint32_t l = rd_count(&r, 1); free(rd_bytes(&r, l)); }
            break;
        }
        }
        if (!r.err && r.p != r.end) r.err = "trailing bytes in section";
        if (r.err) { snprintf(msg, sizeof msg, "section %u: %s", id, r.err); *err = msg; goto fail; }
    }
    if (sr.p != sr.end) { *err = "trailing bytes after the last section"; goto fail; }
    if (!have_code) { *err = "missing CODE section"; goto fail; }
    if (((m->flags & AOT_FLAG_METERED) != 0) != m->metered) { *err = "metered flag and COSTMODEL section disagree"; goto fail; }
    free(buf);
    *err = NULL;
    module_derive(m, err);
    if (*err) return NULL;
    return m;
fail:
    free(buf);
    return NULL;   /* the partially read module is leaked: artifacts are rejected rarely */
}

/* Index spaces plus every cross-reference check, so instantiation can index without bounds checks. */
static void module_derive(module_t *m, const char **err) {
    static char msg[256];
#define BAD(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); *err = msg; return; } while (0)
    uint32_t ifn = 0, itab = 0, imem = 0, iglob = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        import_t *im = &m->imports[i];
        switch (im->kind) {
        case EK_FUNC: if (im->type_index >= m->ntypes) BAD("import %u: type index out of range", i); ifn++; break;
        case EK_TABLE: itab++; break;
        case EK_MEMORY: imem++; break;
        case EK_GLOBAL: if (!valid_valtype(im->valtype)) BAD("import %u: bad value type", i); iglob++; break;
        }
    }
    if (ifn != m->imported_funcs) BAD("FUNCTIONS importedCount %u, but %u function imports", m->imported_funcs, ifn);
    m->nfuncs = ifn + m->ndefined;
    m->func_type = xcalloc(m->nfuncs, 4);
    for (uint32_t i = 0, k = 0; i < m->nimports; i++) if (m->imports[i].kind == EK_FUNC) m->func_type[k++] = m->imports[i].type_index;
    for (uint32_t i = 0; i < m->ndefined; i++) {
        if (m->def_type[i] >= m->ntypes) BAD("function %u: type index out of range", ifn + i);
        if (m->def_offset[i] >= m->code_size) BAD("function %u: code offset out of range", ifn + i);
        m->func_type[ifn + i] = m->def_type[i];
    }
    m->imported_tables = itab; m->imported_memories = imem; m->imported_globals = iglob;
    m->total_tables = itab + m->ntables; m->total_memories = imem + m->nmemories; m->total_globals = iglob + m->nglobals;
    if (m->total_memories > 1) BAD("more than one memory");
    m->table_type = xcalloc(m->total_tables, 1);
    m->global_type = xcalloc(m->total_globals, 1); m->global_mut = xcalloc(m->total_globals, 1);
    for (uint32_t i = 0, t = 0, g = 0; i < m->nimports; i++) {
        if (m->imports[i].kind == EK_TABLE) m->table_type[t++] = m->imports[i].elem_type;
        if (m->imports[i].kind == EK_GLOBAL) { m->global_type[g] = m->imports[i].valtype; m->global_mut[g++] = m->imports[i].mutable_; }
    }
    for (uint32_t i = 0; i < m->ntables; i++) m->table_type[itab + i] = m->table_elem[i];
    for (uint32_t i = 0; i < m->nglobals; i++) { m->global_type[iglob + i] = m->globals[i].valtype; m->global_mut[iglob + i] = m->globals[i].mutable_; }
    /* constant expressions may name functions and (earlier/imported) globals */
    for (uint32_t i = 0; i < m->nglobals; i++) {
        cexpr_t *e = &m->globals[i].init;
        if (e->kind == CE_REFFUNC && e->low >= m->nfuncs) BAD("global %u: function index out of range", i);
        if (e->kind == CE_GLOBALGET && e->low >= iglob + i) BAD("global %u: global.get index out of range", i);
    }
    for (uint32_t i = 0; i < m->nexports; i++) {
        export_t *e = &m->exports[i];
        uint32_t lim = e->kind == EK_FUNC ? m->nfuncs : e->kind == EK_TABLE ? m->total_tables
                     : e->kind == EK_MEMORY ? m->total_memories : e->kind == EK_GLOBAL ? m->total_globals : 0;
        if (e->index >= lim) BAD("export %u: index out of range", i);
    }
    if (m->has_start && m->start >= m->nfuncs) BAD("start function out of range");
    for (uint32_t i = 0; i < m->nelems; i++) {
        elemseg_t *s = &m->elems[i];
        if (s->mode == 1 && s->table >= m->total_tables) BAD("element segment %u: table out of range", i);
        cexpr_t *all[1] = { &s->offset };
        (void)all;
        if (s->offset.kind == CE_GLOBALGET && s->offset.low >= m->total_globals) BAD("element segment %u: bad offset", i);
        for (uint32_t k = 0; k < s->n; k++) {
            if (s->items[k].kind == CE_REFFUNC && s->items[k].low >= m->nfuncs) BAD("element segment %u: function out of range", i);
            if (s->items[k].kind == CE_GLOBALGET && s->items[k].low >= m->total_globals) BAD("element segment %u: global out of range", i);
        }
    }
    for (uint32_t i = 0; i < m->ndata; i++) {
        dataseg_t *d = &m->data[i];
        if (d->mode == 1 && d->memory >= m->total_memories) BAD("data segment %u: memory out of range", i);
        if (d->offset.kind == CE_GLOBALGET && d->offset.low >= m->total_globals) BAD("data segment %u: bad offset", i);
    }
#undef BAD
}

/* ======================================================================== runtime objects */

typedef struct memory {
    uint8_t *base;
    uint32_t pages, max_pages;
    int has_declared_max; uint32_t declared_max;
    int live;
} memory_t;

typedef struct table {
    table_desc_t *desc;
    uint64_t capacity;
    uint8_t elem_type;
    int has_max; uint32_t max;
} table_t;

typedef struct global_cell {
    uint8_t valtype, mutable_;
    uint64_t *cell;   /* 16 bytes, 16-byte aligned */
} global_t;

typedef struct instance instance_t;
struct instance {
    module_t *mod;
    uint8_t *vmctx;
    uint8_t *code;       /* RX copy of the module's code */
    size_t code_map;
    memory_t *memory;
    int owns_memory;
    table_t **tables;
    global_t **globals;
    funcref_t **funcs;
    uint32_t *type_ids;
    uint8_t *host_funcs;   /* per function index: 1 = spectest host import, 2 + k = WASI function k */
    uint8_t *dropped_data;
    uint64_t **elem_items; uint32_t *elem_counts;   /* NULL items = dropped */
    void **globals_array, **tables_array;
    uint64_t *backtrace;   /* [0] = frames, then return addresses (written by the trap exit) */
};

/* ---- canonical type ids (process-wide) ---- */
static functype_t *canon; static uint32_t ncanon, capcanon;
static int functype_eq(const functype_t *a, const functype_t *b) {
    return a->np == b->np && a->nr == b->nr && !memcmp(a->params, b->params, a->np) && !memcmp(a->results, b->results, a->nr);
}
static uint32_t type_id(const functype_t *t) {
    for (uint32_t i = 0; i < ncanon; i++) if (functype_eq(&canon[i], t)) return i + 1;
    if (ncanon == capcanon) { capcanon = capcanon ? capcanon * 2 : 64; canon = realloc(canon, capcanon * sizeof *canon); if (!canon) die("oom"); }
    canon[ncanon] = *t;
    return ++ncanon;
}

/* ---- the trap handler's registries (preallocated; read in the signal handler) ---- */
#define MAX_CODE_RANGES 65536
static struct { uintptr_t start, end, stub; } code_ranges[MAX_CODE_RANGES];
static volatile int ncode_ranges;
#define MAX_CONTEXTS 65536
static uintptr_t contexts[MAX_CONTEXTS];
static volatile int ncontexts;

static instance_t **instances; static int ninstances, capinstances;

/* ---- memory reservation pool ---- */
#define MAX_POOL 64
static uint8_t *pool[MAX_POOL]; static int npool;
static int reservations_created, reservations_reused;

static uint8_t *reservation_acquire(void) {
    if (npool > 0) { reservations_reused++; return pool[--npool]; }
    void *p = mmap(NULL, GUARDED_RESERVATION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    reservations_created++;
    return p;
}

static void reservation_release(uint8_t *base, size_t used) {
    used = round_page(used);
    if (used) {
        if (madvise(base, used, MADV_DONTNEED) != 0 || mprotect(base, used, PROT_NONE) != 0) { munmap(base, GUARDED_RESERVATION); return; }
    }
    if (npool < MAX_POOL) pool[npool++] = base; else munmap(base, GUARDED_RESERVATION);
}

static memory_t *memory_new(uint32_t initial, int has_max, uint32_t max) {
    uint32_t eff = has_max && max < MAX_PAGES_32 ? max : MAX_PAGES_32;
    if (initial > eff) return NULL;
    uint8_t *base = reservation_acquire();
    if (!base) die("cannot reserve 8 GiB of address space for a memory");
    if (initial && mprotect(base, (size_t)initial * WASM_PAGE, PROT_READ | PROT_WRITE) != 0) die("mprotect memory: %s", strerror(errno));
    memory_t *mem = xcalloc(1, sizeof *mem);
    mem->base = base; mem->pages = initial; mem->max_pages = eff;
    mem->has_declared_max = has_max; mem->declared_max = max; mem->live = 1;
    return mem;
}

static void memory_free(memory_t *mem) {
    if (!mem->live) return;
    mem->live = 0;
    reservation_release(mem->base, (size_t)mem->pages * WASM_PAGE);
}

static void refresh_memory(instance_t *in) {
    *(uint64_t *)(in->vmctx + VM_MEMORY_BASE) = in->memory ? (uint64_t)(uintptr_t)in->memory->base : 0;
    *(uint64_t *)(in->vmctx + VM_MEMORY_BYTES) = in->memory ? (uint64_t)in->memory->pages * WASM_PAGE : 0;
}

static int64_t memory_grow(memory_t *mem, uint32_t delta) {
    uint32_t old = mem->pages;
    if (delta > mem->max_pages - old) return -1;
    if (delta == 0) return old;
    if (mprotect(mem->base + (size_t)old * WASM_PAGE, (size_t)delta * WASM_PAGE, PROT_READ | PROT_WRITE) != 0) return -1;
    mem->pages = old + delta;
    for (int i = 0; i < ninstances; i++) if (instances[i]->memory == mem) refresh_memory(instances[i]);
    return old;
}

static int mem_in_bounds(memory_t *mem, uint64_t addr, uint64_t n) {
    uint64_t size = (uint64_t)mem->pages * WASM_PAGE;
    return addr <= size && n <= size - addr;
}

static table_t *table_new(uint8_t elem_type, uint32_t min, int has_max, uint32_t max) {
    if (min > TABLE_LIMIT) return NULL;
    table_t *t = xcalloc(1, sizeof *t);
    t->desc = aligned_alloc(16, sizeof(table_desc_t));
    if (!t->desc) die("oom");
    t->capacity = min > 4 ? min : 4;
    t->desc->elements = xcalloc(t->capacity, 8);
    t->desc->count = min;
    t->elem_type = elem_type; t->has_max = has_max; t->max = max;
    return t;
}

static int64_t table_grow(table_t *t, uint32_t delta, uint64_t value) {
    uint64_t old = t->desc->count, n = old + delta;
    if (t->has_max && n > t->max) return -1;
    if (n > TABLE_LIMIT) return -1;
    if (n > t->capacity) {
        uint64_t cap = t->capacity;
        while (cap < n) cap *= 2;
        uint64_t *p = realloc(t->desc->elements, cap * 8);
        if (!p) return -1;
        t->desc->elements = p; t->capacity = cap;
    }
    for (uint64_t i = old; i < n; i++) t->desc->elements[i] = value;
    t->desc->count = n;
    return (int64_t)old;
}

static global_t *global_new(uint8_t valtype, uint8_t mutable_, uint64_t low, uint64_t high) {
    global_t *g = xcalloc(1, sizeof *g);
    g->cell = aligned_alloc(16, 16);
    if (!g->cell) die("oom");
    g->cell[0] = low; g->cell[1] = high;
    g->valtype = valtype; g->mutable_ = mutable_;
    return g;
}

/* ======================================================================== helpers (RuntimeHelpers.swift) */

static instance_t *owner(void *vmctx) { return *(instance_t **)((uint8_t *)vmctx + VM_INSTANCE); }

static void set_trap(void *vmctx, uint32_t code) {
    *(uint32_t *)((uint8_t *)vmctx + VM_TRAP_CODE) = code;
    *(uint64_t *)((uint8_t *)vmctx + VM_TRAP_PC) = 0;
}

/* Charges a dynamic cost (metered code only); false with `out of gas` recorded if it cannot be paid. */
static int charge(void *vmctx, instance_t *in, uint64_t cost) {
    if (!in->mod->metered) return 1;
    uint64_t *gas = (uint64_t *)((uint8_t *)vmctx + VM_GAS);
    uint64_t left = *gas;
    if (cost > left) { set_trap(vmctx, TRAP_OUT_OF_GAS); return 0; }
    *gas = left - cost;
    /* The interrupt handler may have taken the gas since the load (storeGasFromHost): it stays taken. */
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (*(volatile uint32_t *)((uint8_t *)vmctx + VM_INTERRUPT_GAS_ZEROED)) {
        if (left - cost) *(uint64_t *)((uint8_t *)vmctx + VM_INTERRUPT_SAVED_GAS) = left - cost;
        *(volatile uint64_t *)gas = 0;
    }
    return 1;
}
static uint64_t bulk_cost(instance_t *in, uint64_t bytes) {
    uint64_t u = in->mod->costs.bytes_per_unit;
    return u == 0 ? 0 : (bytes + u - 1) / u;
}

static void clobber_caller_saved(void) {
#if defined(__x86_64__)
    __asm__ volatile(
        "mov $0x5a5a5a5a5a5a5a5a, %%rdi\n\tmov %%rdi, %%rsi\n\tmov %%rdi, %%r8\n\tmov %%rdi, %%r9\n\t"
        "mov %%rdi, %%r10\n\tmov %%rdi, %%r11\n\tmovq %%rdi, %%xmm8\n\tmovq %%rdi, %%xmm9\n\t"
        "movq %%rdi, %%xmm10\n\tmovq %%rdi, %%xmm11\n\tmovq %%rdi, %%xmm12\n\tmovq %%rdi, %%xmm13\n\t"
        "movq %%rdi, %%xmm14\n\tmovq %%rdi, %%xmm15"
        ::: "rdi", "rsi", "r8", "r9", "r10", "r11", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
            "xmm14", "xmm15", "memory");
#elif defined(__aarch64__)
    __asm__ volatile(
        "mov x9, #0x5a5a\n\tmov x10, x9\n\tmov x11, x9\n\tmov x12, x9\n\tmov x13, x9\n\tmov x14, x9\n\t"
        "mov x15, x9\n\tdup v16.2d, x9\n\tdup v17.2d, x9\n\tdup v18.2d, x9\n\tdup v19.2d, x9\n\t"
        "dup v20.2d, x9\n\tdup v21.2d, x9\n\tdup v22.2d, x9\n\tdup v23.2d, x9\n\tdup v24.2d, x9\n\t"
        "dup v25.2d, x9\n\tdup v26.2d, x9\n\tdup v27.2d, x9\n\tdup v28.2d, x9\n\tdup v29.2d, x9\n\t"
        "dup v30.2d, x9\n\tdup v31.2d, x9"
        ::: "x9", "x10", "x11", "x12", "x13", "x14", "x15", "v16", "v17", "v18", "v19", "v20", "v21", "v22",
            "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31", "memory");
#endif
}

/* ---- a WASI preview1 subset (swasm-harness --wasi [--env K=V]... ARTIFACT ARGS...) ----
   Enough for programs that use arguments, the environment (empty), standard streams, clocks and randomness: the
   wasi-tests programs that need no preopened directory run as AArch64 artifacts under qemu through it. Everything
   else returns ENOSYS. Pointers are checked like SwasmWASI's (EFAULT). */
#define WASI_EFAULT 21
#define WASI_EBADF 8
#define WASI_EINVAL 28
#define WASI_ENOSYS 52
#define WASI_ESPIPE 70
static int wasi_argc; static char **wasi_argv;
static int wasi_envc; static char *wasi_envv[64];
static int64_t wasi_exit_code = -1;
static const struct { const char *name; const char *params; const char *results; } wasi_funcs[] = {
    {"args_get", "ii", "i"}, {"args_sizes_get", "ii", "i"}, {"environ_get", "ii", "i"},
    {"environ_sizes_get", "ii", "i"}, {"clock_res_get", "ii", "i"}, {"clock_time_get", "iIi", "i"},
    {"random_get", "ii", "i"}, {"fd_write", "iiii", "i"}, {"fd_read", "iiii", "i"}, {"fd_close", "i", "i"},
    {"fd_fdstat_get", "ii", "i"}, {"fd_seek", "iIii", "i"}, {"fd_prestat_get", "ii", "i"},
    {"fd_prestat_dir_name", "iii", "i"}, {"proc_exit", "i", ""}, {"sched_yield", "", "i"},
    {"fd_fdstat_set_flags", "ii", "i"}, {"fd_filestat_get", "ii", "i"}, {"path_open", "iiiiiIIii", "i"},
    {"poll_oneoff", "iiii", "i"}, {"fd_sync", "i", "i"}, {"fd_tell", "ii", "i"}, {"proc_raise", "i", "i"},
    {"sock_shutdown", "ii", "i"},
};
#define NWASI ((int)(sizeof wasi_funcs / sizeof *wasi_funcs))

static int wasi_find(const uint8_t *name, uint32_t len) {
    for (int k = 0; k < NWASI; k++)
        if (strlen(wasi_funcs[k].name) == len && !memcmp(wasi_funcs[k].name, name, len)) return k;
    return -1;
}

static int wasi_type_matches(int k, const functype_t *t) {
    const char *p = wasi_funcs[k].params, *r = wasi_funcs[k].results;
    if (t->np != strlen(p) || t->nr != strlen(r)) return 0;
    for (uint32_t i = 0; i < t->np; i++) if (t->params[i] != (p[i] == 'I' ? VT_I64 : VT_I32)) return 0;
    for (uint32_t i = 0; i < t->nr; i++) if (t->results[i] != VT_I32) return 0;
    return 1;
}

/* `n` bytes at guest address `a`, or NULL (EFAULT). */
static uint8_t *wasi_mem(instance_t *in, uint64_t a, uint64_t n) {
    if (!in->memory || a + n > (uint64_t)in->memory->pages * WASM_PAGE) return NULL;
    return in->memory->base + a;
}
#define W32(a, v) do { uint8_t *q_ = wasi_mem(in, (a), 4); if (!q_) return WASI_EFAULT; uint32_t v_ = (uint32_t)(v); memcpy(q_, &v_, 4); } while (0)
#define W64(a, v) do { uint8_t *q_ = wasi_mem(in, (a), 8); if (!q_) return WASI_EFAULT; uint64_t v_ = (uint64_t)(v); memcpy(q_, &v_, 8); } while (0)

static uint32_t wasi_call(instance_t *in, int k, const uint64_t *a) {
    const char *name = wasi_funcs[k].name;
    if (!strcmp(name, "args_sizes_get") || !strcmp(name, "environ_sizes_get")) {
        int env = name[0] == 'e';
        int n = env ? wasi_envc : wasi_argc;
        char **v = env ? wasi_envv : wasi_argv;
        uint32_t bytes = 0;
        for (int i = 0; i < n; i++) bytes += (uint32_t)strlen(v[i]) + 1;
        W32(a[0], n); W32(a[1], bytes); return 0;
    }
    if (!strcmp(name, "args_get") || !strcmp(name, "environ_get")) {
        int env = name[0] == 'e';
        int n = env ? wasi_envc : wasi_argc;
        char **v = env ? wasi_envv : wasi_argv;
        uint32_t off = (uint32_t)a[1];
        for (int i = 0; i < n; i++) {
            uint32_t len = (uint32_t)strlen(v[i]) + 1;
            uint8_t *dst = wasi_mem(in, off, len);
            if (!dst) return WASI_EFAULT;
            memcpy(dst, v[i], len);
            W32((uint32_t)a[0] + 4u * (uint32_t)i, off);
            off += len;
        }
        return 0;
    }
    if (!strcmp(name, "clock_res_get") || !strcmp(name, "clock_time_get")) {
        static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
        if ((uint32_t)a[0] > 3) return WASI_EINVAL;
        struct timespec ts;
        int r = name[6] == 'r' ? clock_getres(ids[a[0]], &ts) : clock_gettime(ids[a[0]], &ts);
        if (r != 0) return WASI_EINVAL;
        W64(name[6] == 'r' ? a[1] : a[2], (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
        return 0;
    }
    if (!strcmp(name, "random_get")) {
        uint8_t *dst = wasi_mem(in, (uint32_t)a[0], (uint32_t)a[1]);
        if (!dst) return WASI_EFAULT;
        FILE *f = fopen("/dev/urandom", "rb");
        size_t got = f ? fread(dst, 1, (uint32_t)a[1], f) : 0;
        if (f) fclose(f);
        return got == (uint32_t)a[1] ? 0 : 29;
    }
    if (!strcmp(name, "fd_write") || !strcmp(name, "fd_read")) {
        int writing = name[3] == 'w';
        uint32_t fd = (uint32_t)a[0];
        if (writing ? (fd != 1 && fd != 2) : fd != 0) return WASI_EBADF;
        uint8_t *iov = wasi_mem(in, (uint32_t)a[1], 8ull * (uint32_t)a[2]);
        if (!iov || !wasi_mem(in, (uint32_t)a[3], 4)) return WASI_EFAULT;
        uint64_t total = 0;
        if (writing) fflush(stdout);
        for (uint32_t i = 0; i < (uint32_t)a[2]; i++) {
            uint32_t p, n;
            memcpy(&p, iov + 8 * i, 4);
            memcpy(&n, iov + 8 * i + 4, 4);
            uint8_t *buf = wasi_mem(in, p, n);
            if (!buf) return WASI_EFAULT;
            ssize_t r = writing ? write((int)fd, buf, n) : read(0, buf, n);
            if (r < 0) return 29;
            total += (uint64_t)r;
            if ((uint32_t)r < n) break;
        }
        W32(a[3], total);
        return 0;
    }
    if (!strcmp(name, "fd_fdstat_get")) {
        if ((uint32_t)a[0] > 2) return WASI_EBADF;
        uint8_t *st = wasi_mem(in, (uint32_t)a[1], 24);
        if (!st) return WASI_EFAULT;
        memset(st, 0, 24);
        st[0] = 2; /* character device */
        uint64_t rights = (uint64_t)1 << 1 | (uint64_t)1 << 6 | (uint64_t)1 << 21;
        memcpy(st + 8, &rights, 8);
        return 0;
    }
    if (!strcmp(name, "fd_close") || !strcmp(name, "fd_fdstat_set_flags") || !strcmp(name, "fd_sync"))
        return (uint32_t)a[0] <= 2 ? 0 : WASI_EBADF;
    if (!strcmp(name, "fd_seek") || !strcmp(name, "fd_tell")) return (uint32_t)a[0] <= 2 ? WASI_ESPIPE : WASI_EBADF;
    if (!strcmp(name, "fd_prestat_get") || !strcmp(name, "fd_prestat_dir_name")) return WASI_EBADF;
    if (!strcmp(name, "sched_yield")) return 0;
    if (!strcmp(name, "sock_shutdown")) return (uint32_t)a[0] <= 2 ? 57 /* ENOTSOCK */ : WASI_EBADF;
    if (!strcmp(name, "poll_oneoff")) {
        /* Standard streams are always ready; clocks fire after the shortest timeout when nothing else is. */
        uint32_t n = (uint32_t)a[2];
        uint8_t *subs = wasi_mem(in, (uint32_t)a[0], 48ull * n), *evs = wasi_mem(in, (uint32_t)a[1], 32ull * n);
        if (!subs || !evs || !wasi_mem(in, (uint32_t)a[3], 4)) return WASI_EFAULT;
        if (n == 0) return WASI_EINVAL;
        uint32_t ready = 0;
        uint64_t shortest = UINT64_MAX;
        for (int pass = 0; pass < 2; pass++) {
            for (uint32_t i = 0; i < n; i++) {
                uint8_t *sub = subs + 48 * i, tag = sub[8];
                uint32_t fd; memcpy(&fd, sub + 16, 4);
                uint64_t timeout; memcpy(&timeout, sub + 24, 8);
                if (pass == 0 && tag == 0 && timeout < shortest) shortest = timeout;
                int fire = pass == 0 ? tag != 0 : tag == 0 && ready == 0;
                if (!fire) continue;
                uint8_t *ev = evs + 32 * ready++;
                memset(ev, 0, 32);
                memcpy(ev, sub, 8);
                uint16_t err = tag != 0 && fd > 2 ? WASI_EBADF : 0;
                memcpy(ev + 8, &err, 2);
                ev[10] = tag;
            }
            if (pass == 0 && ready == 0 && shortest != UINT64_MAX) {
                struct timespec ts = { (time_t)(shortest / 1000000000u), (long)(shortest % 1000000000u) };
                nanosleep(&ts, NULL);
            }
        }
        W32(a[3], ready);
        return 0;
    }
    return WASI_ENOSYS;
}

/* A WASI host import: arguments from the call's slot area, the errno as the result. proc_exit ends the program:
   the exit code is recorded and the call traps (host error), which unwinds to swasm-harness --wasi. */
static uint64_t wasi_host_call(void *vmctx, instance_t *in, int k, uint32_t index, const uint8_t *area) {
    const functype_t *t = &in->mod->types[in->mod->func_type[index]];
    uint32_t m = t->np > t->nr ? t->np : t->nr;
    uint64_t args[16] = {0};
    for (uint32_t i = 0; i < t->np && i < 16; i++) {
        memcpy(&args[i], area + 16 * (m - 1 - i), 8);
        if (t->params[i] == VT_I32) args[i] = (uint32_t)args[i];  /* only the low half of an i32 slot is defined */
    }
    if (!strcmp(wasi_funcs[k].name, "proc_exit")) {
        wasi_exit_code = (uint32_t)args[0];
        set_trap(vmctx, TRAP_HOST_ERROR);
        return 0;
    }
    uint32_t r = wasi_call(in, k, args);
    if (getenv("WASI_TRACE")) fprintf(stderr, "wasi %s(%llu, %llu, %llu) = %u\n", wasi_funcs[k].name, (unsigned long long)args[0], (unsigned long long)args[1], (unsigned long long)args[2], r);
    refresh_memory(in);
    return r;
}

static uint64_t h_host_call(void *vmctx, uint32_t index, void *area) {
    instance_t *in = owner(vmctx);
    (void)area;
    if (!charge(vmctx, in, in->mod->costs.host_call)) return 0;
    if (index >= in->mod->nfuncs || !in->host_funcs[index]) { set_trap(vmctx, TRAP_HOST_ERROR); return 0; }
    if (in->host_funcs[index] >= 2) return wasi_host_call(vmctx, in, in->host_funcs[index] - 2, index, area);
    /* the spectest print* functions: no results, nothing to do. A hostile host, though: it clobbers every register
       the native ABI lets it clobber, so a stub that failed to preserve the wasm convention's callee-saved home
       registers (x86-64: rdi rsi r8 r9 xmm8-14; AArch64: x12-x15 v16-v30) breaks the spec and home tests. Every
       other helper below clobbers them too, for the helper-call stub (spec-tests/extra/miscompile-*.wast). */
    clobber_caller_saved();
    refresh_memory(in);
    return 0;
}

static uint32_t h_memory_grow(void *vmctx, uint32_t delta) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, (uint64_t)delta * in->mod->costs.grow_per_page)) return 0;
    if (!in->memory) return UINT32_MAX;
    int64_t old = memory_grow(in->memory, delta);
    refresh_memory(in);
    return old < 0 ? UINT32_MAX : (uint32_t)old;
}

static uint32_t h_memory_size(void *vmctx) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    return in->memory ? in->memory->pages : 0;
}

static void h_memory_fill(void *vmctx, uint32_t dst, uint32_t value, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, bulk_cost(in, n))) return;
    if (!in->memory || !mem_in_bounds(in->memory, dst, n)) { set_trap(vmctx, TRAP_MEMORY_OOB); return; }
    if (n) memset(in->memory->base + dst, (int)(value & 0xFF), n);
}

static void h_memory_copy(void *vmctx, uint32_t dst, uint32_t src, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, bulk_cost(in, n))) return;
    if (!in->memory || !mem_in_bounds(in->memory, dst, n) || !mem_in_bounds(in->memory, src, n)) { set_trap(vmctx, TRAP_MEMORY_OOB); return; }
    if (n) memmove(in->memory->base + dst, in->memory->base + src, n);
}

static uint32_t init_memory(instance_t *in, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n) {
    uint32_t len = in->dropped_data[seg] ? 0 : in->mod->data[seg].n;
    if ((uint64_t)src + n > len) return TRAP_MEMORY_OOB;
    if (!in->memory || !mem_in_bounds(in->memory, dst, n)) return TRAP_MEMORY_OOB;
    if (n) memcpy(in->memory->base + dst, in->mod->data[seg].bytes + src, n);
    return 0;
}

static void h_memory_init(void *vmctx, uint64_t seg, uint32_t dst, uint32_t src, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, bulk_cost(in, n))) return;
    if (seg >= in->mod->ndata) { set_trap(vmctx, TRAP_MEMORY_OOB); return; }
    uint32_t t = init_memory(in, (uint32_t)seg, dst, src, n);
    if (t) set_trap(vmctx, t);
}

static void h_data_drop(void *vmctx, uint64_t seg) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (seg < in->mod->ndata) in->dropped_data[seg] = 1;
}

static table_t *table_of(instance_t *in, uint64_t t) { return t < in->mod->total_tables ? in->tables[t] : NULL; }

static uint64_t h_table_get(void *vmctx, uint64_t t, uint32_t i) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    table_t *tb = table_of(owner(vmctx), t);
    if (!tb || i >= tb->desc->count) { set_trap(vmctx, TRAP_TABLE_OOB); return 0; }
    return tb->desc->elements[i];
}

static void h_table_set(void *vmctx, uint64_t t, uint32_t i, uint64_t v) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    table_t *tb = table_of(owner(vmctx), t);
    if (!tb || i >= tb->desc->count) { set_trap(vmctx, TRAP_TABLE_OOB); return; }
    tb->desc->elements[i] = v;
}

static uint32_t h_table_size(void *vmctx, uint64_t t) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    table_t *tb = table_of(owner(vmctx), t);
    return tb ? (uint32_t)tb->desc->count : 0;
}

static uint32_t h_table_grow(void *vmctx, uint64_t t, uint64_t v, uint32_t delta) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, (uint64_t)delta * in->mod->costs.table_element)) return 0;
    table_t *tb = table_of(in, t);
    if (!tb) return UINT32_MAX;
    int64_t r = table_grow(tb, delta, v);
    return r < 0 ? UINT32_MAX : (uint32_t)r;
}

static void h_table_fill(void *vmctx, uint64_t t, uint32_t i, uint64_t v, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, (uint64_t)n * in->mod->costs.table_element)) return;
    table_t *tb = table_of(in, t);
    if (!tb || (uint64_t)i + n > tb->desc->count) { set_trap(vmctx, TRAP_TABLE_OOB); return; }
    for (uint32_t k = 0; k < n; k++) tb->desc->elements[i + k] = v;
}

static void h_table_copy(void *vmctx, uint64_t packed, uint32_t d, uint32_t s, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, (uint64_t)n * in->mod->costs.table_element)) return;
    table_t *dst = table_of(in, packed & 0xFFFFFFFFu), *src = table_of(in, packed >> 32);
    if (!dst || !src || (uint64_t)d + n > dst->desc->count || (uint64_t)s + n > src->desc->count) { set_trap(vmctx, TRAP_TABLE_OOB); return; }
    if (n) memmove(dst->desc->elements + d, src->desc->elements + s, (size_t)n * 8);
}

static uint32_t init_table(instance_t *in, uint32_t t, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
    uint32_t count = in->elem_items[seg] ? in->elem_counts[seg] : 0;
    table_t *tb = in->tables[t];
    if ((uint64_t)s + n > count || (uint64_t)d + n > tb->desc->count) return TRAP_TABLE_OOB;
    for (uint32_t k = 0; k < n; k++) tb->desc->elements[d + k] = in->elem_items[seg][s + k];
    return 0;
}

static void h_table_init(void *vmctx, uint64_t packed, uint32_t d, uint32_t s, uint32_t n) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (!charge(vmctx, in, (uint64_t)n * in->mod->costs.table_element)) return;
    uint32_t seg = (uint32_t)(packed & 0xFFFFFFFFu), t = (uint32_t)(packed >> 32);
    if (seg >= in->mod->nelems || t >= in->mod->total_tables) { set_trap(vmctx, TRAP_TABLE_OOB); return; }
    uint32_t r = init_table(in, t, seg, d, s, n);
    if (r) set_trap(vmctx, r);
}

static void h_elem_drop(void *vmctx, uint64_t seg) {
    clobber_caller_saved(); /* hostile: see h_host_call */
    instance_t *in = owner(vmctx);
    if (seg < in->mod->nelems) in->elem_items[seg] = NULL;
}

static void *helper_table[H_COUNT] = {
    [H_HOST_CALL] = (void *)h_host_call, [H_MEMORY_GROW] = (void *)h_memory_grow, [H_MEMORY_SIZE] = (void *)h_memory_size,
    [H_MEMORY_FILL] = (void *)h_memory_fill, [H_MEMORY_COPY] = (void *)h_memory_copy, [H_MEMORY_INIT] = (void *)h_memory_init,
    [H_DATA_DROP] = (void *)h_data_drop, [H_TABLE_GET] = (void *)h_table_get, [H_TABLE_SET] = (void *)h_table_set,
    [H_TABLE_SIZE] = (void *)h_table_size, [H_TABLE_GROW] = (void *)h_table_grow, [H_TABLE_FILL] = (void *)h_table_fill,
    [H_TABLE_COPY] = (void *)h_table_copy, [H_TABLE_INIT] = (void *)h_table_init, [H_ELEM_DROP] = (void *)h_elem_drop,
};

/* ======================================================================== signals (TrapHandler.swift) */

static volatile int current_line;
static volatile int observing;   /* running an `observe` command: a timeout prints `obs L timeout` */
static volatile int tally_pass, tally_fail, tally_skip;
static unsigned long traps_recovered;

static void write_str(const char *s) { ssize_t r = write(1, s, strlen(s)); (void)r; }
static void write_num(uint64_t v, int base) {
    char b[32]; int i = 31; b[i] = 0;
    do { b[--i] = "0123456789abcdef"[v % base]; v /= base; } while (v && i > 0);
    write_str(b + i);
}

static void crash_report(int sig, uintptr_t pc) {
    write_str("harness: crash: signal "); write_num((uint64_t)sig, 10);
    write_str(" at pc 0x"); write_num(pc, 16);
    write_str(" (script line "); write_num((uint64_t)current_line, 10); write_str(")\n");
    write_str("harness: "); write_num((uint64_t)tally_pass, 10); write_str(" passed, ");
    write_num((uint64_t)tally_fail + 1, 10); write_str(" failed, ");
    write_num((uint64_t)tally_skip, 10); write_str(" skipped (crashed)\n");
}

/* The trap-exit stub of the loaded code containing pc (0: none), and whether vm is a live VM context. */
static int known_context(uintptr_t vm) {
    for (int i = 0; i < ncontexts; i++) if (contexts[i] == vm) return 1;
    return 0;
}

static uintptr_t code_stub(uintptr_t pc) {
    for (int i = 0; i < ncode_ranges; i++)
        if (pc - code_ranges[i].start < code_ranges[i].end - code_ranges[i].start) return code_ranges[i].stub;
    return 0;
}

static void trap_handler(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = ctx;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    uintptr_t vm = (uintptr_t)uc->uc_mcontext.gregs[REG_R14];
#else
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc;
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.sp;
    uintptr_t vm = (uintptr_t)uc->uc_mcontext.regs[28];
#endif
    uintptr_t stub = code_stub(pc);
    if (!stub || !vm || !known_context(vm)) {
        crash_report(sig, pc);
        signal(sig, SIG_DFL);
        _exit(128 + sig);
    }
    uint8_t *vmctx = (uint8_t *)vm;
    uintptr_t address = (uintptr_t)info->si_addr, recorded = 0;
    uint32_t code;
    switch (sig) {
    case SIGSEGV: case SIGBUS:
        recorded = address;
        code = (address - (sp - 4096)) < (4096 + 65536) ? TRAP_STACK_EXHAUSTED : TRAP_MEMORY_OOB;
        break;
    case SIGFPE:
        code = TRAP_DIVIDE_BY_ZERO;
        break;
    default:
        code = *(uint32_t *)(vmctx + VM_TRAP_CODE);
        if (code == 0) code = TRAP_UNREACHABLE;
    }
    *(uint32_t *)(vmctx + VM_TRAP_CODE) = code;
    *(uint64_t *)(vmctx + VM_TRAP_PC) = pc;
    *(uint64_t *)(vmctx + VM_TRAP_ADDRESS) = recorded;
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)stub;
#else
    uc->uc_mcontext.pc = stub;
#endif
    traps_recovered++;
}

static void alarm_handler(int sig) {
    (void)sig;
    if (observing) { write_str("obs "); write_num((uint64_t)current_line, 10); write_str(" timeout\n"); }
    write_str("harness: TIMEOUT at script line "); write_num((uint64_t)current_line, 10); write_str("\n");
    write_str("harness: "); write_num((uint64_t)tally_pass, 10); write_str(" passed, ");
    write_num((uint64_t)tally_fail + 1, 10); write_str(" failed, ");
    write_num((uint64_t)tally_skip, 10); write_str(" skipped (timeout)\n");
    _exit(3);
}

/* ---- interruption (`--interrupt-after-ms N`), as Sources/SwasmRuntime/Interrupt.swift and InterruptSignal.swift:
 * unmetered interruptible code polls VM_INTERRUPT; metered interruptible code has no checks, so the interrupter
 * also sends SIGURG (value = the VM context) to the thread in VM_INTERRUPT_THREAD, and the handler zeroes the gas:
 * the gas register when the PC keeps the gas there (GasWindow: the entry trampoline's window is described by the
 * 16 bytes before the trap-exit stub), and VM_GAS always. */
#define GAS_WINDOW_MAGIC 0x57475753u
static long interrupt_after_ms = -1;

static int gas_in_register(uintptr_t pc, uintptr_t vm, uint8_t *target) {
    uintptr_t stub = code_stub(pc);
    if (!stub) return 0;
    const uint32_t *w = (const uint32_t *)(stub - 16);
    if (w[0] != GAS_WINDOW_MAGIC) return 0;
    if (pc >= stub - w[1] && pc < stub - w[2]) return 0;   /* trampoline prologue: the host's register */
    if (pc >= stub - w[3] && pc < stub) return 0;          /* trampoline epilogue */
    if (vm == (uintptr_t)target) return 1;
    if (!known_context(vm)) return 0;
    uint64_t running = *(uint64_t *)(vm + VM_ENTRY_SP), mine = *(uint64_t *)(target + VM_ENTRY_SP);
    return running == 0 || running > mine;
}

static void interrupt_handler(int sig, siginfo_t *info, void *ctx) {
    (void)sig;
    uint8_t *target = info->si_value.sival_ptr;
    if (info->si_code != SI_QUEUE || !target || !known_context((uintptr_t)target)) return;
    if (!__atomic_load_n((uint32_t *)(target + VM_INTERRUPT), __ATOMIC_RELAXED)) return;
    if (__atomic_load_n((uint64_t *)(target + VM_INTERRUPT_THREAD), __ATOMIC_RELAXED) != (uint64_t)pthread_self()) return;
    ucontext_t *uc = ctx;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP], vm = (uintptr_t)uc->uc_mcontext.gregs[REG_R14];
    uint64_t *gas = (uint64_t *)&uc->uc_mcontext.gregs[REG_R13];
#else
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc, vm = (uintptr_t)uc->uc_mcontext.regs[28];
    uint64_t *gas = (uint64_t *)&uc->uc_mcontext.regs[26];
#endif
    int in_register = gas_in_register(pc, vm, target);
    if (!*(uint32_t *)(target + VM_INTERRUPT_GAS_ZEROED)) {
        *(uint64_t *)(target + VM_INTERRUPT_SAVED_GAS) = in_register ? *gas : *(uint64_t *)(target + VM_GAS);
        *(uint32_t *)(target + VM_INTERRUPT_GAS_ZEROED) = 1;
    }
    *(uint64_t *)(target + VM_GAS) = 0;
    if (in_register) *gas = 0;
}

static void request_interrupt(uint8_t *ctx) {
    __atomic_store_n((uint32_t *)(ctx + VM_INTERRUPT), 1, __ATOMIC_SEQ_CST);
    uint64_t thread = __atomic_load_n((uint64_t *)(ctx + VM_INTERRUPT_THREAD), __ATOMIC_SEQ_CST);
    if (thread) {
        union sigval v;
        v.sival_ptr = ctx;
        pthread_sigqueue((pthread_t)thread, SIGURG, v);
    }
}

/* A timer thread that interrupts `ctx` after interrupt_after_ms unless finished first (Instance.withDeadline). */
typedef struct {
    pthread_mutex_t mu; pthread_cond_t cv; int done, fired; uint8_t *ctx; struct timespec deadline; pthread_t th;
} deadline_t;

static void *deadline_thread(void *arg) {
    deadline_t *d = arg;
    pthread_mutex_lock(&d->mu);
    while (!d->done) {
        if (pthread_cond_timedwait(&d->cv, &d->mu, &d->deadline) == ETIMEDOUT) {
            if (!d->done) { request_interrupt(d->ctx); d->fired = 1; }
            break;
        }
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

static void deadline_start(deadline_t *d, uint8_t *ctx) {
    memset(d, 0, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d->cv, &ca);
    pthread_condattr_destroy(&ca);
    d->ctx = ctx;
    clock_gettime(CLOCK_MONOTONIC, &d->deadline);
    d->deadline.tv_sec += interrupt_after_ms / 1000;
    d->deadline.tv_nsec += (interrupt_after_ms % 1000) * 1000000L;
    if (d->deadline.tv_nsec >= 1000000000L) { d->deadline.tv_sec++; d->deadline.tv_nsec -= 1000000000L; }
    if (pthread_create(&d->th, NULL, deadline_thread, d) != 0) die("pthread_create");
}

/* Stops the timer; a request it made after the call ended is withdrawn. */
static void deadline_finish(deadline_t *d) {
    pthread_mutex_lock(&d->mu);
    d->done = 1;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->th, NULL);
    if (d->fired) __atomic_store_n((uint32_t *)(d->ctx + VM_INTERRUPT), 0, __ATOMIC_RELEASE);
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
}

static void install_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = trap_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &sa, NULL);
    signal(SIGALRM, alarm_handler);
    sa.sa_sigaction = interrupt_handler;
    sigaction(SIGURG, &sa, NULL);
}

/* Alternate signal stack for the thread that runs wasm (64 KiB plus a guard page). */
static void prepare_thread(void) {
    size_t total = round_page(64 * 1024) + host_page;
    uint8_t *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap alternate stack");
    mprotect(p, host_page, PROT_NONE);
    stack_t st = { .ss_sp = p + host_page, .ss_flags = 0, .ss_size = total - host_page };
    if (sigaltstack(&st, NULL) != 0) die("sigaltstack");
}

/* ======================================================================== instantiation */

typedef enum { RES_OK, RES_SKIP, RES_REJECTED, RES_LINK, RES_TRAP, RES_OTHER } result_kind;
static char result_msg[1024];

typedef struct modref {
    int kind;            /* 0 instance, 1 unavailable (skip), 2 failed */
    instance_t *inst;
    int line;
    char *reason;
    int keep;            /* named or registered: never released */
} modref_t;

/* registry of `register`ed modules and named modules */
typedef struct { uint8_t *name; uint32_t len; modref_t *ref; } regentry_t;
static regentry_t *registry; static int nregistry, capregistry;
typedef struct { char *name; modref_t *ref; } nameentry_t;
static nameentry_t *named; static int nnamed, capnamed;
static modref_t *current;

/* spectest host module */
static table_t *spectest_table;
static memory_t *spectest_memory;
static global_t *spectest_globals[4];
static const char *const spectest_global_names[4] = { "global_i32", "global_i64", "global_f32", "global_f64" };
static const struct { const char *name; uint32_t np; uint8_t params[2]; } spectest_funcs[] = {
    { "print", 0, {0} }, { "print_i32", 1, { VT_I32 } }, { "print_i64", 1, { VT_I64 } }, { "print_f32", 1, { VT_F32 } },
    { "print_f64", 1, { VT_F64 } }, { "print_i32_f32", 2, { VT_I32, VT_F32 } }, { "print_f64_f64", 2, { VT_F64, VT_F64 } },
};

static void make_spectest(void) {
    float f32 = 666.6f; double f64 = 666.6;
    uint32_t b32; uint64_t b64;
    memcpy(&b32, &f32, 4); memcpy(&b64, &f64, 8);
    spectest_globals[0] = global_new(VT_I32, 0, 666, 0);
    spectest_globals[1] = global_new(VT_I64, 0, 666, 0);
    spectest_globals[2] = global_new(VT_F32, 0, b32, 0);
    spectest_globals[3] = global_new(VT_F64, 0, b64, 0);
    spectest_table = table_new(VT_FUNCREF, 10, 1, 20);
    spectest_memory = memory_new(1, 1, 2);
}

static int name_eq(const uint8_t *a, uint32_t alen, const char *b) { return alen == strlen(b) && !memcmp(a, b, alen); }

static const export_t *find_export(module_t *m, const uint8_t *name, uint32_t len, int kind) {
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].nlen == len && !memcmp(m->exports[i].name, name, len)) return kind < 0 || m->exports[i].kind == kind ? &m->exports[i] : NULL;
    return NULL;
}

static int max_fits(int has_actual, uint32_t actual, int has_required, uint32_t required) {
    if (!has_required) return 1;
    if (!has_actual) return 0;
    return actual <= required;
}

static funcref_t *make_funcref(instance_t *in, void *code, uint32_t type_index, uint32_t host_index) {
    funcref_t *f = aligned_alloc(16, 32);
    if (!f) die("oom");
    f->code = code; f->vmctx = in->vmctx; f->type_id = in->type_ids[type_index]; f->host_index = host_index;
    return f;
}

/* value of a constant expression as the raw 64-bit (+ high) representation */
static void eval_cexpr(instance_t *in, const cexpr_t *e, uint64_t *low, uint64_t *high) {
    *high = 0;
    switch (e->kind) {
    case CE_I32: *low = (uint32_t)e->low; break;
    case CE_I64: case CE_F64: *low = e->low; break;
    case CE_F32: *low = (uint32_t)e->low; break;
    case CE_V128: *low = e->low; *high = e->high; break;
    case CE_REFNULL: *low = 0; break;
    case CE_REFFUNC: *low = (uint64_t)(uintptr_t)in->funcs[e->low]; break;
    case CE_GLOBALGET: *low = in->globals[e->low]->cell[0]; *high = in->globals[e->low]->cell[1]; break;
    default: *low = 0;
    }
}

static uint64_t gas_budget = UINT64_MAX;
static uint64_t last_gas_left;
static int have_gas_left;
static uintptr_t stack_limit_value;
static uint64_t last_trap_detail;

/* The spec's trap message ("uninitialized element N" carries the element index). */
static void trap_message(char *buf, size_t len, uint32_t trap) {
    if (trap == TRAP_UNINITIALIZED_ELEMENT) snprintf(buf, len, "%s %llu", trap_messages[trap], (unsigned long long)last_trap_detail);
    else snprintf(buf, len, "%s", trap < TRAP_CODE_COUNT && trap ? trap_messages[trap] : "unknown trap");
}

static int call_funcref(instance_t *caller, funcref_t *f, const functype_t *t, uint64_t *args, uint64_t *results, uint32_t *trap);

static result_kind instantiate(module_t *m, instance_t **out) {
    instance_t *in = xcalloc(1, sizeof *in);
    in->mod = m;
    if (posix_memalign((void **)&in->vmctx, VM_ALIGN, VM_SIZE) != 0) die("oom");
    memset(in->vmctx, 0, VM_SIZE);
    if (ncontexts >= MAX_CONTEXTS || ncode_ranges >= MAX_CODE_RANGES) die("too many instances");
    /* code: mmap RW, copy, mprotect RX, flush the icache, register with the trap handler */
    in->code_map = round_page(m->code_size ? m->code_size : 1);
    in->code = mmap(NULL, in->code_map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (in->code == MAP_FAILED) die("mmap code: %s", strerror(errno));
    memcpy(in->code, m->code, m->code_size);
    if (mprotect(in->code, in->code_map, PROT_READ | PROT_EXEC) != 0) die("mprotect RX: %s", strerror(errno));
    __builtin___clear_cache((char *)in->code, (char *)in->code + m->code_size);
    code_ranges[ncode_ranges].start = (uintptr_t)in->code;
    code_ranges[ncode_ranges].end = (uintptr_t)in->code + m->code_size;
    code_ranges[ncode_ranges].stub = (uintptr_t)in->code + m->trap_exit;
    ncode_ranges++;
    contexts[ncontexts++] = (uintptr_t)in->vmctx;

    in->type_ids = xcalloc(m->ntypes, 4);
    for (uint32_t i = 0; i < m->ntypes; i++) in->type_ids[i] = type_id(&m->types[i]);
    in->funcs = xcalloc(m->nfuncs, sizeof *in->funcs);
    in->host_funcs = xcalloc(m->nfuncs, 1);
    in->tables = xcalloc(m->total_tables, sizeof *in->tables);
    in->globals = xcalloc(m->total_globals, sizeof *in->globals);
    in->dropped_data = xcalloc(m->ndata, 1);
    in->elem_items = xcalloc(m->nelems, sizeof *in->elem_items);
    in->elem_counts = xcalloc(m->nelems, 4);
    in->globals_array = xcalloc(m->total_globals, sizeof(void *));
    in->tables_array = xcalloc(m->total_tables, sizeof(void *));
    *out = in;

    /* imports, in order */
    uint32_t fi = 0, ti = 0, gi = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        import_t *im = &m->imports[i];
        char what[300];
        snprintf(what, sizeof what, "%.*s.%.*s", (int)(im->mlen > 100 ? 100 : im->mlen), im->module, (int)(im->nlen > 100 ? 100 : im->nlen), im->name);
        int kind = -1;  /* what the import resolves to */
        funcref_t *fref = NULL; const functype_t *ftype = NULL; int host = -1;
        table_t *tab = NULL; memory_t *mem = NULL; global_t *glob = NULL;
        if (name_eq(im->module, im->mlen, "spectest")) {
            for (unsigned k = 0; k < sizeof spectest_funcs / sizeof *spectest_funcs; k++)
                if (name_eq(im->name, im->nlen, spectest_funcs[k].name)) { kind = EK_FUNC; host = (int)k; }
            for (int k = 0; k < 4; k++) if (name_eq(im->name, im->nlen, spectest_global_names[k])) { kind = EK_GLOBAL; glob = spectest_globals[k]; }
            if (name_eq(im->name, im->nlen, "table")) { kind = EK_TABLE; tab = spectest_table; }
            if (name_eq(im->name, im->nlen, "memory")) { kind = EK_MEMORY; mem = spectest_memory; }
            if (kind < 0) { snprintf(result_msg, sizeof result_msg, "unknown import %s", what); return RES_LINK; }
        } else if (name_eq(im->module, im->mlen, "wasi_snapshot_preview1")) {
            int k = wasi_find(im->name, im->nlen);
            if (k < 0) { snprintf(result_msg, sizeof result_msg, "unknown import %s (not in the harness's WASI subset)", what); return RES_LINK; }
            kind = EK_FUNC;
            host = 1000 + k;
        } else {
            modref_t *ref = NULL;
            for (int k = 0; k < nregistry; k++)
                if (registry[k].len == im->mlen && !memcmp(registry[k].name, im->module, im->mlen)) ref = registry[k].ref;
            if (!ref) { snprintf(result_msg, sizeof result_msg, "unknown import %s (module not registered)", what); return RES_LINK; }
            if (ref->kind == 1) { snprintf(result_msg, sizeof result_msg, "%s", ref->reason); return RES_SKIP; }
            if (ref->kind == 2) { snprintf(result_msg, sizeof result_msg, "imports from the module of line %d, which failed", ref->line); return RES_OTHER; }
            instance_t *ex = ref->inst;
            const export_t *e = find_export(ex->mod, im->name, im->nlen, -1);
            if (!e || (e->kind == EK_MEMORY && !ex->memory)) { snprintf(result_msg, sizeof result_msg, "unknown import %s", what); return RES_LINK; }
            kind = e->kind;
            switch (e->kind) {
            case EK_FUNC: fref = ex->funcs[e->index]; ftype = &ex->mod->types[ex->mod->func_type[e->index]]; break;
            case EK_TABLE: tab = ex->tables[e->index]; break;
            case EK_MEMORY: mem = ex->memory; break;
            case EK_GLOBAL: glob = ex->globals[e->index]; break;
            }
        }
        int ok = kind == im->kind;
        if (ok) switch (im->kind) {
        case EK_FUNC: {
            const functype_t *want = &m->types[im->type_index];
            if (host >= 1000) {
                ok = wasi_type_matches(host - 1000, want);
            } else if (host >= 0) {
                functype_t ht = { spectest_funcs[host].np, 0, (uint8_t *)spectest_funcs[host].params, NULL };
                ok = functype_eq(&ht, want);
            } else ok = functype_eq(ftype, want);
            break;
        }
        case EK_TABLE:
            ok = tab->elem_type == im->elem_type && tab->desc->count >= im->limits.min &&
                 max_fits(tab->has_max, tab->max, im->limits.has_max, im->limits.max);
            break;
        case EK_MEMORY:
            ok = mem->pages >= im->limits.min && max_fits(mem->has_declared_max, mem->declared_max, im->limits.has_max, im->limits.max);
            break;
        case EK_GLOBAL:
            ok = glob->valtype == im->valtype && glob->mutable_ == im->mutable_;
            break;
        }
        if (!ok) { snprintf(result_msg, sizeof result_msg, "incompatible import type for %s", what); return RES_LINK; }
        switch (im->kind) {
        case EK_FUNC:
            if (host >= 0) {
                in->host_funcs[fi] = host >= 1000 ? (uint8_t)(2 + host - 1000) : 1;
                in->funcs[fi] = make_funcref(in, in->code + m->host_stub, im->type_index, fi);
            } else in->funcs[fi] = fref;
            fi++;
            break;
        case EK_TABLE: in->tables[ti++] = tab; break;
        case EK_MEMORY: in->memory = mem; break;
        case EK_GLOBAL: in->globals[gi++] = glob; break;
        }
    }
    for (uint32_t i = 0; i < m->ndefined; i++)
        in->funcs[fi + i] = make_funcref(in, in->code + m->def_offset[i], m->def_type[i], 0);
    /* memory */
    if (!in->memory && m->nmemories) {
        limits_t *l = &m->memory_limits[0];
        if (l->min > MAX_PAGES_32) { snprintf(result_msg, sizeof result_msg, "memory of %u pages exceeds the limit", l->min); return RES_LINK; }
        in->memory = memory_new(l->min, l->has_max, l->max);
        if (!in->memory) { snprintf(result_msg, sizeof result_msg, "bad memory limits"); return RES_OTHER; }
        in->owns_memory = 1;
    }
    if (m->flags & AOT_FLAG_EXPLICIT_BOUNDS) { /* guarded memories serve explicit-bounds code too */ }
    refresh_memory(in);
    /* tables */
    for (uint32_t i = 0; i < m->ntables; i++) {
        table_t *t = table_new(m->table_elem[i], m->table_limits[i].min, m->table_limits[i].has_max, m->table_limits[i].max);
        if (!t) { snprintf(result_msg, sizeof result_msg, "%s", trap_messages[TRAP_TABLE_OOB]); return RES_TRAP; }
        in->tables[ti + i] = t;
    }
    for (uint32_t i = 0; i < m->total_tables; i++) in->tables_array[i] = in->tables[i]->desc;
    /* globals */
    for (uint32_t i = 0; i < m->nglobals; i++) {
        uint64_t lo, hi;
        eval_cexpr(in, &m->globals[i].init, &lo, &hi);
        in->globals[gi + i] = global_new(m->globals[i].valtype, m->globals[i].mutable_, lo, hi);
    }
    for (uint32_t i = 0; i < m->total_globals; i++) in->globals_array[i] = in->globals[i]->cell;
    *(uint64_t *)(in->vmctx + VM_GLOBALS) = (uint64_t)(uintptr_t)in->globals_array;
    *(uint64_t *)(in->vmctx + VM_TABLES) = (uint64_t)(uintptr_t)in->tables_array;
    *(uint64_t *)(in->vmctx + VM_FUNCTIONS) = (uint64_t)(uintptr_t)in->funcs;
    *(uint64_t *)(in->vmctx + VM_TYPE_IDS) = (uint64_t)(uintptr_t)in->type_ids;
    *(uint64_t *)(in->vmctx + VM_HELPERS) = (uint64_t)(uintptr_t)helper_table;
    *(uint64_t *)(in->vmctx + VM_INSTANCE) = (uint64_t)(uintptr_t)in;
    in->backtrace = xcalloc(BACKTRACE_CAPACITY + 1, 8);
    *(uint64_t *)(in->vmctx + VM_BACKTRACE) = (uint64_t)(uintptr_t)in->backtrace;
    if (ninstances == capinstances) {
        capinstances = capinstances ? capinstances * 2 : 64;
        instances = realloc(instances, capinstances * sizeof *instances);
        if (!instances) die("oom");
    }
    instances[ninstances++] = in;
    /* element segments: resolve items, copy active ones, drop active and declarative ones */
    for (uint32_t i = 0; i < m->nelems; i++) {
        elemseg_t *s = &m->elems[i];
        in->elem_items[i] = xcalloc(s->n, 8);
        in->elem_counts[i] = s->n;
        for (uint32_t k = 0; k < s->n; k++) { uint64_t hi; eval_cexpr(in, &s->items[k], &in->elem_items[i][k], &hi); }
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        elemseg_t *s = &m->elems[i];
        if (s->mode == 1) {
            uint64_t off, hi;
            eval_cexpr(in, &s->offset, &off, &hi);
            uint32_t t = init_table(in, s->table, i, (uint32_t)off, 0, s->n);
            if (t) { snprintf(result_msg, sizeof result_msg, "%s", trap_messages[t]); return RES_TRAP; }
            in->elem_items[i] = NULL;
        } else if (s->mode == 2) in->elem_items[i] = NULL;
    }
    for (uint32_t i = 0; i < m->ndata; i++) {
        dataseg_t *d = &m->data[i];
        if (d->mode == 1) {
            uint64_t off, hi;
            eval_cexpr(in, &d->offset, &off, &hi);
            uint32_t t = init_memory(in, i, (uint32_t)off, 0, d->n);
            if (t) { snprintf(result_msg, sizeof result_msg, "%s", trap_messages[t]); return RES_TRAP; }
            in->dropped_data[i] = 1;
        }
    }
    if (m->has_start) {
        uint32_t trap = 0;
        uint64_t dummy[2];
        const functype_t *t = &m->types[m->func_type[m->start]];
        if (t->np || t->nr) { snprintf(result_msg, sizeof result_msg, "start function has a non-empty type"); return RES_OTHER; }
        if (call_funcref(in, in->funcs[m->start], t, dummy, dummy, &trap) != 0) {
            trap_message(result_msg, sizeof result_msg, trap);
            return RES_TRAP;
        }
    }
    return RES_OK;
}

/* The wasm frames of the last trap (function indices, innermost first), as Instance.backtrace computes them:
   the trap site of trapPC, then the call site of each return address the trap exit recorded. */
static uint32_t last_frames[BACKTRACE_CAPACITY + 1], last_nframes;

static int site_function(instance_t *in, const uint32_t *sites, uint32_t n, uint64_t pc, uint32_t *fn) {
    uint64_t base = (uint64_t)(uintptr_t)in->code;
    if (pc < base || pc >= base + in->mod->code_size) return 0;
    uint32_t off = (uint32_t)(pc - base);
    for (uint32_t i = 0; i < n; i++) if (sites[3 * i] == off) { *fn = sites[3 * i + 1]; return 1; }
    return 0;
}

static void record_backtrace(instance_t *caller, uint8_t *ctx) {
    instance_t *own = owner(ctx);
    instance_t *cands[2] = { own, caller };
    last_nframes = 0;
    uint64_t pc = *(uint64_t *)(ctx + VM_TRAP_PC);
    uint32_t fn;
    for (int k = 0; k < 2 && pc; k++)
        if (site_function(cands[k], cands[k]->mod->trapsites, cands[k]->mod->ntrapsites, pc, &fn)) { last_frames[last_nframes++] = fn; break; }
    uint64_t *bt = own->backtrace;
    uint64_t n = bt[0] < BACKTRACE_CAPACITY ? bt[0] : BACKTRACE_CAPACITY;
    for (uint64_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++)
            if (site_function(cands[k], cands[k]->mod->callsites, cands[k]->mod->ncallsites, bt[1 + i], &fn)) {
                if (last_nframes < BACKTRACE_CAPACITY) last_frames[last_nframes++] = fn;
                break;
            }
    bt[0] = 0;
}

/* Calls through `caller`'s entry trampoline (Instance.call). Returns 0 on return, 1 on a trap (code in *trap). */
static int call_funcref(instance_t *caller, funcref_t *f, const functype_t *t, uint64_t *args, uint64_t *results, uint32_t *trap) {
    uint8_t *ctx = f->vmctx;
    uint32_t m = t->np > t->nr ? t->np : t->nr;
    uint64_t *buffer = aligned_alloc(16, (size_t)(m + 2) * 16);
    if (!buffer) die("oom");
    memset(buffer, 0, (size_t)(m + 2) * 16);
    for (uint32_t i = 0; i < t->np; i++) { buffer[2 * i] = args[2 * i]; buffer[2 * i + 1] = args[2 * i + 1]; }
    *(uint32_t *)(ctx + VM_TRAP_CODE) = 0;
    if (*(uint64_t *)(ctx + VM_ENTRY_SP) == 0) *(uint64_t *)(ctx + VM_STACK_LIMIT) = stack_limit_value;
    *(uint64_t *)(ctx + VM_GAS) = gas_budget;
    entry_fn entry = (entry_fn)(void *)(caller->code + caller->mod->entry);
    /* Metered interruptible code: the outermost call records its thread for the interrupt signal; a pending
       request traps at once; a trap out of gas after the handler took the gas is `interrupted`; the gas the
       guest had is put back (Instance.enterInterruptibleMetered). */
    int through_gas = caller->mod->metered && caller->mod->interruptible;
    uint64_t self = (uint64_t)pthread_self();
    int outermost = through_gas && *(uint64_t *)(ctx + VM_INTERRUPT_THREAD) != self;
    if (outermost) __atomic_store_n((uint64_t *)(ctx + VM_INTERRUPT_THREAD), self, __ATOMIC_SEQ_CST);
    deadline_t deadline;
    int timed = interrupt_after_ms >= 0 && caller->mod->interruptible && *(uint64_t *)(ctx + VM_ENTRY_SP) == 0;
    if (timed) deadline_start(&deadline, ctx);
    int32_t status;
    if (through_gas && __atomic_load_n((uint32_t *)(ctx + VM_INTERRUPT), __ATOMIC_SEQ_CST)) {
        *(uint32_t *)(ctx + VM_TRAP_CODE) = TRAP_INTERRUPTED;
        *(uint64_t *)(ctx + VM_TRAP_PC) = 0;
        ((uint64_t *)owner(ctx)->backtrace)[0] = 0;
        status = 1;
    } else {
        status = entry(ctx, f->code, buffer, m, f->host_index);
    }
    if (outermost) {
        __atomic_store_n((uint64_t *)(ctx + VM_INTERRUPT_THREAD), 0, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    }
    if (through_gas && *(uint32_t *)(ctx + VM_INTERRUPT_GAS_ZEROED)) {
        if (status && *(uint32_t *)(ctx + VM_TRAP_CODE) == TRAP_OUT_OF_GAS) *(uint32_t *)(ctx + VM_TRAP_CODE) = TRAP_INTERRUPTED;
        if (outermost) {
            *(uint64_t *)(ctx + VM_GAS) = *(uint64_t *)(ctx + VM_INTERRUPT_SAVED_GAS);
            *(uint32_t *)(ctx + VM_INTERRUPT_GAS_ZEROED) = 0;
        }
    }
    if (timed) deadline_finish(&deadline);
    if (status && *(uint32_t *)(ctx + VM_TRAP_CODE) == TRAP_INTERRUPTED)   /* served: the instance runs normally again */
        __atomic_store_n((uint32_t *)(ctx + VM_INTERRUPT), 0, __ATOMIC_RELEASE);
    last_gas_left = *(uint64_t *)(ctx + VM_GAS);
    have_gas_left = owner(ctx)->mod->metered;
    if (status != 0) {
        *trap = *(uint32_t *)(ctx + VM_TRAP_CODE);
        last_trap_detail = *(uint64_t *)(ctx + VM_TRAP_ADDRESS);
        record_backtrace(caller, ctx);
        *(uint32_t *)(ctx + VM_TRAP_CODE) = 0;
        free(buffer);
        return 1;
    }
    if (t->nr == 1 && t->results[0] != VT_V128) {
        uint8_t r = t->results[0];
        results[0] = buffer[(r == VT_F32 || r == VT_F64) ? 2 * m + 2 : 2 * m];
        results[1] = 0;
    } else {
        for (uint32_t j = 0; j < t->nr; j++) { results[2 * j] = buffer[2 * j]; results[2 * j + 1] = buffer[2 * j + 1]; }
    }
    free(buffer);
    return 0;
}

/* Returns an instance's own memory to the pool when nothing can reach the instance any more. */
static void maybe_release(modref_t *ref) {
    if (!ref || ref->keep || ref->kind != 0 || !ref->inst) return;
    instance_t *in = ref->inst;
    module_t *m = in->mod;
    /* its function references may have escaped into imported tables or mutable funcref globals */
    for (uint32_t i = 0; i < m->nimports; i++) {
        const import_t *im = &m->imports[i];
        if (im->kind == EK_TABLE || (im->kind == EK_GLOBAL && im->mutable_ && im->valtype == VT_FUNCREF)) return;
    }
    if (in->owns_memory && in->memory) memory_free(in->memory);
}

/* ======================================================================== script */

static int hexval(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

/* "x<hex>" -> bytes */
static uint8_t *decode_name(const char *tok, uint32_t *len) {
    if (tok[0] != 'x') return NULL;
    size_t n = strlen(tok + 1);
    if (n % 2) return NULL;
    uint8_t *b = xcalloc(n / 2 + 1, 1);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(tok[1 + 2 * i]), lo = hexval(tok[2 + 2 * i]);
        if (hi < 0 || lo < 0) { free(b); return NULL; }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    *len = (uint32_t)(n / 2);
    return b;
}

typedef struct { char **tok; int n, pos; const char *rest; } toks_t;
static const char *next_tok(toks_t *t) { return t->pos < t->n ? t->tok[t->pos++] : NULL; }

static const char *script_name = "script";

static void fail_line(int line, const char *cmd, const char *fmt, ...) {
    va_list ap;
    tally_fail++;
    printf("%s:%d: FAIL %s: ", script_name, line, cmd);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static int skip_reasons_n; static char *skip_reasons[256]; static int skip_counts[256];
static void skip_line(const char *cmd, const char *reason) {
    char buf[512];
    tally_skip++;
    snprintf(buf, sizeof buf, "%s: %s", cmd, reason);
    for (int i = 0; i < skip_reasons_n; i++) if (!strcmp(skip_reasons[i], buf)) { skip_counts[i]++; return; }
    if (skip_reasons_n < 256) { skip_reasons[skip_reasons_n] = strdup(buf); skip_counts[skip_reasons_n++] = 1; }
}

static modref_t *lookup_module(const char *name) {
    if (!name || !strcmp(name, "-")) return current;
    for (int i = nnamed - 1; i >= 0; i--) if (!strcmp(named[i].name, name)) return named[i].ref;
    return NULL;
}

static void set_named(const char *name, modref_t *ref) {
    if (!name || !strcmp(name, "-")) return;
    ref->keep = 1;
    for (int i = 0; i < nnamed; i++) if (!strcmp(named[i].name, name)) { named[i].ref = ref; return; }
    if (nnamed == capnamed) { capnamed = capnamed ? capnamed * 2 : 16; named = realloc(named, capnamed * sizeof *named); if (!named) die("oom"); }
    named[nnamed].name = strdup(name); named[nnamed].ref = ref; nnamed++;
}

static void set_current(modref_t *ref) {
    if (current && current != ref) maybe_release(current);
    current = ref;
}

/* v128 values are "v128:LANE:V0,V1,...": LANE is i8 i16 i32 i64 f32 f64, one unsigned decimal bit pattern per
 * lane (lane 0 first); in expectations a float lane may also be nan:canonical or nan:arithmetic. */
static int v128_lane_bits(const char *s, size_t n) {
    if (n == 2 && !strncmp(s, "i8", 2)) return 8;
    if (n == 3 && !strncmp(s, "i16", 3)) return 16;
    if (n == 3 && (!strncmp(s, "i32", 3) || !strncmp(s, "f32", 3))) return 32;
    if (n == 3 && (!strncmp(s, "i64", 3) || !strncmp(s, "f64", 3))) return 64;
    return 0;
}

static uint64_t v128_lane(const uint64_t *v, int bits, int i) {
    int bit = bits * i;
    uint64_t w = v[bit / 64] >> (bit % 64);
    return bits == 64 ? w : w & ((1ull << bits) - 1);
}

/* Parses or checks the lanes of a v128 token's VALUE part ("LANE:V0,V1,..."). With `got` NULL it fills v[0..1];
 * otherwise it compares against got[0..1] and returns 0 on a mismatch. */
static int v128_lanes(const char *s, uint64_t *v, const uint64_t *got) {
    const char *colon = strchr(s, ':');
    if (!colon) return 0;
    int bits = v128_lane_bits(s, (size_t)(colon - s));
    int is_float = s[0] == 'f';
    if (!bits) return 0;
    const char *p = colon + 1;
    if (!got) v[0] = v[1] = 0;
    for (int i = 0; i < 128 / bits; i++) {
        if (i > 0) { if (*p != ',') return 0; p++; }
        const char *end = p;
        while (*end && *end != ',') end++;
        size_t n = (size_t)(end - p);
        uint64_t lane = got ? v128_lane(got, bits, i) : 0;
        if (is_float && n == 13 && !strncmp(p, "nan:canonical", n)) {
            if (!got) return 0;
            if (bits == 32 ? (lane & 0x7fffffffu) != 0x7fc00000u : (lane & 0x7fffffffffffffffull) != 0x7ff8000000000000ull) return 0;
        } else if (is_float && n == 14 && !strncmp(p, "nan:arithmetic", n)) {
            if (!got) return 0;
            if (bits == 32 ? (lane & 0x7fc00000u) != 0x7fc00000u : (lane & 0x7ff8000000000000ull) != 0x7ff8000000000000ull) return 0;
        } else {
            char buf[32], *e;
            if (n == 0 || n >= sizeof buf) return 0;
            memcpy(buf, p, n); buf[n] = 0;
            errno = 0;
            uint64_t x = strtoull(buf, &e, 10);
            if (errno || *e || (bits < 64 && x >> bits)) return 0;
            if (got) { if (lane != x) return 0; }
            else v[bits * i / 64] |= x << (bits * i % 64);
        }
        p = end;
    }
    return *p == 0;
}

/* Parses "type:value" (argument) into its type and raw bits v[0] (low), v[1] (high: v128 only). */
static int parse_value(const char *s, uint8_t *type, uint64_t *v) {
    char *end;
    const char *colon = strchr(s, ':');
    if (!colon) return 0;
    size_t tl = (size_t)(colon - s);
    const char *val = colon + 1;
    if (!strncmp(s, "i32", tl) && tl == 3) *type = VT_I32;
    else if (!strncmp(s, "i64", tl) && tl == 3) *type = VT_I64;
    else if (!strncmp(s, "f32", tl) && tl == 3) *type = VT_F32;
    else if (!strncmp(s, "f64", tl) && tl == 3) *type = VT_F64;
    else if (!strncmp(s, "v128", tl) && tl == 4) { *type = VT_V128; return v128_lanes(val, v, NULL); }
    else if (!strncmp(s, "funcref", tl) && tl == 7) *type = VT_FUNCREF;
    else if (!strncmp(s, "externref", tl) && tl == 9) *type = VT_EXTERNREF;
    else return 0;
    if (!strcmp(val, "null")) { v[0] = 0; return *type == VT_FUNCREF || *type == VT_EXTERNREF; }
    if (*type == VT_FUNCREF) return 0;   /* no host function references */
    errno = 0;
    uint64_t x = strtoull(val, &end, 10);
    if (errno || *end || end == val) return 0;
    v[0] = *type == VT_EXTERNREF ? x + 1 : x;   /* externref N is N + 1; null is 0 */
    return 1;
}

/* Checks one result (raw bits got[0], and got[1] for v128) against an expectation token. */
static int check_value(const char *exp, uint8_t type, const uint64_t *gotv, char *why, size_t whylen) {
    const char *colon = strchr(exp, ':');
    const char *tn = type == VT_I32 ? "i32" : type == VT_I64 ? "i64" : type == VT_F32 ? "f32" : type == VT_F64 ? "f64"
                   : type == VT_FUNCREF ? "funcref" : type == VT_EXTERNREF ? "externref" : "v128";
    if (!colon || strncmp(exp, tn, (size_t)(colon - exp)) || strlen(tn) != (size_t)(colon - exp)) {
        snprintf(why, whylen, "type %s, expected %s", tn, exp); return 0;
    }
    const char *v = colon + 1;
    uint64_t got = gotv[0];
    int ok;
    if (type == VT_I32 || type == VT_F32) got &= 0xFFFFFFFFu;
    if (type == VT_V128) {
        uint64_t tmp[2];
        ok = !strcmp(v, "*") || v128_lanes(v, tmp, gotv);
    }
    else if (!strcmp(v, "nan:canonical")) ok = type == VT_F32 ? (got & 0x7fffffffu) == 0x7fc00000u : (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    else if (!strcmp(v, "nan:arithmetic")) ok = type == VT_F32 ? (got & 0x7fc00000u) == 0x7fc00000u : (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
    else if (!strcmp(v, "null")) ok = got == 0;
    else if (!strcmp(v, "any")) ok = got != 0;
    else if (!strcmp(v, "*")) ok = 1;
    else {
        uint8_t t2; uint64_t want[2];
        if (!parse_value(exp, &t2, want)) { snprintf(why, whylen, "bad expectation %s", exp); return 0; }
        ok = got == want[0];
    }
    if (!ok) snprintf(why, whylen, "expected %s", exp);
    return ok;
}

typedef enum { A_VALUES, A_TRAP, A_ERROR, A_SKIP } action_kind;

static instance_t *last_action_instance;   /* the instance the last action ran on (for `observe`) */

/* Performs `invoke MOD FIELD N args...` or `get MOD FIELD`; fills types/results. */
static action_kind perform(toks_t *t, uint8_t *rtypes, uint64_t *results, uint32_t *nres, char *msg, size_t msglen) {
    last_action_instance = NULL;
    const char *what = next_tok(t), *modname = next_tok(t), *field = next_tok(t);
    if (!what || !modname || !field) { snprintf(msg, msglen, "malformed action"); return A_ERROR; }
    modref_t *ref = lookup_module(modname);
    uint32_t flen;
    uint8_t *fname = decode_name(field, &flen);
    if (!fname) { snprintf(msg, msglen, "bad field name %s", field); return A_ERROR; }
    int is_get = !strcmp(what, "get");
    int nargs = 0;
    uint64_t args[2 * 64];
    uint8_t atypes[64];
    if (!is_get) {
        const char *na = next_tok(t);
        nargs = na ? atoi(na) : -1;
        if (nargs < 0 || nargs > 64) { free(fname); snprintf(msg, msglen, "bad argument count"); return A_ERROR; }
        for (int i = 0; i < nargs; i++) {
            const char *a = next_tok(t);
            args[2 * i + 1] = 0;
            if (!a || !parse_value(a, &atypes[i], &args[2 * i])) { free(fname); snprintf(msg, msglen, "cannot pass argument %s", a ? a : "?"); return A_ERROR; }
        }
    }
    if (!ref) { free(fname); snprintf(msg, msglen, "no module %s", modname); return A_ERROR; }
    if (ref->kind == 1) { free(fname); snprintf(msg, msglen, "%s", ref->reason); return A_SKIP; }
    if (ref->kind == 2) { free(fname); snprintf(msg, msglen, "module of line %d failed", ref->line); return A_ERROR; }
    instance_t *in = ref->inst;
    last_action_instance = in;
    const export_t *e = find_export(in->mod, fname, flen, is_get ? EK_GLOBAL : EK_FUNC);
    free(fname);
    if (!e) { snprintf(msg, msglen, "no exported %s \"%s\"", is_get ? "global" : "function", field); return A_ERROR; }
    if (is_get) {
        global_t *g = in->globals[e->index];
        rtypes[0] = g->valtype; results[0] = g->cell[0]; results[1] = g->cell[1];
        *nres = 1;
        return A_VALUES;
    }
    funcref_t *f = in->funcs[e->index];
    const functype_t *ft = &in->mod->types[in->mod->func_type[e->index]];
    if ((uint32_t)nargs != ft->np) { snprintf(msg, msglen, "expected %u arguments, got %d", ft->np, nargs); return A_ERROR; }
    for (int i = 0; i < nargs; i++) if (atypes[i] != ft->params[i]) { snprintf(msg, msglen, "argument %d type mismatch", i); return A_ERROR; }
    if (ft->nr > 64) { snprintf(msg, msglen, "too many results"); return A_ERROR; }
    uint32_t trap = 0;
    if (call_funcref(in, f, ft, args, results, &trap)) {
        trap_message(msg, msglen, trap);
        return A_TRAP;
    }
    memcpy(rtypes, ft->results, ft->nr);
    *nres = ft->nr;
    return A_VALUES;
}

static void run_module_command(const char *cmd, int line, toks_t *t) {
    const char *path = next_tok(t);
    const char *name = next_tok(t);
    const char *expect_msg = t->rest;
    int is_module = !strcmp(cmd, "module");
    if (!path) { fail_line(line, cmd, "malformed command"); return; }
    module_t *m;
    const char *err;
    result_kind rk;
    instance_t *in = NULL;
    m = module_read(path, &err);
    if (!m) { snprintf(result_msg, sizeof result_msg, "cannot load artifact: %s", err); rk = RES_REJECTED; }
    else rk = instantiate(m, &in);
    if (is_module) {
        modref_t *ref = xcalloc(1, sizeof *ref);
        ref->line = line;
        switch (rk) {
        case RES_OK: tally_pass++; ref->kind = 0; ref->inst = in; break;
        case RES_SKIP: skip_line(cmd, result_msg); ref->kind = 1; ref->reason = strdup(result_msg); break;
        case RES_LINK: fail_line(line, cmd, "link error: %s", result_msg); ref->kind = 2; break;
        case RES_TRAP: fail_line(line, cmd, "trapped during instantiation: %s", result_msg); ref->kind = 2; break;
        default: fail_line(line, cmd, "%s", result_msg); ref->kind = 2; break;
        }
        set_current(ref);
        set_named(name, ref);
        return;
    }
    /* a failed instantiation may still have put function references into imported tables: keep it */
    if (!strcmp(cmd, "assert_unlinkable")) {
        switch (rk) {
        case RES_LINK: tally_pass++; break;
        case RES_SKIP: skip_line(cmd, result_msg); break;
        case RES_OK: fail_line(line, cmd, "expected link error \"%s\", instantiated", expect_msg); break;
        case RES_TRAP: fail_line(line, cmd, "expected link error \"%s\", trapped: %s", expect_msg, result_msg); break;
        default: fail_line(line, cmd, "expected link error \"%s\", got: %s", expect_msg, result_msg); break;
        }
    } else { /* assert_uninstantiable */
        switch (rk) {
        case RES_TRAP:
            if (!strncmp(result_msg, expect_msg, strlen(expect_msg))) tally_pass++;
            else fail_line(line, cmd, "expected trap \"%s\", got trap \"%s\"", expect_msg, result_msg);
            break;
        case RES_SKIP: skip_line(cmd, result_msg); break;
        case RES_OK: fail_line(line, cmd, "expected trap \"%s\", instantiated", expect_msg); break;
        case RES_LINK: fail_line(line, cmd, "expected trap \"%s\", link error: %s", expect_msg, result_msg); break;
        default: fail_line(line, cmd, "expected trap \"%s\", got: %s", expect_msg, result_msg); break;
        }
    }
    if (in && rk == RES_OK) { modref_t tmp = { 0, in, line, NULL, 0 }; maybe_release(&tmp); }
}

static void describe_results(char *buf, size_t len, const uint8_t *types, const uint64_t *res, uint32_t n) {
    size_t o = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < n && o < len; i++) {
        uint64_t v = res[2 * i];
        const char *tn = types[i] == VT_I32 ? "i32" : types[i] == VT_I64 ? "i64" : types[i] == VT_F32 ? "f32" : types[i] == VT_F64 ? "f64"
                       : types[i] == VT_FUNCREF ? "funcref" : types[i] == VT_EXTERNREF ? "externref" : "v128";
        if (types[i] == VT_I32 || types[i] == VT_F32) v &= 0xFFFFFFFFu;
        if (types[i] == VT_V128) {   /* as i32 lanes, lane 0 first */
            uint64_t h = res[2 * i + 1];
            o += (size_t)snprintf(buf + o, len - o, "%sv128:i32:%llu,%llu,%llu,%llu", i ? " " : "",
                                  (unsigned long long)(v & 0xFFFFFFFFu), (unsigned long long)(v >> 32),
                                  (unsigned long long)(h & 0xFFFFFFFFu), (unsigned long long)(h >> 32));
            continue;
        }
        o += (size_t)snprintf(buf + o, len - o, "%s%s:%llu", i ? " " : "", tn, (unsigned long long)v);
    }
}

/* ---- `observe` / `observe_instantiate`: one line per action for differential testing (fuzz/difftest) ----
   Results and globals are TYPE:BITS; memory 0 is summarized as PAGES:HASH, where HASH is FNV-1a-64 over, for
   every 64 KiB page that is not all zero, the page index and the page's CRC-32 (zlib's), each 4 bytes
   little-endian. The same definition is in Sources/swasm/DiffExecCommand.swift and fuzz/difftest_lib. */
static uint32_t crc_table[256];

static uint32_t crc32_bytes(const uint8_t *p, size_t n) {
    if (!crc_table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    while (n--) c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint64_t fnv_u32(uint64_t h, uint32_t v) {
    for (int i = 0; i < 4; i++) h = (h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001b3ull;
    return h;
}

static uint64_t memory_hash(const memory_t *mem) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t p = 0; p < mem->pages; p++) {
        const uint64_t *w = (const uint64_t *)(mem->base + (size_t)p * WASM_PAGE);
        size_t i = 0;
        while (i < WASM_PAGE / 8 && !w[i]) i++;
        if (i == WASM_PAGE / 8) continue;
        h = fnv_u32(fnv_u32(h, p), crc32_bytes((const uint8_t *)w, WASM_PAGE));
    }
    return h;
}

static void print_value(uint8_t type, uint64_t lo, uint64_t hi) {
    switch (type) {
    case VT_I32: printf("i32:%llu", (unsigned long long)(lo & 0xFFFFFFFFu)); break;
    case VT_I64: printf("i64:%llu", (unsigned long long)lo); break;
    case VT_F32: printf("f32:%llu", (unsigned long long)(lo & 0xFFFFFFFFu)); break;
    case VT_F64: printf("f64:%llu", (unsigned long long)lo); break;
    case VT_FUNCREF: printf("funcref:%s", lo ? "nonnull" : "null"); break;
    case VT_EXTERNREF: if (lo) printf("externref:%llu", (unsigned long long)(lo - 1)); else printf("externref:null"); break;
    default: printf("v128:%016llx%016llx", (unsigned long long)hi, (unsigned long long)lo); break;
    }
}

/* " | mem=PAGES:HASH|none glob=T:V,... gas=N|-" */
static void print_state(instance_t *in) {
    printf(" | mem=");
    if (in->memory) printf("%u:%016llx", in->memory->pages, (unsigned long long)memory_hash(in->memory));
    else printf("none");
    printf(" glob=");
    for (uint32_t i = 0; i < in->mod->total_globals; i++) {
        if (i) printf(",");
        print_value(in->globals[i]->valtype, in->globals[i]->cell[0], in->globals[i]->cell[1]);
    }
    if (in->mod->metered) printf(" gas=%llu\n", (unsigned long long)*(uint64_t *)(in->vmctx + VM_GAS));
    else printf(" gas=-\n");
}

static void run_observe(int line, toks_t *t) {
    uint8_t rtypes[64];
    uint64_t results[2 * 64];
    uint32_t nres = 0;
    char msg[512];
    action_kind k = perform(t, rtypes, results, &nres, msg, sizeof msg);
    instance_t *in = last_action_instance;
    if (k == A_VALUES) {
        printf("obs %d ok", line);
        for (uint32_t i = 0; i < nres; i++) { printf(" "); print_value(rtypes[i], results[2 * i], results[2 * i + 1]); }
        print_state(in);
    } else if (k == A_TRAP) {
        printf("obs %d trap %s", line, msg);
        print_state(in);
    } else printf("obs %d error %s\n", line, msg);
}

static void run_observe_instantiate(int line, toks_t *t) {
    const char *path = next_tok(t), *name = next_tok(t);
    if (!path) { printf("obs %d error malformed command\n", line); return; }
    modref_t *ref = xcalloc(1, sizeof *ref);
    ref->line = line;
    const char *err;
    instance_t *in = NULL;
    result_kind rk;
    module_t *m = module_read(path, &err);
    if (!m) { snprintf(result_msg, sizeof result_msg, "cannot load artifact: %s", err); rk = RES_REJECTED; }
    else rk = instantiate(m, &in);
    if (rk == RES_OK) {
        ref->kind = 0; ref->inst = in;
        /* as Instance(configuration.initialGas): the budget is there before the first call */
        if (m->metered && !m->has_start) *(uint64_t *)(in->vmctx + VM_GAS) = gas_budget;
        printf("obs %d ok", line);
        print_state(in);
    } else {
        ref->kind = 2;
        printf("obs %d %s %s\n", line, rk == RES_TRAP ? "trap" : "error", result_msg);
        if (in) { modref_t tmp = { 0, in, line, NULL, 0 }; maybe_release(&tmp); }   /* unreachable now */
    }
    set_current(ref);
    set_named(name, ref);
}

static void run_command(char *linebuf) {
    char *tok[4200];
    int n = 0;
    /* a "|" token starts the rest of the line (free text: messages) */
    char *rest = NULL;
    char *p = linebuf;
    while (*p && n < 4200) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        if (p[0] == '|' && (p[1] == ' ' || p[1] == 0)) { rest = p[1] ? p + 2 : p + 1; break; }
        tok[n++] = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (*p) *p++ = 0;
    }
    if (n == 0 || tok[0][0] == '#') return;
    toks_t t = { tok, n, 0, rest ? rest : "" };
    const char *cmd = next_tok(&t);
    if (!strcmp(cmd, "script")) { const char *s = next_tok(&t); if (s) script_name = strdup(s); return; }
    if (!strcmp(cmd, "gas")) { const char *s = next_tok(&t); gas_budget = s ? strtoull(s, NULL, 10) : UINT64_MAX; return; }
    const char *ls = next_tok(&t);
    int line = ls ? atoi(ls) : 0;
    current_line = line;
    if (!strcmp(cmd, "observe") || !strcmp(cmd, "observe_instantiate")) {
        observing = 1;
        if (cmd[7]) run_observe_instantiate(line, &t); else run_observe(line, &t);
        observing = 0;
        return;
    }
    if (!strcmp(cmd, "module") || !strcmp(cmd, "assert_unlinkable") || !strcmp(cmd, "assert_uninstantiable")) {
        run_module_command(cmd, line, &t);
        return;
    }
    if (!strcmp(cmd, "module_skip") || !strcmp(cmd, "module_fail")) {
        /* a module the compiler did not produce: unsupported (skip) or rejected (fail) */
        const char *name = next_tok(&t);
        modref_t *ref = xcalloc(1, sizeof *ref);
        ref->line = line;
        if (cmd[7] == 's') { ref->kind = 1; ref->reason = strdup(t.rest); skip_line("module", t.rest); }
        else { ref->kind = 2; fail_line(line, "module", "%s", t.rest); }
        set_current(ref);
        set_named(name, ref);
        return;
    }
    if (!strcmp(cmd, "register")) {
        const char *as = next_tok(&t), *name = next_tok(&t);
        uint32_t alen;
        uint8_t *ab = as ? decode_name(as, &alen) : NULL;
        if (!ab) { fail_line(line, cmd, "malformed command"); return; }
        modref_t *ref = lookup_module(name);
        if (!ref) { fail_line(line, cmd, "no module %s to register", name ? name : "(current)"); return; }
        ref->keep = 1;
        int k;
        for (k = 0; k < nregistry; k++) if (registry[k].len == alen && !memcmp(registry[k].name, ab, alen)) break;
        if (k == nregistry) {
            if (nregistry == capregistry) { capregistry = capregistry ? capregistry * 2 : 16; registry = realloc(registry, capregistry * sizeof *registry); if (!registry) die("oom"); }
            nregistry++;
        }
        registry[k].name = ab; registry[k].len = alen; registry[k].ref = ref;
        if (ref->kind == 0) tally_pass++;
        else if (ref->kind == 1) skip_line(cmd, ref->reason);
        else fail_line(line, cmd, "module of line %d failed", ref->line);
        return;
    }
    uint8_t rtypes[64];
    uint64_t results[2 * 64];
    uint32_t nres = 0;
    char msg[512];
    if (!strcmp(cmd, "action") || !strcmp(cmd, "assert_return")) {
        action_kind k = perform(&t, rtypes, results, &nres, msg, sizeof msg);
        if (k == A_SKIP) { skip_line(cmd, msg); return; }
        if (k == A_ERROR) { fail_line(line, cmd, "%s", msg); return; }
        if (k == A_TRAP) { fail_line(line, cmd, "trapped: %s", msg); return; }
        if (!strcmp(cmd, "action")) { tally_pass++; return; }
        const char *ne = next_tok(&t);
        uint32_t nexp = ne ? (uint32_t)atoi(ne) : 0;
        char why[256] = "";
        int ok = nexp == nres;
        if (!ok) snprintf(why, sizeof why, "expected %u results, got %u", nexp, nres);
        for (uint32_t i = 0; ok && i < nexp; i++) {
            const char *e = next_tok(&t);
            char w[200];
            if (!e || !check_value(e, rtypes[i], &results[2 * i], w, sizeof w)) { ok = 0; snprintf(why, sizeof why, "result %u: %s", i, e ? w : "missing expectation"); }
        }
        if (ok) tally_pass++;
        else {
            char got[512];
            describe_results(got, sizeof got, rtypes, results, nres);
            fail_line(line, cmd, "%s [got %s]", why, got);
        }
        return;
    }
    if (!strcmp(cmd, "assert_trap") || !strcmp(cmd, "assert_exhaustion")) {
        action_kind k = perform(&t, rtypes, results, &nres, msg, sizeof msg);
        if (k == A_SKIP) { skip_line(cmd, msg); return; }
        if (k == A_ERROR) { fail_line(line, cmd, "%s", msg); return; }
        if (k == A_VALUES) {
            char got[512];
            describe_results(got, sizeof got, rtypes, results, nres);
            fail_line(line, cmd, "expected trap \"%s\", returned [%s]", t.rest, got);
            return;
        }
        if (!strncmp(msg, t.rest, strlen(t.rest))) tally_pass++;
        else fail_line(line, cmd, "expected trap \"%s\", got trap \"%s\"", t.rest, msg);
        return;
    }
    if (!strcmp(cmd, "assert_backtrace")) {   /* assert_backtrace L ACTION | F0 F1 ...: trap with these frames */
        action_kind k = perform(&t, rtypes, results, &nres, msg, sizeof msg);
        if (k == A_SKIP) { skip_line(cmd, msg); return; }
        if (k != A_TRAP) { fail_line(line, cmd, "expected a trap"); return; }
        char want[512], got[512] = "";
        snprintf(want, sizeof want, "%s", t.rest);
        for (uint32_t i = 0; i < last_nframes; i++) {
            size_t l = strlen(got);
            snprintf(got + l, sizeof got - l, "%s%u", i ? " " : "", last_frames[i]);
        }
        if (!strcmp(want, got)) tally_pass++;
        else fail_line(line, cmd, "expected frames [%s], got [%s] (trap \"%s\")", want, got, msg);
        return;
    }
    if (!strcmp(cmd, "gas_left")) {
        const char *s = next_tok(&t);
        uint64_t want = s ? strtoull(s, NULL, 10) : 0;
        if (have_gas_left && last_gas_left == want) tally_pass++;
        else fail_line(line, cmd, "expected %llu gas left, got %llu", (unsigned long long)want, (unsigned long long)last_gas_left);
        return;
    }
    fail_line(line, cmd, "unknown command");
}

/* ======================================================================== main */

typedef struct { int argc; char **argv; int status; } run_args_t;

static int run_script(const char *path) {
    FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "r");
    if (!f) die("cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16;
    char *line = malloc(cap);
    if (!line) die("oom");
    unsigned timeout = getenv("SWASM_HARNESS_TIMEOUT") ? (unsigned)atoi(getenv("SWASM_HARNESS_TIMEOUT")) : 60;
    for (;;) {
        size_t len = 0;
        int c;
        while ((c = fgetc(f)) != EOF && c != '\n') {
            if (len + 1 >= cap) { cap *= 2; line = realloc(line, cap); if (!line) die("oom"); }
            line[len++] = (char)c;
        }
        if (c == EOF && len == 0) break;
        line[len] = 0;
        alarm(timeout);
        run_command(line);
        alarm(0);
        fflush(stdout);
    }
    if (f != stdin) fclose(f);
    free(line);
    for (int i = 0; i < skip_reasons_n; i++) printf("harness: skipped %d: %s\n", skip_counts[i], skip_reasons[i]);
    if (getenv("SWASM_HARNESS_STATS"))
        printf("harness: stats: %d reservations created, %d reused, %lu traps recovered, %d instances\n",
               reservations_created, reservations_reused, traps_recovered, ninstances);
    printf("harness: %d passed, %d failed, %d skipped\n", tally_pass, tally_fail, tally_skip);
    fflush(stdout);
    return tally_fail ? 1 : 0;
}

#define WASM_STACK_SIZE (8u << 20)
#define STACK_RESERVE (256u << 10)

/* swasm-harness --wasi ARTIFACT [ARGS...]: runs a WASI command's _start with the WASI subset above; the exit
   status is the program's proc_exit code (0 when _start returns), 1 on a trap or a load error. */
static int run_wasi(int argc, char **argv) {
    const char *err;
    module_t *m = module_read(argv[0], &err);
    if (!m) { fprintf(stderr, "error: cannot load artifact: %s\n", err); return 1; }
    wasi_argc = argc;
    wasi_argv = argv;
    instance_t *in = NULL;
    result_kind rk = instantiate(m, &in);
    if (rk != RES_OK) { fprintf(stderr, "error: %s\n", result_msg); fflush(stdout); return 1; }
    const export_t *e = find_export(m, (const uint8_t *)"_start", 6, EK_FUNC);
    if (!e) { fprintf(stderr, "error: no exported function '_start'\n"); return 1; }
    uint64_t args[2] = {0}, results[2] = {0};
    uint32_t trap = 0;
    int trapped = call_funcref(in, in->funcs[e->index], &m->types[m->func_type[e->index]], args, results, &trap);
    fflush(stdout);
    if (trapped && wasi_exit_code >= 0) return (int)(wasi_exit_code & 0xFF);
    if (trapped) { fprintf(stderr, "error: trap: code %u\n", trap); return 1; }
    return 0;
}

static void *wasm_thread(void *arg) {
    run_args_t *a = arg;
    prepare_thread();
    pthread_attr_t attr;
    void *low; size_t size;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    stack_limit_value = (uintptr_t)low + STACK_RESERVE;
    make_spectest();
    if (!strcmp(a->argv[1], "--wasi")) {
        int k = 2;
        while (k + 1 < a->argc && !strcmp(a->argv[k], "--env") && wasi_envc < 64) { wasi_envv[wasi_envc++] = a->argv[k + 1]; k += 2; }
        a->status = k < a->argc ? run_wasi(a->argc - k, a->argv + k) : 2;
    }
    else if (!strcmp(a->argv[1], "--interrupt-after-ms") && a->argc > 3) {
        interrupt_after_ms = strtol(a->argv[2], NULL, 10);
        a->status = run_script(a->argv[3]);
    }
    else a->status = run_script(a->argv[1]);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        printf("usage: swasm-harness SCRIPT|-   (%s build; format: harness/README.md)\n"
               "       swasm-harness --wasi [--env K=V]... ARTIFACT [ARGS...]   (a WASI command: stdio, args, env, clocks)\n"
               "       swasm-harness --interrupt-after-ms N SCRIPT   (interruptible artifacts: each outermost call is\n"
               "                     interrupted after N ms, as Instance.withDeadline)\n",
               HOST_ARCH_NAME);
        return argc < 2 ? 2 : 0;
    }
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    host_page = (size_t)sysconf(_SC_PAGESIZE);
    install_handlers();
    run_args_t a = { argc, argv, 0 };
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WASM_STACK_SIZE);
    pthread_t th;
    if (pthread_create(&th, &attr, wasm_thread, &a) != 0) die("pthread_create");
    pthread_join(th, NULL);
    return a.status;
}
