# Address text ⇄ bytes for the PC socket module, as glibc does it (CPython's inet_aton, inet_pton
# and inet_ntop call glibc's): inet_aton's classic forms ('127.1', '0x7f.1', trailing blanks),
# inet_pton's strict dotted quad and IPv6 text, inet_ntop's RFC 5952-like output.

_DIGITS = '0123456789'
_HEX = '0123456789abcdefABCDEF'
_SPACE = ' \t\n\v\f\r'
# The last part of an a.b.c.d address with fewer parts holds the rest of the 32 bits.
_LAST_MAX = (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)


def _strtoul(text, i):
    """C's strtoul(text + i, &end, 0) for a part that starts with a digit: (value, end)."""
    if text.startswith(('0x', '0X'), i) and i + 2 < len(text) and text[i + 2] in _HEX:
        j = i + 2
        while j < len(text) and text[j] in _HEX:
            j += 1
        return int(text[i + 2:j], 16), j
    if text[i] == '0':
        j = i + 1
        while j < len(text) and text[j] in '01234567':
            j += 1
        return int(text[i:j], 8), j
    j = i
    while j < len(text) and text[j] in _DIGITS:
        j += 1
    return int(text[i:j]), j


def aton(text):
    """glibc's inet_aton: 4 bytes, or None for a string it refuses."""
    parts = []
    i = 0
    while True:
        if i >= len(text) or text[i] not in _DIGITS:
            return None
        value, i = _strtoul(text, i)
        if value > 0xFFFFFFFF:
            return None
        if i < len(text) and text[i] == '.':
            if len(parts) > 2 or value > 0xFF:
                return None
            parts.append(value)
            i += 1
        else:
            break
    if i < len(text) and text[i] not in _SPACE:  # a blank ends the address; anything may follow
        return None
    if value > _LAST_MAX[len(parts)]:
        return None
    head = bytes(parts)
    return head + value.to_bytes(4 - len(head), 'big')


def pton4(text):
    """glibc's inet_pton(AF_INET): exactly four decimal parts 0-255, no leading zeros."""
    parts = text.split('.')
    if len(parts) != 4:
        return None
    out = []
    for p in parts:
        if not p or len(p) > 3 or any(c not in _DIGITS for c in p) or (len(p) > 1 and p[0] == '0'):
            return None
        if int(p) > 255:
            return None
        out.append(int(p))
    return bytes(out)


def pton6(text):
    """glibc's inet_pton(AF_INET6): 16 bytes, or None (no zone ids: '%eth0' is refused)."""
    if not text:
        return None
    i = 0
    if text[0] == ':':
        if len(text) < 2 or text[1] != ':':
            return None
        i = 1
    out = bytearray()
    gap = None
    token = i
    digits = 0
    value = 0
    while i < len(text):
        ch = text[i]
        i += 1
        if ch in _HEX:
            if digits == 4:
                return None
            value = value * 16 + int(ch, 16)
            digits += 1
            continue
        if ch == ':':
            token = i
            if digits == 0:
                if gap is not None:
                    return None
                gap = len(out)
                continue
            if i == len(text) or len(out) + 2 > 16:
                return None
            out += value.to_bytes(2, 'big')
            digits = value = 0
            continue
        if ch == '.' and len(out) + 4 <= 16:
            quad = pton4(text[token:])
            if quad is not None:
                out += quad
                digits = 0
                break
        return None
    if digits:
        if len(out) + 2 > 16:
            return None
        out += value.to_bytes(2, 'big')
    if gap is not None:
        if len(out) == 16:
            return None
        out[gap:gap] = bytes(16 - len(out))
    if len(out) != 16:
        return None
    return bytes(out)


def ntop6(packed):
    """glibc's inet_ntop(AF_INET6): the longest run of two or more zero groups as '::'."""
    words = [int.from_bytes(packed[k:k + 2], 'big') for k in range(0, 16, 2)]
    best_base, best_len = -1, 0
    cur_base, cur_len = -1, 0
    for k in range(8):
        if words[k] == 0:
            if cur_base == -1:
                cur_base, cur_len = k, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if cur_base != -1 and (best_base == -1 or cur_len > best_len):
        best_base, best_len = cur_base, cur_len
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = ''
    for k in range(8):
        if best_base != -1 and best_base <= k < best_base + best_len:
            if k == best_base:
                out += ':'
            continue
        if k:
            out += ':'
        if k == 6 and best_base == 0 and (best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)):
            out += '.'.join(str(b) for b in packed[12:16])
            break
        out += '%x' % words[k]
    if best_base != -1 and best_base + best_len == 8:
        out += ':'
    return out
