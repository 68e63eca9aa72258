# machine — the ESP32 port's hardware classes as minimal, honest stand-ins: pins keep the level
# you write, inputs read fixed values of an idle board (buttons released, a lit quiet room),
# nothing is wired to real hardware. See site/runtime/runner/README.md, "What the board simulates".
import binascii
import _boardcall
import _udplab_ops as _op

# GPIOs the ESP32 has; 34–39 are input-only.
_GPIOS = (0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 25, 26, 27, 32, 33, 34, 35, 36, 37, 38, 39)
_INPUT_ONLY = (34, 35, 36, 37, 38, 39)
# Levels an idle 掌控板 reads: buttons A (GPIO 0) and B (GPIO 2) have pull-ups and read 1 released.
_IDLE_LEVEL = {0: 1, 2: 1}
# ADC readings of an idle board: light sensor (GPIO 39) in a lit room, microphone (GPIO 36) quiet.
_IDLE_ADC = {39: 1200, 36: 0}
_TOUCH_PINS = (0, 2, 4, 12, 13, 14, 15, 27, 32, 33)
_IDLE_TOUCH = 600


def _pin_id(pin):
    if isinstance(pin, Pin):
        return pin._id
    if isinstance(pin, int):
        return pin
    raise TypeError("expecting a pin")


class Pin:
    IN = 1
    OUT = 3
    OPEN_DRAIN = 7
    PULL_DOWN = 1
    PULL_UP = 2
    PULL_HOLD = 4
    IRQ_RISING = 1
    IRQ_FALLING = 2
    WAKE_LOW = 4
    WAKE_HIGH = 5

    def __init__(self, id, mode=-1, pull=-1, value=None):
        if not isinstance(id, int) or id not in _GPIOS:
            raise ValueError("invalid pin")
        self._id = id
        self._mode = None
        self._level = _IDLE_LEVEL.get(id, 0)
        self._handler = None
        self.init(mode, pull, value)

    def init(self, mode=-1, pull=-1, value=None):
        if mode != -1:
            if mode in (Pin.OUT, Pin.OPEN_DRAIN) and self._id in _INPUT_ONLY:
                raise ValueError("pin can only be input")
            self._mode = mode
        if value is not None:
            self._level = 1 if value else 0
        return None

    def __repr__(self):
        return "Pin(%d)" % self._id

    def value(self, *level):
        if level:
            self._level = 1 if level[0] else 0
            return None
        return self._level

    def __call__(self, *level):
        return self.value(*level)

    def on(self):
        self._level = 1

    def off(self):
        self._level = 0

    def irq(self, handler=None, trigger=IRQ_FALLING | IRQ_RISING, wake=None):
        # Accepted and kept; the simulated board has no one to press a button, so it never fires.
        self._handler = handler
        return None


class ADC:
    ATTN_0DB = 0
    ATTN_2_5DB = 1
    ATTN_6DB = 2
    ATTN_11DB = 3
    WIDTH_9BIT = 0
    WIDTH_10BIT = 1
    WIDTH_11BIT = 2
    WIDTH_12BIT = 3

    def __init__(self, pin):
        gpio = _pin_id(pin)
        if gpio < 32 or gpio > 39:
            raise ValueError("invalid Pin for ADC")
        self._id = gpio
        self._bits = 12

    def read(self):
        return _IDLE_ADC.get(self._id, 0) >> (12 - self._bits)

    def atten(self, attenuation):
        return None

    def width(self, width):
        self._bits = 9 + width
        return None


class PWM:
    def __init__(self, pin, freq=5000, duty=512):
        self._pin = pin if isinstance(pin, Pin) else Pin(_pin_id(pin))
        self._freq = freq
        self._duty = duty

    def __repr__(self):
        return "PWM(%d, freq=%d, duty=%d)" % (self._pin._id, self._freq, self._duty)

    def init(self, freq=-1, duty=-1):
        if freq != -1:
            self._freq = freq
        if duty != -1:
            self._duty = duty

    def freq(self, *value):
        if value:
            self._freq = value[0]
            return None
        return self._freq

    def duty(self, *value):
        if value:
            self._duty = value[0]
            return None
        return self._duty

    def deinit(self):
        return None


class I2C:
    """The board's I2C bus: scan() lists the OLED (60) and the accelerometer (38); reading or
    writing a device is not simulated and fails as an absent device does on the ESP32."""

    def __init__(self, id=-1, scl=None, sda=None, freq=400000):
        self._freq = freq

    def scan(self):
        return [38, 60]

    def _absent(self, *args, **kwargs):
        raise OSError(19)

    readfrom = writeto = readfrom_into = _absent
    readfrom_mem = writeto_mem = readfrom_mem_into = _absent


class TouchPad:
    def __init__(self, pin):
        gpio = _pin_id(pin)
        if gpio not in _TOUCH_PINS:
            raise ValueError("invalid pin for touchpad")
        self._id = gpio

    def read(self):
        return _IDLE_TOUCH

    def config(self, value):
        return None


class UART:
    """A serial port with nothing attached: writes are counted, reads find nothing."""

    def __init__(self, id, baudrate=115200, **kwargs):
        self._id = id
        self._baud = baudrate

    def init(self, baudrate=115200, **kwargs):
        self._baud = baudrate

    def write(self, buf):
        return len(buf)

    def any(self):
        return 0

    def read(self, *n):
        return None

    def readline(self):
        return None


def freq(*hz):
    if hz:
        return None
    return 240000000


def unique_id():
    return binascii.unhexlify(_boardcall.call(_op.BOARD_INFO)["mac"])


def reset():
    # A reset ends the program; the simulation does not boot main.py again.
    raise SystemExit(0)


def soft_reset():
    raise SystemExit(0)


def idle():
    return None


def disable_irq():
    return 0


def enable_irq(state=0):
    return None
