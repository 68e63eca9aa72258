# mpython — the 掌控板 (mPython board) library as labplus mpython master (MicroPython v1.12) has it:
# wifi(), the OLED with its 16-px DispChar font, the replaced print, and the board's sensors as
# minimal honest objects (an idle board: buttons released, a lit quiet room, lying flat).
# The OLED draws with MicroPython's own framebuf here; show() sends its memory to the kernel
# (site/runtime/board/kernel-oled.ts), which shows it in the page or the runner.
import _boardcall
import _udplab_ops as _op
import builtins as _builtins
import framebuf
import gc
import math
import time
import network
import machine
from machine import Pin, ADC, PWM, I2C, TouchPad, UART
from binascii import unhexlify as _unhexlify

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
    return _boardcall.call(_op.BOARD_TICKS_MS)


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
    # What MicroPython's mp_obj_get_int accepts (the RGB LEDs' colours).
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


def _quotient(a, b):
    # C's integer division (towards zero), as the firmware's fill_triangle divides.
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


# blit palette that swaps the two colours: DispChar's rev mode, and the "clear the ink" modes.
_SWAP = framebuf.FrameBuffer(bytearray([0x80]), 2, 1, framebuf.MONO_HLSB)
# Most code points one glyph request carries (the kernel's MAX_GLYPH_REQUEST).
_GLYPH_BATCH = 1024


class OLED(framebuf.FrameBuffer):
    """The 128×64 SSD1106 screen: MicroPython's framebuf.FrameBuffer over the panel's memory
    (MONO_VLSB, 8 pages of 128 bytes), as the firmware's OLED(SSD1106_I2C(SSD1106(FrameBuffer)))
    is. Drawing stays in this buffer; show() sends it to the panel, the page's screen."""

    def __init__(self):
        self.width = 128
        self.height = 64
        self.pages = self.height // 8
        self.buffer = bytearray(self.pages * self.width)
        super().__init__(self.buffer, self.width, self.height, framebuf.MONO_VLSB)
        # DispChar's font, as the board reads it from flash: code point -> (width, FrameBuffer) or
        # None (no glyph). Filled from the kernel's font (oled.glyphs) the first time a character is drawn.
        self._glyphs = {}
        # The driver's start-up (init_display): panel on, default contrast, memory and screen cleared.
        _boardcall.call(_op.OLED_RESET)

    # framebuf of MicroPython 1.27 has these; the board's v1.12 does not.
    @property
    def ellipse(self):
        raise AttributeError("'OLED' object has no attribute 'ellipse'")

    @property
    def poly(self):
        raise AttributeError("'OLED' object has no attribute 'poly'")

    # --- the SSD1106 driver: what reaches the panel ---

    def show(self):
        _boardcall.call(_op.OLED_SHOW, data=self.buffer)

    def poweron(self):
        _boardcall.call(_op.OLED_POWER, {"on": True})

    def poweroff(self):
        _boardcall.call(_op.OLED_POWER, {"on": False})

    def contrast(self, contrast):
        _boardcall.call(_op.OLED_CONTRAST, {"value": _int(contrast) & 0xFF})

    def invert(self, invert):
        _boardcall.call(_op.OLED_INVERT, {"value": _int(invert) & 1})

    # --- mpython's additions to framebuf (C in the firmware), with its integer algorithms ---

    def circle(self, x0, y0, radius, c):
        f = 1 - radius
        ddF_x = 1
        ddF_y = -2 * radius
        x = 0
        y = radius
        px = self.pixel
        px(x0, y0 + radius, c)
        px(x0, y0 - radius, c)
        px(x0 + radius, y0, c)
        px(x0 - radius, y0, c)
        while x < y:
            if f >= 0:
                y -= 1
                ddF_y += 2
                f += ddF_y
            x += 1
            ddF_x += 2
            f += ddF_x
            px(x0 + x, y0 + y, c)
            px(x0 - x, y0 + y, c)
            px(x0 + x, y0 - y, c)
            px(x0 - x, y0 - y, c)
            px(x0 + y, y0 + x, c)
            px(x0 - y, y0 + x, c)
            px(x0 + y, y0 - x, c)
            px(x0 - y, y0 - x, c)

    def quarter_circle(self, x0, y0, radius, cornername, c):
        f = 1 - radius
        ddF_x = 1
        ddF_y = -2 * radius
        x = 0
        y = radius
        px = self.pixel
        while x < y:
            if f >= 0:
                y -= 1
                ddF_y += 2
                f += ddF_y
            ddF_x += 2
            f += ddF_x
            if cornername & 0x4:
                px(x0 + x, y0 + y, c)
                px(x0 + y, y0 + x, c)
            if cornername & 0x2:
                px(x0 + x, y0 - y, c)
                px(x0 + y, y0 - x, c)
            if cornername & 0x8:
                px(x0 - y, y0 + x, c)
                px(x0 - x, y0 + y, c)
            if cornername & 0x1:
                px(x0 - y, y0 - x, c)
                px(x0 - x, y0 - y, c)
            x += 1

    drawCircleHelper = quarter_circle

    def fill_circle(self, x0, y0, radius, c):
        fr = self.fill_rect
        fr(x0, y0 - radius, 1, 2 * radius + 1, c)
        f = 1 - radius
        ddF_x = 1
        ddF_y = -2 * radius
        x = 0
        y = radius
        while x < y:
            if f >= 0:
                y -= 1
                ddF_y += 2
                f += ddF_y
            x += 1
            ddF_x += 2
            f += ddF_x
            fr(x0 + x, y0 - y, 1, 2 * y + 1, c)
            fr(x0 + y, y0 - x, 1, 2 * x + 1, c)
            fr(x0 - x, y0 - y, 1, 2 * y + 1, c)
            fr(x0 - y, y0 - x, 1, 2 * x + 1, c)

    def triangle(self, x0, y0, x1, y1, x2, y2, c):
        self.line(x0, y0, x1, y1, c)
        self.line(x1, y1, x2, y2, c)
        self.line(x2, y2, x0, y0, c)

    def fill_triangle(self, x0, y0, x1, y1, x2, y2, c):
        for v in (x0, y0, x1, y1, x2, y2, c):
            _int(v)
        if y0 > y1:
            y0, y1, x0, x1 = y1, y0, x1, x0
        if y1 > y2:
            y1, y2, x1, x2 = y2, y1, x2, x1
        if y0 > y1:
            y0, y1, x0, x1 = y1, y0, x1, x0
        fr = self.fill_rect
        if y0 == y2:
            a = min(x0, x1, x2)
            b = max(x0, x1, x2)
            fr(a, y0, b - a + 1, 1, c)
            return
        dx01 = x1 - x0
        dy01 = (y1 - y0) or 1
        dx02 = x2 - x0
        dy02 = (y2 - y0) or 1
        dx12 = x2 - x1
        dy12 = (y2 - y1) or 1
        sa = 0
        sb = 0
        if y1 == y2:
            last = y1
        elif y0 == y1:
            last = y0
        else:
            last = y1 - 1
        y = y0
        while y <= last:
            a = x0 + _quotient(sa, dy01)
            b = x0 + _quotient(sb, dy02)
            sa += dx01
            sb += dx02
            if a > b:
                a, b = b, a
            fr(a, y, b - a + 1, 1, c)
            y += 1
        sa = dx12 * (y - y1)
        sb = dx02 * (y - y0)
        while y <= y2:
            a = x1 + _quotient(sa, dy12)
            b = x0 + _quotient(sb, dy02)
            sa += dx12
            sb += dx02
            if a > b:
                a, b = b, a
            fr(a, y, b - a + 1, 1, c)
            y += 1

    def RoundRect(self, x, y, w, h, r, c):
        # The firmware passes h as the colour (args[4]); we draw in c, as its documentation says.
        fr = self.fill_rect
        fr(x + r, y, w - 2 * r, 1, c)
        fr(x + r, y + h - 1, w - 2 * r, 1, c)
        fr(x, y + r, 1, h - 2 * r, c)
        fr(x + w - 1, y + r, 1, h - 2 * r, c)
        self.quarter_circle(x + r, y + r, r, 1, c)
        self.quarter_circle(x + w - r - 1, y + r, r, 2, c)
        self.quarter_circle(x + w - r - 1, y + h - r - 1, r, 4, c)
        self.quarter_circle(x + r, y + h - r - 1, r, 8, c)

    round_rect = RoundRect

    def Bitmap(self, x, y, bitmap, w, h, c):
        # Rows of ceil(w / 8) bytes, most significant bit leftmost. Set bits are drawn in colour c
        # and clear bits leave the screen alone, as the documentation says (the firmware's C blits
        # the clear bits too, ignoring c).
        data = bytes(bitmap)
        x, y, w, h = _int(x), _int(y), _int(w), _int(h)
        stride = (w + 7) >> 3
        px = self.pixel
        for j in range(h):
            for i in range(w):
                k = j * stride + (i >> 3)
                if k < len(data) and data[k] & (0x80 >> (i & 7)):
                    px(x + i, y + j, c)

    bitmap = Bitmap

    # --- DispChar: mpython.py's code, with the 16-px font from the kernel ---

    def _glyph_table(self, s):
        # The glyphs of s, fetched once per character per program (one crossing for the new ones).
        table = self._glyphs
        wanted = []
        for ch in s:
            cp = ord(ch)
            if cp not in table and cp not in wanted:
                wanted.append(cp)
        for start in range(0, len(wanted), _GLYPH_BATCH):
            cps = wanted[start : start + _GLYPH_BATCH]
            answer = _boardcall.call(_op.OLED_GLYPHS, {"cps": cps})
            for cp, g in zip(cps, answer):
                if g is None:
                    table[cp] = None
                else:
                    # A zero-width glyph (a combining mark) draws nothing and still advances 1.
                    width, rows = g
                    fb = framebuf.FrameBuffer(bytearray(_unhexlify(rows)), width, 16, framebuf.MONO_HLSB) if width > 0 else None
                    table[cp] = (width, fb)
        return table

    def DispChar(self, s, x, y, mode=TextMode.normal, auto_return=False):
        if not isinstance(s, str):
            raise TypeError("'%s' object isn't iterable" % type(s).__name__)
        table = self._glyph_table(s)
        str_width = 0
        for ch in s:
            g = table[ord(ch)]
            if g is None:
                if auto_return is True:
                    x = x + 16  # the font header's width
                else:
                    x = x + self.width
                continue
            width, glyph = g
            if auto_return is True:
                if x > self.width - width:
                    str_width += self.width - x
                    x = 0
                    y += 16
                    if y > self.height - 16:
                        y = 0
            if glyph is None:
                pass
            elif mode == TextMode.xor:
                self._xor_glyph(glyph, width, x, y, auto_return)
            elif mode == TextMode.normal:
                self.blit(glyph, x, y)
            elif mode == TextMode.trans:
                self.blit(glyph, x, y, 0)
            elif mode == TextMode.rev:
                self.blit(glyph, x, y, -1, _SWAP)
            else:
                # The firmware's fall-through: ink pixels cleared, the rest left alone.
                self.blit(glyph, x, y, 1, _SWAP)
            x = x + width + 1
            str_width += width + 1
        return (str_width - 1, (x - 1, y))

    def _xor_glyph(self, glyph, width, x, y, auto_return):
        # As mpython.py does it: it reads buffer[page * 128 + px] & (0x80 >> (py % 8)), but the
        # buffer is MONO_VLSB (bit 0 is the page's top row), so it reads the pixel mirrored within
        # its 8-row page; ink below the screen indexes past the buffer and raises IndexError.
        buf = self.buffer
        stride = self.width if auto_return is True else 128
        for h in range(16):
            py = y + h
            page = py >> 3
            bit = 0x80 >> (py % 8)
            for p in range(width):
                if glyph.pixel(p, h):
                    px = x + p
                    self.pixel(px, py, 0 if buf[page * stride + px] & bit else 1)


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
        # The firmware counts in whole seconds (time.time() on the board); here the board clock's
        # whole seconds, so a timeout of t gives 2t+1 or 2t+2 dots as on the board.
        start = _ticks_ms() // 1000
        print("Connection WiFi", end="")
        while self.sta.ifconfig()[0] == "0.0.0.0":
            if _ticks_ms() // 1000 - start > timeout:
                print("")
                raise OSError("Timeout!,check your wifi password and keep your network unblocked")
            print(".", end="")
            _boardcall.call(_op.WIFI_WAIT, {"ms": 500})  # sleep_ms(500), seen by the runner as "joining"
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
        _boardcall.call(_op.BOARD_RGB, {"pixels": [list(p) for p in self._pixels]})


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
