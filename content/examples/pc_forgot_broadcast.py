# 电脑上忘了 SO_BROADCAST：Linux 不让发广播
# The PC forgot SO_BROADCAST: Linux refuses the broadcast
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    sock.sendto(b"WHO?", ("192.168.0.255", 5000))
    print("sent")
except PermissionError as e:  # 没有 SO_BROADCAST / no SO_BROADCAST
    print("sendto raised", repr(e))
sock.close()
