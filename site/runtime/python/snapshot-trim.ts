// What the build takes out of Pyodide's memory before it snapshots it (site/integrations/
// python-assets.ts runs SNAPSHOT_TRIM there, before the C heap's free blocks are zeroed). Only
// what no program can tell apart: modules nothing but Pyodide's package loader holds (they import
// again on first use, as in a fresh python3), and the interpreter's specialisation state.
// Measured on the served file: bench/RESULTS.md, "the shipped snapshot, trimmed".

/**
 * Modules (with their submodules) the snapshot leaves out. Pyodide's boot imports them only
 * through `pyodide._package_loader` (used by `loadPackage`, never by the course), which binds
 * `ZipFile` and `NamedTemporaryFile` at import: the trim rebinds both to functions that import on
 * their first call, so nothing else holds these modules. A program's `import tempfile` reads it
 * from the course's standard library zip; the others come with the rest of it, on demand.
 */
export const SNAPSHOT_LEFT_OUT: readonly string[] = [
  'zipfile',
  'compression',
  'bz2',
  'lzma',
  '_bz2',
  '_lzma',
  '_zstd',
  'tempfile',
];

/**
 * Python run in its own namespace by the snapshot maker. It raises (code UDPLAB_ERR_SNAPSHOT_TRIM)
 * when a module it drops is still held after collection — a later import would then make a
 * second copy of its classes — so that a Pyodide update that holds one elsewhere fails the build's
 * snapshot (and its test) instead of shipping an interpreter with two `zipfile`s.
 */
export const SNAPSHOT_TRIM = `
import gc, sys, types

LEFT_OUT = ${JSON.stringify(SNAPSHOT_LEFT_OUT)}


def dropped(name):
    return any(name == top or name.startswith(top + '.') for top in LEFT_OUT)


def leave_out():
    # Pyodide's package loader: bind its two names on first call instead of at import.
    exec('def ZipFile(*args, **kwargs):\\n'
         '    from zipfile import ZipFile\\n'
         '    return ZipFile(*args, **kwargs)\\n'
         'def NamedTemporaryFile(*args, **kwargs):\\n'
         '    from tempfile import NamedTemporaryFile\\n'
         '    return NamedTemporaryFile(*args, **kwargs)\\n',
         sys.modules['pyodide._package_loader'].__dict__)
    for name in [name for name in sys.modules if dropped(name)]:
        module = sys.modules.pop(name)
        parent, _, child = name.rpartition('.')
        if parent in sys.modules and getattr(sys.modules[parent], child, None) is module:
            delattr(sys.modules[parent], child)


def still_held():
    return sorted({o['__name__'] for o in gc.get_objects()
                   if type(o) is dict and '__spec__' in o and dropped(o.get('__name__'))})


def fresh_code():
    # Specialised bytecode (inline caches with type versions and pointers) compresses worse than
    # fresh: give each function a fresh copy of its code when only functions hold that code
    # object (same bytecode, constants and line tables; it specialises again as it runs).
    users = {}
    objects = gc.get_objects()
    for o in objects:
        if type(o) is types.FunctionType:
            users.setdefault(id(o.__code__), []).append(o)
    shared = set()  # also held by something other than its functions (co_consts of other code…)
    for o in objects:
        own = o.__code__ if type(o) is types.FunctionType else None
        for r in gc.get_referents(o):
            if r is not own and id(r) in users:
                shared.add(id(r))
    del objects
    for key, fns in users.items():
        if key not in shared:
            fresh = fns[0].__code__.replace()
            for f in fns:
                f.__code__ = fresh


leave_out()
gc.collect()
gc.collect()
held = still_held()
if held:
    raise RuntimeError('UDPLAB_ERR_SNAPSHOT_TRIM: still held after leaving them out: ' + ', '.join(held))
fresh_code()
gc.collect()
# The method cache lives in the interpreter's static state: emptied, that part of the wasm's
# data is as the wasm ships it, which the delta (snapshot-delta.ts) sends as zeros.
sys._clear_type_cache()
`;
