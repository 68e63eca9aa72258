# The rest of the standard library, on demand (PC only). A worker restored from the build's
# snapshot starts with the course's part of the standard library (python_stdlib.course.zip: what
# the course's programs import); the first import that finds nothing there, or a traceback line
# from a module whose source is not in it, fetches the whole zip once, puts it where the small one
# was and lets the import or the line go on as if it had always been there. Only a name the whole
# library has (listed in the small zip as REST_INDEX) fetches it: the stdlib's own probes for
# optional modules (`try: import _winapi`) do not.
import sys

REST_INDEX = "_udplab_stdlib_rest.txt"
_state = {"fetch": None, "rest": None}


def install(fetch):
    """`fetch(zip_path)` writes the whole zip over the small one; True once it is there."""
    import linecache

    _state["fetch"] = fetch
    meta = sys.meta_path
    from importlib.machinery import PathFinder

    meta.insert(meta.index(PathFinder) + 1 if PathFinder in meta else len(meta), _RestOfStdlib)
    original = linecache.updatecache

    def updatecache(filename, module_globals=None):
        lines = original(filename, module_globals)
        if not lines and _in_stdlib(filename) and _fetch_rest():
            return original(filename, module_globals)
        return lines

    linecache.updatecache = updatecache


def _rest():
    """Top-level names (module or package) the whole library has and the small zip lacks."""
    if _state["rest"] is None:
        _state["rest"] = frozenset()
        try:
            import zipimport

            zip_path = next(p for p in sys.path if p.endswith(".zip"))
            text = zipimport.zipimporter(zip_path).get_data(REST_INDEX).decode()
            _state["rest"] = frozenset(text.split())
        except Exception:
            pass
    return _state["rest"]


def _in_stdlib(filename):
    for p in sys.path:
        if p.endswith(".zip") and filename.startswith(p + "/"):
            top = filename[len(p) + 1 :].partition("/")[0]
            return top.removesuffix(".py") in _rest()
    return False


def _fetch_rest():
    fetch = _state["fetch"]
    _state["fetch"] = None  # once: afterwards the whole library is there (or could not come)
    zips = [p for p in sys.path if p.endswith(".zip")]
    if fetch is None or not zips or not fetch(zips[0]):
        return False
    import zipimport
    import importlib

    zipimport._zip_directory_cache.clear()  # read the new zip's directory at the next import
    importlib.invalidate_caches()
    return True


class _RestOfStdlib:
    """Last resort after the path: fetch the rest, then look again."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition(".")[0] not in _rest() or not _fetch_rest():
            return None
        from importlib.machinery import PathFinder

        return PathFinder.find_spec(name, path, target)

    @classmethod
    def invalidate_caches(cls):
        pass
