# network — the ESP32 port's Wi-Fi module (MicroPython v1.12) on the simulated radio: WLAN(STA_IF)
# joins a scenario's access point, WLAN(AP_IF) opens the board's own network at 192.168.4.1.
# The state lives in the kernel (site/runtime/board/kernel-wifi.ts) so the page can see it.
import binascii
import _boardcall
import _udplab_ops as _op

STA_IF = 0
AP_IF = 1

MODE_11B = 1
MODE_11G = 2
MODE_11N = 4

AUTH_OPEN = 0
AUTH_WEP = 1
AUTH_WPA_PSK = 2
AUTH_WPA2_PSK = 3
AUTH_WPA_WPA2_PSK = 4
AUTH_MAX = 6

STAT_IDLE = 1000
STAT_CONNECTING = 1001
STAT_GOT_IP = 1010
STAT_BEACON_TIMEOUT = 200
STAT_NO_AP_FOUND = 201
STAT_WRONG_PASSWORD = 202
STAT_ASSOC_FAIL = 203
STAT_HANDSHAKE_TIMEOUT = 204

_CONFIG_KEYS = ("mac", "essid", "channel", "hidden", "authmode", "password", "dhcp_hostname")


def _text(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode()
    if isinstance(value, str):
        return value
    raise TypeError("object with buffer protocol required")


class WLAN:
    """One of the board's two Wi-Fi interfaces; WLAN(STA_IF) always returns the same object."""

    _made = {}

    def __new__(cls, interface_id=STA_IF):
        if interface_id not in (STA_IF, AP_IF):
            raise ValueError("invalid WLAN interface identifier")
        if interface_id not in WLAN._made:
            obj = object.__new__(cls)
            obj._if = interface_id
            WLAN._made[interface_id] = obj
        return WLAN._made[interface_id]

    def __init__(self, interface_id=STA_IF):
        pass

    def __repr__(self):
        return "<WLAN>"

    def _call(self, op, **args):
        args["iface"] = self._if
        return _boardcall.call(op, args)

    def active(self, *is_active):
        if is_active:
            return self._call(_op.WIFI_ACTIVE, value=bool(is_active[0]))
        return self._call(_op.WIFI_ACTIVE)

    def connect(self, ssid=None, password=None, bssid=None):
        if self._if != STA_IF:
            raise OSError("STA required")
        args = {}
        if ssid is not None:
            args["ssid"] = _text(ssid)
            args["password"] = "" if password is None else _text(password)
        if bssid is not None:
            args["bssid"] = binascii.hexlify(bytes(bssid)).decode()
        self._call(_op.WIFI_CONNECT, **args)

    def disconnect(self):
        self._call(_op.WIFI_DISCONNECT)

    def isconnected(self):
        return self._call(_op.WIFI_ISCONNECTED)

    def scan(self):
        if self._if != STA_IF:
            raise OSError("STA required")
        found = []
        for ssid, bssid, channel, rssi, authmode, hidden in self._call(_op.WIFI_SCAN):
            found.append((ssid.encode(), binascii.unhexlify(bssid), channel, rssi, authmode, hidden))
        return found

    def status(self, *param):
        if param:
            return self._call(_op.WIFI_STATUS, param=param[0])
        return self._call(_op.WIFI_STATUS)

    def ifconfig(self, *config):
        if config:
            cfg = config[0]
            if len(cfg) != 4:
                raise ValueError("requested length 4 but object has length %d" % len(cfg))
            self._call(_op.WIFI_IFCONFIG, config=[_text(part) for part in cfg])
            return None
        return tuple(self._call(_op.WIFI_IFCONFIG))

    def config(self, *args, **kwargs):
        if args and kwargs:
            raise TypeError("either pos or kw args are allowed")
        if args:
            if len(args) != 1:
                raise TypeError("can query only one param")
            key = args[0]
            if key not in _CONFIG_KEYS or key == "password":
                raise ValueError("unknown config param")
            value = self._call(_op.WIFI_CONFIG, get=key)
            if key == "mac":
                return binascii.unhexlify(value)
            return value
        settings = {}
        for key in kwargs:
            if key not in _CONFIG_KEYS or key == "mac":
                raise ValueError("unknown config param")
            value = kwargs[key]
            if key in ("essid", "password", "dhcp_hostname"):
                value = _text(value)
            elif key == "hidden":
                value = bool(value)
            else:
                value = int(value)
            settings[key] = value
        self._call(_op.WIFI_CONFIG, set=settings)
        return None


def phy_mode(*mode):
    if mode:
        return None
    return MODE_11N
