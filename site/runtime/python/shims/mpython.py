# mpython — the 掌控板 (mPython board) library as labplus mpython master (MicroPython v1.12) has it:
# wifi(), the OLED with its 16-px DispChar font, the replaced print, and the board's sensors as
# minimal honest objects (an idle board: buttons released, a lit quiet room, lying flat).
# Drawing runs in the kernel (site/runtime/board/kernel-oled.ts), so the page and Node draw alike.
import _boardcall
import builtins as _builtins
import gc
import math
import time
import network
import machine
from machine import Pin, ADC, PWM, I2C, TouchPad, UART

if not _boardcall.on_board():
    raise ImportError("no module named 'mpython'")

try:
    from time import sleep, sleep_ms, sleep_us
except ImportError:  # CPython's time has only sleep

    from time import sleep

    def sleep_ms(ms):
        sleep(ms / 1000)

    def sleep_us(us):
        sleep(us / 1000000)


try:
    from micropython import const, schedule
except ImportError:

    def const(value):
        return value

    def schedule(func, arg):
        func(arg)
        return None


def _ticks_ms():
    # The board's clock as the kernel keeps it (the one sleep and Wi-Fi run on, virtual or real).
    return _boardcall.call("board.ticks_ms")


def _ticks_diff(a, b):
    return a - b


_print = _builtins.print


def print(_t, *args, sep=" ", end="\n"):
    # The firmware's print: a space before text that starts with a Chinese character.
    _s = str(_t)[0:1]
    if "\u4e00" <= _s <= "\u9fff":
        _t = " " + str(_t)
    _print(_t, *args, sep=sep, end=end)


def numberMap(inputNum, bMin, bMax, cMin, cMax):
    outputNum = 0
    outputNum = ((cMax - cMin) / (bMax - bMin)) * (inputNum - bMin) + cMin
    return outputNum


def _int(value):
    # framebuf takes integers only, as MicroPython's mp_obj_get_int does.
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise TypeError("can't convert float to int")
    raise TypeError("can't convert %s to int" % type(value).__name__)


class TextMode:
    normal = 1
    rev = 2
    trans = 3
    xor = 4


class OLED:
    """The 128×64 SSD1106 screen. Drawing goes to a buffer; nothing appears until show()."""

    width = 128
    height = 64
    _BATCH = 512

    def __init__(self):
        # The SSD1106 driver's start-up: panel on, default contrast, memory and screen cleared.
        self._ops = []
        self._ask("reset")

    def _op(self, *op):
        self._ops.append(op)
        if len(self._ops) >= OLED._BATCH:
            self._flush()

    def _flush(self):
        if not self._ops:
            return None
        ops = self._ops
        self._ops = []
        return _boardcall.call("oled.draw", {"ops": ops})

    def _ask(self, *op):
        self._ops.append(op)
        return self._flush()

    def fill(self, c):
        self._op("fill", _int(c))

    def pixel(self, x, y, *c):
        if c:
            self._op("pixel", _int(x), _int(y), _int(c[0]))
            return None
        return self._ask("get_pixel", _int(x), _int(y))

    def hline(self, x, y, w, c):
        self._op("hline", _int(x), _int(y), _int(w), _int(c))

    def vline(self, x, y, h, c):
        self._op("vline", _int(x), _int(y), _int(h), _int(c))

    def line(self, x1, y1, x2, y2, c):
        self._op("line", _int(x1), _int(y1), _int(x2), _int(y2), _int(c))

    def rect(self, x, y, w, h, c):
        self._op("rect", _int(x), _int(y), _int(w), _int(h), _int(c))

    def fill_rect(self, x, y, w, h, c):
        self._op("fill_rect", _int(x), _int(y), _int(w), _int(h), _int(c))

    def text(self, s, x, y, c=1):
        if not isinstance(s, str):
            raise TypeError("can't convert '%s' object to str implicitly" % type(s).__name__)
        self._op("text", s, _int(x), _int(y), _int(c))

    def scroll(self, xstep, ystep):
        self._op("scroll", _int(xstep), _int(ystep))

    def circle(self, x, y, radius, c):
        self._op("circle", _int(x), _int(y), _int(radius), _int(c))

    def fill_circle(self, x, y, radius, c):
        self._op("fill_circle", _int(x), _int(y), _int(radius), _int(c))

    def triangle(self, x0, y0, x1, y1, x2, y2, c):
        self._op("triangle", _int(x0), _int(y0), _int(x1), _int(y1), _int(x2), _int(y2), _int(c))

    def fill_triangle(self, x0, y0, x1, y1, x2, y2, c):
        self._op("fill_triangle", _int(x0), _int(y0), _int(x1), _int(y1), _int(x2), _int(y2), _int(c))

    def RoundRect(self, x, y, w, h, r, c):
        self._op("round_rect", _int(x), _int(y), _int(w), _int(h), _int(r), _int(c))

    def Bitmap(self, x, y, bitmap, w, h, c):
        data = bytes(bitmap)
        hexed = "".join("%02x" % b for b in data)
        self._op("bitmap", _int(x), _int(y), hexed, _int(w), _int(h), _int(c))

    def DispChar(self, s, x, y, mode=TextMode.normal, auto_return=False):
        if not isinstance(s, str):
            raise TypeError("'%s' object isn't iterable" % type(s).__name__)
        # The firmware tests `auto_return is True`, so auto_return=1 does not wrap.
        width, end = self._ask("DispChar", s, _int(x), _int(y), _int(mode), auto_return is True)
        return (width, (end[0], end[1]))

    def show(self):
        self._ask("show")

    def poweron(self):
        self._ask("poweron")

    def poweroff(self):
        self._ask("poweroff")

    def contrast(self, contrast):
        self._ask("contrast", _int(contrast))

    def invert(self, invert):
        self._ask("invert", _int(invert))


class wifi:
    """The board's Wi-Fi: .sta joins a router, .ap opens the board's own network."""

    def __init__(self):
        self.sta = network.WLAN(network.STA_IF)
        self.ap = network.WLAN(network.AP_IF)

    def connectWiFi(self, ssid, passwd, timeout=10):
        if self.sta.isconnected():
            self.sta.disconnect()
        self.sta.active(True)
        list = self.sta.scan()
        for i, wifi_info in enumerate(list):
            try:
                if wifi_info[0].decode() == ssid:
                    self.sta.connect(ssid, passwd)
                    wifi_dbm = wifi_info[3]
                    break
            except UnicodeError:
                self.sta.connect(ssid, passwd)
                wifi_dbm = "?"
                break
            if i == len(list) - 1:
                raise OSError("SSID invalid / failed to scan this wifi")
        start = _ticks_ms()
        print("Connection WiFi", end="")
        while self.sta.ifconfig()[0] == "0.0.0.0":
            if _ticks_diff(_ticks_ms(), start) > timeout * 1000:
                print("")
                raise OSError("Timeout!,check your wifi password and keep your network unblocked")
            print(".", end="")
            _boardcall.call("wifi.wait", {"ms": 500})  # sleep_ms(500), seen by the runner as "joining"
        print("")
        print("WiFi(%s,%sdBm) Connection Successful, Config:%s" % (ssid, str(wifi_dbm), str(self.sta.ifconfig())))

    def disconnectWiFi(self):
        if self.sta.isconnected():
            self.sta.disconnect()
        self.sta.active(False)
        print("disconnect WiFi...")

    def enable_APWiFi(self, essid, password=b"", channel=10):
        self.ap.active(True)
        if password:
            authmode = 4
        else:
            authmode = 0
        self.ap.config(essid=essid, password=password, authmode=authmode, channel=channel)

    def disable_APWiFi(self):
        self.ap.active(False)
        print("disable AP WiFi...")


class PinMode:
    IN = 1
    OUT = 2
    PWM = 3
    ANALOG = 4
    OUT_DRAIN = 5


# The board's edge connector: P0–P20 to ESP32 GPIOs (-1: not a GPIO pin).
_PIN_GPIO = (33, 32, 35, 34, 39, 0, 16, 17, 26, 25, 36, 2, -1, 18, 19, 21, 5, -1, -1, 22, 23)


class MPythonPin:
    def __init__(self, pin, mode=PinMode.IN, pull=None):
        if not isinstance(pin, int) or pin < 0 or pin >= len(_PIN_GPIO) or _PIN_GPIO[pin] < 0:
            raise ValueError("Invalid pin %s" % pin)
        self.id = _PIN_GPIO[pin]
        self.mode = mode
        if mode == PinMode.IN:
            self.Pin = Pin(self.id, Pin.IN)
        elif mode == PinMode.OUT:
            self.Pin = Pin(self.id, Pin.OUT)
        elif mode == PinMode.OUT_DRAIN:
            self.Pin = Pin(self.id, Pin.OPEN_DRAIN)
        elif mode == PinMode.PWM:
            self.pwm = PWM(Pin(self.id), duty=0)
        elif mode == PinMode.ANALOG:
            self.adc = ADC(Pin(self.id))
        else:
            raise TypeError("mode must be 'IN, OUT, PWM, ANALOG,OUT_DRAIN'")

    def read_digital(self):
        if self.mode != PinMode.IN:
            raise TypeError("the pin is not set to IN mode")
        return self.Pin.value()

    def write_digital(self, value):
        if self.mode not in (PinMode.OUT, PinMode.OUT_DRAIN):
            raise TypeError("the pin is not set to OUT or OUT_DRAIN mode")
        self.Pin.value(value)

    def read_analog(self):
        if self.mode != PinMode.ANALOG:
            raise TypeError("the pin is not set to ANALOG mode")
        return self.adc.read()

    def write_analog(self, duty, freq=1000):
        if self.mode != PinMode.PWM:
            raise TypeError("the pin is not set to PWM mode")
        self.pwm.freq(freq)
        self.pwm.duty(duty)


class _Button(Pin):
    """Button A/B: a Pin with pull-up that reads 1 while released — always, here."""

    def is_pressed(self):
        return self.value() == 0

    def was_pressed(self):
        return False

    def get_presses(self):
        return 0


class _Accelerometer:
    """The board lying flat, face up: 0 g on x and y, -1 g on z."""

    def get_x(self):
        return 0.0

    def get_y(self):
        return 0.0

    def get_z(self):
        return -1.0


class _RGB:
    """The three RGB LEDs (NeoPixel on GPIO 17); write() shows the colours to the page."""

    def __init__(self, n=3):
        self.n = n
        self._pixels = [(0, 0, 0)] * n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self._pixels[i]

    def __setitem__(self, i, colour):
        r, g, b = colour
        self._pixels[i] = (_int(r), _int(g), _int(b))

    def fill(self, colour):
        for i in range(self.n):
            self[i] = colour

    def write(self):
        _boardcall.call("board.rgb", {"pixels": [list(p) for p in self._pixels]})


i2c = I2C(0, scl=Pin(22), sda=Pin(23), freq=400000)
button_a = _Button(0, Pin.IN, Pin.PULL_UP)
button_b = _Button(2, Pin.IN, Pin.PULL_UP)
light = ADC(Pin(39))
sound = ADC(Pin(36))
touchPad_P = touchpad_p = TouchPad(Pin(27))
touchPad_Y = touchpad_y = TouchPad(Pin(14))
touchPad_T = touchpad_t = TouchPad(Pin(12))
touchPad_H = touchpad_h = TouchPad(Pin(13))
touchPad_O = touchpad_o = TouchPad(Pin(15))
touchPad_N = touchpad_n = TouchPad(Pin(4))
accelerometer = _Accelerometer()
rgb = _RGB(3)
oled = OLED()
display = oled
