# The board modules' one way out to the simulated hardware: a call to the board kernel's handlers
# (site/runtime/board/kernel-*.ts) through the runtime's syscall door, _udplab_sys.
import _udplab_sys as _k
import _udplab_ops as _op

_EXCEPTIONS = {"OSError": OSError, "ValueError": ValueError, "IndexError": IndexError, "TypeError": TypeError}


def call(op, args=None, data=None):
    """Runs board syscall `op` with a dict of JSON-able arguments (and bytes `data`, e.g. the
    OLED's memory for oled.show); returns the handler's result.

    A result {"raise": [name, arg]} raises that built-in exception with that argument, as the
    firmware does (OSError("Wifi Invalid Mode")). Kernel
    errors raise as every syscall does (Stop / Ctrl-C: KeyboardInterrupt inside the call); an op
    the host does not have (not a board) raises NotImplementedError.
    """
    result, err = _k.try_call(op, data, **(args or {}))
    if err is not None:
        if err.get("code") == "ENOSYS":
            raise NotImplementedError(op)
        raise _k.error_from(err)
    if isinstance(result, dict) and len(result) == 1 and "raise" in result:
        name, arg = result["raise"]
        raise _EXCEPTIONS.get(name, OSError)(arg)
    return result


def on_board():
    """True when this program runs on a simulated 掌控板 (the kernel answers board.info)."""
    try:
        info = call(_op.BOARD_INFO)
    except (NotImplementedError, OSError):
        return False
    return isinstance(info, dict) and info.get("kind") == "board"
