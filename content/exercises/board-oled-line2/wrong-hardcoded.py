# 已知错误：不看网络，直接写出答案 / known wrong: writes the answer without reading the network
from mpython import *
oled.fill(0)
oled.DispChar("UDP 6000", 0, 0)
oled.DispChar("hello board", 0, 16)
oled.show()
